"""The verdict of one policy for one enterprise: each condition met, failed or unknown (with the reason
and what the enterprise must still say), and each benefit its facts support, with the arithmetic."""

from __future__ import annotations

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
from assistant.eligibility.reading import cue_list, lex, shown, yuan

OPS = {"==": (lambda a, b: a == b, "="), ">=": (lambda a, b: a >= b, "≥"), "<=": (lambda a, b: a <= b, "≤"), ">": (lambda a, b: a > b, ">"),
       "<": (lambda a, b: a < b, "<")}  # fmt: skip


def _label(field: str) -> str:
    return lex()["fields"].get(field, {}).get("label", field) if field != "applicant" else "申请人类型"


def _ask(field: str) -> str:
    return lex()["fields"].get(field, {}).get("ask", _label(field)) if field != "applicant" else "申请人是企业、事业单位还是个人"


def _said(fact: Fact) -> str:
    return f"（您写道：“{fact.words}”）"


def _unknown(field: str, fact: Fact | None) -> tuple[Status, str, str]:
    if fact is not None and fact.conflict:
        unit = {"amount": "元", "years": "年", "percent": "%"}.get(lex()["fields"].get(field, {}).get("kind", ""), "")
        values = "、".join(shown(float(v), unit) if isinstance(v, float) else str(v) for v in [fact.value, *fact.conflict])
        return "unknown", f"{_label(field)}前后说法不一致（{values}），请核实后再判断", f"{_ask(field)}（请核实，前后不一致）"
    return "unknown", f"未说明{_label(field)}", _ask(field)


def _test(test: Test, facts: Facts, rules: PolicyRules, condition: Condition) -> tuple[Status, str, str]:
    """(status, reason, what to ask when unknown) for one test."""
    if not test.field:
        return "unknown", "需要企业说明是否符合本条", f"是否符合：{condition.text}"
    fact = facts.fields.get(test.field)
    if fact is None or fact.conflict:
        return _unknown(test.field, fact)
    if test.op == "kind":
        names = "、".join(lex()["applicant_labels"][k] for k in test.kinds)
        label = lex()["applicant_labels"].get(str(fact.value), str(fact.value))
        ok = fact.value in test.kinds
        return ("met" if ok else "failed"), f"申请人为{label}，本条适用于{names}", ""
    if test.op == "in":
        value = str(fact.value)
        home = rules.locality or "本地"
        ok = not value.startswith("非") and (value == "本县" or (rules.locality and rules.locality in value)
                                              or value.startswith("本"))  # fmt: skip
        note = f"（{fact.note}）" if fact.note else ""
        return ("met" if ok else "failed"), f"{_label(test.field)}：{value}{note}，本条要求在{home}{_said(fact)}", ""
    if test.op in ("is", "stated"):
        if test.op == "stated":
            ok = bool(fact.value)
        else:
            ok = bool(fact.value) == test.expected
        return ("met" if ok else "failed"), f"{_label(test.field)}：{'是' if fact.value else '否'}{_said(fact)}", ""
    if test.op == "band":
        revenue = facts.fields.get("revenue")
        if revenue is None or revenue.conflict:
            return _unknown("revenue", revenue)
        band = next((b for b in test.bands if (b[0] is None or revenue.value >= b[0]) and (b[1] is None or revenue.value <= b[1])), None)
        if band is None:
            return "unknown", "营业收入不在本条所列的任何档次内", _ask("revenue")
        ok = float(fact.value) >= band[2]
        return ("met" if ok else "failed"), (
            f"营业收入{shown(float(revenue.value), '元')}，该档要求{_label(test.field)}≥{yuan(band[2])}%，"
            f"您的为{yuan(float(fact.value))}%{_said(fact)}"
        ), ""
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
        if benefit.cap is not None and amount > benefit.cap:
            amount = benefit.cap
            steps += f"，最高{yuan(benefit.cap)}元，取{yuan(benefit.cap)}元"
        return BenefitResult(benefit, amount, steps)
    if benefit.amount is None:
        return None
    count = facts.counts.get(item)
    event = facts.events.get(item)
    if count is None and event is None:
        return None
    each = benefit.amount
    bonus = benefit.bonus if benefit.bonus and benefit.bonus_for in (None, kind) else 0.0
    unit_words = f"({yuan(each)}+{yuan(bonus)})元" if bonus else f"{yuan(each)}元"
    if not benefit.per_item:
        return BenefitResult(benefit, each + bonus, f"{unit_words}")
    n = float(count.value) if count is not None else 1.0
    per = facts.per.get(item)
    if per is not None:
        times = float(per.value) if benefit.count_cap is None else min(float(per.value), benefit.count_cap)
        capped = f"（同一项最多{benefit.count_cap}个）" if benefit.count_cap is not None and float(per.value) > benefit.count_cap else ""
        amount = n * times * (each + bonus)
        return BenefitResult(benefit, amount, f"{yuan(n)}件×{yuan(times)}个{capped}×{unit_words}")
    amount = n * (each + bonus)
    if benefit.cap is not None and each + bonus > benefit.cap:
        amount = n * benefit.cap
    return BenefitResult(benefit, amount, f"{yuan(n)}件×{unit_words}")


def _total(results: list[BenefitResult], rules: PolicyRules) -> tuple[float | None, str]:
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
        if total > cap.amount:
            total = cap.amount
            steps += f"；超过上限，按{cap.location}取{yuan(cap.amount)}元"
    return total, steps


def judge(rules: PolicyRules, facts: Facts) -> PolicyVerdict:
    """The verdict of one policy: eligible, ineligible (naming the clause) or needs_info (naming what to say)."""
    results, notes = [], []
    for condition in rules.conditions:
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
    benefits = [b for b in (compute(b, facts, kind) for b in rules.benefits) if b is not None]
    amount, arithmetic = _total(benefits, rules)
    if not rules.conditions:
        notes.insert(0, "未从该文件中读到申请条件，结论仅供参考，请向主管部门确认")
    if not rules.valid:
        notes.insert(0, f"该政策已失效或尚未施行（{rules.validity_note}），不推荐申请")
    return PolicyVerdict(rules, verdict, results, benefits, amount, arithmetic, missing, notes)
