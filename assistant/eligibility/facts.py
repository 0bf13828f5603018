"""An enterprise's facts from what it writes (我们公司在示范县注册，成立3年，去年销售收入3000万元…):
each fact with the words it came from. A figure goes to the nearest word that names a field or an item
in its clause; a flag is negated by 没有/未/不是 before it; a place is read after 在; contradictory
figures are kept side by side, never averaged."""

from __future__ import annotations

from datetime import date

from assistant.eligibility.model import Fact, Facts
from assistant.eligibility.reading import (
    Quantity,
    applicant_words,
    clauses,
    cue_list,
    cue_match,
    home_place,
    level_of,
    lex,
    negated,
    place_pattern,
    quantities,
)

KIND_OF_UNIT = {"元": "amount", "年": "years", "%": "percent"}
COUNT_UNITS = ("件", "项", "个")
CALENDAR = 1900  # a 年 figure this large is a year (2019年成立), not a number of years
NEAR = 12  # a figure belongs to a word at most this many characters away


def _cue_positions(clause: str, cues: list[str]) -> list[int]:
    """Where the cues stand in the clause (the first word of an A+B cue, when all its words are there)."""
    found = []
    for cue in cues:
        if cue_match(clause, cue):
            head = cue.split("+")[0]
            found.extend(i for i in range(len(clause)) if clause.startswith(head, i))
    return found


def _distance(q: Quantity, position: int, length: int) -> int:
    if position >= q.end:
        return position - q.end
    return max(0, q.start - (position + length))


def _set(group: dict[str, Fact], key: str, value: object, words: str, note: str = "") -> None:
    old = group.get(key)
    if old is None or note:
        group[key] = Fact(value, words, note=note)
    elif old.value != value and value not in old.conflict:
        old.conflict.append(value)  # type: ignore[arg-type]


def _kind(text: str, facts: Facts) -> None:
    order = ["individual", *[k for k in applicant_words() if k != "individual"]]
    for kind in order:
        word = next((w for w in applicant_words()[kind] if w in text), None)
        if word:
            facts.fields["applicant"] = Fact(kind, word)
            return


def _places(clause: str, facts: Facts) -> None:
    spec = lex()["fields"]
    relocation = next((c for c in cue_list("relocation_cues") if c in clause), None)
    if relocation:
        place = place_pattern().search(clause[clause.find(relocation) + len(relocation) :])
        if place:
            _set(facts.fields, "registered_in", place.group(2), clause, note="迁入后")
        return
    for name, field in spec.items():
        if field["kind"] != "place" or not any(cue_match(clause, c) for c in field["profile"]):
            continue
        place = place_pattern().search(clause)
        if place:
            value = ("非" if place.group(1) else "") + place.group(2)
        elif home_place(clause):
            value = "本县"
        else:
            continue
        if name == "registered_in" and facts.fields.get(name, Fact(None, "")).note:
            continue  # a move stated elsewhere decides where it will be registered
        _set(facts.fields, name, value, clause)


def _flags(clause: str, facts: Facts) -> None:
    for name, field in lex()["fields"].items():
        if field["kind"] not in ("flag", "qualitative"):
            continue
        positions = _cue_positions(clause, field["profile"])
        if positions:
            _set(facts.fields, name, not negated(clause, min(positions)), clause)


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


def _numbers(clause: str, facts: Facts, today: date) -> None:
    """Each figure to the nearest field or item word that takes its unit."""
    items = _items_in(clause)
    all_cues = [c for spec in lex()["fields"].values() for c in spec["profile"]]
    per_item = next((name for name in items if lex()["items"][name].get("per")), None)
    for q in quantities(clause):
        if per_item and q.unit in COUNT_UNITS:  # 一项发明获得了三个国家的授权
            after = clause[q.end : q.end + 4]
            if "国" in after or "地区" in after:
                _set(facts.per, per_item, q.value, clause)
            else:
                _set(facts.counts, per_item, q.value, clause)
            continue
        candidates: list[tuple[int, str, str]] = []  # (distance, group, name)
        kind = KIND_OF_UNIT.get(q.unit)
        if kind:
            for name, field in lex()["fields"].items():
                if field["kind"] == kind:
                    for cue in field["profile"]:
                        head = cue.split("+")[0]
                        for p in _cue_positions(clause, [cue]):
                            if not _inside_longer(clause, p, len(head), [c for c in all_cues if c not in field["profile"]]):
                                candidates.append((_distance(q, p, len(head)), "fields", name))
        for name, positions in items.items():
            spec = lex()["items"][name]
            group = "bases" if spec.get("base") and q.unit == "元" else "counts" if spec.get("count") and q.unit in COUNT_UNITS else ""
            if group:
                candidates.extend((_distance(q, p, 2), group, name) for p in positions)
        candidates = [c for c in candidates if c[0] <= NEAR]
        if not candidates:
            continue
        _, group, name = min(candidates)
        value = q.value
        if group == "fields" and q.unit == "年" and value >= CALENDAR:
            value = float(today.year - int(value))  # 2019年成立 → years since
        _set(getattr(facts, group), name, value, clause)
    if per_item and per_item in facts.per and per_item not in facts.counts:
        _set(facts.counts, per_item, 1.0, clause)  # 获得美国、日本两个国家授权: one invention


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
    for clause in clauses(text):
        _places(clause, facts)
        _flags(clause, facts)
        _levels(clause, facts)
        _numbers(clause, facts, today)
        _events(clause, facts)
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
