"""The drafting workbook's figures as records (each cell its own source), read in memory beside the
documents' figures, and all records of a set of knowledge bases in one call."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.indicators.facts import is_ratio, plain
from assistant.indicators.place import place_level
from assistant.indicators.reader import DraftDataError, IndicatorData, read_indicator_data
from assistant.knowledge import KnowledgeBase
from ingest.figures import FigureRecord, normalize_indicator
from ingest.pipeline import file_hash
from language.text import period_in


def workbook_records(data: IndicatorData) -> list[FigureRecord]:
    """One record per filled value cell: 专利申请量 2025 from 主要指标!D2."""
    region = place_level(data).name
    records = []
    for indicator in data.indicators:
        kind = "share" if is_ratio(indicator) and indicator.unit in ("%", "％") else "total"
        name = normalize_indicator(indicator.label)
        for year, value, cell in ((data.last_year, indicator.last, indicator.last_cell), (data.year, indicator.this, indicator.this_cell)):
            if value is None or not cell:
                continue
            period = period_in(f"{year}年{data.period}") or str(year)
            sentence = f"{indicator.label}（{indicator.unit}）{year}年{data.period}：{plain(value)}"
            records.append(FigureRecord(name, float(value), indicator.unit, period, kind, region, data.source, cell, sentence))
    return records


@lru_cache(maxsize=8)
def _workbook_records(path: str, content_hash: str) -> tuple[FigureRecord, ...]:  # noqa: ARG001 — the cache key
    try:
        return tuple(workbook_records(read_indicator_data(Path(path))))
    except DraftDataError:
        return ()  # a workbook that cannot be read adds none (drafting reports why)


def read_workbook(path: Path | None) -> list[FigureRecord]:
    """The workbook's records, read in memory (again only when the file changed); nothing is written, so
    answering a question never copies the staff's drafting figures into a knowledge base."""
    if path is None or not Path(path).is_file():
        return []
    return list(_workbook_records(str(Path(path).resolve()), file_hash(Path(path))))


def _matching(records: list[FigureRecord], indicator: str | None, region: str | None, plan: bool | None) -> list[FigureRecord]:
    """The records FigureStore.query would return for these filters."""
    if indicator:
        name = normalize_indicator(indicator)
        exact = any(r.indicator == name for r in records)
        records = [r for r in records if (r.indicator == name if exact else name in r.indicator)]
    if region:
        records = [r for r in records if r.region in (region, "")]
    return [r for r in records if plan is None or r.plan == plan]


def forget_stored_workbook(kb: KnowledgeBase, path: Path) -> None:
    """Earlier versions copied the workbook's figures into the first knowledge base an asker could read,
    a public one for an enterprise: remove such a copy (a file of that name ingested there is kept)."""
    name = Path(path).name
    if kb.figures.content_hash(name) is not None and name not in {f.source for f in kb.files()}:
        kb.figures.remove(name)


def indicator_names(kbs: list[KnowledgeBase], workbook: Path | None = None) -> list[str]:
    """The indicators the knowledge bases (and, for staff, the drafting workbook) state."""
    names = [name for kb in kbs for name in kb.figures.indicators()]
    return list(dict.fromkeys([*names, *(r.indicator for r in read_workbook(workbook))]))


def figure_records(
    kbs: list[KnowledgeBase], indicator: str | None = None, region: str | None = None, plan: bool | None = False,
    workbook: Path | None = None,
) -> list[tuple[str, FigureRecord]]:
    """(knowledge base name, record) of every readable knowledge base, then the workbook's (given only for
    staff: drafting figures are internal), cited under the first knowledge base."""
    found = [[(kb.name, record) for record in kb.figures.query(indicator, region, plan)] for kb in kbs]
    if kbs and workbook is not None:  # in the order the table keeps: as when the workbook was stored in it
        cells = [(kbs[0].name, r) for r in _matching(read_workbook(workbook), indicator, region, plan)]
        found[0] = sorted(found[0] + cells, key=lambda kb_record: _table_order(kb_record[1]))
    return [pair for pairs in found for pair in pairs]


def _table_order(record: FigureRecord) -> tuple[str, str, str]:
    return record.indicator, record.period, record.source
