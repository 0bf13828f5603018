"""Which clauses of a policy are the applicant's conditions, and which measure a clause is about.

Policies mix the applicant's conditions with the procedure around them: a chapter 申请条件和程序 holds
the conditions in one article and the materials, the agency's review and the agreement to sign in the
others; a list may be the contents of an agreement (应当包括以下内容：); a sentence may state an agency's
duties (市…服务机构核实申请材料后…); a measure's card has lines on how it is paid (补贴期限：一次性). None of
these is a condition. Cases excluded in brackets (…的用人单位（劳务派遣企业除外）) and limits on how many
may claim (只有一家可申请) are read as what they are. The words are the lexicon's (eligibility.toml)."""

from __future__ import annotations

import re

from assistant.eligibility.clauses import Unit
from assistant.eligibility.conditions import fields_for
from assistant.eligibility.model import Condition, PolicyRules, Test
from assistant.eligibility.reading import cue_list, cue_match, quantities
from language.lexicon import derived
from language.text import CN_NUMERAL, cn_value

AGENCY_REACH = 20  # characters from a sentence's start within which its subject's name ends
NAME_CHARS = 20  # a measure's name is short; a longer run is a sentence
LABEL = re.compile(r"^([\u4e00-\u9fff]{1,8})[：:]")


def _procedure_heading(unit: Unit) -> bool:
    """The heading names both the conditions and the procedure (第二章 见习基地的申请条件和程序)."""
    heading = unit.heading
    return any(h in heading for h in cue_list("condition_heads")) and any(p in heading for p in cue_list("procedure_heads"))


def _introduces_conditions(unit: Unit) -> bool:
    """The clause, or the lead of its list, itself introduces the applicant's conditions."""
    own = unit.text if not unit.lead else ""
    return any(h in unit.lead for h in cue_list("condition_heads")) or any(cue_match(own, h) for h in cue_list("condition_sentences"))


def agency_subject(text: str) -> bool:
    """The sentence's subject is an administration: it starts with a body's name (市财政局, 市…服务机构)
    and goes on with what the body does — not 向…机构提交 or 拥有经认定的…机构 (an object)."""
    for word in sorted(cue_list("agencies"), key=len, reverse=True):
        at = text.find(word)
        if at < 0 or at > AGENCY_REACH:
            continue
        if any(o in text[:at] for o in cue_list("agency_objects")):
            continue
        after = text[at + len(word) : at + len(word) + 1]
        if after and after not in "，,。；;、：:）)的":
            return True
    return False


def chapter(unit: Unit) -> str:
    """The top heading a clause stands under (第二章见习基地的申请条件和程序)."""
    return unit.heading.split(" ")[0]


def listing_conditions(clauses: list[Unit]) -> set[str]:
    """The chapters in which a clause itself introduces the applicant's conditions (应当符合下列条件：)."""
    return {chapter(u) for u in clauses if _introduces_conditions(u)}


def applicant_clause(unit: Unit, listing: set[str]) -> bool:
    """Whether a clause in condition context states the applicant's conditions, not the procedure. In a
    chapter of conditions and procedure that lists its conditions in one place (`listing`), only that
    place states them."""
    if any(c in unit.lead for c in cue_list("content_leads")):
        return False  # the contents of an agreement or a form
    if _procedure_heading(unit) and chapter(unit) in listing and not _introduces_conditions(unit):
        return False
    label = LABEL.match(unit.text)
    if label and label.group(1).endswith(cue_list("non_condition_labels")):
        return False  # 补贴期限：一次性 / 补贴标准：…
    return not agency_subject(unit.text) and not any(c in unit.text for c in cue_list("limit_cues"))


@derived
def _bracket() -> re.Pattern[str]:
    ends = "|".join(map(re.escape, cue_list("exclusion_brackets")))
    return re.compile(rf"[（(]([^（）()]*?)(?:{ends})[）)]")


def bracket_exclusions(unit: Unit) -> tuple[list[Condition], list[str]]:
    """The cases a clause excludes in brackets that name a yes/no field (所有股东均为法人股东的企业), each an
    exclusion in the clause's words; and the clause's text around the brackets, to be read on its own."""
    found: list[Condition] = []
    rest, start = [], 0
    for match in _bracket().finditer(unit.text):
        cases = re.split(r"[，,；;]", match.group(1))[-1]  # （…，法定代表人除外）: only the last part is excluded
        for case in (c.strip() for c in cases.split("、")):
            named = fields_for(case, ("flag",))
            if case and named:
                found.append(Condition(case, unit.location, [Test(named[0][1], "is", expected=False)], exclusion=True))
        rest.append(unit.text[start : match.start()])
        start = match.end()
    rest.append(unit.text[start:])
    return found, [r for r in rest if r.strip("，,。；; ")] if found else [unit.text]


def refers_back(condition: Condition, text: str) -> bool:
    """补贴对象：符合条件的创业者。 — no test of its own, only the conditions stated elsewhere."""
    tests = [*condition.tests, *(t for a in condition.alternatives for t in a)]
    return not any(t.field for t in tests) and any(b in text for b in cue_list("back_references"))


def applied_for(text: str) -> str:
    """The status a clause lets one apply for, when it names it (申请认定就业见习基地，… → 就业见习基地;
    …的，可申请认定为“广州市就业见习示范基地” → 广州市就业见习示范基地); "" when none."""
    for cue in sorted(cue_list("apply_for_cues"), key=len, reverse=True):
        at = text.find(cue)
        if at < 0:
            continue
        rest = text[at + len(cue) :]
        quoted = re.match(rf"[“\"]([^”\"]{{2,{NAME_CHARS}}})[”\"]", rest)
        plain = re.match(rf"([\u4e00-\u9fff]{{2,{NAME_CHARS}}})(?=[，,。；;：:的]|$)", rest)
        name = quoted or plain
        return name.group(1) if name else ""
    return ""


def granted(text: str) -> str:
    """What a standard grants, by name (给予每人每月3000元实习补贴 → 实习补贴; 给予用人单位留用补贴 → 留用补贴):
    the two characters before the last benefit noun with it; "" when the text names none."""
    nouns = "|".join(map(re.escape, cue_list("granted_nouns")))
    whole = "".join(f"{re.escape(w)}(?:{nouns})|" for w in cue_list("granted_whole"))  # 一次性奖励, not 次性奖励
    found = [(m.start() + len(m.group(1)), len(m.group(1)), m.group(1))
             for m in re.finditer(rf"(?=({whole}[\u4e00-\u9fff]{{2}}(?:{nouns})))", text)]  # fmt: skip
    named = [f for f in found if not any(c in f[2][:2] for c in cue_list("granted_not_names"))]
    return max(named)[2] if named else ""  # the last, and of those ending there the longest


def any_of(lead: str) -> bool:
    """The lead introduces a list of which one item suffices (符合下列条件中的一项 / 以下3个条件之一)."""
    return any(c in lead for c in cue_list("any_of_leads"))


def one_of(items: list[list[Condition]], text: str, location: str) -> Condition | None:
    """The items of an any-of list as one condition: each item (all its tests) an alternative."""
    alternatives = []
    for conditions in items:
        tests = [t for c in conditions for t in (c.tests or (c.alternatives[0] if c.alternatives else []))]
        if tests:
            alternatives.append(tests)
    return Condition(text, location, alternatives=alternatives) if alternatives else None


@derived
def _item_range() -> re.Pattern[str]:
    dash = "|".join(map(re.escape, cue_list("range_marks")))
    return re.compile(rf"(第{CN_NUMERAL}条)第?[（(]({CN_NUMERAL})[）)](?:{dash})[（(]({CN_NUMERAL})[）)]项")


def shortcut_for(lead: str, conditions: list[Condition]) -> list[Condition]:
    """符合第六条第（一）～（四）项条件的企业，若同时符合下列条件中的一项，则可直接确认符合…: the list stands
    in for the other items of the article it names — the conditions it replaces ([] when the lead is not
    such a shortcut or names no article)."""
    match = _item_range().search(lead)
    if not match or not any(c in lead for c in cue_list("shortcut_cues")):
        return []
    article, low, high = match.group(1), int(cn_value(match.group(2))), int(cn_value(match.group(3)))
    replaced = []
    for condition in conditions:
        item = re.fullmatch(rf"{article}[（(]({CN_NUMERAL})[）)]", condition.location)
        if item and not low <= int(cn_value(item.group(1))) <= high:
            replaced.append(condition)
    return replaced


def definitions(text: str) -> list[tuple[str, str]]:
    """(term, its definition's words) of each part of a definition sentence that says "X是指Y", parts cut
    at ；(本办法所称港澳青年，是指45周岁以下… → 港澳青年; 其中，…团队是指…；港澳青年企业是指… → both)."""
    found = []
    for part in re.split(r"[；;]", text):
        at = min((part.find(w) for w in cue_list("definition_words") if w in part), default=-1)
        if at < 0:
            continue
        head = part[:at].rstrip("，, ")
        for lead in sorted(cue_list("definition_leads"), key=len, reverse=True):
            if lead in head:
                head = head[head.rfind(lead) + len(lead) :]
        term = re.split(r"[，,。：:]", head)[-1].strip()
        if 2 <= len(term) <= NAME_CHARS:
            found.append((term, part.strip()))
    return found


def defines(unit: Unit) -> bool:
    """The clause defines the policy's terms (本办法所称…是指…)."""
    return any(cue_match(unit.text, c) for c in cue_list("definition_cues"))


def qualifies(text: str) -> bool:
    """…并符合国家重点战略方向的债券: a standard the thing paid for must meet, which only the applicant can
    affirm (lexicon `qualifiers`), not a mere reference back to the conditions."""
    return any(cue_match(text, q) for q in cue_list("qualifiers")) and not any(b in text for b in cue_list("back_references"))


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def named_in(rules: PolicyRules, measure: str, ask: str) -> tuple[int, int, int]:
    """How closely a question names one measure of a policy: the length of the measure's name when the
    question holds it whole (申请认定就业见习基地), how many of its amounts the question states (可以拿每笔
    0.5万元的奖励吗), and how many two-character words it shares with the name and its benefits."""
    verbatim = max((len(part) for part in measure.split("：") if part and part in ask), default=0)
    benefits = [b for b in rules.benefits if b.measure == measure]
    stated = {q.value for q in quantities(ask) if q.unit == "元"}
    amounts = sum(1 for b in benefits if b.amount is not None and b.amount in stated)
    words = measure + "".join(b.label + b.per_word for b in benefits)
    return verbatim, amounts, len(_bigrams(words) & _bigrams(ask))
