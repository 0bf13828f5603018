"""Every figure a document states, as a record: which indicator, its value and unit, the period it
is of, the region, its kind (a total, an increase, a growth rate or a share), and where it stands.

A figure's indicator is the words before it in its clause (全县专利申请量1180件), or, for a change
(同比增长12.4%), the indicator of the figure before it in the sentence. A sentence stating several
indicators at once (专利申请量和授权量分别由2008年的390件、193件上升到2014年的3172件、2038件) gives each
figure of a group to the indicator in the same place of the list. The period is the nearest one
the sentence names before the figure, else the section heading's, else the document's (its title:
2024年工作总结 → 2024; 2025年上半年… → 2025H1). Figures in plans (目标, 力争, a 工作计划) are marked
as plans. The words used live in language/lexicon/figures.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ingest.metadata import title_place
from ingest.model import Document
from ingest.structure import outline
from language.changes import change_alternation
from language.lexicon import compile_pattern, derived, lexicon, words
from language.text import (
    FULL_WIDTH,
    NUMBER,
    UNKNOWN_PERIOD,
    approximate_pattern,
    enumeration_markers,
    figure_pattern,
    item_marker,
    period_in,
    periods,
    split_sentences,
)  # fmt: skip

Kind = Literal["total", "increase", "rate", "share"]
CLAUSE_END = "，,；;：:。！？!?\n"
MAX_INDICATOR = 30  # longer leads are sentences, not names


@dataclass
class FigureRecord:
    """One stated figure. `value` is signed (同比下降5% is -5); `plan` marks targets."""

    indicator: str
    value: float
    unit: str
    period: str  # "2014", "2025H1", "2013-01..05"; UNKNOWN_PERIOD ("") when the document does not give the year
    kind: Kind
    region: str
    source: str
    location: str
    sentence: str
    plan: bool = False

    def as_json(self) -> dict[str, object]:
        """The object `bureau figures --json` prints, one per line."""
        return {
            "indicator": self.indicator, "value": self.value, "unit": self.unit, "period": self.period or None,
            "kind": self.kind, "region": self.region, "source": self.source, "location": self.location,
            "sentence": self.sentence,
        }  # fmt: skip


@dataclass
class _Context:
    period: str | None
    year: int | None
    region: str
    source: str
    location: str
    plan: bool


@dataclass
class _Figure:
    start: int
    end: int
    value: Decimal
    unit: str


def _alternation(items: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))


def _word(key: str) -> tuple[str, ...]:
    """A figures.toml word list, for str.startswith / endswith."""
    return words("figures", key)


@derived
def _patterns() -> dict[str, re.Pattern[str]]:
    w = lambda key: _alternation(words("figures", key))  # noqa: E731
    marker = "|".join([item_marker(), *(pattern.pattern for _, pattern in enumeration_markers())])
    aspect, scales = w("aspect_marks"), "".join(words("units", "scales"))
    return {
        "number": re.compile(rf"^({NUMBER})\s*([{scales}])?({approximate_pattern()})?\s*(.+)$"),
        "change": re.compile(
            rf"(?:{w('compare_words')})?(?:{aspect})?(?P<dir>{change_alternation()})(?:{aspect})?(?:{w('change_links')})?$"
        ),
        "falling": re.compile(rf"^(?:{change_alternation('fall')})"),
        "lead_noise": re.compile(
            rf"^(?:{w('joiners')}|\s|{marker}|{w('scope_words')}|{w('plan_adverbs')}|{w('lead_verbs')})+"
        ),
        "tail_noise": re.compile(
            rf"(?:{w('linking_words')}|{w('plan_adverbs')}|{w('compare_words')}|{w('modifier_marks')}|{aspect})+$"
        ),
        "increase": re.compile(rf"^(?:{w('increase_words')})"),
        "share": re.compile(rf"(?:{w('share_words')})$"),
        "plan": re.compile(w("plan_cues")),
        "after_noise": re.compile(rf"^(?:{w('bound_words')})"),
        "after_verb": re.compile(rf"^(?:{w('linking_words')}|{change_alternation()})"),
        "counting": re.compile(rf"(?:{w('counting_verbs')})|(?:{w('examples_end')})$"),
        "target": re.compile(rf"(?:{w('target_verbs')}).{{0,16}}(?:{w('target_words')})(?:{w('modifier_marks')})?$"),
        "placeholder": compile_pattern(lexicon("figures")["year_placeholder"], "figures"),
        "what_counted": re.compile(rf"^(?:{w('increase_words')}|{w('counting_verbs')})+"),
        "count_only": compile_pattern(lexicon("figures")["count_only"], "figures"),
        "frequency": re.compile(rf"^(?:{w('frequency_words')})"),
        "respectively": re.compile(w("respectively")),
        "examples_end": re.compile(w("examples_end")),
    }


def normalize_indicator(name: str) -> str:
    """The indicator's name in the synonym table (专利申请数 → 专利申请量, 高企数量 → 高新技术企业数),
    else the name itself without scope words."""
    text = name
    for short, full in sorted(lexicon("figures").get("abbreviations", {}).items(), key=lambda i: -len(i[0])):
        text = text.replace(short, full)
    text = _patterns()["lead_noise"].sub("", text)
    for canonical, variants in lexicon("figures").get("synonyms", {}).items():
        if text == canonical or text in variants:
            return canonical
    return text


def _figures(text: str) -> list[_Figure]:
    skip, units = set(words("figures", "skip_units")), set(words("units", "units"))
    found = []
    for match in figure_pattern().finditer(text):
        parsed = _patterns()["number"].match(match.group(0))
        before = text[: match.start()]
        if not parsed or before.endswith(_word("not_after")) or before[-1:].isascii() and before[-1:].isalnum():
            continue  # a date, an ordinal (第3批), the end of a range (2-3项), part of a code
        number, scale, _, unit = parsed.groups()
        if unit.strip() in skip or unit.strip() not in units:
            continue  # 2025年1月1日 is a date, not 2025 of a unit 年1月1日
        found.append(_Figure(match.start(), match.end(), Decimal(number.replace(",", "")), (scale or "") + unit.strip()))
    return found


def _designation(text: str, end: int) -> bool:
    """2023年度 before a noun names what something is for (2023年度专利资助资金), not when it happened."""
    return text[:end].endswith(_word("designation_marks"))


def _clean(lead: str, year: int | None) -> str:
    """The indicator words of a lead: without periods, list markers, scope and linking words."""
    lead = lead.split()[-1] if lead.split() else ""  # a web dump runs paragraphs together with spaces
    for start, end, _ in reversed(periods(lead, year)):
        if not _designation(lead, end):
            lead = lead[:start] + lead[end:]
    lead = _patterns()["placeholder"].sub("", lead)  # 20__年实缴税金: a blanked-out year is a time too
    lead = re.sub(r"[（(][^）)]{0,2}[）)]$", "", lead.strip())  # 216家（人）
    if lead.count("(") + lead.count("（") != lead.count(")") + lead.count("）"):
        lead = re.sub(r"[（()）]", "", lead)  # a bracket opened before the clause or closed after it
    previous = None
    while previous != lead:
        previous = lead
        lead = _patterns()["lead_noise"].sub("", lead).strip()
        lead = _patterns()["tail_noise"].sub("", lead).strip()
    return lead


def _after(text: str, figure: _Figure, next_start: int) -> str:
    """The noun a figure counts when it stands before it (帮助37家规上工业企业…), up to the next
    punctuation, list joiner or figure."""
    rest = _patterns()["after_noise"].sub("", text[figure.end : next_start])
    rest = re.sub(r"^[（(][^）)]{0,2}[）)]", "", rest)
    stop = next((i for i, c in enumerate(rest) if c in CLAUSE_END or c in "（(" or rest.startswith(_word("counted_ends"), i)), len(rest))
    rest = rest[:stop]
    if not rest or not re.match(r"[\u4e00-\u9fffA-Za-z]", rest) or rest.startswith(_word("modifier_marks")) or _patterns()["after_verb"].match(rest):
        return ""  # 1400万元增加到… goes on with a verb, not with what the figure counts
    return rest


def _clause_start(text: str, position: int) -> int:
    return max(text.rfind(c, 0, position) for c in CLAUSE_END) + 1


def _period_before(text: str, position: int, start: int, context: _Context) -> str | None:
    """The nearest period named between `start` and `position` that is not a designation (2023年度资金)
    nor a comparison (比2023年)."""
    chosen, modifier = None, False
    for begin, end, code in periods(text[:position], context.year):
        if begin < start or _designation(text, end) or text[:begin].endswith(_word("comparison_leads")):
            continue
        follows = text[end : end + 8]
        modifier = bool(re.match(r"[\u4e00-\u9fff]", follows)) and not follows.startswith(_word("modifier_marks")) and not any(
            follows.startswith(w) for w in words("figures", "scope_words")
        )  # 2020年科技活动周 names an event; 2022年全市… says when
        chosen = code
    if modifier and context.period and chosen == context.period[:4] and chosen != context.period:
        return context.period  # 2020年科技活动周 in a report on 2020H1 happened in 2020H1
    return chosen


def _expand(subjects: list[str]) -> list[str]:
    """专利申请量、授权量 → 专利申请量、专利授权量: a shorter later item shares the first's head."""
    first = subjects[0]
    out = [first]
    for item in subjects[1:]:
        if len(item) < len(first) and item[-1:] == first[-1:] and not first.endswith(item):
            out.append(first[: len(first) - len(item)] + item)
        else:
            out.append(item)
    return out


def _groups(text: str, figures: list[_Figure]) -> list[list[_Figure]]:
    """Runs of figures with only a joiner between them (390件、193件)."""
    groups: list[list[_Figure]] = []
    for figure in figures:
        if groups and text[groups[-1][-1].end : figure.start].strip() in _word("joiners"):
            groups[-1].append(figure)
        else:
            groups.append([figure])
    return groups


def _record(
    context: _Context, sentence: str, indicator: str, figure: _Figure, kind: Kind, period: str | None, plan: bool
) -> FigureRecord | None:
    name = normalize_indicator(indicator)
    if not (2 <= len(name) <= MAX_INDICATOR) or not re.search(r"[\u4e00-\u9fff]", name):
        return None
    period = UNKNOWN_PERIOD if period is None else period  # no year given: still a figure, in no series
    return FigureRecord(name, float(figure.value), figure.unit, period, kind, context.region, context.source,
                        context.location, sentence.strip(), plan)  # fmt: skip


def _kind_of(lead: str, unit: str, name: str) -> tuple[Kind, str, int]:
    """(kind, the indicator words left of the lead, sign) for one figure."""
    change = _patterns()["change"].search(lead)
    if change:
        sign = -1 if _patterns()["falling"].match(change.group("dir")) else 1
        return ("rate" if unit == "%" else "increase"), lead[: change.start()], sign
    if unit == "%" or (_patterns()["share"].search(name) and unit.endswith("%")):
        return "share", lead, 1
    return ("increase" if _patterns()["increase"].match(name) else "total"), lead, 1


def _respectively(sentence: str, text: str, figures: list[_Figure], context: _Context, plan_at) -> list[FigureRecord]:  # noqa: ANN001
    """专利申请量和授权量分别由2008年的390件、193件上升到2014年的3172件、2038件 → four records."""
    found = _patterns()["respectively"].search(text)
    if found is None:
        return []
    marker, after_marker = found.span()
    start = _clause_start(text, marker)
    subjects = [s for s in re.split(_alternation(_word("joiners")), _clean(text[start:marker], context.year)) if s]
    inside = [f for f in figures if f.start > marker and not any(c in text[marker : f.start] for c in "；;。")]
    groups = [g for g in _groups(text, inside) if len(g) == len(subjects)]
    if len(subjects) < 2 or not groups:
        return []
    subjects = _expand([normalize_indicator(s) for s in subjects])
    records = []
    for group in groups:
        lead = text[after_marker : group[0].start]
        kind, _, sign = _kind_of(lead[-8:], group[0].unit, subjects[0])
        period = _period_before(text, group[0].start, marker, context) or context.period
        for subject, figure in zip(subjects, group):
            figure.value *= sign
            record = _record(context, sentence, subject, figure, kind, period, plan_at(figure.start))
            if record:
                records.append(record)
    return records


def sentence_figures(sentence: str, context: _Context) -> list[FigureRecord]:
    """The records of one sentence."""
    text = sentence.translate(FULL_WIDTH)
    for short, full in lexicon("figures").get("abbreviations", {}).items():
        text = text.replace(short, full)  # same length or longer: positions stay inside the text
    figures = _figures(text)
    if not figures:
        return []
    plan_pattern = _patterns()["plan"]

    def plan_at(position: int) -> bool:
        return context.plan or bool(plan_pattern.search(text[:position]))

    if _patterns()["respectively"].search(text):
        records = _respectively(sentence, text, figures, context, plan_at)
        if records:
            return records
    records: list[FigureRecord] = []
    subject = ""  # the indicator of the figure before, for the changes that follow it
    increase_head = ""  # 新增 of 新增A4家、B9家 carries to B
    previous_end, inside = 0, False
    listed = _listed_periods(text, figures, context)
    for figure in figures:
        clause = _clause_start(text, figure.start)
        lead_start = max(clause, previous_end)
        raw = text[lead_start : figure.start]
        follows = lead_start == previous_end and previous_end > 0
        joined = follows and raw.strip().startswith(_word("joiners"))
        opened = raw.strip()[:1] in "(（" or (inside and not any(c in raw for c in ")）"))
        inside = follows and opened  # 29家(目前通过公示17家、在审12家)
        previous_end = figure.end
        kind, words_left, sign = _kind_of(raw, figure.unit, _clean(raw, context.year))
        name = _clean(words_left, context.year)
        if _patterns()["target"].search(raw.strip()) or _patterns()["frequency"].match(name):
            continue  # 完成全年任务的52%, 每月召开1次
        following = next((f.start for f in figures if f.start > figure.start), len(text))
        after = _after(text, figure, following) if kind in ("total", "increase") else ""
        if after and (name.endswith(_word("examples_end")) or (follows and len(name) <= 2)):
            name = after  # 稳固岔口老农等20个现代农业园; 6个村260余户果农: the noun after counts
        elif after and (not name or _patterns()["counting"].search(name[-4:]) or raw.rstrip().endswith(_word("modifier_marks"))):
            name = name + after
        elif after and (raw.rstrip().endswith(_word("joiners")) or "、" in name):
            name = after  # 建立2个A和4个B, 东晁、绿叶园2个强震台: what the figure counts follows it
        elif examples := [m for m in _patterns()["examples_end"].finditer(name) if m.end() < len(name)]:
            name = name[examples[-1].end() :]  # 莜麦、藜麦、脱毒马铃薯等新品种4个: the kind, not the examples
        elif after and len(after) <= 2:
            continue  # 三个乡镇6个村…: too little to name what is counted
        if inside and subject and name:
            name = subject + name
        if _patterns()["count_only"].match(name):
            continue  # 连续两次(累计7次): the name is itself a count
        if name in words("figures", "total_words") and subject:
            name = _patterns()["what_counted"].sub("", subject) + name  # 新增研究院1家，总量为2家: 研究院总量
        if not name:
            if not subject:
                continue
            name = subject
        elif kind in ("total", "increase", "share") and not inside:
            if joined and increase_head and not _patterns()["increase"].match(name):
                name, kind = increase_head + name, "increase"
            subject = name
            head = _patterns()["increase"].match(name)
            increase_head = head.group(0) if head else ("" if not joined else increase_head)
        elif kind == "rate" and not inside:
            subject = name  # 专利授权量增长60%、达到86件: the figure after the rate is of the same indicator
        figure.value *= sign
        segment = max(text.rfind(c, 0, figure.start) for c in "；;") + 1  # a period does not reach past ；
        stated = listed.get(figure.start) or _period_before(text, figure.start, segment, context)
        plan = plan_at(figure.start)
        period = stated or (context.period[:4] if plan and context.period else context.period)  # a target is for the year
        if _blanked(text, figure.start, segment, context):
            period = UNKNOWN_PERIOD  # 20__年新增企业189个: the year is left out, whatever the document's is
        record = _record(context, sentence, name, figure, kind, period, plan)
        if record:
            records.append(record)
    return records


def _blanked(text: str, position: int, start: int, context: _Context) -> bool:
    """Whether the time named last before `position` (from `start`) is a blanked-out year (20__年, xx年)."""
    blanks = [m.end() for m in _patterns()["placeholder"].finditer(text, start, position)]
    if not blanks:
        return False
    named = [end for begin, end, _ in periods(text[:position], context.year) if begin >= start]
    return max(blanks) > max(named, default=-1)


def _listed_periods(text: str, figures: list[_Figure], context: _Context) -> dict[int, str]:
    """2011年、2014年…分别达到2.38亿元、2.55亿元: each figure of the group takes the period in its place."""
    found = _patterns()["respectively"].search(text)
    if found is None:
        return {}
    marker = found.start()
    found = [p for p in periods(text[:marker], context.year) if not _designation(text, p[1])]
    run = found[-1:]
    for item in reversed(found[:-1]):
        if text[item[1] : run[0][0]].strip() in _word("joiners"):
            run.insert(0, item)
        else:
            break
    after = [f for f in figures if f.start > marker]
    groups = [g for g in _groups(text, after) if len(g) == len(run) > 1]
    return {f.start: p[2] for f, p in zip(groups[0], run)} if groups else {}


def _region(doc: Document) -> str:
    for name in (doc.title, str(doc.metadata.get("issuer", ""))):
        if place := title_place(name):
            return str(place)
    return ""


def document_figures(doc: Document) -> list[FigureRecord]:
    """Every figure of one document (its metadata already read), in reading order."""
    year = doc.metadata.get("year")
    year = int(year) if isinstance(year, int) else None
    doc_period = period_in(doc.title, year) or (str(year) if year else None)
    plan_doc = doc.metadata.get("doc_type") in words("figures", "plan_doc_types")
    plan_heading = re.compile(_alternation(words("figures", "plan_headings")))
    region = _region(doc)
    records: list[FigureRecord] = []
    for passage in outline(doc).passages:
        headings = passage.path[1:]  # the title is the document's
        heading_period = next((p for h in reversed(headings) if (p := period_in(h, year))), None)
        plan = plan_doc or any(plan_heading.search(h) for h in headings)
        context = _Context(heading_period or doc_period, year, region, doc.source, passage.location, plan)
        for sentence in split_sentences(passage.text):
            records.extend(sentence_figures(sentence, context))
    return records
