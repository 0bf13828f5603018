"""An enterprise's facts from what it writes (我们公司在示范县注册，成立3年，去年销售收入3000万元…):
each fact with the words it came from. A figure goes to the nearest word that names a field or an item
in its clause; a flag is negated by 没有/未/不是 before it; a place is read after 在; contradictory
figures are kept side by side, never averaged."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assistant.eligibility.model import Fact, Facts
from assistant.eligibility.reading import (
    Quantity,
    applicant_words,
    clauses,
    cue_list,
    cue_match,
    level_of,
    lex,
    negated,
    quantities,
    unit_kind,
)
from language.lexicon import lexicon
from language.places import Place, place_named, read_place
from language.text import YEAR_NUMBER, relative_year

CALENDAR = 1900  # a 年 figure this large is a year (2019年成立), not a number of years
NEAR = 12  # a figure belongs to a word at most this many characters away
YEAR_OF = re.compile(rf"({YEAR_NUMBER})年")


def _cue_positions(clause: str, cues: list[str]) -> list[int]:
    """Where the cues stand in the clause (the first word of an A+B cue, when all its words are there)."""
    found = []
    for cue in cues:
        if cue_match(clause, cue):
            head = cue.split("+")[0]
            found.extend(i for i in range(len(clause)) if clause.startswith(head, i))
    return found


def _distance(q: Quantity, position: int, length: int, clause: str = "") -> tuple[int, int]:
    """(characters between the word and the figure, 1 when the word stands after it): particles alone
    between a verb and its count (留用了4名) do not count, and the word before wins a tie."""
    if position >= q.end:
        return position - q.end, 1
    gap = clause[position + length : q.start] if clause else ""
    if gap and not gap.strip("".join(cue_list("count_particles"))):
        return 0, 0
    return max(0, q.start - (position + length)), 0


def _set(group: dict[str, Fact], key: str, value: object, words: str, note: str = "") -> None:
    old = group.get(key)
    if old is None or note:
        group[key] = Fact(value, words, note=note)
    elif old.value != value and value not in old.conflict:
        old.conflict.append(value)  # type: ignore[arg-type]


def _kind(text: str, facts: Facts) -> None:
    """An individual when the text names one (我个人…); otherwise the kind named first (我们是一家银行支行)."""
    found = [(text.find(w), kind, w) for kind, ws in applicant_words().items() for w in ws if w in text]
    individual = [f for f in found if f[1] == "individual"]
    if individual or found:
        _, kind, word = min(individual or found)
        facts.fields["applicant"] = Fact(kind, word)


def _places(clause: str, facts: Facts) -> None:
    spec = lex()["fields"]
    relocation = next((c for c in cue_list("relocation_cues") if c in clause), None)
    if relocation:
        place = place_named(clause[clause.find(relocation) + len(relocation) :])
        if place:
            _set(facts.fields, "registered_in", Place(place.name, place.level), clause, note="迁入后")
        return
    for name, field in spec.items():
        if field["kind"] != "place" or not any(cue_match(clause, c) for c in field["profile"]):
            continue
        # 注册在外地 and 香港注册 name no place of this county's; 不在示范县 is a negated place
        value = read_place(clause)
        if value is None:
            continue
        if name == "registered_in" and facts.fields.get(name, Fact(None, "")).note:
            continue  # a move stated elsewhere decides where it will be registered
        _set(facts.fields, name, value, clause)


def _negated(clause: str, position: int) -> bool:
    """A negation before the word, unless a list part (、) with its own verb stands between them
    (我无违法犯罪记录、拥护一国两制: 拥护 is not negated)."""
    start = 0
    for part in re.finditer(r"[^、]+", clause):
        if part.start() > position:
            break
        if part.group(0).lstrip().startswith(cue_list("affirmations")):
            start = part.start()
    return negated(clause[start:], position - start)


def _flags(clause: str, facts: Facts) -> None:
    for name, field in lex()["fields"].items():
        if field["kind"] not in ("flag", "qualitative"):
            continue
        against = _cue_positions(clause, field.get("against", []))
        if against:
            _set(facts.fields, name, _negated(clause, min(against)), clause)
            continue
        positions = _cue_positions(clause, field["profile"])
        if positions:
            _set(facts.fields, name, not _negated(clause, min(positions)), clause)


def _choices(clause: str, facts: Facts) -> None:
    """The values a clause names for a choice field (硕士, 珠三角, 服务), longest first, not negated."""
    for name, field in lex()["fields"].items():
        if field["kind"] != "choice":
            continue
        rest, named = clause, []
        for value in sorted(field["values"], key=len, reverse=True):
            at = rest.find(value)
            if at >= 0 and not _negated(clause, at):
                named.append((at, value))
                rest = rest.replace(value, "#" * len(value))
        if named:
            value = "、".join(v for _, v in sorted(named))
            old = facts.fields.get(name)
            facts.fields[name] = Fact(value if old is None else f"{old.value}、{value}", clause)


def _levels(clause: str, facts: Facts) -> None:
    for name, field in lex()["fields"].items():
        if field["kind"] == "level" and _cue_positions(clause, field["profile"]):
            level = level_of(clause)
            if level is not None:
                _set(facts.fields, name, float(level), clause)


def _items_in(clause: str) -> dict[str, list[int]]:
    return {name: pos for name, spec in lex()["items"].items() if (pos := _cue_positions(clause, spec["profile"]))}


def _inside_longer(clause: str, position: int, length: int, cues: list[str]) -> bool:
    """The cue at `position` is part of a longer cue of another field (研发费用 inside 境内研发费用)."""
    for cue in cues:
        head = cue.split("+")[0]
        if len(head) <= length:
            continue
        for start in (i for i in range(len(clause)) if clause.startswith(head, i)):
            if start <= position and position + length <= start + len(head):
                return True
    return False


def _item_group(spec: dict, q: Quantity) -> str:
    """Which of an item's groups a figure fills: its base (元), or its count — in the item's own unit of
    time (实习8个月, 租了2年4个月) or in a unit of counting (5名, 52笔)."""
    if spec.get("base") and q.unit == "元":
        return "bases"
    if spec.get("count") and (q.unit == "年" if spec.get("unit") else q.unit in cue_list("count_units")):
        return "counts"
    return ""


def _item_value(spec: dict, q: Quantity) -> float:
    return round(q.value * 12, 6) if spec.get("unit") == "月" else q.value  # the reader keeps time in years


@dataclass
class _Stated:
    group: str
    name: str
    value: float
    clause: str
    year: str  # the calendar year the clause gives the figure for ("" when none)
    listed: bool  # the clause lists several figures of the same thing (分别…、…)


def _numbers(clause: str, facts: Facts, today: date, carried: str) -> list[_Stated]:
    """Each figure to the nearest field or item word that takes its unit; a word before the figure
    is preferred to one after it (招用了5名员工). A money figure of a clause that only says 金额… is
    the amount of `carried`, the thing paid for that the sentence named before."""
    items = _items_in(clause)
    all_cues = [c for spec in lex()["fields"].values() for c in spec["profile"]]
    per_item = next((name for name in items if lex()["items"][name].get("per")), None)
    listed = any(w in clause for w in cue_list("listed"))
    stated: list[_Stated] = []
    for q in quantities(clause):
        if per_item and q.unit in cue_list("item_units"):  # 一项发明获得了三个国家的授权
            after = clause[q.end : q.end + 4]
            if "国" in after or "地区" in after:
                _set(facts.per, per_item, q.value, clause)
            else:
                _set(facts.counts, per_item, q.value, clause)
            continue
        if q.unit == "年" and q.value >= CALENDAR and "年" in q.text and not q.text.endswith("个月"):
            calendar = True
        else:
            calendar = False
        candidates: list[tuple[tuple[int, int], str, str]] = []  # (distance, group, name)
        kind = unit_kind(q.unit)
        if kind:
            for name, field in lex()["fields"].items():
                if field["kind"] == kind:
                    for cue in field["profile"]:
                        head = cue.split("+")[0]
                        for p in _cue_positions(clause, [cue]):
                            if not _inside_longer(clause, p, len(head), [c for c in all_cues if c not in field["profile"]]):
                                candidates.append((_distance(q, p, len(head), clause), "fields", name))
        if not calendar:
            for name, spec in lex()["items"].items():
                group = _item_group(spec, q)
                if not group:
                    continue
                for cue in spec["profile"]:
                    head = cue.split("+")[0]
                    candidates.extend((_distance(q, p, len(head), clause), group, name) for p in _cue_positions(clause, [cue]))
        candidates = [c for c in candidates if c[0][0] <= NEAR]
        if not candidates:
            if carried and q.unit == "元" and clause.lstrip().startswith(cue_list("amount_back_refs")):
                stated.append(_Stated("bases", carried, q.value, clause, "", listed))
            continue
        _, group, name = min(candidates)
        value = q.value
        if group == "fields" and calendar:
            value = float(today.year - int(value))  # 2019年成立 → years since
        elif group == "counts":
            value = _item_value(lex()["items"][name], q)
        year = YEAR_OF.findall(clause[: q.start])
        stated.append(_Stated(group, name, value, clause, year[-1] if year else "", listed))
    if per_item and per_item in facts.per and per_item not in facts.counts:
        _set(facts.counts, per_item, 1.0, clause)  # 获得美国、日本两个国家授权: one invention
    return stated


def _record(facts: Facts, stated: list[_Stated], years: dict[tuple[str, str], str]) -> None:
    """Figures into facts: several listed in one clause are added up (分别是3千万、1.2千万…), one per
    calendar year makes a series (2022年接收60名，2023年接收70名); any other second figure is a conflict."""
    for s in stated:
        group = getattr(facts, s.group)
        old = group.get(s.name)
        key = (s.group, s.name)
        if old is not None and s.listed and old.words == s.clause:
            old.value = float(old.value) + s.value  # type: ignore[arg-type]
        elif old is not None and s.year and years.get(key) and years[key] != s.year and not old.conflict:
            old.series = old.series or [float(old.value)]  # type: ignore[arg-type]
            old.series.append(s.value)
            old.value = sum(old.series)
        else:
            _set(group, s.name, s.value, s.clause)
        years[key] = s.year


def _asks(clause: str) -> bool:
    return clause.rstrip("？?").endswith("吗") or any(c in clause for c in cue_list("question_cues"))


def _relative_years(clause: str, facts: Facts, today: date) -> None:
    """去年毕业, 今年成立: a number of years from a word that names a year, for the fields that take it."""
    for name, field in lex()["fields"].items():
        if field["kind"] != "years" or not field.get("relative") or name in facts.fields:
            continue
        if not _cue_positions(clause, field["profile"]):
            continue
        for word in sorted(lexicon("periods")["relative"], key=len, reverse=True):
            if word in clause and (year := relative_year(word, today.year)) is not None:
                _set(facts.fields, name, float(today.year - year), clause)
                break


def _base_named(clause: str) -> str:
    """The last item paid for by an amount (a base) that the clause names, "" when none."""
    found = [(max(p), name) for name, p in _items_in(clause).items() if lex()["items"][name].get("base")]
    return max(found)[1] if found else ""


def _events(clause: str, facts: Facts) -> None:
    for name, positions in _items_in(clause).items():
        spec = lex()["items"][name]
        if not spec.get("count") and not spec.get("base") and not negated(clause, min(positions)):
            _set(facts.events, name, True, clause)


def read_facts(text: str, today: date | None = None) -> Facts:
    """The facts an enterprise states in free text."""
    today = today or date.today()
    text = text or ""
    facts = Facts(text)
    _kind(text, facts)
    years: dict[tuple[str, str], str] = {}
    for sentence in re.split(r"(?<=[。！？!?])", text):
        carried = ""
        for clause in clauses(sentence):
            _places(clause, facts)
            if not _asks(clause):  # 粤东粤西粤北地区就业补贴能申请吗: names the measure, states nothing
                _flags(clause, facts)
                _choices(clause, facts)
            _levels(clause, facts)
            _record(facts, _numbers(clause, facts, today, carried), years)
            _relative_years(clause, facts, today)
            _events(clause, facts)
            carried = _base_named(clause) or carried
    return facts


def form_text(values: dict[str, object], extra: str = "") -> str:
    """A form's answers as the sentences an enterprise would write (templates in the lexicon), so they
    are read the same way and each fact keeps the words it came from. A yes/no answer is True, False or
    None (not answered)."""
    sentences = []
    for key, template in lex()["form"].items():
        value = values.get(key)
        if value not in (None, ""):
            sentences.append(template.format(str(value).strip()))
    for key, (yes, no) in lex()["form_flags"].items():
        if values.get(key) is True:
            sentences.append(yes)
        elif values.get(key) is False:
            sentences.append(no)
    if extra.strip():
        sentences.append(extra.strip())
    return "，".join(sentences) + ("。" if sentences else "")
