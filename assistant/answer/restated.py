"""One sentence per fact: a table row that restates an article already chosen for the answer (第四条
发明专利获得授权的，每件资助5000元；企业另奖励3000元 and its row 专利类型：发明专利；…每件5000元；备注：企业另
奖励3000元) adds nothing, so the answer keeps the article and drops the row."""

from __future__ import annotations

from typing import Protocol

from language.text import figure_pattern


class Picked(Protocol):
    text: str


def is_table_row(sentence: str) -> bool:
    """A rendered table row: 列名：值；列名：值 (ingest/loaders/rows.py writes rows this way)."""
    fields = [f for f in sentence.strip().rstrip("。").split("；") if f]
    return len(fields) >= 2 and all("：" in f for f in fields)


def figures(sentence: str) -> set[str]:
    return {"".join(m.group(0).split()) for m in figure_pattern().finditer(sentence)}


def without_restated_rows(picked: dict[int, list[Picked]], sources: dict[int, str]) -> dict[int, list[Picked]]:
    """The chosen sentences per passage, without table rows whose figures all stand in a chosen prose
    sentence of the same file; passages left with nothing are dropped (and so not cited)."""
    prose: dict[str, set[str]] = {}
    for index, group in picked.items():
        for sentence in group:
            if not is_table_row(sentence.text):
                prose.setdefault(sources[index], set()).update(figures(sentence.text))
    kept: dict[int, list[Picked]] = {}
    for index, group in picked.items():
        stated = prose.get(sources[index], set())
        rest = [s for s in group if not (is_table_row(s.text) and (found := figures(s.text)) and found <= stated)]
        if rest:
            kept[index] = rest
    return kept
