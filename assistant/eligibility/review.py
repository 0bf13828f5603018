"""A policy's rules as the table staff review: every rule record of the rules JSON (the one `bureau
policy-rules --json` exports and `--correct` takes) flattened into rows — one per test of a condition
(its group: all of, or one of the alternatives), per tier of a tiered test, per amount of a benefit,
per cap — each cell in Chinese; the staff's edited rows applied back to that JSON; and the differences
between two versions of a policy's rules, row by row.

The flattening walks the records generically (any list of records, any nested test), so a rule record
that gains a key keeps it untouched; only the cells a person changed are written back."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.clock import local_time
from assistant.eligibility.conditions import fields_for
from assistant.eligibility.reading import field_unit, kinds_named, level_of, lex, quantities, shown, yuan
from assistant.eligibility.store import Review
from assistant.labels import labels

WORDS = labels("review")
COLUMNS: list[str] = WORDS["columns"]
NUMBER, KIND, GROUP, FIELD, TIER, OP, VALUE, LOCATION, TEXT, ORIGIN = range(len(COLUMNS))

KINDS: dict[str, str] = WORDS["kinds"]  # the lists of rule records
EXCLUSION, OTHER_KIND = WORDS["exclusion"], WORDS["other_kind"]
ORIGINS: dict[str, str] = WORDS["origins"]
ALTERNATIVE = WORDS["alternative"]  # a test list of a condition's `alternatives`: one of them must hold
GROUP_JOIN = WORDS["group_join"]
# A benefit's numbers, each its own row: (label, unit); and the fields whose stated value it takes.
AMOUNTS: dict[str, tuple[str, str]] = {key: tuple(pair) for key, pair in WORDS["amounts"].items()}
STATED: dict[str, str] = WORDS["stated"]
CAP_WORD, ONCE, OTHERS, UP_TO = WORDS["cap_word"], WORDS["once"], WORDS["others"], WORDS["up_to"]
# How each comparison reads; the number comparisons read as the lexicon's first threshold word.
OP_WORDS: dict[str, str] = WORDS["op_words"]
OP_LISTS = {">=": "prefix_ge", "<=": "prefix_le", ">": "prefix_gt", "<": "prefix_lt"}
SIGNS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", ">": ">", "<": "<", "=": "==", "＝": "=="}
LIST_SPLIT = re.compile(r"[、，,；;/]")
YES, NO = WORDS["yes"], WORDS["no"]


class RuleEditError(ValueError):
    """An edited cell that cannot be read; the message names the row and says what to write."""


@dataclass
class Row:
    path: list  # where the row's value lives in the rules JSON: [list key, index, …]
    role: str  # record | test | band | number | stated | step | tier
    cells: list[str]


def _op_word(op: str) -> str:
    if op in OP_LISTS:
        return lex()["operators"][OP_LISTS[op]][0]
    return OP_WORDS.get(op, op)


def _label(name: str) -> str:
    """A field's or counted item's name as staff read it (a name the lexicon does not know is shown as is)."""
    if name == "applicant":
        return "申请人类型"
    if not name:
        return "（需企业说明）"
    return (lex()["fields"].get(name) or lex().get("items", {}).get(name) or {}).get("label", name)


def _unit(name: str) -> str:
    return field_unit(name or "revenue")


def _figure(value: object, unit: str) -> str:
    return "" if value is None else shown(float(value), unit)  # type: ignore[arg-type]


def _subject(test: dict) -> str:
    label = _label(str(test.get("field", "")))
    if test.get("per"):
        label += f" ÷ {_label(str(test['per']))}"
    return label + ("（每年）" if test.get("each") else "")


def _threshold(test: dict, locality: str) -> str:
    op, value, unit = test.get("op", ""), test.get("value"), test.get("unit", "")
    if op == "in":
        return locality or "本地"
    if op == "is":
        return YES if test.get("expected", True) else NO
    if op == "kind":
        return "、".join(lex()["applicant_labels"].get(k, k) for k in test.get("kinds", []))
    if op == "one_of":
        return "、".join(map(str, test.get("kinds", [])))
    if op == "score":
        return _figure(value, "分")
    if value is not None and unit == "级":
        levels = lex()["title_levels"]
        return levels[int(value)] if 0 <= int(value) < len(levels) else yuan(value)
    return _figure(value, "%" if test.get("per") else unit)


def _leaves(record: dict, path: list) -> Iterator[tuple[list, dict, str]]:
    """(path, test, alternative) of every test (a record with an "op") of a rule record, at any depth; a
    test's own parts (a score's) stay with it."""

    def walk(node: object, at: list, alternative: str) -> Iterator[tuple[list, dict, str]]:
        if isinstance(node, dict) and "op" in node:
            yield at, node, alternative
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, list):
                    for i, item in enumerate(value):
                        label = ALTERNATIVE.format(n=i + 1) if key == "alternatives" else alternative
                        yield from walk(item, [*at, key, i], label)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                yield from walk(item, [*at, i], alternative)

    yield from walk(record, path, "")


def _measures(record: dict) -> str:
    return "、".join(record.get("measures") or ([record["measure"]] if record.get("measure") else []))


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
    origin = str(record.get("origin", "rules"))
    base = ["", kind, _measures(record), "", "", "", "", str(record.get("location", "")), str(record.get("text", "")),
            ORIGINS.get(origin, origin)]  # fmt: skip

    def row(path: list, role: str, field: str, tier: str, op: str, value: str, group: str = "") -> Row:
        cells = list(base)
        cells[GROUP] = GROUP_JOIN.join(p for p in (base[GROUP], group) if p)
        cells[FIELD:VALUE + 1] = [field, tier, op, value]
        return Row(path, role, cells)

    rows = []
    for path, test, alternative in _leaves(record, [key, index]):
        if test.get("op") == "band":
            by = str(test.get("by") or "revenue")
            for b, (low, high, minimum) in enumerate(test.get("bands", [])):
                tier = f"{_label(by)} {_figure(low, _unit(by))}~{_figure(high, _unit(by))}"
                rows.append(row([*path, "bands", b], "band", _subject(test), tier, _op_word(">="),
                                _figure(minimum, test.get("unit") or "%"), alternative))  # fmt: skip
        else:
            rows.append(row(path, "test", _subject(test), "", _op_word(str(test.get("op", ""))),
                            _threshold(test, locality), alternative))  # fmt: skip
    if rows:
        return rows
    label = str(record.get("label") or (_label(str(record["item"])) if record.get("item") else ""))
    each = (record.get("per_word") or "每件") if record.get("per_item") else ONCE
    for name, (word, unit) in AMOUNTS.items():
        if isinstance(record.get(name), int | float) and not isinstance(record.get(name), bool):
            op = each if name == "amount" else word
            value = record[name]
            if not label:  # a cap on everything the policy pays
                op = CAP_WORD
            rows.append(row([key, index, name], "number", label, "", op, _figure(value, unit)))
    for name, word in STATED.items():
        if record.get(name):
            rows.append(row([key, index, name], "stated", label, "", word, _label(str(record[name]))))
    for s, (upto, amount) in enumerate(record.get("steps") or []):
        tier = OTHERS if upto is None else f"{yuan(float(upto))}{UP_TO}"
        rows.append(row([key, index, "steps", s], "step", label, tier, each, _figure(amount, "元")))
    by = str(record.get("by") or "")
    for t, (value, amount) in enumerate(record.get("tiers") or []):
        tier = f"{_label(by)}：{OTHERS if value is None else value}"
        rows.append(row([key, index, "tiers", t], "tier", label, tier, each, _figure(amount, "元")))
    return rows or [row([key, index], "record", "", "", "", "")]  # a condition the reader could not turn into a test


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


def _field(label: str, rules: dict, where: str) -> str:
    """A field from its label (or one the policy's rules already name, or the lexicon's words for it)."""
    label = label.strip()
    if label in ("", _label("")):
        return ""
    named = {"applicant", *lex()["fields"], *lex().get("items", {})}
    named |= {str(t.get("field")) for key in KINDS for r in rules.get(key) or [] for _, t, _ in _leaves(r, [])}
    for name in named:
        if label in (name, _label(name)):
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


def _test(test: dict, cells: list[str], old: list[str], rules: dict, where: str) -> None:
    """The test as the row's 条件项, 比较 and 标准 say; only what the staff changed is read again, and keys the
    row does not show are kept."""
    if cells[FIELD] != old[FIELD]:
        subject, _, per = cells[FIELD].replace("（每年）", "").partition("÷")
        test["field"] = _field(subject, rules, where)
        test["per"] = _field(per, rules, where) if per.strip() else ""
        test["each"] = "（每年）" in cells[FIELD]
    if cells[OP] != old[OP]:
        test["op"] = _op(cells[OP], where)
    if cells[VALUE] == old[VALUE] and cells[OP] == old[OP]:
        return
    op, value = test["op"], cells[VALUE].strip()
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
    elif op == "one_of":
        test["kinds"] = [w.strip() for w in LIST_SPLIT.split(value) if w.strip()]
    elif op == "stated":
        test["value"] = None
    elif lex()["fields"].get(test["field"], {}).get("kind") == "level" and level_of(value) is not None:
        test["value"], test["unit"] = float(level_of(value) or 0), "级"
    else:
        test["value"], unit = _quantity(value, where, "标准")
        expected = "" if test.get("per") else _unit(test["field"]) if test["field"] else ""  # a ratio's % is the division's
        if expected and unit and unit != expected:
            raise RuleEditError(f"{where}“标准”写的是“{value}”，{_label(test['field'])}的单位应为{expected}")
        test["unit"] = expected or ("" if test.get("per") else unit)


def _bound(text: str, where: str) -> float | None:
    return _quantity(text, where, "档次")[0] if text.strip() else None


def _apply_cells(rules: dict, row: Row, cells: list[str], where: str) -> None:
    """What a changed row says, written where its value lives (row.role says what that is)."""
    old = row.cells
    target = _at(rules, row.path)
    if row.role == "test":
        _test(target, cells, old, rules, where)  # type: ignore[arg-type]
    elif row.role == "band":
        band = target  # [low, high, minimum]
        if cells[TIER] != old[TIER]:
            low, _, high = cells[TIER].partition("~")
            low = low.removeprefix(old[TIER].split(" ")[0]).strip()
            band[0], band[1] = _bound(low, where), _bound(high, where)  # type: ignore[index]
        if cells[VALUE] != old[VALUE]:
            band[2] = _quantity(cells[VALUE], where, "标准")[0]  # type: ignore[index]
    elif row.role in ("number", "step", "tier") and cells[VALUE] != old[VALUE]:
        value = _quantity(cells[VALUE], where, "标准")[0]
        if row.role == "number":
            rules[row.path[0]][row.path[1]][row.path[2]] = int(value) if AMOUNTS.get(row.path[2], ("", ""))[1] == "个" else value
        else:
            target[1] = value  # type: ignore[index]
    elif row.role == "stated" and cells[VALUE] != old[VALUE]:
        rules[row.path[0]][row.path[1]][row.path[2]] = _field(cells[VALUE], rules, where)
    if row.role in ("step", "tier") and cells[TIER] != old[TIER]:
        tier = cells[TIER].split("：")[-1].removesuffix(UP_TO).strip()
        if row.role == "step":
            target[0] = None if tier == OTHERS else _bound(tier, where)  # type: ignore[index]
        else:
            target[0] = None if tier == OTHERS else tier  # type: ignore[index]


def _apply_record(rules: dict, row: Row, cells: list[str], where: str) -> None:
    """The record-wide cells of a changed row: kind, measures, clause location and words, label."""
    record = rules[row.path[0]][row.path[1]]
    record["location"], record["text"] = cells[LOCATION], cells[TEXT]
    if "origin" in record:
        record["origin"] = "staff"
    if cells[KIND] != row.cells[KIND]:
        if {cells[KIND], row.cells[KIND]} != {KINDS["conditions"], EXCLUSION}:
            raise RuleEditError(f"{where}“类别”只能在“{KINDS['conditions']}”和“{EXCLUSION}”之间改")
        record["exclusion"] = cells[KIND] == EXCLUSION
    if cells[GROUP] != row.cells[GROUP]:
        names = [w.strip() for w in LIST_SPLIT.split(cells[GROUP].split(GROUP_JOIN)[0]) if w.strip()]
        names = [n for n in names if not re.fullmatch(ALTERNATIVE.format(n=r"\d+"), n)]
        if "measures" in record:
            record["measures"] = names
        elif "measure" in record:
            record["measure"] = names[0] if names else ""
    if row.role in ("number", "stated", "step", "tier") and cells[FIELD] != row.cells[FIELD] and "label" in record:
        record["label"] = cells[FIELD]


def apply_edits(rules: dict, edited: list[list[str]]) -> dict:
    """The rules with the edited table's changes: a changed row rewrites its test, tier or amount, its
    kind, group, clause and words; a row left out removes its value; a new row (no 编号) adds a condition.
    Raises RuleEditError for a cell it cannot read."""
    before = {row.cells[NUMBER]: row for row in rule_table(rules)}
    after = copy.deepcopy(rules)
    kept: set[str] = set()
    for position, cells in enumerate(edited, 1):
        cells = [str(c if c is not None else "").strip() for c in cells][: len(COLUMNS)]
        cells += [""] * (len(COLUMNS) - len(cells))
        where = f"第{position}行"
        if not cells[NUMBER]:
            if any(cells[KIND : TEXT + 1]):
                after.setdefault("conditions", []).append(_new_condition(cells, after, where))
            continue
        if cells[NUMBER] not in before:
            raise RuleEditError(f"{where}的编号“{cells[NUMBER]}”不在原表中，请不要修改编号（新增的行编号留空）")
        kept.add(cells[NUMBER])
        row = before[cells[NUMBER]]
        if cells[KIND:ORIGIN] != [c.strip() for c in row.cells[KIND:ORIGIN]]:
            _apply_cells(after, row, cells, where)
            _apply_record(after, row, cells, where)
    removed = [row for number, row in before.items() if number not in kept]
    for row in sorted(removed, key=lambda r: [str(p).zfill(6) for p in r.path], reverse=True):  # later first
        _remove(after, row)
    for key in KINDS:
        if isinstance(after.get(key), list):
            after[key] = [r for r in after[key] if r is not None]
    return after


def _new_condition(cells: list[str], rules: dict, where: str) -> dict:
    if cells[KIND] not in (KINDS["conditions"], EXCLUSION, ""):
        raise RuleEditError(f"{where}：新增的行只能是“{KINDS['conditions']}”或“{EXCLUSION}”，其他规则请用校正文件导入")
    if not cells[TEXT]:
        raise RuleEditError(f"{where}：新增的条件请在“原文”中写出条款原文")
    test: dict = {"field": "", "op": "stated", "value": None, "unit": "", "expected": True, "kinds": [], "bands": []}
    _test(test, cells, [""] * len(COLUMNS), rules, where)
    measures = [w.strip() for w in LIST_SPLIT.split(cells[GROUP]) if w.strip()]
    return {"text": cells[TEXT], "location": cells[LOCATION], "tests": [test], "alternatives": [],
            "exclusion": cells[KIND] == EXCLUSION, "origin": "staff", "measures": measures}  # fmt: skip


def _remove(rules: dict, row: Row) -> None:
    """Take a row's value out: a test, tier or step from its list, a benefit's number (the benefit goes
    when nothing is left to pay by), a whole record otherwise; a condition left with no test goes too."""
    key, index, *rest = row.path
    record = rules[key][index]
    if record is None:
        return
    if not rest:
        rules[key][index] = None
        return
    parent = _at(record, rest[:-1])
    if isinstance(parent, list):
        parent.pop(rest[-1])
        if "alternatives" in record:  # an emptied alternative would hold for everyone
            record["alternatives"] = [alt for alt in record["alternatives"] if alt]
    else:
        parent[rest[-1]] = None  # type: ignore[index]
    tests = any(True for _ in _leaves(record, []))
    pays = any(isinstance(record.get(n), int | float) for n in AMOUNTS) or any(record.get(n) for n in (*STATED, "steps", "tiers"))
    if ("tests" in record and not tests) or (key != "conditions" and not tests and not pays):
        rules[key][index] = None


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
def review_lines(reviews: list[Review], confirmed: Review | None, changed_since: list[str] | None, zone: str) -> list[str]:
    """Whether enterprises are judged by confirmed rules (`confirmed`), what a re-read of a changed file
    changed against them, and the policy's reviews (newest first), as lines a person reads."""

    def who(review: Review) -> str:
        return f"{review.user} 于 {local_time(review.time, zone)}"

    if confirmed:
        lines = [f"✓ 这些条件已由 {who(confirmed)} 核对确认（第{confirmed.version}版），企业体检按这些条件判断。"]
    else:
        lines = ["⚠ 这些条件由程序从文件自动提取，尚未经工作人员核对确认。"]
    if changed_since is not None:
        last = next(r for r in reviews if r.rules is not None)
        lines.append(f"文件已更新，重新提取的条件与 {who(last)} 确认的第{last.version}版相比："
                     + ("没有变化。" if not changed_since else ""))  # fmt: skip
        lines += [f"- {line}" for line in changed_since]
    if reviews:
        lines.append("校核记录：" + "；".join(
            f"第{r.version}版 {'确认' if r.action == 'confirmed' else '撤销确认'}（{who(r)}"
            + (f"，改动{len(r.changes)}处）" if r.changes else "）")
            for r in reviews[:5]
        ))  # fmt: skip
    return lines
