"""The figures a knowledge base's files state (ingest/figures.py), kept as rows beside the manifest in
the same database file. A narrow API — add a source's records, remove a source, query — so the table
can move with the manifest to another database without its callers changing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ingest.figures import FigureRecord, normalize_indicator

SCHEMA = """
CREATE TABLE IF NOT EXISTS figures (
    source TEXT NOT NULL, position INTEGER NOT NULL, indicator TEXT NOT NULL, value REAL NOT NULL,
    unit TEXT NOT NULL, period TEXT NOT NULL, kind TEXT NOT NULL, region TEXT NOT NULL,
    location TEXT NOT NULL, sentence TEXT NOT NULL, plan INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS figures_by_indicator ON figures (indicator, period);
CREATE TABLE IF NOT EXISTS figure_sources (source TEXT PRIMARY KEY, content_hash TEXT NOT NULL);
"""
COLUMNS = "indicator, value, unit, period, kind, region, source, location, sentence, plan"


class FigureStore:
    """One knowledge base's figures; `content_hash` per source says which version they were read from."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    def add(self, source: str, content_hash: str, records: list[FigureRecord]) -> None:
        """Replace the source's figures with these (read from the version with this content hash)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self._delete(source)
            self.db.execute("INSERT INTO figure_sources VALUES (?, ?)", (source, content_hash))
            self.db.executemany(
                f"INSERT INTO figures (position, {COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (n, r.indicator, r.value, r.unit, r.period, r.kind, r.region, source, r.location, r.sentence,
                     int(r.plan))  # fmt: skip
                    for n, r in enumerate(records)
                ),
            )
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def remove(self, source: str) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        self._delete(source)
        self.db.execute("COMMIT")

    def _delete(self, source: str) -> None:
        self.db.execute("DELETE FROM figures WHERE source = ?", (source,))
        self.db.execute("DELETE FROM figure_sources WHERE source = ?", (source,))

    def content_hash(self, source: str) -> str | None:
        """The version of the source whose figures are stored, or None when none are."""
        row = self.db.execute("SELECT content_hash FROM figure_sources WHERE source = ?", (source,)).fetchone()
        return row[0] if row else None

    def indicators(self) -> list[str]:
        """The indicator names the table holds, most often stated first."""
        rows = self.db.execute("SELECT indicator FROM figures GROUP BY indicator ORDER BY COUNT(*) DESC, indicator")
        return [row[0] for row in rows]

    def query(
        self, indicator: str | None = None, region: str | None = None, plan: bool | None = False
    ) -> list[FigureRecord]:
        """Records of an indicator (its name in the synonym table, else any name containing the word),
        of a region (records without one match any), achieved ones unless `plan` (None: both)."""
        where, args = ["1 = 1"], []
        if indicator:
            name = normalize_indicator(indicator)
            exact = self.db.execute("SELECT 1 FROM figures WHERE indicator = ? LIMIT 1", (name,)).fetchone()
            where.append("indicator = ?" if exact else "indicator LIKE ?")
            args.append(name if exact else f"%{name}%")
        if region:
            where.append("(region = ? OR region = '')")
            args.append(region)
        if plan is not None:
            where.append("plan = ?")
            args.append(int(plan))
        rows = self.db.execute(
            f"SELECT {COLUMNS} FROM figures WHERE {' AND '.join(where)} ORDER BY indicator, period, source, position",
            args,
        )
        return [FigureRecord(i, v, u, p, k, r, s, loc, sen, bool(pl)) for i, v, u, p, k, r, s, loc, sen, pl in rows]
