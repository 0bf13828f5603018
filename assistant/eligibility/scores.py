"""Points scores of a policy: an evaluation table (评价指标…满分100分) whose parts each score a fact in banded
tiers (A. 30%（含）以上（20分）), a part sometimes scored on the better of two facts (从（1）、（2）两项指标
中选择一个), and the conditions that cite the table (综合评价所得分值不低于60分，且科技人员指标得分不得为0分).
The words come from language/lexicon/eligibility.toml ([score]); nothing here names one policy."""

from __future__ import annotations

import re

from assistant.eligibility.clauses import NAME_CHARS, Unit
from assistant.eligibility.conditions import fields_for, items_counted
from assistant.eligibility.model import Condition, Test
from assistant.eligibility.reading import clauses, cue_list, negated, operator_around, quantities

ROW = re.compile(r"^\s*[A-Za-z][.．、]\s*(.+)$", re.MULTILINE)  # A. 30%（含）以上（20分）: one tier of a part


def _points_unit() -> str:
    return cue_list("score", "points_unit")[0]


def _tier(row: str) -> tuple[str, list[float | None]] | None:
    """(the words naming what is counted, [low, high, points]) of one tier row; None when it states no
    bound (F. 没有知识产权（0分）: what no tier catches scores nothing anyway). Both bounds are kept inclusive:
    the tiers stay in the table's order and the first that holds counts, so a bound two rows share goes to
    the row written first (A. 30%（含）以上 before B. 25%（含）-30%), as （含） says."""
    points_unit = _points_unit()
    found = quantities(row)
    points = [q for q in found if q.unit == points_unit]
    bounds = [q for q in found if q.unit != points_unit]
    if not points or not bounds:
        return None
    score = points[-1].value
    if len(bounds) >= 2:  # 25%（含）-30%
        return row[bounds[1].end : points[-1].start], [bounds[0].value, bounds[1].value, score]
    bound = bounds[0]
    op = operator_around(row, bound)
    words = row[bound.end : points[-1].start]
    if op in (">=", ">"):
        return words, [bound.value, None, score]
    if op in ("<=", "<"):
        return words, [None, bound.value, score]
    return words, [bound.value, bound.value, score]  # 3项Ⅱ类知识产权: exactly that many


def _ratio_options(description: str) -> list[Test]:
    """按科技人员数占企业职工总数的比例: the share as the enterprise may state it (a percentage field) and as
    it follows from two figures it states (a count or amount ÷ another)."""
    options = [Test(name, "band", unit="%") for _, name in fields_for(description, ("percent",))[:1]]
    joint = next((j for j in cue_list("score", "share_of") if j in description), "")
    if joint:
        part, whole = description.split(joint, 1)
        top = items_counted(part) or next((n for _, n in fields_for(part, ("amount",))), "")
        bottom = items_counted(whole) or next((n for _, n in fields_for(whole, ("amount",))), "")
        if top and bottom and top != bottom:
            options.append(Test(top, "band", unit="%", per=bottom))
    return options


def _part(description: str, rows: list[str]) -> list[Test]:
    """The options one scored part offers (the best counts): a share in % of the part's description, or the
    item each tier row names (1项及以上Ⅰ类知识产权)."""
    ratio: list[list[float | None]] = []
    by_item: dict[str, list[list[float | None]]] = {}
    for row in rows:
        tier = _tier(row)
        if tier is None:
            continue
        words, band = tier
        if "%" in row:
            ratio.append(band)
        elif item := items_counted(words):
            by_item.setdefault(item, []).append(band)
    options = [Test(o.field, "band", unit="%", per=o.per, bands=ratio) for o in _ratio_options(description)] if ratio else []
    return options + [Test(item, "band", bands=bands) for item, bands in by_item.items()]


def score_table(units: list[Unit]) -> list[tuple[str, list[Test]]]:
    """The parts of the policy's evaluation table, each (its name, its options), in reading order; [] when
    the policy has none. A part is a unit naming its full marks (科技人员指标（满分20分）); its tier rows are in
    its own text or in the units under it (（1）按…的比例分档评价 + rows: one option each)."""
    full = cue_list("score", "full_marks")
    parts: list[tuple[str, str, list[Test]]] = []  # (location, name, options)
    for unit in units:
        first = unit.text.split("。")[0]
        own = unit.name or (first if len(first) <= NAME_CHARS else "")
        if any(f in own for f in full):
            parts.append((unit.location, re.split(r"[（(]", own)[0], []))
        rows = ROW.findall(unit.text)
        owner = next((p for p in reversed(parts) if unit.location.startswith(p[0])), None)
        if not rows or owner is None:
            continue
        heading = unit.heading.split(" ")[-1]
        owner[2].extend(_part(f"{heading} {ROW.sub('', unit.text)}", rows))
    return [(name, options) for _, name, options in parts if options]


def score_tests(text: str, parts: list[tuple[str, list[Test]]]) -> list[Test]:
    """The score tests a condition states: 所得分值不低于60分 (the total of every part), 科技人员指标得分不得为0分
    (one part must score: at least its lowest points above 0)."""
    tests = []
    points_unit = _points_unit()
    for piece in clauses(text):
        for q in (q for q in quantities(piece) if q.unit == points_unit):
            named = [(name, options) for name, options in parts if name and name in piece]
            chosen = [options for _, options in named] or [options for _, options in parts]
            need = q.value
            if operator_around(piece, q) is None and negated(piece, q.start):  # 不得为0分: more than that
                above = [b[2] for options in chosen for o in options for b in o.bands if b[2] is not None and b[2] > q.value]
                if not above:
                    continue
                need = min(above)
            tests.append(Test("", "score", need, points_unit, parts=chosen))
    return tests


def attach_scores(conditions: list[Condition], units: list[Unit]) -> None:
    """A condition that cites points (不低于60分) is judged on the policy's evaluation table, when it has one."""
    parts = score_table(units)
    if not parts:
        return
    for condition in conditions:
        tests = score_tests(condition.text, parts)
        if not tests:
            continue
        if condition.alternatives:  # already one of several ways (可直接确认…): the way the clause itself states
            condition.alternatives = [tests if _unread(alt) else alt for alt in condition.alternatives]
        else:
            condition.tests = tests


def _unread(tests: list[Test]) -> bool:
    """Tests that only ask the enterprise to say whether it meets the clause (the reader found no test)."""
    return bool(tests) and all(t.op == "stated" and not t.field for t in tests)
