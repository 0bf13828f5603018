"""A policy's benefits from its clauses: per-item amounts (每件资助5000元), bonuses for one kind of
applicant (企业另奖励3000元), one-off awards, percentages of a base (按服务合同金额的50%抵扣), the caps
per benefit, per qualifier (其中用于检验检测服务的，最高5万元), per parent item (同一发明最多两个国家)
and for the whole policy (年度资助总额最高不超过50万元), and whether only the highest award is paid."""

from __future__ import annotations

import re

from assistant.eligibility.clauses import Unit
from assistant.eligibility.conditions import fields_for
from assistant.eligibility.model import Benefit, Cap
from assistant.eligibility.reading import (
    Quantity,
    best_cue,
    cue_list,
    cue_match,
    kinds_named,
    lex,
    operator_around,
    quantities,
)
from language.lexicon import derived

CAP_WINDOW = 6  # characters before a figure in which 最高/不超过/最多 make it a ceiling


def item_of(trigger: str) -> str:
    """The lexicon item a benefit's trigger words name: the longest cue wins, and an item that
    overrides another (国外发明专利 over 发明专利) replaces it."""
    scored = {name: best_cue(trigger, spec["policy"]) for name, spec in lex()["items"].items()}
    scored = {name: score for name, score in scored.items() if score}
    for name in list(scored):
        for other in lex()["items"][name].get("overrides", []):
            scored.pop(other, None)
    return max(scored, key=lambda n: scored[n]) if scored else ""


def _label(item: str, trigger: str) -> str:
    if item:
        return lex()["items"][item]["label"]
    return re.sub(r"^[（(][一二三四五六七八九十\d]+[）)]", "", trigger).strip("，。；、的 ")[:30]


def _is_cap(segment: str, q: Quantity) -> bool:
    before = segment[max(0, q.start - CAP_WINDOW) : q.start]
    return any(c in before for c in cue_list("benefit", "cap_cues"))


def _threshold(segment: str, q: Quantity) -> bool:
    """留用率达到60%以上（含60%）的: a share the applicant must reach, not a rate paid."""
    opens = tuple(w.rstrip("）)") for w in lex()["operators"]["inclusive"])
    return operator_around(segment, q) in (">=", ">") or segment[: q.start].endswith(opens)


PERIOD_GAP = 4  # words between 每 and 满 (每连续租满1年)


def per_full_year(segment: str) -> bool:
    """每连续租满1年 / 每满一年: paid for each year completed in full (a count of years, whole ones only)."""
    for q in quantities(segment):
        if q.unit != "年" or q.value != 1:
            continue
        before = segment[max(0, q.start - PERIOD_GAP - 2) : q.start].rstrip()
        cue = next((c for c in cue_list("benefit", "per_full_period") if before.endswith(c)), None)
        if cue and "每" in before[: -len(cue)]:
            return True
    return False


def _per_word(word: str) -> str:
    """元/笔 is 每笔: the per-item word as a question would say it."""
    return f"每{word.split('/', 1)[1]}" if "/" in word else word


def _standard(sentence: str) -> bool:
    """定额标准为每人每年4000元: in a clause that pays, a sentence stating the standard in 元 pays too."""
    return any(w in sentence for w in cue_list("benefit", "standard_words")) and any(q.unit == "元" for q in quantities(sentence))


def is_benefit(text: str) -> bool:
    verbs = cue_list("benefit", "verbs")
    return any(v in text for v in verbs) and any(q.unit in ("元", "%") for q in quantities(text))


def tiers_of(sentence: str) -> tuple[str, list[list]] | None:
    """按博士每人10000元、硕士每人7000元、其他每人5000元 / 珠三角地区每年最高6000元，其他地区每年最高4000元:
    one amount per value of a choice field (学历, 地区), "其他" for the rest; None when the sentence is not so."""
    money = [q for q in quantities(sentence) if q.unit == "元"]
    if len(money) < 2:
        return None
    for name, spec in lex()["fields"].items():
        if not spec.get("tiers"):
            continue
        tiers, start = [], 0
        for q in money:
            before = sentence[start : q.start]
            word = next((v for v in sorted(spec["values"], key=len, reverse=True) if v in before), None)
            if word is None and not any(w in before for w in cue_list("benefit", "other_tier")):
                break
            tiers.append([word, q.value])
            start = q.end
        else:
            if sum(t[0] is not None for t in tiers) >= 1 and len(tiers) == len(money):
                return name, tiers
    return None


class _Reader:
    """Reads one unit's sentences segment by segment, keeping the benefit the next segment refines."""

    def __init__(self, unit: Unit, benefits: list[Benefit], caps: list[Cap], triggers: list[tuple[Benefit, str]]) -> None:
        self.unit, self.benefits, self.caps, self.triggers = unit, benefits, caps, triggers
        self.made: list[Benefit] = []
        self.pending = ""  # a 其中…的 segment that qualifies the next figure
        self.here = 0  # where the current sentence's benefits start in `made`

    def sentence(self, sentence: str) -> None:
        self.here = len(self.made)  # a cap refines a benefit of its own sentence only
        if tiered := tiers_of(sentence):
            self.add(sentence, by=tiered[0], tiers=tiered[1])
            return
        # A table row (类别：…；条件：…；标准：…) is one standard: its cells together name the item.
        for part in [sentence] if self.unit.table else re.split(r"[；;]", sentence):
            segments = [s for s in re.split(r"[，,；;|]" if self.unit.table else r"[，,]", part) if s.strip()]
            for index, segment in enumerate(segments):
                trigger = "，".join(segments[: index + 1])
                self.segment(segment, trigger)

    def segment(self, segment: str, trigger: str) -> None:
        if any(c in segment for c in cue_list("benefit", "local_standard")):
            return  # 最高可上浮50%: how far a province may set the standard, not a benefit (see refine)
        figures = [q for q in quantities(segment) if q.unit in cue_list("benefit", "paid_units") or (q.unit in cue_list("benefit", "cap_count_units") and _is_cap(segment, q))]
        figures = [q for q in figures if not (q.unit == "%" and _threshold(segment, q))]
        if not figures and self.made[self.here :]:
            self.period_limit(segment, self.made[-1])
        if not figures:
            if segment.startswith(tuple(cue_list("benefit", "qualifier"))):
                self.pending = segment
            return
        current = self.made[-1] if len(self.made) > self.here else None
        if any(w in segment for w in cue_list("benefit", "respectively")) and len([q for q in figures if q.unit == "元"]) > 1:
            self.respectively(segment, trigger, [q for q in figures if q.unit == "元"])
            return
        for q in figures:
            if q.unit == "%":
                self.add(trigger, rate=q.value)
            elif q.unit != "元":
                if current:
                    current.count_cap = int(q.value)
            elif any(b in segment for b in cue_list("benefit", "bonus")) and current:
                current.bonus = q.value
                current.bonus_for = next(iter(kinds_named(self.pending or segment)), None)
            elif _is_cap(segment, q):
                self.cap(segment, trigger, q, current)
            else:
                per = _per_word(next((w for w in cue_list("benefit", "per_item") if w in segment), ""))
                yearly = not per and per_full_year(segment[: q.start])
                each = (bool(per) and per not in cue_list("benefit", "per_applicant")) or yearly  # 每户: the applicant's own
                self.add(trigger, amount=q.value, per_item=each, per_word=per or ("每年" if yearly else ""), whole=yearly)
        self.pending = ""

    def cap(self, segment: str, trigger: str, q: Quantity, current: Benefit | None) -> None:
        qualifier = self.pending
        if qualifier and current:
            words = qualifier
            for cue in sorted(cue_list("benefit", "qualifier"), key=len, reverse=True):
                words = words.removeprefix(cue)
            current.sub_caps.append([words.rstrip("的"), q.value])
            return
        per = _per_word(next((w for w in cue_list("benefit", "per_item") if w in segment[: q.start]), ""))
        if any(t in segment for t in cue_list("benefit", "total_cues")) or (current is None and not item_of(trigger) and not per):
            self.caps.append(Cap(q.value, self.unit.text, self.unit.location))
        elif current:
            current.cap = q.value
        else:  # 每项资助最高50万元, 每人最高可补贴300元: the most one item (one person) can get
            self.add(trigger, amount=q.value, per_item=True, per_word=per or "最高每项")

    def period_limit(self, segment: str, benefit: Benefit) -> None:
        """补贴期限不超过6个月 / 最长为2年: at most so many of the benefit's time items are paid (in the item's
        own unit of time: months or years)."""
        if not any(c in segment for c in cue_list("benefit", "period_words")):
            return
        unit = lex()["items"].get(benefit.item, {}).get("unit")
        for q in quantities(segment):
            before = segment[: q.start]
            if q.unit == "年" and unit and (operator_around(segment, q) in ("<=", "<") or before.rstrip("为").endswith(cue_list("benefit", "longest"))):
                benefit.max_count = round(q.value * 12) if unit == "月" else q.value

    def respectively(self, segment: str, trigger: str, money: list[Quantity]) -> None:
        """获得中国专利银奖、优秀奖的，分别一次性奖励20万元、10万元: the n-th trigger gets the n-th amount."""
        head = trigger[: len(trigger) - len(segment)] or segment
        names = [n for n in re.split(r"、", head.rstrip("，的")) if n.strip()]
        for name, q in zip(names, money):
            self.add(name, amount=q.value)

    def step(self, benefit: Benefit, more: float) -> None:
        """招用3人以下的按每人2000元；招用4人以上的每增加1人给予3000元: one schedule in steps."""
        trigger = next(t for b, t in self.triggers if b is benefit)
        upto = [q for q in quantities(trigger) if q.unit in cue_list("count_units") and operator_around(trigger, q) in ("<=", "<")]
        if upto and benefit.amount is not None:
            benefit.steps, benefit.per_item = [[upto[-1].value, benefit.amount], [None, more]], True

    def add(self, trigger: str, **values: object) -> None:
        item = item_of(trigger)
        label = _label(item, trigger)
        same = [b for b in self.benefits if b.measure == self.unit.name and ((b.item == item and item) or (not item and b.label == label))]
        first = any(w in trigger for w in cue_list("benefit", "first_time"))
        if same and first and values.get("rate") is not None and same[0] in self.made:
            same[0].first_rate = float(values["rate"])  # type: ignore[arg-type]
            return
        steps = [q for q in quantities(trigger) if q.unit in cue_list("count_units")]
        if same and same[0] in self.made and values.get("amount") and steps and any(w in trigger for w in cue_list("benefit", "increments")):
            self.step(same[0], float(values["amount"]))  # type: ignore[arg-type]
            return
        if same:
            return  # the same standard again (a summary table repeats the articles)
        if values.get("rate") is not None and item and not lex()["items"][item].get("base"):
            return  # a percentage is of an amount paid (a premium, a contract), never of a count (参保职工人数)
        benefit = Benefit(self.unit.text, self.unit.location, item, label, measure=self.unit.name, **values)  # type: ignore[arg-type]
        self.benefits.append(benefit)
        self.made.append(benefit)
        self.triggers.append((benefit, trigger))


def read_benefits(units: list[Unit]) -> tuple[list[Benefit], list[Cap], str, list[tuple[Benefit, str]]]:
    """Benefits, policy-wide caps, the clause that pays only the highest award ("" when none), and each
    benefit's trigger (the words before its amount: 对…的企业，给予)."""
    triggers: list[tuple[Benefit, str]] = []
    benefits: list[Benefit] = []
    caps: list[Cap] = []
    highest = ""
    for unit in units:
        if any(cue_match(unit.text, c) for c in cue_list("benefit", "highest_only")):
            highest = highest or unit.text
        if not is_benefit(unit.text):
            continue
        reader = _Reader(unit, benefits, caps, triggers)
        for sentence in re.split(r"[。]", unit.text):
            if is_benefit(sentence) or _standard(sentence):
                reader.sentence(sentence)
        refine(unit.text, reader.made)
    return benefits, caps, highest, triggers


@derived
def _capped_by() -> re.Pattern[str]:
    lead, end = cue_list("benefit", "capped_by")
    return re.compile(rf"{re.escape(lead)}(.{{1,40}}?){re.escape(end)}")


def refine(text: str, made: list[Benefit]) -> None:
    """What a clause says of its standards besides their amounts: a standard each province sets within a
    range (最高可上浮20%，各省…确定具体限额标准) is the figure the applicant states, the policy's own being
    the default; 以其实际缴纳的税款为限 caps it by an amount the applicant states; a formula in months ÷ 12
    (工作月份÷12×定额标准) pays a per-person standard per person-year worked."""
    spec = lex()["benefit"]
    for sentence in re.split(r"[。；;]", text):
        if any(c in sentence for c in spec["local_standard"]):
            for benefit in made:
                if benefit.amount is not None and not benefit.tiers:
                    benefit.amount_from = spec["local_standard_field"]
        for match in _capped_by().finditer(sentence):
            if named := fields_for(match.group(1), ("amount",)):
                for benefit in made:
                    benefit.cap_from = benefit.cap_from or named[0][1]
        if any(c in sentence for c in spec["person_year_formula"]):
            for benefit in made:
                if benefit.per_item and benefit.per_word.startswith(tuple(spec["per_person"])):
                    benefit.item, benefit.label = spec["person_year_item"], lex()["items"][spec["person_year_item"]]["label"]
