"""An indicator table read by what its headers mean, not by one spelling of them: the name, unit, note,
serial-number, value and growth columns are told apart with the words of
language/lexicon/draft_table.toml. A value column's period is read from its header — 2024年完成,
2025年1-11月, 本年累计, 上年同期, a bare 2025 — with 本年/上年 taking their year (and a part such as
1-11月) from the title rows or the file's name. One or two header rows; 序号 and 代码 columns;
group headings, notes under the table, indented and 其中 rows; units inside the name
(R&D经费支出（亿元）); numbers typed as text (1,356 · 2.03% · 12.4亿元, — or / for none). A growth
column typed by hand is checked against the growth computed from the values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Literal

from assistant.indicators.facts import is_ratio, plain
from assistant.indicators.model import DraftDataError, Indicator, column_letter
from assistant.indicators.sheets import INDENT, Sheet, UncomputedFormula
from language.lexicon import derived, lexicon, words
from language.text import (
    CN_NUMERAL,
    YEAR_NUMBER,
    figure_value,
    period_label,
    periods,
    unit_pattern,
    years,
)

HEADER_SCAN = 15  # title rows, 表号, 填报单位 … may stand above the header
GROWTH_TOLERANCE = Decimal("0.1")  # a typed growth further than this from the computed one is reported
Role = Literal["name", "unit", "note", "serial", "value", "growth", "other", "unknown"]
# A row naming a group rather than an indicator (一、知识产权, （二）科技投入) when it has no values.
GROUP_ROW = re.compile(rf"^{CN_NUMERAL}[、.．]|^[（(]{CN_NUMERAL}[）)]|^{CN_NUMERAL}$")
YEAR_TEXT = re.compile(rf"({YEAR_NUMBER})\s*(?:年度|年)?")
MONTH_REPORT = re.compile(rf"{YEAR_NUMBER}年(\d{{1,2}})月份?(?![\d日])")  # a monthly report: 2025年11月…月报
FOOTNOTE_MARK = re.compile(r"[\u2460-\u2473*＊※]+$")  # 专利申请量① with the note under the table


@dataclass
class Column:
    index: int
    role: Role
    header: str
    year: int | None = None  # written in the header
    offset: int | None = None  # 本年 0, 上年 −1: the year comes from the title or the file name
    part: str = ""  # the part of the year of a period code: "", "H1", "-01..11"
    percent: bool = True  # a growth column in percent (else an amount: 增减)


@dataclass
class Table:
    """What parse_table read: the two years, the part of the year, the indicators, the title lines."""

    last_year: int
    year: int
    period: str
    indicators: list[Indicator]
    title: tuple[str, ...]


def text_of(value: object) -> str:
    """A cell as text; a whole number typed in a numeric cell (a 2025 header) without its .0."""
    if value is None or isinstance(value, UncomputedFormula):
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(str(value))
        return str(int(number)) if number == number.to_integral() else format(number.normalize(), "f")
    return str(value)


def header_text(value: object) -> str:
    """A header without any blank inside (指 标 → 指标, 2025\n年 → 2025年)."""
    return re.sub(r"\s+", "", text_of(value))


def _longest(items: object) -> list[str]:
    return sorted(items, key=len, reverse=True)


@derived
def _relative() -> dict[str, int]:
    return {word: int(offset) for word, offset in lexicon("draft_table")["relative"].items()}


def _value_column(index: int, header: str) -> Column | None:
    """A header naming a period (2024年完成, 本年累计, 1-11月, 2025), or None."""
    rest, year, offset, part = header, None, None, ""
    if match := YEAR_TEXT.search(rest):
        year, rest = int(match.group(1)), rest[: match.start()] + rest[match.end() :]
    if year is None and re.fullmatch(r"\d+", rest):
        return None
    for word in _longest(_relative()):
        if word in rest:
            offset, rest = _relative()[word], rest.replace(word, "", 1)
            break
    if found := periods(rest, 0):
        start, end, code = found[0]
        part, rest = code[1:], rest[:start] + rest[end:]  # "0H1" → "H1", "0-01..11" → "-01..11"
    for word in _longest(words("draft_table", "value_words")):
        rest = rest.replace(word, "")
    rest = _name_unit().sub("", rest)  # 2025年完成（万元）: the unit of every row
    if re.sub(r"[()（）%％:：、/\-—]", "", rest) or (year is None and offset is None and not part):
        return None
    return Column(index, "value", header, year, 0 if year is None and offset is None else offset, part)


def classify(index: int, header: str) -> Column:
    """What a column holds, from its header's words."""
    table = lexicon("draft_table")
    for role in ("name", "unit", "note", "serial"):
        if header in table[role]:
            return Column(index, role, header)  # type: ignore[arg-type]
    if not header:
        return Column(index, "unknown", header)
    if any(word in header for word in table["other_columns"]):
        return Column(index, "other", header)
    if any(word in header for word in table["growth"]):
        year = YEAR_TEXT.search(header)
        percent = "%" in header or "％" in header or any(word in header for word in table["growth_rates"])
        return Column(index, "growth", header, int(year.group(1)) if year else None, percent=percent)
    return _value_column(index, header) or Column(index, "unknown", header)


def _columns(headers: list[list[str]]) -> list[Column]:
    """Each column's meaning; with two header rows the upper cell and the lower one are read together
    (2025年 + 完成值), else each alone."""
    width = max(len(row) for row in headers)
    columns = []
    for index in range(width):
        cells = [row[index] if index < len(row) else "" for row in headers]
        texts = list(dict.fromkeys(c for c in cells if c))
        tries = ["".join(texts), *reversed(texts)] if len(texts) > 1 else texts or [""]
        chosen = next((c for t in tries if (c := classify(index, t)).role != "unknown"), None)
        columns.append(chosen or Column(index, "unknown", "".join(texts)))
    return columns


def _is_name_header(text: str) -> bool:
    return text in lexicon("draft_table")["name"]


def find_header(rows: list[list[object]]) -> int | None:
    """The index of the first of the top rows that holds an indicator-name header."""
    return next((n for n, row in enumerate(rows[:HEADER_SCAN]) if any(_is_name_header(header_text(c)) for c in row)), None)


def _second_header(rows: list[list[object]], top: int, name_col: int) -> bool:
    """Whether the row under the header is a second header row: no indicator name of its own
    (blank, or the name header merged down) and some text that differs from the cell above."""
    if top + 1 >= len(rows):
        return False
    below, above = rows[top + 1], rows[top]
    name = header_text(below[name_col]) if name_col < len(below) else ""
    if name and not _is_name_header(name):
        return False
    return any(header_text(c) and header_text(c) != (header_text(above[i]) if i < len(above) else "") for i, c in enumerate(below))


def _forms() -> str:
    forms = lexicon("draft_table")["forms"]
    return f"指标名称列：{forms['name']}；单位：{forms['unit']}；数值列：{forms['periods']}；增长列：{forms['growth']}"


def _no_value(text: str) -> bool:
    return not text.strip() or text.strip() in words("draft_table", "no_value")


@derived
def _name_unit() -> re.Pattern[str]:
    """A unit in brackets at the end of a name: R&D经费支出（亿元）, 每万人口专利授权量(件/万人)."""
    unit = rf"[万亿千百]?(?:{unit_pattern()})+"
    return re.compile(rf"[（(]\s*({unit}(?:\s*/\s*[万千百十]?[\u4e00-\u9fff]{{1,3}})?)\s*[）)]\s*$")


@derived
def _table_unit() -> re.Pattern[str]:
    """One unit for the whole table, as a line above it says (单位：万元) — not a list of them (单位：件、家)."""
    return re.compile(rf"(?:计量)?单位[：:]([万亿千百]?(?:{unit_pattern()}))$")


def split_name(raw: str) -> tuple[str, str, int, bool]:
    """(label, unit written in the name, indent, marked as a part) of a name cell:
    “　其中：R&D经费支出（亿元）” → (R&D经费支出, 亿元, 1, True)."""
    indent = len(raw) - len(raw.lstrip(f" {INDENT}\t"))
    name = raw.strip()
    part = False
    for mark in _longest(words("draft_table", "part_marks")):
        if name.startswith(mark) and len(name) > len(mark):
            name, part = name[len(mark) :].lstrip("：: "), True
            break
    name = FOOTNOTE_MARK.sub("", name).strip()
    unit = ""
    if match := _name_unit().search(name):
        unit, name = re.sub(r"\s+", "", match.group(1)).replace("％", "%"), name[: match.start()].strip()
    return name, unit, indent, part


@dataclass
class _Layout:
    sheet: str
    top: int  # index of the last header row
    name: int
    unit: int | None
    note: int | None
    this: Column
    last: Column | None
    growths: list[Column]  # typed growth columns of this period
    year: int
    last_year: int
    period: str


def _resolve(sheet: str, header_row: int, columns: list[Column], title: str, file_name: str) -> tuple[list[Column], int | None]:
    """The value columns with their years filled in (本年 takes the title's or the file name's year),
    and the year the title names."""
    named = years(title) or years(file_name)
    title_year = max(named) if named else None
    title_parts = [code[4:] for _, _, code in periods(title or file_name) if len(code) > 4]
    values = [c for c in columns if c.role == "value"]
    month = MONTH_REPORT.search(title or file_name)
    if not title_parts and month and int(month.group(1)) < 12 and any("累计" in c.header for c in values):
        title_parts = [f"-01..{int(month.group(1)):02d}"]  # 本年累计 in a report for 2025年11月 is January–November
    for column in values:
        if column.year is None:
            if title_year is None:
                cells = "、".join(f"{column_letter(c.index)}{header_row}“{c.header}”" for c in values)
                raise DraftDataError(
                    f"工作表「{sheet}」表头的年份列不明确（找到 {cells}）：{column_letter(column.index)}{header_row}“{column.header}”"
                    f"没有写年份，表名和文件名中也没有年份，请在表头写明年份（如“2025年”），或在表名中写明（如“2025年科技工作主要指标”）。"
                    f"可用的表头——{_forms()}"
                )
            column.year = title_year + (column.offset or 0)
        if not column.part and title_parts:
            column.part = title_parts[0]  # 本年累计 in a table titled 2025年1-11月…
    return values, title_year


def _layout(sheet: Sheet, file_name: str) -> tuple[_Layout, list[str]]:
    rows = sheet.rows
    top = find_header(rows)
    if top is None:
        raise DraftDataError(
            f"工作表「{sheet.name}」前{HEADER_SCAN}行中没有找到表头：A1 起应有一行表头，其中一列写“指标”或“指标名称”“项目”。"
            f"可用的表头——{_forms()}"
        )
    first = [header_text(c) for c in rows[top]]
    name_col = next(i for i, h in enumerate(first) if _is_name_header(h))
    headers = [first]
    if _second_header(rows, top, name_col):
        headers.append([header_text(c) for c in rows[top + 1]])
    last_header = top + len(headers) - 1
    title = list(sheet.above) + [t for row in rows[:top] if (t := "".join(dict.fromkeys(text_of(c).strip() for c in row if text_of(c).strip())))]
    columns = _columns(headers)
    values, _ = _resolve(sheet.name, top + 1, columns, " ".join(title), file_name)
    by_role = {c.role: c.index for c in reversed(columns)}  # the first column of each role
    years_found = sorted({c.year for c in values if c.year is not None})
    duplicated = len(years_found) != len(values)
    apart = len(years_found) == 2 and years_found[1] - years_found[0] != 1  # 2023年 and 2025年: no 同比
    if len(years_found) not in (1, 2) or duplicated or apart or len({c.part for c in values}) != 1:
        found = "、".join(f"{column_letter(c.index)}{top + 1}“{c.header}”" for c in values) or "没有"
        raise DraftDataError(
            f"工作表「{sheet.name}」表头的年份列不明确（找到 {found}）：需要本期一列（可再加上期一列，相邻两年）、同一时段，"
            f"如“2024年”“2025年”或“2024年上半年”“2025年上半年”。可用的表头——{_forms()}"
        )
    this = next(c for c in values if c.year == years_found[-1])
    last = next((c for c in values if c.year == years_found[0]), None) if len(years_found) == 2 else None
    growths = [c for c in columns if c.role == "growth" and c.year in (None, this.year)]
    part = this.part
    labels = lexicon("draft_table")["part_labels"]
    period = labels[part] if part in labels else period_label(f"{this.year}{part}").removeprefix(f"{this.year}年")
    layout = _Layout(sheet.name, last_header, name_col, by_role.get("unit"), by_role.get("note"), this, last,
                     growths, this.year, last.year if last else this.year - 1, period)  # fmt: skip
    return layout, title


def _value(text: object, cell: str, unit: str) -> tuple[Decimal | None, str]:
    """(value, unit the cell wrote) of a value cell; None for a cell with no value (—, /). Raises
    DraftDataError naming the cell for what is no number."""
    if isinstance(text, UncomputedFormula):
        raise DraftDataError(f"{cell} 是公式“{text.formula}”，但文件中没有保存计算结果，请用 Excel 或 WPS 打开后保存再试")
    if isinstance(text, Decimal) or (isinstance(text, (int, float)) and not isinstance(text, bool)):
        return Decimal(str(text)), ""
    shown = text_of(text).strip()
    if _no_value(shown):
        return None, ""
    figure = figure_value(shown.replace("％", "%"))
    if figure and unit.startswith(figure[1]):
        figure = (figure[0], "")  # 12.4亿 in a 亿元 column
    if figure is None or (figure[1] and unit and figure[1] != unit):
        why = f"与单位“{unit}”不符" if figure else "不是数字"
        raise DraftDataError(f"{cell} 的值“{shown}”{why}，请填写数字（不带单位）")
    return figure


def _growth_note(indicator: Indicator, typed: Decimal, cell: str, column: Column, last_cell: str) -> str:
    """Why a typed growth cell is reported, or "" when it agrees with the computed growth (in percent;
    for a ratio also in 百分点; an 增减 column as the increment) within GROWTH_TOLERANCE."""
    this, last = indicator.this, indicator.last
    if last is None or (column.percent and last == 0):
        return ""
    rate = ((this - last) / last * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if last else None
    allowed = [rate] if column.percent else [this - last]
    if is_ratio(indicator):
        allowed.append(this - last)
    if any(a is not None and abs(typed - a) <= GROWTH_TOLERANCE for a in allowed):
        return ""
    computed = f"{rate}%（({indicator.this_cell}-{last_cell})/{last_cell}）" if column.percent else \
        f"{plain(this - last)}{indicator.unit}（{indicator.this_cell}-{last_cell}）"
    typed_text = f"{plain(typed)}{'%' if column.percent else indicator.unit}"
    return (f"{cell} 填写的“{indicator.label}”{column.header}为{typed_text}，按本期、上期数值计算为{computed}，"
            f"相差超过{GROWTH_TOLERANCE}个百分点；草稿采用计算值")  # fmt: skip


def _cell_ref(sheet: str, row: int, column: int) -> str:
    return f"{sheet}!{column_letter(column)}{row}"


def _is_heading(cells: list[object], name: str, layout: _Layout) -> bool:
    """A group heading or a merged title across the row: no value of its own."""
    filled = [t for c in cells if (t := text_of(c).strip())]
    value_cols = [layout.this.index] + ([layout.last.index] if layout.last else [])
    no_values = all(_no_value(text_of(cells[c])) for c in value_cols)
    serial = [text_of(c).strip() for i, c in enumerate(cells) if i < layout.name and text_of(c).strip()]
    grouped = bool(GROUP_ROW.match(name)) or any(GROUP_ROW.match(s) for s in serial)
    return (len(filled) > 1 and len(set(filled)) == 1) or (no_values and grouped)


def parse_table(sheet: Sheet, file_name: str) -> Table:
    """The indicators of one sheet, each value traced to its cell. Raises DraftDataError naming the
    sheet and cell of what cannot be read, with the header forms that are accepted."""
    layout, title = _layout(sheet, file_name)
    width = max(len(r) for r in sheet.rows)
    table_unit = next((m.group(1) for line in title if (m := _table_unit().search(re.sub(r"\s+", "", line)))), "")
    indicators: list[Indicator] = []
    head_indent, parts_follow = None, False
    for number, row in enumerate(sheet.rows[layout.top + 1 :], start=layout.top + 2):
        cells = list(row) + [None] * (width - len(row))
        raw = text_of(cells[layout.name])
        if raw.strip() in words("draft_table", "part_marks"):
            parts_follow = True  # a 其中： row of its own: the rows under it are parts
            continue
        name, name_unit, indent, marked = split_name(raw)
        if not name:
            continue
        if name.startswith(tuple(words("draft_table", "note_starts"))):
            break  # the notes under the table
        if _is_heading(cells, name, layout):
            head_indent, parts_follow = None, False
            continue
        ref = partial(_cell_ref, layout.sheet, number)
        unit_text = text_of(cells[layout.unit]).strip() if layout.unit is not None else ""
        unit = ("" if _no_value(unit_text) else unit_text).replace("％", "%") or name_unit or table_unit
        this, this_unit = _value(cells[layout.this.index], ref(layout.this.index), unit)
        last, last_unit = _value(cells[layout.last.index], ref(layout.last.index), unit) if layout.last else (None, "")
        unit = unit or this_unit or last_unit
        if not unit:
            if layout.unit is None:
                raise DraftDataError(
                    f"工作表「{layout.sheet}」第{layout.top + 1}行（表头）缺少“单位”列，{ref(layout.name)}“{name}”的名称里也没有单位："
                    f"请在表头加上“单位”列，或把单位写在名称后的括号里，如“R&D经费支出（亿元）”。可用的表头——{_forms()}"
                )  # fmt: skip
            raise DraftDataError(f"{ref(layout.unit)} 的单位是空白，请填写“{name}”的单位（如 件、家、名、个、项、万元、亿元、%）")
        if this is None:
            if not text_of(cells[layout.this.index]).strip():
                raise DraftDataError(f"{ref(layout.this.index)} 的值空白不是数字，请填写数字（不带单位）")
            continue  # — or /: the indicator has no value this period
        part = marked or parts_follow or (head_indent is not None and indent > head_indent)
        if not part:
            head_indent, parts_follow = indent, False
        indicator = Indicator(
            name=f"{words('draft_table', 'part_marks')[0]}{name}" if part else name,
            unit=unit,
            last=last,
            this=this,
            note=text_of(cells[layout.note]).strip() if layout.note is not None else "",
            last_cell=ref(layout.last.index) if last is not None and layout.last else "",
            this_cell=ref(layout.this.index),
        )
        notes = []
        for column in layout.growths:  # 增减量 and 增长率(%) may both stand there: each is checked
            typed, _ = _value(cells[column.index], ref(column.index), "")
            if typed is not None and (note := _growth_note(indicator, typed, ref(column.index), column, indicator.last_cell)):
                notes.append(note)
        indicator.growth_note = "；".join(notes)
        indicators.append(indicator)
    if not indicators:
        raise DraftDataError(f"工作表「{layout.sheet}」没有任何指标行：第{layout.top + 2}行起应是各项指标，每行一个")
    return Table(layout.last_year, layout.year, layout.period, indicators, tuple(title))


def is_indicator_sheet(sheet: Sheet) -> bool:
    return find_header(sheet.rows) is not None
