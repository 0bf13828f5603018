"""The figures a knowledge base's files state (ingest/figures.py), kept as rows in the bureau's database
beside the manifest. A narrow API — add a source's records, remove a source, query."""

from __future__ import annotations

from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.engine import Engine

from ingest.figures import FigureRecord, normalize_indicator
from vectorstore.schema import figure_sources, figures

COLUMNS = (
    figures.c.indicator, figures.c.value, figures.c.unit, figures.c.period, figures.c.kind, figures.c.region,
    figures.c.source, figures.c.location, figures.c.sentence, figures.c.plan,
)  # fmt: skip


class FigureStore:
    """One knowledge base's figures; `content_hash` per source says which version they were read from."""

    def __init__(self, engine: Engine, kb: str) -> None:
        self.engine, self.kb = engine, kb

    def add(self, source: str, content_hash: str, records: list[FigureRecord]) -> None:
        """Replace the source's figures with these (read from the version with this content hash)."""
        with self.engine.begin() as conn:
            self._delete(conn, source)
            conn.execute(insert(figure_sources).values(kb=self.kb, source=source, content_hash=content_hash))
            if records:
                conn.execute(insert(figures), [
                    {"kb": self.kb, "source": source, "position": n, "indicator": r.indicator, "value": r.value,
                     "unit": r.unit, "period": r.period, "kind": r.kind, "region": r.region, "location": r.location,
                     "sentence": r.sentence, "plan": r.plan}
                    for n, r in enumerate(records)
                ])  # fmt: skip

    def remove(self, source: str) -> None:
        with self.engine.begin() as conn:
            self._delete(conn, source)

    def _delete(self, conn: Connection, source: str) -> None:
        for table in (figures, figure_sources):
            conn.execute(delete(table).where(table.c.kb == self.kb, table.c.source == source))

    def content_hash(self, source: str) -> str | None:
        """The version of the source whose figures are stored, or None when none are."""
        query = select(figure_sources.c.content_hash).where(
            figure_sources.c.kb == self.kb, figure_sources.c.source == source
        )
        with self.engine.connect() as conn:
            return conn.execute(query).scalar()

    def indicators(self) -> list[str]:
        """The indicator names the table holds, most often stated first."""
        query = (
            select(figures.c.indicator)
            .where(figures.c.kb == self.kb)
            .group_by(figures.c.indicator)
            .order_by(func.count().desc(), figures.c.indicator)
        )
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def query(
        self, indicator: str | None = None, region: str | None = None, plan: bool | None = False
    ) -> list[FigureRecord]:
        """Records of an indicator (its name in the synonym table, else any name containing the word),
        of a region (records without one match any), achieved ones unless `plan` (None: both)."""
        query = select(*COLUMNS).where(figures.c.kb == self.kb)
        with self.engine.connect() as conn:
            if indicator:
                name = normalize_indicator(indicator)
                exact = conn.execute(
                    select(figures.c.indicator).where(figures.c.kb == self.kb, figures.c.indicator == name).limit(1)
                ).first()
                named = figures.c.indicator == name if exact else figures.c.indicator.contains(name, autoescape=True)
                query = query.where(named)
            if region:
                query = query.where(figures.c.region.in_([region, ""]))
            if plan is not None:
                query = query.where(figures.c.plan == plan)
            query = query.order_by(figures.c.indicator, figures.c.period, figures.c.source, figures.c.position)
            rows = conn.execute(query).all()
        return [FigureRecord(i, v, u, p, k, r, s, loc, sen, bool(pl)) for i, v, u, p, k, r, s, loc, sen, pl in rows]
