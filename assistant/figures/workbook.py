"""The drafting workbook's figures as records (each cell its own source), kept in the same table as
the documents' figures, and all records of a set of knowledge bases in one call."""

from __future__ import annotations

from pathlib import Path

from assistant.drafting.data import DraftDataError, IndicatorData, read_indicator_data
from assistant.drafting.facts import is_ratio, plain
from assistant.drafting.template_writer import place_level
from assistant.knowledge import KnowledgeBase
from ingest.figures import FigureRecord, normalize_indicator
from ingest.pipeline import file_hash
from language.text import period_in


def workbook_records(data: IndicatorData) -> list[FigureRecord]:
    """One record per filled value cell: 专利申请量 2025 from 主要指标!D2."""
    place, _ = place_level(data)
    region = "" if place == "本县" else place
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


def sync_workbook(kb: KnowledgeBase, path: Path) -> None:
    """Put the workbook's figures in the knowledge base's table, again only when the file changed;
    a workbook that cannot be read adds none (drafting reports why)."""
    path = Path(path)
    if not path.is_file():
        return
    content_hash = file_hash(path)
    if kb.figures.content_hash(path.name) == content_hash:
        return
    try:
        records = workbook_records(read_indicator_data(path))
    except DraftDataError:
        records = []
    kb.figures.add(path.name, content_hash, records)


def figure_records(
    kbs: list[KnowledgeBase], indicator: str | None = None, region: str | None = None, plan: bool | None = False,
    workbook: Path | None = None,
) -> list[tuple[str, FigureRecord]]:
    """(knowledge base name, record) of every readable knowledge base; the workbook's go into the first."""
    if workbook is not None and kbs:
        sync_workbook(kbs[0], workbook)
    return [(kb.name, record) for kb in kbs for record in kb.figures.query(indicator, region, plan)]
