"""A policy's conditions from its clauses: which clauses state the applicant's conditions, and for each
piece of such a clause the field it is about and the test it sets (threshold, place, flag, kind, band).
The words come from language/lexicon/eligibility.toml; nothing here names one policy's sentences."""

from __future__ import annotations

import re
from itertools import product

from assistant.eligibility.clauses import Unit
from assistant.eligibility.model import Condition, Test
from assistant.eligibility.reading import (
    Quantity,
    best_cue,
    clauses,
    cue_list,
    cue_match,
    home_place,
    kinds_named,
    level_of,
    lex,
    negated,
    operator_around,
    place_pattern,
    quantities,
    unit_kind,
)
from language.lexicon import derived

SUB_SPLIT = re.compile(r"、|并(?=[\u4e00-\u9fff])|且")


def fields_for(text: str, kinds: tuple[str, ...] | None = None) -> list[tuple[int, str]]:
    """(cue length, field) of the fields a policy text names, most specific first."""
    found = []
    for name, spec in lex()["fields"].items():
        if kinds is not None and spec["kind"] not in kinds:
            continue
        if score := best_cue(text, spec["policy"]):
            found.append((score, name))
    return sorted(found, reverse=True)


def items_counted(text: str) -> str:
    """The counted item a policy text names (职工总数, 见习人员), the longest cue winning; "" when none."""
    scored = [(best_cue(text, spec.get("policy", [])), name) for name, spec in lex()["items"].items() if spec.get("count")]
    score, name = max(scored, default=(0, ""))
    return name if score else ""


def _field_kind(name: str) -> str:
    return lex()["fields"][name]["kind"] if name in lex()["fields"] else "qualitative"


def _thresholds(piece: str) -> list[tuple[Quantity, str]]:
    return [(q, op) for q in quantities(piece) if (op := operator_around(piece, q)) and q.unit]


def _level_test(piece: str, name: str) -> Test | None:
    level = level_of(piece)
    if level is None:
        return None
    ge = any(w in piece for w in lex()["operators"]["suffix_ge"])
    return Test(name, ">=" if ge else "==", float(level), "级")


@derived
def _degree_pattern() -> re.Pattern[str]:
    negations = "|".join(map(re.escape, sorted(cue_list("negations"), key=len, reverse=True)))
    degrees = "|".join(map(re.escape, sorted(cue_list("lesser_degrees"), key=len, reverse=True)))
    return re.compile(rf"(?:{negations})([\u4e00-\u9fff]{{1,4}}?)或(?:{degrees})\1")


def lesser_degree(piece: str) -> tuple[str, list[list[Test]]] | None:
    """不裁员或少裁员: none of it, or a lesser degree the policy does not measure — the flag false meets it,
    anything else is for the bureau to judge (unknown). (the words, the alternatives); None when not so."""
    match = _degree_pattern().search(piece)
    if match is None:
        return None
    named = fields_for(match.group(1), ("flag",))
    if not named:
        return None
    return match.group(0), [[Test(named[0][1], "is", expected=False)], [Test("", "stated")]]


def share_test(piece: str) -> tuple[Test | None, int]:
    """人员数量达到企业现有在职职工人数25%（超过100人的企业达到15%）: a count as a share of another count the
    applicant has — in %, its minimum perhaps depending on the size of the second (a band). With where
    its words end (thresholds before that are its own); (None, 0) when the piece states none."""
    found = quantities(piece)
    for index, q in enumerate(found):
        if q.unit != "%":
            continue
        ops = lex()["operators"]
        words = sorted([*ops["prefix_ge"], *ops["prefix_gt"]], key=len, reverse=True)
        at = max(((piece.rfind(w, 0, q.start), w) for w in words if piece.rfind(w, 0, q.start) >= 0), default=None)
        if at is None:
            continue
        whole, part = items_counted(piece[at[0] + len(at[1]) : q.start]), items_counted(piece[: at[0]])
        if not whole or not part or whole == part:
            continue
        bands, end = _size_bands(piece, found[index + 1 :], q.value)
        if bands:
            return Test(part, "band", unit="%", bands=bands, per=whole, by=whole), end
        return Test(part, ">=", q.value, "%", per=whole), q.end
    return None, 0


def _size_bands(piece: str, after: list[Quantity], share: float) -> tuple[list[list[float | None]], int]:
    """（超过100人的企业达到15%）: a size above which another share applies, as bands of the size (and where
    that share ends)."""
    sizes = [q for q in after if q.unit in cue_list("count_units") and operator_around(piece, q) in (">", ">=")]
    other = [q for q in after if q.unit == "%"]
    if not sizes or not other:
        return [], 0
    size, op = sizes[0].value, operator_around(piece, sizes[0])
    if op == ">":
        return [[None, size, share], [size, None, other[0].value]], other[0].end
    return [[size, None, other[0].value], [None, size, share]], other[0].end


def _chosen(piece: str) -> Test | None:
    """到粤东粤西粤北地区用人单位就业: the values a piece names of a choice field that restricts who applies,
    as one "one_of" test — when it names at least as many as the field's `restricts` (one region; a list
    of two or more industries, since one industry word alone mostly describes)."""
    for name, spec in lex()["fields"].items():
        if spec["kind"] != "choice" or not spec.get("restricts"):
            continue
        rest, named = piece, []
        for value in sorted(spec["values"], key=len, reverse=True):
            if value in rest:
                named.append((rest.find(value), value))
                rest = rest.replace(value, "#" * len(value))
        if named and len(named) >= int(spec["restricts"]):
            return Test(name, "one_of", kinds=[v for _, v in sorted(named)])
    return None


def piece_tests(piece: str, locality: str, subject: bool, inherited: bool = False) -> list[list[Test]]:
    """The tests one piece of a condition sets, as alternatives (usually one): a place (本县 …), the
    kind of applicant for a subject clause, a threshold, a level, or a flag."""
    places: list[Test] = []
    if home_place(piece) or (locality and locality in piece):
        places = [Test(name, "in") for _, name in fields_for(piece, ("place",))]
    elif (named := place_pattern().search(piece)) and not named.group(1) and not named.group(2).endswith(cue_list("broad_places")):
        # 在海淀区注册的企业: the clause names its own place (kept in `kinds`)
        places = [Test(name, "in", kinds=[named.group(2)]) for _, name in fields_for(piece, ("place",))]
    tests: list[Test] = []
    named_kinds = re.sub(r"[（(][^）)]*除外[）)]", "", piece)  # （…的企业除外）: who is excluded, not who applies
    if subject and "的" in named_kinds and (kinds := kinds_named(named_kinds[named_kinds.rfind("的") :])):
        tests.append(Test("applicant", "kind", kinds=kinds))
    share, share_end = share_test(piece)
    if share is not None:
        tests.append(share)
    for q, op in [t for t in _thresholds(piece) if t[0].start >= share_end]:
        kind = unit_kind(q.unit)
        named = fields_for(piece, (kind,)) if kind else []
        if named:
            tests.append(Test(named[0][1], op, q.value, q.unit))
        elif q.unit in cue_list("count_units") and (counted := items_counted(piece)):
            tests.append(Test(counted, op, q.value, q.unit))  # 职工总数不超过500人, 超过20笔（含）
    if not tests or all(t.op == "kind" for t in tests):
        for _, name in fields_for(piece, ("flag", "qualitative", "level")):
            kind = _field_kind(name)
            if kind == "level":
                test = _level_test(piece, name)
            elif kind == "qualitative":
                test = Test(name, "stated")
            else:
                position = min((piece.find(c.split("+")[0]) for c in lex()["fields"][name]["policy"]
                                if c.split("+")[0] in piece), default=0)  # fmt: skip
                test = Test(name, "is", expected=not (inherited or negated(piece, position)))
            if test:
                tests.append(test)
                break
    if not tests and (chosen := _chosen(piece)):
        tests.append(chosen)
    if not places:
        return [tests] if tests else []
    return [[place, *tests] for place in places]  # 户籍或工作单位在本县: either place will do


def _pieces(text: str) -> list[tuple[str, bool]]:
    """Commas cut a clause into pieces; 、/并 cut a piece further only when each part names its own field.
    Each piece with whether a negation before it in its clause reaches it (未发生重大安全、重大质量事故:
    both are negated)."""
    out = []
    for piece in clauses(text):
        parts = [p for p in SUB_SPLIT.split(piece) if p.strip()]
        named = [fields_for(p) for p in parts]
        distinct = {n[0][1] for n in named if n}
        if len(parts) > 1 and len([n for n in named if n]) >= 2 and len(distinct) == len([n for n in named if n]):
            head = parts[0]
            first = min((head.find(c.split("+")[0]) for _, name in named[0][:1] for c in lex()["fields"][name]["policy"]
                         if c.split("+")[0] in head), default=len(head))  # fmt: skip
            reach = negated(head, first)
            out.extend((p, reach and i > 0 and not p.lstrip().startswith(cue_list("affirmations"))) for i, p in enumerate(parts))
        else:
            out.append((piece, False))
    return out


def _bands(unit: Unit) -> Condition | None:
    """研发费用占比: 销售收入小于5000万元（含）的，不低于5%；在5000万元至2亿元（含）的，不低于4%……"""
    bands = []
    for sentence in re.split(r"[；;。]", unit.text):
        money = [q for q in quantities(sentence) if q.unit == "元"]
        share = [(q, op) for q, op in _thresholds(sentence) if q.unit == "%"]
        if not money or not share or not fields_for(sentence, ("amount",)):
            continue
        ops = [operator_around(sentence, q) for q in money]
        if len(money) >= 2:
            low, high = money[0].value, money[1].value
        elif ops[0] in ("<=", "<"):
            low, high = None, money[0].value
        else:
            low, high = money[0].value, None
        bands.append([low, high, share[0][0].value])
    if len(bands) < 2:
        return None
    head = unit.text.split("：")[0]
    named = fields_for(head, ("percent",))
    if not named:
        return None
    band_text = re.split(r"(?<=[。])\s*其中", unit.text)[0]
    return Condition(band_text.strip(), unit.location, [Test(named[0][1], "band", unit="%", bands=bands)])


def is_exclusion(text: str) -> bool:
    """有…的，不得申报 / …的，不予资助: a case that rules the applicant out."""
    verbs = (*cue_list("exclusion_verbs"), *cue_list("benefit", "verbs"))
    return "的" in text and any(re.search(rf"{cue}.{{0,3}}(?:{'|'.join(verbs)})", text) for cue in cue_list("exclusion_cues"))


def exclusion(unit: Unit) -> Condition:
    named = fields_for(unit.text, ("flag",))
    tests = [Test(named[0][1], "is", expected=False)] if named else []
    return Condition(unit.text, unit.location, tests, exclusion=True)


def condition_context(unit: Unit) -> bool:
    """The clause states the applicant's conditions: under a 申报条件/适用对象 heading, after a lead such
    as 应同时具备以下条件：, or itself a 资助对象为…/适用于… sentence — and not about another party."""
    context = f"{unit.heading} {unit.lead}"
    own = unit.text if not unit.lead else ""
    if not (any(h in context for h in cue_list("condition_heads")) or any(cue_match(own, h) for h in cue_list("condition_sentences"))):
        return False
    return not any(p in unit.heading or unit.lead.startswith(p) or own.startswith(p) for p in cue_list("other_parties"))


def conditions_of(unit: Unit, locality: str) -> list[Condition]:
    """The conditions one clause states (none when it only introduces a list)."""
    text = unit.text
    if text.rstrip().endswith(("：", ":")):
        return []
    if is_exclusion(text):
        return [exclusion(unit)]
    if banded := _bands(unit):
        rest = text[len(banded.text) :].strip("。；; ")
        more = conditions_of(Unit(rest, unit.location, unit.heading, unit.lead), locality) if rest else []
        return [banded, *more]
    subject = any(h in f"{unit.heading}{unit.lead}{text}" for h in cue_list("subject_heads"))
    joins = "|".join([*(re.escape(j) for j in cue_list("alternative_joins")),
                      *(f"(?<={re.escape(w)})或" for w in cue_list("alternative_after"))])  # fmt: skip
    sides = [s for s in re.split(joins, text) if s.strip()] if joins else [text]
    if len(sides) > 1:
        alternatives = []
        for side in sides:
            side_tests = [piece_tests(p, locality, subject, neg) for p, neg in _pieces(side)]
            side_tests = [t for t in side_tests if t]
            alternatives.extend([sum(combo, []) for combo in product(*side_tests)] if side_tests else [])
        if len([a for a in alternatives if a]) > 1:
            return [Condition(text, unit.location, alternatives=alternatives)]
    found = []
    for piece, neg in _pieces(text):
        if degree := lesser_degree(piece):  # 不裁员或少裁员的参保企业: the degree is one condition, the rest another
            found.append(Condition(degree[0], unit.location, alternatives=degree[1]))
        options = piece_tests(piece.replace(degree[0], "") if degree else piece, locality, subject, neg)
        if len(options) > 1:
            found.append(Condition(piece, unit.location, alternatives=options))
        elif options:
            found.append(Condition(piece, unit.location, options[0]))
    if not found and any(cue_match(text, c) for c in cue_list("definition_cues")):
        return []
    if not found:  # a condition the rules cannot read stays a condition: the enterprise must say
        found.append(Condition(text, unit.location, [Test("", "stated")]))
    return found

