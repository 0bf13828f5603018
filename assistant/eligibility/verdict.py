"""The verdict of one policy for one enterprise: each condition met, failed or unknown (with the reason
and what the enterprise must still say), and each benefit its facts support, with the arithmetic."""

from __future__ import annotations

import re

from assistant.eligibility.model import (
    Benefit,
    BenefitResult,
    Condition,
    ConditionResult,
    Fact,
    Facts,
    PolicyRules,
    PolicyVerdict,
    Status,
    Test,
)
from assistant.eligibility.reading import cue_list, field_unit, lex, shown, yuan
from assistant.eligibility.scope import named_in
from language.places import Place, read_place

OPS = {"==": (lambda a, b: a == b, "="), ">=": (lambda a, b: a >= b, "≥"), "<=": (lambda a, b: a <= b, "≤"), ">": (lambda a, b: a > b, ">"),
       "<": (lambda a, b: a < b, "<")}  # fmt: skip


def _label(field: str) -> str:
    if field == "applicant":
        return "申请人类型"
    spec = lex()["fields"].get(field) or lex()["items"].get(field) or {}
    return spec.get("label", field)


def _ask(field: str) -> str:
    return lex()["fields"].get(field, {}).get("ask", _label(field)) if field != "applicant" else "申请人是企业、事业单位还是个人"


def _said(fact: Fact) -> str:
    return f"（您写道：“{fact.words}”）"


def _unknown(field: str, fact: Fact | None) -> tuple[Status, str, str]:
    if fact is not None and fact.conflict:
        unit = field_unit(field)
        values = "、".join(shown(float(v), unit) if isinstance(v, float) else str(v) for v in [fact.value, *fact.conflict])
        return "unknown", f"{_label(field)}前后说法不一致（{values}），请核实后再判断", f"{_ask(field)}（请核实，前后不一致）"
    return "unknown", f"未说明{_label(field)}", _ask(field)


def fact_of(facts: Facts, name: str) -> Fact | None:
    """A stated field, or an item the enterprise counts (见习人员) or pays for (租金)."""
    return facts.fields.get(name) or facts.counts.get(name) or facts.bases.get(name)


def _measured(test: Test, facts: Facts) -> tuple[Fact | None, list[float], str]:
    """The fact a test compares, its values (each one when `each`), and the field to ask for when unknown:
    a ratio field ÷ per is in %."""
    fact = fact_of(facts, test.field)
    if fact is None or fact.conflict or not isinstance(fact.value, (int, float)) or isinstance(fact.value, bool):
        return fact, [], test.field
    values = [float(v) for v in fact.series] if test.each and fact.series else [float(fact.value)]
    if test.per:
        whole = fact_of(facts, test.per)
        if whole is None or whole.conflict or not whole.value:
            return whole, [], test.per
        values = [round(v / float(whole.value) * 100, 9) for v in values]  # type: ignore[arg-type]  # 36÷120 is 30%, not 30.000000000000004
    return fact, values, test.field


def _band_of(bands: list[list[float | None]], value: float) -> list[float | None] | None:
    return next((b for b in bands if (b[0] is None or value >= b[0]) and (b[1] is None or value <= b[1])), None)


def _score(test: Test, facts: Facts) -> tuple[Status, str, str]:
    """A points score: each part gives the points of its best band; the total must reach `value`."""
    total, unknown, said = 0.0, [], []
    for part in test.parts:
        best: tuple[float, str] | None = None
        for option in part:
            _, values, _ = _measured(option, facts)
            band = _band_of(option.bands, values[0]) if values else None
            if band is not None and (best is None or float(band[2] or 0) > best[0]):
                best = (float(band[2] or 0), option.field)
        if best is None:
            unknown.append(next((o.field for o in part if o.field), ""))
        else:
            total += best[0]
            said.append(f"{_label(best[1])}{yuan(best[0])}分")
    need = test.value or 0
    if total >= need:
        return "met", f"评分{yuan(total)}分（{'，'.join(said)}），要求≥{yuan(need)}分", ""
    if unknown:
        return "unknown", f"已知部分评分{yuan(total)}分，尚缺{'、'.join(_label(f) for f in unknown)}", "、".join(_ask(f) for f in unknown)
    return "failed", f"评分{yuan(total)}分（{'，'.join(said)}），要求≥{yuan(need)}分", ""


def _band(test: Test, facts: Facts) -> tuple[Status, str, str]:
    """A threshold that depends on another fact: the band `by` falls in gives the minimum (in %)."""
    selector = test.by or "revenue"
    picked = fact_of(facts, selector)
    if picked is None or picked.conflict:
        return _unknown(selector, picked)
    band = _band_of(test.bands, float(picked.value))  # type: ignore[arg-type]
    if band is None:
        return "unknown", f"{_label(selector)}不在本条所列的任何档次内", _ask(selector)
    fact, values, missing = _measured(test, facts)
    if not values:
        return _unknown(missing, fact)
    ok = all(v >= float(band[2] or 0) for v in values)
    said = _said(fact) if fact is not None and not test.per else ""
    return ("met" if ok else "failed"), (
        f"{_label(selector)}{shown(float(picked.value), field_unit(selector))}，该档要求{_label(test.field)}≥{yuan(float(band[2] or 0))}%，"  # type: ignore[arg-type]
        f"您的为{'、'.join(yuan(v) for v in values)}%{said}"
    ), ""


def _test(test: Test, facts: Facts, rules: PolicyRules, condition: Condition) -> tuple[Status, str, str]:
    """(status, reason, what to ask when unknown) for one test."""
    if test.op == "score":
        return _score(test, facts)
    if not test.field:
        return "unknown", "需要企业说明是否符合本条", f"是否符合：{condition.text}"
    if test.op == "band":
        return _band(test, facts)
    if test.per or test.each or test.field not in facts.fields:
        fact, values, missing = _measured(test, facts)
        if test.op in OPS and test.value is not None and (values or fact is None or missing != test.field):
            if not values:
                return _unknown(missing, fact_of(facts, missing))
            compare, sign = OPS[test.op]
            ok = all(compare(v, test.value) for v in values)
            unit = "%" if test.per else test.unit
            shown_values = "、".join(shown(v, unit) for v in values)
            return ("met" if ok else "failed"), f"{_label(test.field)}{shown_values}，要求{sign}{shown(test.value, unit)}", ""
    fact = facts.fields.get(test.field)
    if fact is None or fact.conflict:
        return _unknown(test.field, fact)
    if test.op == "one_of":  # a stated choice (学历, 地区, 行业) must be one of the listed ones
        ok = any(_matches(fact.value, k) for k in test.kinds)
        return ("met" if ok else "failed"), f"{_label(test.field)}：{fact.value}，本条适用于{'、'.join(test.kinds)}{_said(fact)}", ""
    if test.op == "kind":
        names = "、".join(lex()["applicant_labels"][k] for k in test.kinds)
        label = lex()["applicant_labels"].get(str(fact.value), str(fact.value))
        ok = fact.value in test.kinds or any(k in lex()["applicant_includes"].get(str(fact.value), []) for k in test.kinds)
        return ("met" if ok else "failed"), f"申请人为{label}，本条适用于{names}", ""
    if test.op == "in":
        value = str(fact.value)
        place = test.kinds[0] if test.kinds else rules.locality  # the clause's own place, else the policy's
        home = place or "本地"
        at = fact.value if isinstance(fact.value, Place) else read_place(value)
        ok = at is not None and not at.negated and (at.home or bool(place and place in at.name))
        note = f"（{fact.note}）" if fact.note else ""
        return ("met" if ok else "failed"), f"{_label(test.field)}：{value}{note}，本条要求在{home}{_said(fact)}", ""
    if test.op in ("is", "stated"):
        if test.op == "stated":
            ok = bool(fact.value)
        else:
            ok = bool(fact.value) == test.expected
        return ("met" if ok else "failed"), f"{_label(test.field)}：{'是' if fact.value else '否'}{_said(fact)}", ""

    if test.op in OPS and test.value is not None:
        compare, sign = OPS[test.op]
        ok = compare(float(fact.value), test.value)
        if test.unit and test.field in lex()["fields"] and lex()["fields"][test.field]["kind"] == "level":
            levels = cue_list("title_levels")
            have, need = levels[int(fact.value)], levels[int(test.value)]
            return ("met" if ok else "failed"), f"{_label(test.field)}：{have}，要求{sign}{need}{_said(fact)}", ""
        return ("met" if ok else "failed"), (
            f"{_label(test.field)}{shown(float(fact.value), test.unit)}，要求{sign}{shown(test.value, test.unit)}{_said(fact)}"
        ), ""
    return "unknown", f"无法判断{_label(test.field)}", _ask(test.field)


def _all(tests: list[Test], facts: Facts, rules: PolicyRules, condition: Condition) -> tuple[Status, list[str], list[str]]:
    results = [_test(t, facts, rules, condition) for t in tests]
    statuses = [r[0] for r in results]
    status: Status = "failed" if "failed" in statuses else "unknown" if "unknown" in statuses else "met"
    deciding = [r for r in results if r[0] == status] or results
    return status, [r[1] for r in deciding], [r[2] for r in results if r[0] == "unknown" and r[2]]


def evaluate(condition: Condition, facts: Facts, rules: PolicyRules) -> ConditionResult:
    if not condition.alternatives:
        status, reasons, missing = _all(condition.tests, facts, rules, condition)
        return ConditionResult(condition, status, "；".join(dict.fromkeys(reasons)), list(dict.fromkeys(missing)))
    options = [_all(alt, facts, rules, condition) for alt in condition.alternatives]
    met = [o for o in options if o[0] == "met"]
    if met:
        return ConditionResult(condition, "met", "；".join(met[0][1]))
    if all(o[0] == "failed" for o in options):
        reasons = dict.fromkeys(r for o in options for r in o[1])
        return ConditionResult(condition, "failed", "以下情形均不符合：" + "；".join(reasons))
    missing = dict.fromkeys(m for o in options if o[0] == "unknown" for m in o[2])
    return ConditionResult(condition, "unknown", "满足其中一种情形即可，尚不能确定", list(missing))


def _stated(facts: Facts, name: str) -> float | None:
    fact = fact_of(facts, name)
    if fact is None or fact.conflict or isinstance(fact.value, bool) or not isinstance(fact.value, (int, float)):
        return None
    return float(fact.value)


def _matches(value: object, word: object) -> bool:
    """A stated choice (硕士, 珠三角) is the tier's or option's word, or holds it."""
    return str(word) in str(value) or str(value) in str(word)


def _each(benefit: Benefit, facts: Facts) -> tuple[float, str] | None:
    """The 元 per item: fixed, by the tier a fact falls in, or a figure the enterprise states (a local 定额)."""
    if benefit.amount_from:
        value = _stated(facts, benefit.amount_from)
        return None if value is None else (value, f"{_label(benefit.amount_from)}{yuan(value)}元")
    if benefit.tiers:
        fact = fact_of(facts, benefit.by)
        if fact is None or fact.conflict:
            return None
        tier = next((t for t in benefit.tiers if t[0] is not None and _matches(fact.value, t[0])), None)
        tier = tier or next((t for t in benefit.tiers if t[0] is None), None)
        return None if tier is None else (float(tier[1]), f"{fact.value}{yuan(float(tier[1]))}元")
    return None if benefit.amount is None else (benefit.amount, "")


def amount_missing(benefit: Benefit, facts: Facts) -> list[str]:
    """What the enterprise must state before the amount can be computed at all (a local 定额, the tax due)."""
    return [_ask(f) for f in (benefit.amount_from, benefit.cap_from) if f and _stated(facts, f) is None]


def _count(benefit: Benefit, n: float) -> tuple[float, str]:
    """The items paid: whole ones only when the policy pays per full item, at most max_count."""
    note = ""
    if benefit.whole and n != int(n):
        n, note = float(int(n)), "（按整数计）"
    if benefit.max_count is not None and n > benefit.max_count:
        n, note = benefit.max_count, f"（最多{yuan(benefit.max_count)}）"
    return n, note


def _stepped(benefit: Benefit, n: float) -> tuple[float, str]:
    """[[up to N, 元 each], …, [None, 元 each]]: the first N items at the first rate, the next at the next."""
    amount, done, words = 0.0, 0.0, []
    for upto, each in benefit.steps:
        take = n - done if upto is None else max(0.0, min(n, float(upto)) - done)
        if take > 0:
            amount += take * float(each)
            words.append(f"{yuan(take)}×{yuan(float(each))}元")
        done += take
    return amount, "+".join(words)


def _capped(benefit: Benefit, facts: Facts, amount: float, steps: str) -> tuple[float, str]:
    if benefit.cap is not None and amount > benefit.cap:
        amount, steps = benefit.cap, f"{steps}，最高{yuan(benefit.cap)}元，取{yuan(benefit.cap)}元"
    limit = _stated(facts, benefit.cap_from) if benefit.cap_from else None
    if limit is not None and amount > limit:
        amount, steps = limit, f"{steps}，以{_label(benefit.cap_from)}{yuan(limit)}元为限"
    return amount, steps


def compute(benefit: Benefit, facts: Facts, kind: object) -> BenefitResult | None:
    """The amount one benefit pays on the facts, with its arithmetic; None when the facts do not give it."""
    item = benefit.item
    if benefit.rate is not None:
        base = facts.bases.get(item)
        if base is None or base.conflict:
            return None
        first = facts.fields.get("first_time")
        rate = benefit.first_rate if benefit.first_rate is not None and first is not None and first.value else benefit.rate
        amount = float(base.value) * rate / 100
        steps = f"{yuan(float(base.value))}元×{yuan(rate)}%{'（首次申请）' if rate != benefit.rate else ''}={yuan(amount)}元"
        for words, ceiling in benefit.sub_caps:
            core = words.removesuffix("服务")
            if core and core in base.words and amount > ceiling:
                amount = ceiling
                steps += f"，{words}最高{yuan(ceiling)}元，取{yuan(ceiling)}元"
        amount, steps = _capped(benefit, facts, amount, steps)
        return BenefitResult(benefit, amount, steps)
    count = facts.counts.get(item)
    event = facts.events.get(item)
    if count is None and event is None and (benefit.item or not benefit.measure) and (benefit.per_item or not (benefit.amount_from or benefit.tiers or benefit.measure)):
        # an item's award needs the item; a measure's fixed sum is paid once its conditions hold
        return None
    if count is not None and count.conflict:
        return None
    if benefit.steps:
        n, note = _count(benefit, float(count.value) if count is not None else 1.0)  # type: ignore[arg-type]
        amount, steps = _stepped(benefit, n)
        amount, steps = _capped(benefit, facts, amount, f"{steps}{note}={yuan(amount)}元")
        return BenefitResult(benefit, amount, steps)
    found = _each(benefit, facts)
    if found is None:
        return None
    each, source = found
    bonus = benefit.bonus if benefit.bonus and benefit.bonus_for in (None, kind) else 0.0
    unit_words = f"({yuan(each)}+{yuan(bonus)})元" if bonus else (f"{source}" if source else f"{yuan(each)}元")
    if not benefit.per_item:
        amount, steps = _capped(benefit, facts, each + bonus, unit_words)
        return BenefitResult(benefit, amount, steps)
    n, note = _count(benefit, float(count.value) if count is not None else 1.0)  # type: ignore[arg-type]  # 每人 of a measure: the applicant
    per = facts.per.get(item)
    if per is not None:
        times = float(per.value) if benefit.count_cap is None else min(float(per.value), benefit.count_cap)
        capped = f"（同一项最多{benefit.count_cap}个）" if benefit.count_cap is not None and float(per.value) > benefit.count_cap else ""
        amount = n * times * (each + bonus)
        return BenefitResult(benefit, amount, f"{yuan(n)}件×{yuan(times)}个{capped}×{unit_words}")
    if benefit.cap is not None and each + bonus > benefit.cap:  # 每项最高: the cap is per item
        return BenefitResult(benefit, n * benefit.cap, f"{yuan(n)}件×{unit_words}")
    unit = benefit.per_word[1:] if len(benefit.per_word) == 2 and benefit.per_word.startswith("每") else "件"
    amount, steps = _capped(benefit, facts, n * (each + bonus), f"{yuan(n)}{unit}{note}×{unit_words}")
    return BenefitResult(benefit, amount, steps)


def _total(results: list[BenefitResult], rules: PolicyRules, where: set[str] | None = None) -> tuple[float | None, str]:
    """The sum (or the highest, 就高), within the policy's caps — for one measure, the caps of its own clauses."""
    if not results:
        return None, ""
    if rules.highest_only and len(results) > 1:
        best = max(results, key=lambda r: r.amount)
        total = best.amount
        steps = f"按就高原则取最高一项：{best.arithmetic} = {yuan(total)}元"
    else:
        total = sum(r.amount for r in results)
        steps = " + ".join(r.arithmetic for r in results)
        if not (len(results) == 1 and steps.endswith(f"{yuan(total)}元")):
            steps += f" = {yuan(total)}元"
    for cap in rules.caps:
        if where is not None and cap.location not in where:
            continue
        if total > cap.amount:
            total = cap.amount
            steps += f"；超过上限，按{cap.location}取{yuan(cap.amount)}元"
    return total, steps


def _judge_measure(rules: PolicyRules, facts: Facts, measure: str) -> PolicyVerdict:
    """The verdict of one measure of a policy (the whole policy when `measure` is "")."""
    results, notes = [], []
    for condition in rules.conditions:
        if measure and condition.measures and measure not in condition.measures:
            continue
        result = evaluate(condition, facts, rules)
        if condition.exclusion and result.status != "failed":
            notes.append(f"{condition.location}：{condition.text.rstrip('。；;')}")  # a case that would rule it out, not stated
            continue
        if condition.exclusion:
            result.reason = f"存在本条所列不得申报的情形{result.reason and '：' + result.reason.split('：', 1)[-1]}"
        results.append(result)
    statuses = {r.status for r in results}
    verdict = "ineligible" if "failed" in statuses else "needs_info" if "unknown" in statuses else "eligible"
    missing = list(dict.fromkeys(m for r in results if r.status == "unknown" for m in r.missing))
    kind = facts.fields["applicant"].value if "applicant" in facts.fields else None
    schedule = [b for b in rules.benefits if not measure or b.measure == measure]
    benefits = [b for b in (compute(b, facts, kind) for b in schedule) if b is not None]
    if not benefits and verdict != "ineligible":
        needed = list(dict.fromkeys(m for b in schedule for m in amount_missing(b, facts)))
        if needed:  # the amount rests on figures only the applicant has (a local 定额, the tax due)
            verdict, missing = "needs_info", list(dict.fromkeys([*missing, *needed]))
    amount, arithmetic = _total(benefits, rules, {b.location for b in schedule} if measure else None)
    if not rules.conditions:
        notes.insert(0, "未从该文件中读到申请条件，结论仅供参考，请向主管部门确认")
    if rules.superseded_by:
        notes.insert(0, f"该政策已被《{rules.superseded_by}》替代，不推荐申请")
    elif not rules.valid:
        notes.insert(0, f"该政策已失效或尚未施行（{rules.validity_note}），不推荐申请")
    return PolicyVerdict(rules, verdict, results, benefits, amount, arithmetic, missing, notes, measure)


def asked(text: str) -> str:
    """The question of a description: what follows its last full stop (…租金补贴能拿吗？能拿多少？)."""
    sentences = [s for s in re.split(r"[。！!\n]", text) if s.strip()]
    return sentences[-1] if sentences else text


def judge(rules: PolicyRules, facts: Facts, question: str = "") -> PolicyVerdict:
    """The verdict of one policy: eligible, ineligible (naming the clause) or needs_info (naming what to say).
    A policy of several measures is judged on the measure the question names; when it names none, on
    the measure the enterprise comes closest to (fewest failed conditions, most met, an amount)."""
    names = rules.measures()
    if not names:
        return _judge_measure(rules, facts, "")
    ask = asked(question or facts.text)
    verdicts = [_judge_measure(rules, facts, name) for name in names]

    def rank(v: PolicyVerdict) -> tuple[int, int, int, int, int, bool]:
        statuses = [r.status for r in v.conditions]
        return (*named_in(rules, v.measure, ask), -statuses.count("failed"), statuses.count("met"), v.amount is not None)

    return max(verdicts, key=rank)
