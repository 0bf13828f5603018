"""What `bureau eligibility` and `bureau policy-rules` do and how they print (a check's checklist and a
policy's extracted rules as rich tables), kept beside the CLI so cli.py only declares the options. Each
returns the exit code: 0 done, 1 a policy or file not found, 2 bad input."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from assistant.access import LOCAL_USER
from assistant.config import load_settings
from assistant.eligibility import Eligibility, PolicyNotFoundError, record_check
from assistant.eligibility.checklist import MARKS, REVIEWED, VERDICTS, amount_words, rule_rows
from assistant.eligibility.model import Check, PolicyRules
from assistant.eligibility.service import configured_llm
from assistant.labels import labels

WORDS = labels("terminal")


def _checker(kb: str | None) -> tuple[Eligibility, list[str]]:
    settings = load_settings()
    kbs = [kb] if kb else [settings.kb]
    return Eligibility(settings, kbs, configured_llm(settings)), kbs


def run_eligibility(lines: list[str], kb: str | None, policy: str | None, as_json: bool, out: Console, err: Console) -> int:
    checker, kbs = _checker(kb)
    try:
        checker.select(policy)
    except PolicyNotFoundError as exc:
        err.print(f"[red]✗[/red] {exc}")
        return 1
    if not checker.policies():
        err.print(f"[red]✗[/red] 知识库「{kbs[0]}」中没有政策文件（办法、细则、通知等），请先用 bureau ingest 导入")
        return 1
    for line in lines:
        check = checker.check(line, policy)
        record_check(checker.settings, LOCAL_USER, kbs, check, conversation="命令行政策体检")
        if as_json:
            print(json.dumps(check.as_json(), ensure_ascii=False), flush=True)
        else:
            render_check(out, check)
    return 0


def run_policy_rules(word: str, kb: str | None, correct: Path | None, reset: bool, as_json: bool, out: Console, err: Console) -> int:
    checker, _ = _checker(kb)
    try:
        policies = checker.select(word)
    except PolicyNotFoundError as exc:
        err.print(f"[red]✗[/red] {exc}")
        return 1
    if (correct or reset) and len(policies) > 1:
        err.print("[red]✗[/red] 有多份政策的标题含该词，请给出文件名：" + "、".join(p.rules.source for p in policies))
        return 2
    if reset:
        checker.reset(policies[0].rules.source, LOCAL_USER)
        err.print(f"已撤销对《{policies[0].rules.title}》的确认，将重新从文件提取")
        policies = checker.select(policies[0].rules.source)
    elif correct:
        try:
            data = json.loads(correct.read_text(encoding="utf-8"))
            rules = checker.correct(policies[0].rules.source, data, LOCAL_USER)
        except (OSError, json.JSONDecodeError, TypeError, KeyError) as exc:
            err.print(f"[red]✗[/red] 校正文件无法使用（{exc}）。请先用 --json 导出，修改后再写回")
            return 2
        err.print(f"已确认《{rules.title}》的条件（含校正）")
        policies = checker.select(rules.source)
    for policy in policies:
        if as_json:
            print(json.dumps(policy.rules.as_dict(), ensure_ascii=False, indent=1), flush=True)
        else:
            render_rules(out, policy.rules)
            for line in checker.review(policy.rules.source).lines(checker.settings.app.timezone):
                out.print(line, highlight=False, markup=False)
    return 0


def render_check(console: Console, check: Check) -> None:
    """The checklist in the terminal."""
    if check.notice:
        console.print(f"[yellow]{check.notice}[/yellow]")
    for verdict in check.policies:
        title = f"《{verdict.rules.title}》 {VERDICTS[verdict.verdict]}"
        if not verdict.rules.valid:
            title += f"  ⚠ {WORDS['superseded'] if verdict.rules.superseded_by else WORDS['expired']}，不推荐（{verdict.rules.validity_note}）"
        table = Table(title=title, caption=REVIEWED[verdict.rules.corrected], caption_justify="left", show_lines=False,
                      title_justify="left")  # fmt: skip
        for column in WORDS["check_columns"]:
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
    for column in WORDS["rule_columns"]:
        table.add_column(column, overflow="fold")
    for row in rule_rows(rules):
        table.add_row(*row)
    console.print(table)
