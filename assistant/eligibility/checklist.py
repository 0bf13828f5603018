"""An eligibility check in words: the checklist (conditions ✓/✗/?, citations, amounts with their
arithmetic, what is missing) as the Markdown text of the chat's answer and of the audit log's record,
and the words each front end shows a verdict and a policy's extracted rules with. How they are laid out
— a rich table in the terminal, a table and Markdown on the web page — is the front ends' business
(assistant/terminal/eligibility.py, assistant/web/eligibility.py)."""

from __future__ import annotations

from assistant.answer.citations import markers
from assistant.eligibility.model import Benefit, Check, PolicyRules, PolicyVerdict, Test
from assistant.eligibility.reading import lex, shown, yuan
from assistant.eligibility.review import ORIGINS

MARKS = {"met": "✓", "failed": "✗", "unknown": "?"}
VERDICTS = {"eligible": "✓ 符合条件", "ineligible": "✗ 不符合条件", "needs_info": "? 还需补充信息"}  # plain marks: every font has them
STATUS_WORDS = {"met": "符合", "failed": "不符合", "unknown": "未知"}
# Whether the rules a verdict rests on were confirmed by the bureau's staff or read by the program alone.
REVIEWED = {True: "条件已经工作人员核对确认", False: "条件由程序自动提取，尚未经工作人员核对"}


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def amount_words(verdict: PolicyVerdict) -> str:
    return "—" if verdict.amount is None else shown(verdict.amount, "元")


def standard_words(benefit: Benefit) -> str:
    """A benefit's standard as the policy states it (每人每月3000元，最多6个；50%，最高5万元)."""
    if benefit.rate is not None:
        how = f"{yuan(benefit.rate)}%"
    elif benefit.steps:
        unit = benefit.per_word[-1:] or "件"
        how = "，".join(f"{'其余' if upto is None else f'前{yuan(upto)}{unit}'}每{unit}{shown(each, '元')}" for upto, each in benefit.steps)
    elif benefit.tiers:
        how = "，".join(f"{word or '其他'}{shown(amount, '元')}" for word, amount in benefit.tiers)
    elif benefit.amount_from:
        how = f"按{lex()['fields'].get(benefit.amount_from, {}).get('label', benefit.amount_from)}"
    else:
        how = f"{(benefit.per_word or '每件') if benefit.per_item else '一次'}{shown(benefit.amount or 0, '元')}"
    if benefit.bonus:
        how += f"，{lex()['applicant_labels'].get(benefit.bonus_for or '', '')}另加{yuan(benefit.bonus)}元"
    if benefit.cap is not None:
        how += f"，最高{shown(benefit.cap, '元')}"
    if benefit.max_count is not None:
        how += f"，最多{yuan(benefit.max_count)}{benefit.per_word[-1:] if benefit.per_word else '个'}"
    if benefit.count_cap is not None:
        how += f"，最多{benefit.count_cap}个"
    return how + "".join(f"，{w}最高{shown(v, '元')}" for w, v in benefit.sub_caps)


def _conditional(verdict: PolicyVerdict) -> list[str]:
    """What the policy would pay when the description does not give the figures: each standard of the
    measure judged, with what it depends on (首次认定为国家高新技术企业：一次20万元)."""
    schedule = [b for b in verdict.rules.benefits if not verdict.measure or b.measure == verdict.measure]
    return [f"{b.label}：{standard_words(b)}（{b.location}）" for b in schedule]


def verdict_markdown(verdict: PolicyVerdict, numbers: dict[tuple[str, str], int] | None = None) -> str:
    """One policy's checklist; `numbers` gives each cited clause its [n] in the chat."""
    rules = verdict.rules

    def where(location: str) -> str:
        n = (numbers or {}).get((rules.source, location))
        return f"{location} {markers([n])}" if n else location

    head = f"**《{rules.title}》**{f'·{verdict.measure}' if verdict.measure else ''}（{rules.source}）：{VERDICTS[verdict.verdict]}"
    if rules.superseded_by:
        head += f" · ⚠ 已被替代，不推荐（{rules.validity_note}）"
    elif not rules.valid:
        head += f" · ⚠ 已失效，不推荐（{rules.validity_note}）"
    lines = [head, "", f"（{REVIEWED[rules.corrected]}）", ""]
    if verdict.conditions:
        lines += ["| 条件 | 出处 | 判断 | 说明 |", "| --- | --- | :---: | --- |"]
        lines += [f"| {_cell(r.condition.text)} | {where(r.condition.location)} | {MARKS[r.status]} | {_cell(r.reason)} |"
                  for r in verdict.conditions]  # fmt: skip
        lines.append("")
    if verdict.benefits:
        lines += ["| 可享受 | 出处 | 计算 | 金额 |", "| --- | --- | --- | ---: |"]
        lines += [f"| {_cell(b.benefit.label)} | {where(b.benefit.location)} | {_cell(b.arithmetic)} | {shown(b.amount, '元')} |"
                  for b in verdict.benefits]  # fmt: skip
        if verdict.verdict == "ineligible":
            lines += ["", f"**不符合条件，不能获得。**（若符合，按标准为{amount_words(verdict)}：{verdict.arithmetic}）"]
        else:
            lines += ["", f"**{'合计' if verdict.verdict == 'eligible' else '若符合全部条件，可获'}：{amount_words(verdict)}**（{verdict.arithmetic}）"]
    elif (conditional := _conditional(verdict)):
        lines.append("**可获金额（按原文标准，取决于您属于哪种情形、件数或金额）：** " + "；".join(conditional))
    if verdict.failed:
        lines.append("\n**不符合：** " + "；".join(f"{r.condition.location} {r.condition.text}" for r in verdict.failed))
    if verdict.missing:
        lines.append("\n**还需说明：** " + "；".join(f"{i}. {m}" for i, m in enumerate(verdict.missing, 1)))
    if verdict.notes:
        lines.append("\n**注意：** " + "；".join(verdict.notes))
    if rules.valid and verdict.verdict != "ineligible":
        if rules.deadlines:
            lines.append("\n**申报时间：** " + "；".join(f"{text.rstrip('。')}（{loc}）" for text, loc in rules.deadlines))
        if rules.materials:
            lines.append("\n**申请材料：** " + "".join(text for text, _ in rules.materials))
    return "\n".join(lines)


def checklist_markdown(check: Check, numbers: dict[tuple[str, str], int] | None = None) -> str:
    """The whole answer: one block per policy (valid ones first)."""
    parts = [check.notice] if check.notice else []
    if not check.policies:
        parts.append("知识库中没有可对照的政策文件。")
    parts += [verdict_markdown(v, numbers) for v in check.policies]
    return "\n\n".join(parts)


def _test_words(test: object) -> str:
    assert isinstance(test, Test)
    label = lex()["fields"].get(test.field, {}).get("label", test.field or "需企业说明")
    if test.op == "kind":
        return f"申请人为{'、'.join(lex()['applicant_labels'][k] for k in test.kinds)}"
    if test.op == "in":
        return f"{label}在本地"
    if test.op == "is":
        return f"{label}：{'是' if test.expected else '否'}"
    if test.op == "band":
        return f"{label}按营业收入分档：" + "；".join(
            f"{'' if lo is None else shown(lo, '元')}~{'' if hi is None else shown(hi, '元')} ≥{yuan(p)}%"
            for lo, hi, p in test.bands
        )
    if test.op == "stated":
        return f"{label}（需企业说明）"
    sign = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}.get(test.op, test.op)
    if test.unit == "级":
        return f"{label} {sign} {lex()['title_levels'][int(test.value or 0)]}"
    return f"{label} {sign} {shown(test.value or 0, test.unit)}"


def rule_rows(rules: PolicyRules) -> list[list[str]]:
    """A policy's extracted rules as rows a staff member can check against the clauses."""
    rows = []
    for c in rules.conditions:
        tests = " 且 ".join(_test_words(t) for t in c.tests)
        alternatives = " 或 ".join("（" + " 且 ".join(_test_words(t) for t in alt) + "）" for alt in c.alternatives)
        rows.append(["不得申报的情形" if c.exclusion else "条件", c.location, c.text, tests or alternatives, ORIGINS.get(c.origin, c.origin)])
    for b in rules.benefits:
        rows.append(["待遇", b.location, b.text, f"{b.label}：{standard_words(b)}", ORIGINS.get(b.origin, b.origin)])
    rows += [["总额上限", c.location, c.text, shown(c.amount, "元"), ORIGINS["rules"]] for c in rules.caps]
    if rules.highest_only:
        rows.append(["就高不重复", "", rules.highest_only, "只取最高一项", ORIGINS["rules"]])
    rows += [["时间", loc, text, "", ORIGINS["rules"]] for text, loc in rules.deadlines]
    rows += [["材料", loc, text, "", ORIGINS["rules"]] for text, loc in rules.materials]
    rows.append(["有效性", "", rules.validity_note, "有效" if rules.valid else "已被替代" if rules.superseded_by else "已失效", ORIGINS["rules"]])
    return rows
