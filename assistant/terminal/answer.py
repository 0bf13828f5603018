"""How an answer looks in the terminal: text with [n] markers, a figures answer's chart as its values,
then the numbered sources."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from assistant.answer.model import Answer
from assistant.answer.numbers import UNVERIFIED_MARK


def render_answer(console: Console, answer: Answer) -> None:
    text = Text(answer.text)
    text.highlight_words([UNVERIFIED_MARK], style="bold red")
    console.print(text, soft_wrap=True)  # a figure must never be broken across lines
    if answer.chart:  # a figures answer: its chart's values (the picture is the web page's)
        console.print(f"图表 · {answer.chart.in_words()}", highlight=False, soft_wrap=True)
    if answer.notice:
        console.print(f"[yellow]提示：{answer.notice}[/yellow]")
    if answer.unverified_numbers:
        console.print(f"[bold red]⚠ 以下数字未在引用的依据中找到，请核实：{'、'.join(answer.unverified_numbers)}[/bold red]")
    for c in answer.citations:
        console.print(f"[bold cyan][{c.number}][/bold cyan] {c.source} · 《{c.title}》 {c.section}", highlight=False)
        passage = Text("    " + c.text, style="dim")
        if c.highlight:
            passage.highlight_words([c.highlight], style="bold")
        console.print(passage, soft_wrap=True)
