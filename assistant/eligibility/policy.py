"""One policy's rules from its stored chunks and metadata: conditions, benefits, caps, deadlines,
materials and validity (施行日期, 有效期, 废止)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from assistant.eligibility.benefits import is_benefit, read_benefits
from assistant.eligibility.clauses import Unit, units
from assistant.eligibility.conditions import condition_context, conditions_of, exclusion, is_exclusion
from assistant.eligibility.model import Benefit, Condition, PolicyRules, Test
from assistant.eligibility.reading import cue_list, kinds_named, lex
from assistant.eligibility.scope import (
    any_of,
    applicant_clause,
    applied_for,
    bracket_exclusions,
    defines,
    definitions,
    granted,
    listing_conditions,
    one_of,
    qualifies,
    refers_back,
    shortcut_for,
)
from assistant.eligibility.scores import attach_scores
from language.lexicon import compile_pattern, derived
from language.places import home_place, place_at
from language.text import YEAR_NUMBER, cn_value
from vectorstore.model import StoredChunk


@derived
def _pattern(key: str) -> re.Pattern[str]:
    """A regular expression of the eligibility lexicon (repealed, window_dates)."""
    return compile_pattern(lex()[key], "eligibility")


def _place_at(text: str) -> str:
    """The place name the text starts with ("" when none): 广州市, not 广州 (州 also ends a name)."""
    place = place_at(text)
    if place is None or any(w in place.name for w in cue_list("title_leads")):
        return ""
    return "" if home_place(place.name) else place.name


def locality_of(title: str) -> str:
    """The place a policy calls 本县: the place its title starts with (示范县科技创新券管理办法 → 示范县),
    also after a lead such as 关于组织申报2025年度 (关于组织申报2025年度示范县科技计划项目的通知 → 示范县);
    of places named one after another the last, most local one (广州市天河区… → 天河区)."""
    starts = [0] + [m.end() for m in re.finditer("|".join(map(re.escape, cue_list("title_leads"))), title)]
    for start in starts:
        rest = re.sub(rf"^{YEAR_NUMBER}年度?", "", title[start:])
        place = _place_at(rest)
        if not place:
            continue
        while more := _place_at(rest[len(place) :]):
            rest, place = rest[len(place) :], more
        return place
    return ""


def _procedure(unit: Unit) -> bool:
    return any(c in unit.text for c in cue_list("procedure_cues"))


def _material(unit: Unit) -> bool:
    heads = cue_list("material_heads")
    return any(h in unit.lead or h in unit.heading for h in heads) and bool(unit.lead or unit.heading)


def _window(unit: Unit) -> bool:
    return any(c in unit.text for c in cue_list("window_cues")) and bool(_pattern("window_dates").search(unit.text))


def validity(metadata: dict[str, object], repealed_titles: set[str], title: str, text: str, today: date) -> tuple[bool, str]:
    """Whether the policy is in force today, and the words that say so."""
    if title in repealed_titles or f"《{title}》" in repealed_titles:
        return False, "已被新政策废止"
    if _pattern("repealed").search(text):
        return False, "文件写明已废止或失效"
    effective = metadata.get("effective_date")
    until = metadata.get("validity")
    notes = []
    end: date | None = None
    start = date.fromisoformat(str(effective)) if effective else None
    if start:
        notes.append(f"自{start.isoformat()}起施行")
    if isinstance(until, str) and until.startswith("至"):
        end = date.fromisoformat(until[1:])
    elif isinstance(until, str) and start:
        try:
            years = int(cn_value(until.removesuffix("年")))
            end = date(start.year + years, start.month, start.day).replace() if years else None
            end = date.fromordinal(end.toordinal() - 1) if end else None
        except ValueError:
            end = None
    if end:
        notes.append(f"有效期至{end.isoformat()}")
    if start and today < start:
        return False, "；".join([*notes, "尚未施行"])
    if end and today > end:
        return False, "；".join([*notes, "已过有效期"])
    return True, "；".join(notes)


@derived
def _standard_leads() -> str:
    """An alternation of the words opening a benefit's standard, longest first (按照 before 按)."""
    return "|".join(re.escape(w) for w in sorted(cue_list("benefit", "standard_leads"), key=len, reverse=True))


def measures(rules: PolicyRules, clauses: list[Unit], triggers: list[tuple[Benefit, str]], applied: set[str]) -> None:
    """A policy of several measures (sections or items that each pay something, or statuses one applies
    for: 见习基地, 示范基地): each benefit belongs to its section's measure — or, several in one clause, to
    its own, by the name of what it grants (实习补贴) — and so do the conditions of that section and the
    conditions its own trigger states (对…超过20笔（含）的金融机构，给予…). In a policy of named measures an
    unnamed article that pays is a measure of its own (…给予用人单位留用补贴)."""
    per_clause = Counter(b.location for b in rules.benefits)
    for benefit, trigger in triggers:
        if per_clause[benefit.location] > 1 and benefit.measure:  # 专项支持: several measures in one article
            own = granted(trigger) or re.split(rf"[，,]?(?:{_standard_leads()})", benefit.label)[0].strip("，,的 ")
            benefit.measure = f"{benefit.measure}：{own}"
    held = {c.location for c in rules.conditions}
    granting = {u.name for u in clauses if u.location in held and _names_a_grant(u.name)}  # （八）放宽技术技能提升补贴申领条件
    names = {b.measure for b in rules.benefits if b.measure} | applied | granting
    if len(names) < 2:
        _by_kind(rules, triggers)
        names = {b.measure for b in rules.benefits if b.measure}
    if len(names) >= 2:
        for benefit, trigger in triggers:
            benefit.measure = benefit.measure or granted(trigger) or benefit.location
        names = {b.measure for b in rules.benefits} | applied | granting
    if len(names) < 2:
        for benefit in rules.benefits:
            benefit.measure = ""
        return
    named = {}
    for unit in clauses:
        own = [n for n in names if n == unit.name or (unit.name and n.startswith(f"{unit.name}："))]
        if own or (unit.name and not unit.name.startswith(tuple(cue_list("common_sections")))):
            named[unit.location] = own or [unit.name]  # a section of its own: its conditions are not the others'
    for condition in rules.conditions:
        if named.get(condition.location):
            condition.measures = named[condition.location]
    known = {c.text for c in rules.conditions}
    for benefit, trigger in triggers:
        subject = re.split("|".join(cue_list("benefit", "verbs")), trigger)[0]
        unit = Unit(subject, benefit.location, "", "")
        for condition in conditions_of(unit, rules.locality) if "的" in subject else []:  # …的企业: who gets it
            tested = any(t.field for t in [*condition.tests, *(t for a in condition.alternatives for t in a)])
            if condition.text in known or not (tested or qualifies(condition.text)):
                continue  # a trigger's unreadable words describe what is paid for, unless they qualify it
            condition.measures = [benefit.measure]
            rules.conditions.append(condition)
            known.add(condition.text)


def _applicant_conditions(part: Unit, locality: str) -> list[Condition]:
    """The conditions of an applicant's clause: the cases its brackets exclude, then what the rest says,
    without a mere reference back to the conditions (符合条件的用人单位)."""
    found, texts = bracket_exclusions(part)
    for text in texts:
        read = conditions_of(Unit(text.strip(), part.location, part.heading, part.lead, name=part.name), locality)
        found.extend(c for c in read if not refers_back(c, text))
    return found


def _defined(unit: Unit, locality: str) -> list[Condition]:
    """The tests a definition sets (45周岁以下; 持股比例达25%以上或…): its other words describe."""
    return [c for c in conditions_of(unit, locality) if any(t.field for t in [*c.tests, *(t for a in c.alternatives for t in a)])]


def _terms(rules: PolicyRules, defined: list[tuple[str, list[Condition]]], triggers: list[tuple[Benefit, str]]) -> None:
    """A defined term's tests are conditions of the measures whose standard names it (…的港澳青年企业，给予…):
    of every measure when all name it or the policy is one measure, of none when no measure names it."""
    every = {b.measure for b in rules.benefits if b.measure}
    for term, conditions in defined:
        uses = {b.measure for b, trigger in triggers if b.measure and term in trigger}
        if every and not uses:
            continue  # 港澳青年创业团队: a term of a measure the policy does not pay here
        for condition in conditions:
            condition.measures = [] if uses == every else sorted(uses)
        rules.conditions.extend(conditions)


def _any_of_lists(rules: PolicyRules, clauses: list[Unit], lists: dict[str, list[list[Condition]]]) -> None:
    """Each any-of list as one condition in its lead's place; a list that stands in for other items of an
    article (可直接确认符合…) becomes one more way of meeting each of them."""
    for lead, items in lists.items():
        location = next((u.location for u in clauses if u.text == lead), "")
        condition = one_of(items, lead, location)
        if condition is None:
            continue
        replaced = shortcut_for(lead, rules.conditions)
        for other in replaced:
            other.alternatives = [*(other.alternatives or [other.tests]), *condition.alternatives]
            other.tests = []
        if not replaced:
            rules.conditions.append(condition)


def _names_a_grant(name: str) -> bool:
    """A section's name that names what it grants (加大创业担保贷款贴息…, 放宽技术技能提升补贴申领条件): its
    conditions are that measure's even when the reader found no amount in it; a section of conditions for
    the whole policy (申报条件, 资助对象, 附则) is not one."""
    if not name or name.startswith(tuple(cue_list("common_sections"))):
        return False
    return any(n in name for n in cue_list("granted_nouns")) and not any(name.endswith(h) and len(name) <= len(h) + 2 for h in cue_list("condition_heads"))


def _by_kind(rules: PolicyRules, triggers: list[tuple[Benefit, str]]) -> None:
    """A policy that pays different kinds of applicant in different clauses (对…从事个体经营的，… / 对商贸企业…
    的，…) is one measure per clause so paid, named by the kind: its conditions are that kind and what the
    clause's own …的 part sets (the industries it lists, the contract it requires)."""
    subjects: dict[str, tuple[str, str]] = {}  # clause location → (kind, the clause's …的 part)
    for benefit, _ in triggers:
        who = re.split(r"的[，,]", benefit.text)[0]
        named = kinds_named(re.split(r"[，,]", who)[0])
        if len(named) == 1 and len(who) < len(benefit.text):
            subjects[benefit.location] = (named[0], who)
    if len({kind for kind, _ in subjects.values()}) < 2:
        return
    for benefit, _ in triggers:
        if benefit.location in subjects:
            benefit.measure = f"{lex()['applicant_labels'][subjects[benefit.location][0]]}（{benefit.location}）"
    for location, (kind, who) in subjects.items():
        measure = f"{lex()['applicant_labels'][kind]}（{location}）"
        own = [c for c in conditions_of(Unit(who, location, "", ""), rules.locality) if any(t.field for t in c.tests)]
        for condition in [Condition(who, location, [Test("applicant", "kind", kinds=[kind])]), *own]:
            condition.measures = [measure]
            rules.conditions.append(condition)


def _sentences(unit: Unit) -> list[Unit]:
    """A clause of several sentences as one unit per sentence, each in the clause's place."""
    parts = [p for p in re.split(r"(?<=。)", unit.text) if p.strip()]
    if len(parts) < 2:
        return [unit]
    return [Unit(p.strip(), unit.location, unit.heading, unit.lead, name=unit.name) for p in parts]


def read_policy(
    source: str, doc_id: str, title: str, metadata: dict[str, object], chunks: list[StoredChunk],
    repealed_titles: set[str] | None = None, today: date | None = None,
) -> PolicyRules:  # fmt: skip
    """Everything an eligibility check needs from one policy document."""
    clauses = units(chunks)
    applied = set()
    for unit in clauses:  # 申请认定就业见习基地，应当符合下列条件： names the measure of its items
        if not unit.name and (name := applied_for(unit.lead or unit.text)):
            unit.name = name
            applied.add(name)
    locality = locality_of(title) or locality_of(str(metadata.get("issuer", "")))
    rules = PolicyRules(source, doc_id, title, locality)
    lists: dict[str, list[list[Condition]]] = {}  # an any-of list's lead → its items' conditions
    defined: list[tuple[str, list[Condition]]] = []  # a defined term → the tests its definition sets
    listing = listing_conditions(clauses)
    for unit in clauses:
        if unit.table:
            continue
        if unit.lead and any_of(unit.lead) and condition_context(unit) and applicant_clause(unit, listing):
            lists.setdefault(unit.lead, []).append(_applicant_conditions(unit, locality))
        elif _material(unit):
            rules.materials.append([unit.text, unit.location])
        elif _window(unit):
            rules.deadlines.append([unit.text, unit.location])
        else:
            for part in _sentences(unit):  # 以上政策适用于…企业。…不得重复享受: one condition, one exclusion
                if defines(unit) and (terms := definitions(part.text)):
                    defined.extend((term, _defined(Unit(text, part.location, part.heading), locality)) for term, text in terms)
                elif is_exclusion(part.text) and not _procedure(part):
                    rules.conditions.append(exclusion(part))
                elif condition_context(part) and not is_benefit(part.text) and applicant_clause(part, listing):
                    rules.conditions.extend(_applicant_conditions(part, locality))  # a standard is not a condition
    _any_of_lists(rules, clauses, lists)
    attach_scores(rules.conditions, clauses)
    rules.benefits, rules.caps, rules.highest_only, triggers = read_benefits([u for u in clauses if not _material(u)])
    measures(rules, clauses, triggers, applied)
    _terms(rules, defined, triggers)
    text = "\n".join(c.text for c in chunks)
    rules.valid, rules.validity_note = validity(metadata, repealed_titles or set(), title, text, today or date.today())
    return rules
