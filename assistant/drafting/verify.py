"""Number check for drafts: every figure must be a cell value or a figure computed from cells, and a
figure written right after an indicator's name must be that indicator's own figure (an LLM that copies
the right numbers to the wrong indicators is caught too). A wrong figure tied to a named indicator is
corrected; any other wrong figure, or a bare number found nowhere in the data, is cut out with its
clause. A figure named by no indicator must stand near the words of its source (anchors.py); figures are
read as the chat answer's check reads them, Chinese numerals included (assistant/answer/numbers.py: 五千元
is 5000元); the word saying which way a change went is checked too (direction.py). All is reported."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer.numbers import figure_key, in_arabic
from assistant.drafting.anchors import anchored, bigrams, context, event_anchors
from assistant.drafting.direction import wrong_direction
from assistant.indicators.facts import Fact
from language.changes import change_alternation
from language.lexicon import alternation, compile_pattern, derived, lexicon, words
from language.text import (
    CLAUSE_END,
    CN_NUMERAL,
    FULL_WIDTH,
    PERIOD,
    YEAR_NUMBER,
    approximate_pattern,
    cn_numeral,
    figure_pattern,
    period_year,
    periods,
)  # fmt: skip

SENTENCE_START = re.compile(rf"[{CLAUSE_END}\n]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
LIST_MARK = re.compile(r"(?m)^\s*[（(]?\d{1,2}[.、)）](?!\d)")  # 1. 1、 （1） at a line start: ordinals, not figures
YEAR = re.compile(rf"^({YEAR_NUMBER})年$")


@derived
def _share() -> re.Pattern[str]:
    """A share's whole before its figure (占专利申请量的比重为30.1%): group 1."""
    return compile_pattern(lexicon("draft_check")["share_pattern"], "draft_check")


@derived
def _lead() -> re.Pattern[str]:
    """A clause that carries no subject, only a time (2025年, 一是上半年, 全年, 今年以来)."""
    return re.compile(rf"(?:{CN_NUMERAL}是)?(?:{YEAR_NUMBER}年(?:{PERIOD})?|{alternation('draft_check', 'time_leads')})")


ITEM_MARK = re.compile(rf"(^|[；。，：])({CN_NUMERAL}是)")


@derived
def _link_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(tied, change verb at the end, dependent clause start) from language/lexicon/draft_check.toml.

    Tied: what may stand between an indicator's name and its own figures — verbs, the figures
    themselves (removed before matching) and 同比 wording; anything else (其中, 每万人, 和, 分别 …)
    unties the figure from the name. Dependent: a clause that leans on the subject of the clause
    before it (同比增长…, 占…)."""
    comparisons, verbs = alternation("draft_check", "comparisons"), change_alternation(nouns=False)
    tied = re.compile(rf"(?:{alternation('draft_check', 'links')}|{comparisons}|{verbs})*")
    dependent = re.compile(rf"{comparisons}|{change_alternation()}|占")
    return tied, re.compile(rf"(?:{verbs})$"), dependent


@dataclass
class Checked:
    text: str
    unverified: list[str] = field(default_factory=list)  # the wrong figures as the draft had them
    corrections: list[str] = field(default_factory=list)  # what was done about each, in Chinese


def facts_figure_pattern(facts: list[Fact]) -> re.Pattern[str]:
    """The figure pattern, also knowing the data's own units (公顷 …) so that their figures are checked too."""
    return figure_pattern(tuple(sorted({f.unit for f in facts if f.unit})))


def _unit(figure: str) -> str:
    """The unit as written, with its 万/亿 (5.61亿元 → 亿元, as the data's unit column has it)."""
    return re.sub(approximate_pattern(), "", re.sub(r"^[\d.]+", "", figure_key(figure))) or figure


def _sentence_before(text: str, end: int) -> str:
    """The text from the start of the sentence (after ；, 。 or a line break) up to end."""
    start = max((m.end() for m in SENTENCE_START.finditer(text, 0, end)), default=0)
    return text[start:end]


def _last_named(sentence: str, subjects: set[str]) -> tuple[str, int] | None:
    """The indicator named last in the sentence (the longest one when names end together) and its end."""
    best: tuple[str, int] | None = None
    for subject in subjects:
        position = sentence.rfind(subject)
        if position < 0:
            continue
        end = position + len(subject)
        if best is None or end > best[1] or (end == best[1] and len(subject) > len(best[0])):
            best = (subject, end)
    return best


def _share_intended(figure: str, sentence: str, facts: list[Fact]) -> Fact | None:
    """For “占专利申请量的30.1%”: the share fact of the part named last before 占 (None when unclear)."""
    match = _share().search(sentence)
    if not match or _unit(figure) != "%":
        return None
    whole = match.group(1)
    shares = [f for f in facts if f.kind == "share" and f.whole == whole]
    named = _last_named(sentence[: match.start()], {f.subject for f in shares})
    return next((f for f in shares if named and f.subject == named[0]), None)


def expected_fact(
    figure: str, sentence: str, facts: list[Fact], pattern: re.Pattern[str] | None = None
) -> Fact | None | bool:
    """What the data says a figure should be: True when it is right where it stands, the fact it should
    have been when it stands right after an indicator's name, None when it is tied to no indicator."""
    unit = _unit(figure)
    share = _share_intended(figure, sentence, facts)
    if share is not None:
        return True if figure_key(share.figure) == figure_key(figure) else share
    named = _last_named(sentence, {f.subject for f in facts})
    if named is None or any(w in sentence for w in words("draft_check", "respectively")):
        return None
    subject, end = named
    gap = (pattern or figure_pattern()).sub("", sentence[end:])
    tied, change_verb, _ = _link_patterns()
    if not tied.fullmatch(gap):
        return None
    own = [f for f in facts if f.subject == subject and f.unit == unit]
    stated = [f for f in own if f.kind != "last" or re.search(rf"(?:{alternation('draft_check', 'last_year_words')})(?:的|为)?$", gap)]  # 1180件: 上年的 only
    if any(figure_key(f.figure) == figure_key(figure) for f in stated):
        return True
    changing = bool(change_verb.search(gap))
    stands = ("value", "total")  # figures that are stated, not changes
    wanted = [f for f in own if f.kind == ("change" if unit in ("%", "个百分点") else "increment") or f.kind in stands]
    wanted = [f for f in wanted if (f.kind not in stands) == changing]
    return wanted[0] if len(wanted) == 1 else None


def _subject_span(text: str, left: int, right: int) -> int:
    """Where a cut that starts a sentence's subject clause must end: over the clauses after it that lean
    on that subject (同比增长…, 较上年…), which would read as orphans without it."""
    start = max(text.rfind(c, 0, left + 1) for c in "；。\n") + 1
    if not all(_lead().fullmatch(clause) for clause in text[start : left + 1].split("，") if clause):
        return right  # the subject stands in an earlier clause, which stays
    dependent = _link_patterns()[2]
    while right < len(text) and text[right] == "，" and dependent.match(text, right + 1):
        right = min([i for i in (text.find(c, right + 1) for c in "，；。\n") if i != -1] or [len(text)])
    return right


def _cut_clause(text: str, start: int, end: int) -> str:
    """Remove the clause holding text[start:end]: from the previous ， (or the sentence start) to the
    next ，/；/。 (a line break is a hard edge, so a heading never swallows the body), with the clauses
    that lean on it when it holds the subject; a sentence left with only 2025年， goes too."""
    left = max(text.rfind(c, 0, start) for c in "，；。\n")
    rights = [i for i in (text.find(c, end) for c in "，；。\n") if i != -1]
    right = _subject_span(text, left, min(rights) if rights else len(text))
    ending = text[right] if right < len(text) else ""
    lead = max(text.rfind(c, 0, max(left, 0)) for c in "；。\n")
    if left >= 0 and text[left] == "，" and ending != "，" and _lead().fullmatch(text[lead + 1 : left]):
        left = lead  # only “2025年，” would be left of the sentence: it goes too
    if left >= 0 and text[left] == "，":
        return text[:left] + text[right:]
    if left >= 0 and text[left] == "；" and ending == "。":  # the last item went: its 。 closes the one before
        return text[:left] + "。" + text[right + 1 :]
    return text[: left + 1] + text[right + 1 if ending in ("，", "；", "。") and ending else right :]


def renumber(text: str) -> str:
    """一是…三是… after an item was cut becomes 一是…二是…; a lone 一是 goes."""
    lines = []
    for line in text.split("\n"):
        marks = list(ITEM_MARK.finditer(line))
        for index, mark in reversed(list(enumerate(marks))):
            numeral = "" if len(marks) == 1 else f"{cn_numeral(index + 1)}是"
            line = line[: mark.start(2)] + numeral + line[mark.end(2) :]
        lines.append(line)
    return "\n".join(lines)


def _number_in_context(match: re.Match[str]) -> str:
    return match.string[match.start() : match.end() + 1]


@dataclass
class Allowed:
    """Everything a draft may state: figures of facts and events, years, and the bare numbers of events
    (“4·26”) with the character after them, as the event has it (a 2 of 中心2家 does not back 第2位); a
    bare number never stands for an indicator, whose figures carry units."""

    figures: set[str]  # of facts
    numbers: set[str]  # 2025, or a bare number of an event with its next character: 4·, 26”
    years: set[int]
    pattern: re.Pattern[str]
    events: dict[str, list[set[str]]]  # a figure of the key events → the words around it there
    subjects: dict[str, list[set[str]]]  # a figure of the facts → the words of their indicators

    @classmethod
    def of(cls, facts: list[Fact], event_texts: list[str], years: set[int]) -> Allowed:
        pattern = facts_figure_pattern(facts)
        figures = {figure_key(f.figure) for f in facts}
        numbers = {_number_in_context(m) for t in event_texts for m in NUMBER.finditer(t.translate(FULL_WIDTH))}
        events = event_anchors([t.translate(FULL_WIDTH) for t in event_texts], pattern, figure_key)
        subjects: dict[str, list[set[str]]] = {}
        for fact in facts:
            subjects.setdefault(figure_key(fact.figure), []).append(bigrams(fact.subject or fact.name))
        return cls(figures, numbers | {str(y) for y in years}, years, pattern, events, subjects)

    def has(self, figure: str) -> bool:
        plain = figure_key(figure)
        year = YEAR.match(plain)
        return plain in self.figures or bool(year and int(year.group(1)) in self.years)

    def backs(self, match: re.Match[str], figures: list[tuple[int, int]]) -> bool:
        """A figure tied to no indicator: a fact's figure in a sentence that names (part of) its indicator
        (专利申请量和授权量分别为1356件和815件; not 全县新增孵化器3家 for 3 more 高新技术企业), or an
        event's figure about the same thing."""
        plain, text = figure_key(match.group(0)), match.string
        if YEAR.match(plain):
            return self.has(plain)
        start = max((m.end() for m in SENTENCE_START.finditer(text, 0, match.start())), default=0)
        end = next((m.start() for m in SENTENCE_START.finditer(text, match.end())), len(text))
        if anchored(bigrams(text[start:end]), self.subjects.get(plain, []), need=1):
            return True
        words = bigrams(context(text, match.start(), match.end(), figures))
        return anchored(words, self.events.get(figure_key(match.group(0)), []))


def _first_problem(text: str, allowed: Allowed, facts: list[Fact]) -> tuple[re.Match[str], Fact | None] | None:
    """The first figure that is unknown or another indicator's, with the fact it should be (if known)."""
    spans = [m.span() for m in LIST_MARK.finditer(text)]
    figures = [m.span() for m in allowed.pattern.finditer(text)]
    # A period of one of the data's years (2025年1—11月) is when, like the year itself: its 11月 is no figure.
    times = [(start, end) for start, end, code in periods(text) if period_year(code) in allowed.years]
    spans += times
    for match in allowed.pattern.finditer(text):
        if any(start <= match.start() and match.end() <= end for start, end in times):
            continue
        spans.append(match.span())
        if YEAR.match(figure_key(match.group(0))):
            if not allowed.has(match.group(0)):
                return match, None
            continue
        expected = expected_fact(match.group(0), _sentence_before(text, match.start()), facts, allowed.pattern)
        if expected is True or (expected is None and allowed.backs(match, figures)):
            continue
        return match, expected or None
    for match in NUMBER.finditer(text):
        inside = any(start <= match.start() < end for start, end in spans)
        if not inside and not {match.group(0), _number_in_context(match)} & allowed.numbers:
            return match, None
    return None


def verify_draft(text: str, facts: list[Fact], event_texts: list[str], years: set[int]) -> Checked:
    """Correct or cut every figure the data does not back; years may be the data's years and the next."""
    allowed = Allowed.of(facts, event_texts, years | {max(years) + 1} if years else set())
    checked = Checked(in_arabic(text))  # 一千三百五十六件 is checked as 1356件, 五千元 as 5000元
    while problem := _first_problem(checked.text, allowed, facts):
        match, fact = problem
        shown = match.group(0) if allowed.pattern.fullmatch(match.group(0)) else checked.text[match.start() : match.end() + 1]
        checked.unverified.append(shown)
        if fact is not None:
            checked.text = checked.text[: match.start()] + fact.figure + checked.text[match.end() :]
            checked.corrections.append(f"{shown} 与数据不符，已更正为 {fact.figure}（{fact.name}，来自 {fact.derived_from}）")
        else:
            checked.text = renumber(_cut_clause(checked.text, match.start(), match.end()))
            checked.corrections.append(f"{shown} 在数据中找不到出处，已删除所在分句")
    _check_directions(checked, facts, allowed.pattern)
    return checked


def _check_directions(checked: Checked, facts: list[Fact], pattern: re.Pattern[str]) -> None:
    """Put right 下降 before a rise's figure (and 增长 before a fall's): the words swapped have equal length."""
    subjects = {f.subject for f in facts}
    for match in list(pattern.finditer(checked.text)):
        named = _last_named(_sentence_before(checked.text, match.start()), subjects)
        wrong = wrong_direction(checked.text, match, facts, figure_key, named[0] if named else None)
        if wrong is None:
            continue
        verb, word, fact = wrong
        shown = checked.text[verb.start() : match.end()]
        checked.text = checked.text[: verb.start()] + word + checked.text[verb.end() :]
        checked.unverified.append(shown)
        checked.corrections.append(f"{shown} 的增减方向与数据不符，已改为“{word}”（{fact.name} {fact.figure}，来自 {fact.derived_from}）")
