"""A policy's rules as the table staff review: every rule record of the rules JSON (the one `bureau
policy-rules --json` exports and `--correct` takes) flattened into rows — one per test of a condition
(its group: all of, or one of the alternatives), per tier of a tiered test, per amount of a benefit,
per cap — each cell in Chinese; the staff's edited rows applied back to that JSON; and the differences
between two versions of a policy's rules, row by row.

The flattening walks the records generically (any list of records, any nested test), so a rule record
that gains a key keeps it untouched; only the cells a person changed are written back."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.eligibility.conditions import fields_for
from assistant.eligibility.reading import kinds_named, level_of, lex, quantities, shown, yuan

if TYPE_CHECKING:
    from assistant.eligibility.service import ReviewState
    from assistant.eligibility.store import Review

COLUMNS = ["编号", "类别", "分组", "条件项", "档次", "比较", "标准", "出处", "原文", "来源"]
NUMBER, KIND, GROUP, FIELD, TIER, OP, VALUE, LOCATION, TEXT, ORIGIN = range(len(COLUMNS))

KINDS = {"conditions": "条件", "benefits": "待遇", "caps": "总额上限"}  # the lists of rule records
EXCLUSION = "不得申报的情形"
OTHER_KIND = "其他规则"
ORIGINS = {"rules": "自动提取", "llm": "大模型提议", "staff": "人工校正"}
GROUPS = {"alternatives": "或·第{n}种"}  # a list of test lists of which one must hold; other lists: all hold
TIER_LISTS = ("bands",)  # [low, high, minimum] tiers inside one test
# A benefit's numbers, each its own row: (label, unit).
AMOUNTS = {"amount": ("金额", "元"), "rate": ("比例", "%"), "first_rate": ("首次申请比例", "%"), "bonus": ("另加", "元"),
           "cap": ("上限", "元"), "count_cap": ("数量上限", "个")}  # fmt: skip
CAP_WORD, ONCE = "最高", "一次"
# How each comparison reads; the number comparisons read as the lexicon's first threshold word.
OP_WORDS = {"in": "在", "is": "为", "kind": "属于", "band": "分档不低于", "stated": "需说明", "==": "等于"}
OP_LISTS = {">=": "prefix_ge", "<=": "prefix_le", ">": "prefix_gt", "<": "prefix_lt"}
SIGNS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", ">": ">", "<": "<", "=": "==", "＝": "=="}
YES, NO = "是", "否"


class RuleEditError(ValueError):
    """An edited cell that cannot be read; the message names the row and says what to write."""


@dataclass
class Row:
    path: list  # where the row's value lives in the rules JSON: [list key, index, …]
    cells: list[str]


def _op_word(op: str) -> str:
    if op in OP_LISTS:
        return lex()["operators"][OP_LISTS[op]][0]
    return OP_WORDS.get(op, op)


def _field_label(name: str) -> str:
    if name == "applicant":
        return "申请人类型"
    if not name:
        return "（需企业说明）"
    return lex()["fields"].get(name, {}).get("label", name)


def _threshold(test: dict, locality: str) -> str:
    op, value, unit = test.get("op", ""), test.get("value"), test.get("unit", "")
    if op == "in":
        return locality or "本地"
    if op == "is":
        return YES if test.get("expected", True) else NO
    if op == "kind":
        return "、".join(lex()["applicant_labels"].get(k, k) for k in test.get("kinds", []))
    if value is None:
        return ""
    if unit == "级":
        levels = lex()["title_levels"]
        return levels[int(value)] if 0 <= int(value) < len(levels) else yuan(value)
    return shown(float(value), unit)


def _tier(low: float | None, high: float | None) -> str:
    return f"{'' if low is None else shown(low, '元')}~{'' if high is None else shown(high, '元')}"


def _leaves(node: object, path: list, group: str) -> Iterator[tuple[list, dict, str]]:
    """(path, test, group) of every test (a record with an "op") below a rule record."""
    if isinstance(node, dict):
        if "op" in node:
            yield path, node, group
            return
        for key, value in node.items():
            if isinstance(value, list):
                yield from _group(value, [*path, key], key, group)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _leaves(item, [*path, index], group)


def _group(items: list, path: list, key: str, group: str) -> Iterator[tuple[list, dict, str]]:
    for index, item in enumerate(items):
        label = GROUPS[key].format(n=index + 1) if key in GROUPS and isinstance(item, list) else group
        yield from _leaves(item, [*path, index], label)


def rule_table(rules: dict) -> list[Row]:
    """The rows of a policy's rules, in the order of the JSON."""
    rows: list[Row] = []
    locality = str(rules.get("locality") or "")
    for key, records in rules.items():
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            continue  # deadlines, materials: words to show, not rules to judge by
        for index, record in enumerate(records):
            rows += _record_rows(key, index, record, locality)
    for number, row in enumerate(rows, 1):
        row.cells[NUMBER] = str(number)
    return rows


def _record_rows(key: str, index: int, record: dict, locality: str) -> list[Row]:
    kind = EXCLUSION if record.get("exclusion") else KINDS.get(key, OTHER_KIND)
    base = ["", kind, "", "", "", "", "", str(record.get("location", "")), str(record.get("text", "")),
            ORIGINS.get(str(record.get("origin", "rules")), str(record.get("origin", "")))]  # fmt: skip
    rows = []
    for path, test, group in _leaves(record, [key, index], ""):
        if test.get("op") == "band":
            for b, (low, high, minimum) in enumerate(test.get("bands", [])):
                cells = list(base)
                cells[GROUP:VALUE + 1] = [group, _field_label(test.get("field", "")), _tier(low, high), _op_word(">="),
                                          shown(float(minimum), "%")]  # fmt: skip
                rows.append(Row([*path, "bands", b], cells))
            continue
        cells = list(base)
        cells[GROUP:VALUE + 1] = [group, _field_label(test.get("field", "")), "", _op_word(test.get("op", "")),
                                  _threshold(test, locality)]  # fmt: skip
        rows.append(Row(path, cells))
    if rows:
        return rows
    label = str(record.get("label") or record.get("item") or "")
    for name, (word, unit) in AMOUNTS.items():
        if isinstance(record.get(name), int | float):
            cells = list(base)
            op = word
            if name == "amount":
                op = (record.get("per_word") or "每件") if record.get("per_item") else ONCE
            cells[FIELD], cells[OP], cells[VALUE] = label, op, shown(float(record[name]), unit)
            rows.append(Row([key, index, name], cells))
    if rows:
        return rows
    cells = list(base)
    if "amount" in record:  # a cap on the whole policy
        cells[OP], cells[VALUE] = CAP_WORD, shown(float(record["amount"]), "元")
        return [Row([key, index, "amount"], cells)]
    return [Row([key, index], cells)]  # a condition the reader could not turn into a test


# applying edits -------------------------------------------------------------------------------------
def _at(data: object, path: list) -> object:
    for step in path:
        data = data[step]  # type: ignore[index]
    return data


def _op(word: str, where: str) -> str:
    word = word.strip()
    if word in SIGNS:
        return SIGNS[word]
    for op, key in OP_LISTS.items():
        if word in lex()["operators"][key]:
            return op
    for op, label in OP_WORDS.items():
        if word == label:
            return op
    choices = "、".join([*(lex()["operators"][k][0] for k in OP_LISTS.values()), *OP_WORDS.values()])
    raise RuleEditError(f"{where}“比较”写的是“{word}”，请写 {choices} 之一（或 ≥ ≤ > <）")


def _field(label: str, where: str) -> str:
    label = label.strip()
    if label in ("", _field_label("")):
        return ""
    if label == _field_label("applicant"):
        return "applicant"
    for name, spec in lex()["fields"].items():
        if spec.get("label") == label:
            return name
    found = fields_for(label)
    if not found:
        known = "、".join(spec["label"] for spec in lex()["fields"].values())
        raise RuleEditError(f"{where}“条件项”写的是“{label}”，请写 {known} 之一")
    return found[0][1]


def _quantity(text: str, where: str, column: str) -> tuple[float, str]:
    found = quantities(text)
    if not found:
        raise RuleEditError(f"{where}“{column}”写的是“{text}”，请写数值和单位，如 2亿元、3年、5%")
    return found[0].value, found[0].unit


def _test(test: dict, cells: list[str], rules: dict, where: str) -> None:
    """The test as the row's 条件项, 比较 and 标准 say; keys the row does not show are kept."""
    test["field"] = _field(cells[FIELD], where)
    op = test["op"] = _op(cells[OP], where)
    value = cells[VALUE].strip()
    if op == "in":
        rules["locality"] = "" if value == "本地" else value
    elif op == "is":
        if value not in (YES, NO):
            raise RuleEditError(f"{where}“标准”请写“{YES}”或“{NO}”")
        test["expected"] = value == YES
    elif op == "kind":
        test["kinds"] = kinds_named(value)
        if not test["kinds"]:
            labels = "、".join(lex()["applicant_labels"].values())
            raise RuleEditError(f"{where}“标准”请写申请人类型：{labels}")
    elif op == "stated":
        test["value"] = None
    elif lex()["fields"].get(test["field"], {}).get("kind") == "level" and level_of(value) is not None:
        test["value"], test["unit"] = float(level_of(value) or 0), "级"
    else:
        test["value"], test["unit"] = _quantity(value, where, "标准")


def _band(band: list, cells: list[str], where: str) -> None:
    low, _, high = cells[TIER].partition("~")
    band[0] = _quantity(low, where, "档次")[0] if low.strip() else None
    band[1] = _quantity(high, where, "档次")[0] if high.strip() else None
    band[2] = _quantity(cells[VALUE], where, "标准")[0]


def apply_edits(rules: dict, edited: list[list[str]]) -> dict:
    """The rules with the edited table's changes: a changed row rewrites its test, tier or amount, its
    kind, clause and words; a row left out removes its value; a new row (no 编号) adds a condition.
    Raises RuleEditError for a cell it cannot read."""
    before = {row.cells[NUMBER]: row for row in rule_table(rules)}
    after = copy.deepcopy(rules)
    kept: set[str] = set()
    for position, cells in enumerate(edited, 1):
        cells = [str(c if c is not None else "").strip() for c in cells] + [""] * (len(COLUMNS) - len(cells))
        where = f"第{position}行"
        if not cells[NUMBER]:
            if any(cells[KIND:TEXT + 1]):
                after.setdefault("conditions", []).append(_new_condition(cells, after, where))
            continue
        if cells[NUMBER] not in before:
            raise RuleEditError(f"{where}的编号“{cells[NUMBER]}”不在原表中，请不要修改编号（新增的行编号留空）")
        kept.add(cells[NUMBER])
        row = before[cells[NUMBER]]
        if cells[1:ORIGIN] != row.cells[1:ORIGIN]:
            _apply_row(after, row, cells, where)
    removed = [row for number, row in before.items() if number not in kept]
    for row in sorted(removed, key=lambda r: r.path, reverse=True):  # later items first: indexes stay valid
        _remove(after, row.path)
    for key in KINDS:
        if isinstance(after.get(key), list):
            after[key] = [r for r in after[key] if r is not None]
    return after


def _apply_row(rules: dict, row: Row, cells: list[str], where: str) -> None:
    record = _at(rules, row.path[:2])
    assert isinstance(record, dict)
    record["location"], record["text"] = cells[LOCATION], cells[TEXT]
    if "origin" in record:
        record["origin"] = "staff"
    if cells[KIND] != row.cells[KIND]:
        if {cells[KIND], row.cells[KIND]} != {KINDS["conditions"], EXCLUSION}:
            raise RuleEditError(f"{where}“类别”只能在“{KINDS['conditions']}”和“{EXCLUSION}”之间改")
        record["exclusion"] = cells[KIND] == EXCLUSION
    target = _at(rules, row.path)
    if isinstance(target, dict) and "op" in target:
        _test(target, cells, rules, where)
    elif len(row.path) > 2 and row.path[-2] in TIER_LISTS:
        _band(_at(rules, row.path), cells, where)  # type: ignore[arg-type]
    elif len(row.path) == 3:
        name = row.path[2]
        unit = AMOUNTS.get(name, ("", "元"))[1]
        value = _quantity(cells[VALUE], where, "标准")[0]
        record[name] = int(value) if unit == "个" else value
        if cells[FIELD] and "label" in record:
            record["label"] = cells[FIELD]


def _new_condition(cells: list[str], rules: dict, where: str) -> dict:
    if cells[KIND] not in (KINDS["conditions"], EXCLUSION, ""):
        raise RuleEditError(f"{where}：新增的行只能是“{KINDS['conditions']}”或“{EXCLUSION}”，其他规则请用校正文件导入")
    if not cells[TEXT]:
        raise RuleEditError(f"{where}：新增的条件请在“原文”中写出条款原文")
    test: dict = {"field": "", "op": "stated", "value": None, "unit": "", "expected": True, "kinds": [], "bands": []}
    if cells[FIELD] or cells[OP]:
        _test(test, cells, rules, where)
    return {"text": cells[TEXT], "location": cells[LOCATION], "tests": [test], "alternatives": [],
            "exclusion": cells[KIND] == EXCLUSION, "origin": "staff"}  # fmt: skip


def _remove(rules: dict, path: list) -> None:
    """Take a row's value out: a test or tier from its list, a benefit's amount (the benefit goes when it
    has none left), a whole record otherwise."""
    parent = _at(rules, path[:-1])
    if isinstance(parent, list):
        if len(path) == 2:
            parent[path[-1]] = None  # the record; dropped after every removal is done
        else:
            parent.pop(path[-1])
    elif isinstance(parent, dict):
        parent[path[-1]] = None
        if not any(isinstance(parent.get(name), int | float) for name in AMOUNTS):
            rules[path[0]][path[1]] = None
    if len(path) > 2:
        record = rules[path[0]][path[1]]
        if isinstance(record, dict) and not any(True for _ in _leaves(record, [], "")) and "tests" in record:
            rules[path[0]][path[1]] = None  # a condition left with no test


# differences ----------------------------------------------------------------------------------------
def _signature(row: Row) -> tuple[tuple[str, ...], tuple[str, str]]:
    c = row.cells
    return (c[KIND], c[LOCATION], c[GROUP], c[FIELD], c[TIER]), (f"{c[OP]}{c[VALUE]}", c[TEXT])


def _name(key: tuple[str, ...]) -> str:
    kind, *where = key
    return f"{kind} " + " ".join(p for p in where if p)


def changes(before: dict, after: dict) -> list[str]:
    """What differs between two versions of a policy's rules, one line per row added, removed or changed."""
    old: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for row in rule_table(before):
        key, value = _signature(row)
        old.setdefault(key, []).append(value)
    lines = []
    for row in rule_table(after):
        key, (value, text) = _signature(row)
        if not old.get(key):
            lines.append(f"新增：{_name(key)}：{value}")
            continue
        previous, previous_text = old[key].pop(0)
        if previous != value:
            lines.append(f"改动：{_name(key)}：{previous} → {value}")
        elif previous_text != text:
            lines.append(f"改动：{_name(key)}：原文改为“{text}”")
    lines += [f"删除：{_name(key)}：{value}" for key, values in old.items() for value, _ in values]
    return lines


# where a policy's rules stand ------------------------------------------------------------------------
def review_lines(state: ReviewState, zone: str) -> list[str]:
    """Whether enterprises are judged by confirmed rules, what a re-read of a changed file changed, and
    the policy's review history (newest first), as lines a person reads."""
    from assistant.clock import local_time

    def who(review: Review) -> str:
        return f"{review.user} 于 {local_time(review.time, zone)}"

    confirmed = state.confirmed
    if confirmed:
        lines = [f"✓ 这些条件已由 {who(confirmed)} 核对确认（第{confirmed.version}版），企业体检按这些条件判断。"]
    else:
        lines = ["⚠ 这些条件由程序从文件自动提取，尚未经工作人员核对确认。"]
    if state.changed_since is not None:
        last = next(r for r in state.reviews if r.rules is not None)
        lines.append(f"文件已更新，重新提取的条件与 {who(last)} 确认的第{last.version}版相比："
                     + ("没有变化。" if not state.changed_since else ""))  # fmt: skip
        lines += [f"- {line}" for line in state.changed_since]
    if state.reviews:
        lines.append("校核记录：" + "；".join(
            f"第{r.version}版 {'确认' if r.action == 'confirmed' else '撤销确认'}（{who(r)}"
            + (f"，改动{len(r.changes)}处）" if r.changes else "）")
            for r in state.reviews[:5]
        ))  # fmt: skip
    return lines
