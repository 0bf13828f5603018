"""How an eligibility check looks: the checklist (conditions ✓/✗/?, citations, amounts with their
arithmetic, what is missing) as Markdown for the chat and the 政策体检 tab, in the terminal for
`bureau eligibility`, and a policy's extracted rules for staff to review."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from assistant.eligibility.model import Check, PolicyRules, PolicyVerdict, Test
from assistant.eligibility.reading import lex, shown, yuan

MARKS = {"met": "✓", "failed": "✗", "unknown": "?"}
VERDICTS = {"eligible": "✓ 符合条件", "ineligible": "✗ 不符合条件", "needs_info": "? 还需补充信息"}  # plain marks: every font has them
VERDICT_WORDS = {"eligible": "符合", "ineligible": "不符合", "needs_info": "待补充"}
STATUS_WORDS = {"met": "符合", "failed": "不符合", "unknown": "未知"}
POLICY_COLUMNS = ["政策", "结论", "可获金额（元）", "不符合的条款", "还需说明", "是否有效"]
RULE_COLUMNS = ["类别", "出处", "原文", "读取结果", "来源"]


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def amount_words(verdict: PolicyVerdict) -> str:
    return "—" if verdict.amount is None else f"{yuan(verdict.amount)}元"


def verdict_markdown(verdict: PolicyVerdict, numbers: dict[tuple[str, str], int] | None = None) -> str:
    """One policy's checklist; `numbers` gives each cited clause its [n] in the chat."""
    rules = verdict.rules

    def where(location: str) -> str:
        n = (numbers or {}).get((rules.source, location))
        return f"{location} [{n}]" if n else location

    head = f"**《{rules.title}》**（{rules.source}）：{VERDICTS[verdict.verdict]}"
    if not rules.valid:
        head += f" · ⚠ 已失效，不推荐（{rules.validity_note}）"
    lines = [head, ""]
    if verdict.conditions:
        lines += ["| 条件 | 出处 | 判断 | 说明 |", "| --- | --- | :---: | --- |"]
        lines += [f"| {_cell(r.condition.text)} | {where(r.condition.location)} | {MARKS[r.status]} | {_cell(r.reason)} |"
                  for r in verdict.conditions]  # fmt: skip
        lines.append("")
    if verdict.benefits:
        lines += ["| 可享受 | 出处 | 计算 | 金额 |", "| --- | --- | --- | ---: |"]
        lines += [f"| {_cell(b.benefit.label)} | {where(b.benefit.location)} | {_cell(b.arithmetic)} | {yuan(b.amount)}元 |"
                  for b in verdict.benefits]  # fmt: skip
        lines += ["", f"**合计：{amount_words(verdict)}**（{verdict.arithmetic}）"]
        if verdict.verdict != "eligible":
            lines.append("（金额为符合全部条件后可获得的数额）")
    elif rules.benefits:
        lines.append("金额：描述中没有可计算金额的依据（如专利件数、合同金额、认定情况）。")
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


def policy_rows(check: Check) -> list[list[str]]:
    """One row per policy for the 政策体检 table."""
    return [
        [v.rules.title, VERDICT_WORDS[v.verdict], "" if v.amount is None else yuan(v.amount),
         "；".join(f"{r.condition.location} {r.condition.text}" for r in v.failed),
         "；".join(v.missing), "有效" if v.rules.valid else f"已失效（{v.rules.validity_note}）"]  # fmt: skip
        for v in check.policies
    ]


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
        rows.append(["不得申报的情形" if c.exclusion else "条件", c.location, c.text, tests or alternatives, c.origin])
    for b in rules.benefits:
        how = (f"{yuan(b.rate)}%" if b.rate is not None else f"{(b.per_word or '每件') if b.per_item else '一次'}{shown(b.amount or 0, '元')}")
        if b.bonus:
            how += f"，{lex()['applicant_labels'].get(b.bonus_for or '', '')}另加{yuan(b.bonus)}元"
        if b.cap is not None:
            how += f"，最高{shown(b.cap, '元')}"
        if b.count_cap is not None:
            how += f"，最多{b.count_cap}个"
        how += "".join(f"，{w}最高{shown(v, '元')}" for w, v in b.sub_caps)
        rows.append(["待遇", b.location, b.text, f"{b.label}：{how}", b.origin])
    rows += [["总额上限", c.location, c.text, shown(c.amount, "元"), "rules"] for c in rules.caps]
    if rules.highest_only:
        rows.append(["就高不重复", "", rules.highest_only, "只取最高一项", "rules"])
    rows += [["时间", loc, text, "", "rules"] for text, loc in rules.deadlines]
    rows += [["材料", loc, text, "", "rules"] for text, loc in rules.materials]
    rows.append(["有效性", "", rules.validity_note, "有效" if rules.valid else "已失效", "rules"])
    return rows


def render_check(console: Console, check: Check) -> None:
    """The checklist in the terminal."""
    if check.notice:
        console.print(f"[yellow]{check.notice}[/yellow]")
    for verdict in check.policies:
        title = f"《{verdict.rules.title}》 {VERDICTS[verdict.verdict]}"
        if not verdict.rules.valid:
            title += f"  ⚠ 已失效，不推荐（{verdict.rules.validity_note}）"
        table = Table(title=title, show_lines=False, title_justify="left")
        for column in ("判断", "出处", "条件", "说明"):
            table.add_column(column, overflow="fold")
        for r in verdict.conditions:
            table.add_row(MARKS[r.status], r.condition.location, r.condition.text, r.reason)
        console.print(table)
        for b in verdict.benefits:
            console.print(f"  {b.benefit.location} {b.benefit.label}：{b.arithmetic}", highlight=False)
        if verdict.amount is not None:
            console.print(f"  [bold]合计：{amount_words(verdict)}[/bold]（{verdict.arithmetic}）", highlight=False)
        if verdict.missing:
            console.print("  还需说明：" + "；".join(verdict.missing), highlight=False)
        for note in verdict.notes:
            console.print(f"  [yellow]注意：{note}[/yellow]", highlight=False)
        console.print()


def render_rules(console: Console, rules: PolicyRules) -> None:
    table = Table(title=f"《{rules.title}》提取的条件与待遇" + ("（已人工校正）" if rules.corrected else ""), title_justify="left")
    for column in RULE_COLUMNS:
        table.add_column(column, overflow="fold")
    for row in rule_rows(rules):
        table.add_row(*row)
    console.print(table)
