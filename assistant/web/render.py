"""How the web app shows things: answers, cited passages with the supporting sentence marked, ingest
results, document lists and the status page. Pure functions from data to Markdown/HTML/table rows."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from assistant.answer.model import Answer, Citation
from assistant.clock import local_time
from assistant.drafting import Draft, DraftDataError, all_topics, topics_for
from assistant.knowledge import STATUS_LABELS, FileOutcome
from language.text import split_sentences
from vectorstore.manifest import DocumentRecord, FileRecord

OUTCOME_COLUMNS = ["文件", "结果", "段落数", "原因", "建议"]
DOCUMENT_COLUMNS = ["文件", "标题", "文种", "年份", "段落数", "入库时间"]
NO_SOURCES = '<div class="sources-empty">提问后，这里显示回答所依据的原文段落。</div>'
SEARCHING = '<div class="sources-empty">正在查找依据……</div>'
NONE_CITED = '<div class="sources-empty" data-count="0">这次回答没有可引用的依据。</div>'
CHART_LINK = "[查看本回答的图表](#figures-chart)"  # the page's script scrolls to the chart instead of following the link


MARKER = re.compile(r"\[(\d{1,2})\](?!\()")


MARKDOWN_ACTIVE = re.compile(r"[\\!():$]")  # what makes Markdown fetch or link: ![](…), [](…), [x]: …, $$…$$
# a table's delimiter row (| --- | :---: |): only bars, dashes, colons and blanks, so it can neither link nor
# load anything, and a backslash before its colons would stop the table from being one
TABLE_RULE = re.compile(r"^[ \t]*\|?(?:[ \t]*(?:\\:)?-+(?:\\:)?[ \t]*\|)+[ \t]*(?:(?:\\:)?-+(?:\\:)?[ \t]*)?$", re.M)


def as_text(text: str) -> str:
    """Text from a document or a user shown in a Markdown message: HTML is escaped and the characters that
    make an image, a link or a formula are backslash-escaped, so it shows as the text it is and the page
    loads and runs nothing (tables, emphasis and [n] markers keep working)."""
    escaped = MARKDOWN_ACTIVE.sub(lambda m: "\\" + m[0], escape(text, quote=False))
    return TABLE_RULE.sub(lambda m: m[0].replace("\\:", ":"), escaped)


def card_id(answer_key: str, number: int) -> str:
    """The id of source card `number` of one answer: every answer of a conversation numbers its sources
    from [1], so the answer's key (its place in the chat) keeps the cards of different answers apart."""
    return f"source-{answer_key}-{number}"


def linked_markers(text: str, numbers: set[int], answer_key: str) -> str:
    """[n] of a cited source becomes a link to that answer's card n; the page's script scrolls to the card
    and makes it flash. Markers without a card stay plain text."""
    return MARKER.sub(lambda m: f"[[{m[1]}]](#{card_id(answer_key, int(m[1]))})" if int(m[1]) in numbers else m[0], text)


def answer_markdown(answer: Answer, answer_key: str) -> str:
    """The final chat message: the answer with its [n] markers linked to its own cards, a pointer to its
    chart, any notice, and unverified figures flagged; the text escaped first, since an answer quotes documents."""
    parts = [linked_markers(as_text(answer.text), {c.number for c in answer.citations}, answer_key)]
    if answer.chart is not None:  # the chart sits below the 依据 panel, out of sight on a laptop screen
        parts.append(CHART_LINK)
    if answer.unverified_numbers:
        parts.append(as_text(f"⚠ 未核实：{'、'.join(answer.unverified_numbers)}（依据中找不到这些数字，请人工核对）"))
    if answer.notice:
        parts.append(as_text(f"ℹ️ {answer.notice}"))
    return "\n\n".join(parts)


def highlight_html(text: str, highlight: str) -> str:
    """The passage, escaped, with the supporting sentence(s) in <mark>; sentences not found stay plain."""
    spans: list[tuple[int, int]] = []
    pieces = [highlight.strip()] if highlight.strip() in text else split_sentences(highlight, clauses=True)
    for piece in (p.strip() for p in pieces):
        start = text.find(piece) if piece else -1
        if start >= 0:
            spans.append((start, start + len(piece)))
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            start = last
        if start >= end:
            continue
        out += [escape(text[last:start]), f"<mark>{escape(text[start:end])}</mark>"]
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def kb_label(name: str, labels: Mapping[str, str]) -> str:
    """What users see for a knowledge base: its display name from the settings (default → 公共知识库)."""
    return labels.get(name, name)


def kb_choices(names: Sequence[str], labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """Dropdown choices that show display names and keep the real names as values."""
    return [(kb_label(n, labels), n) for n in names]


def kb_note(label: str, exists: bool, public: bool) -> str:
    """What the 文档 tab's chosen knowledge base is: a name typed there creates a base at the first upload,
    and who may search it (public_kbs in the settings say which bases enterprises may read)."""
    who = "公开知识库：企业账号也能检索" if public else "内部知识库：只有工作人员能检索，企业账号看不到"
    if exists:
        return f"「{as_text(label)}」是{who}。"
    return (f"「{as_text(label)}」还不存在：导入文件时将新建这个知识库，它是{who}，导入后即可在对话中检索。"
            + ("" if public else "如需对企业公开，请管理员在配置中把它列为公开知识库。"))  # fmt: skip


def sources_html(answer: Answer, labels: Mapping[str, str], answer_key: str) -> str:
    """The 依据 of one finished answer: its cited passages, or for a draft the data its figures come from."""
    if answer.draft is not None:
        return draft_sources_html(answer.draft)
    return citations_html(answer.citations, labels, answer_key)


def sources_panel(groups: Sequence[tuple[str, str]], current: str | None = None) -> str:
    """The 依据 panel of a conversation: the sources of every answer so far, as (answer key, html), the key
    being which question of the conversation the answer answers (第n问的依据); the newest is shown (or
    `current`, e.g. 正在查找依据……, after them), the earlier ones are hidden until a marker of their answer is
    clicked (the page's script shows them)."""
    shown = len(groups) - 1 if current is None else len(groups)
    blocks = []
    for place, (key, html) in enumerate(groups):
        hidden = " sources-earlier" if place != shown else ""
        blocks.append(f'<div class="sources-answer{hidden}" id="answer-{key}">'
                      f'<div class="sources-for">第{escape(key)}问的依据</div>{html}</div>')  # fmt: skip
    if current is not None:
        blocks.append(f'<div class="sources-answer">{current}</div>')
    return "".join(blocks) or NO_SOURCES


def draft_sources_html(draft: Draft) -> str:
    """For a draft written in the chat: every figure it states with the cell it comes from."""
    rows = [f for f in draft.sources if f.figure in draft.text]
    cells = "".join(
        f"<tr><td>{escape(f.name)}</td><td>{escape(f.figure)}</td><td>{escape(f.derived_from)}</td></tr>" for f in rows
    )
    return (
        f'<div class="sources-list" data-count="{len(rows)}"><div class="source-card draft-sources">'
        f'<div class="source-head">草稿中的数字均来自指标数据（共 {len(rows)} 项）</div>'
        f'<table class="draft-figures"><thead><tr><th>数据项</th><th>数值</th><th>单元格或算式</th></tr></thead>'
        f"<tbody>{cells}</tbody></table></div></div>"
    )


def citations_html(citations: Sequence[Citation], labels: Mapping[str, str] | None, answer_key: str) -> str:
    """An answer's sources once it is complete: one card per cited passage with file, title, heading path
    and the marked passage (data-count says how many)."""
    if not citations:
        return NONE_CITED
    cards = []
    for c in citations:
        path = c.section.removeprefix(c.title).removeprefix(" › ") if c.title else c.section
        section = f'<span class="source-section">{escape(path)}</span>' if path else ""
        cards.append(
            f'<div class="source-card" id="{card_id(answer_key, c.number)}">'
            f'<div class="source-head"><span class="source-no">[{c.number}]</span> '
            f'<span class="source-file">{escape(c.source)}</span>'
            f'<span class="source-kb">知识库：{escape(kb_label(c.kb, labels or {}))}</span></div>'
            f'<div class="source-where"><span class="source-title">{escape(c.title)}</span>{section}</div>'
            f'<div class="source-text">{highlight_html(c.text, c.highlight)}</div></div>'
        )
    return f'<div class="sources-list" data-count="{len(cards)}">{"".join(cards)}</div>'


def outcome_rows(outcomes: Sequence[FileOutcome]) -> list[list[object]]:
    """One row per uploaded file: name, 新增/更新/未变/失败, chunks, and for failures the reason and advice."""
    return [[o.source, STATUS_LABELS[o.status], o.chunks, o.reason, o.advice] for o in outcomes]


def document_rows(
    files: Sequence[FileRecord], documents: Sequence[DocumentRecord], zone: str
) -> list[list[object]]:
    """One row per document; 入库时间 in the bureau's time zone."""
    ingested = {f.source: local_time(f.ingested_at, zone) for f in files}
    return [
        [
            d.source, d.title if d.parts == 1 else f"{d.title}（第{d.part}/{d.parts}篇）",
            str(d.metadata.get("doc_type", "")), str(d.metadata.get("year", "")), d.chunks,
            ingested.get(d.source, ""),
        ]  # fmt: skip
        for d in documents
    ]


@dataclass
class KbStats:
    name: str
    files: int
    documents: int
    chunks: int
    public: bool


def status_markdown(
    embedding: str | None, llm: str, kbs: Sequence[KbStats], home: str | None, checked_at: str = "",
    labels: Mapping[str, str] | None = None,
) -> str:  # fmt: skip
    """The 状态 tab; `embedding` and `home` are None for accounts that should not see model ids or server paths."""
    lines = ["### 运行状态", "", "| 项目 | 当前设置 |", "|---|---|"]
    if embedding is not None:
        lines.append(f"| 嵌入模型 | {embedding} |")
    lines.append(f"| 回答方式 | {llm} |" if embedding is None else f"| 大模型 | {llm} |")
    if home is not None:
        lines.append(f"| 数据目录 | `{home}` |")
    lines += ["", "### 知识库", "", "| 知识库 | 可见范围 | 文件数 | 文档数 | 段落数 |", "|---|---|---|---|---|"]
    lines += [
        f"| {kb_label(k.name, labels or {})} | {'公开' if k.public else '内部'} | {k.files} | {k.documents} | {k.chunks} |"
        for k in kbs
    ]
    if not kbs:
        lines.append("| （暂无） | | | | |")
    if checked_at:
        lines += ["", f"更新于 {checked_at}"]
    return "\n".join(lines)


def answer_mode(backend: str) -> str:
    """How answers are written, for accounts that need no model names or addresses."""
    return "离线模式（摘录原文作答）" if backend == "none" else "大模型根据原文作答"


def duplicates_markdown(duplicates: Sequence[FileOutcome]) -> str:
    """The question the page asks about files whose content is already in under another name."""
    lines = [f"- **{d.source}** 与已入库的 **{d.duplicate_of}** 内容完全相同" for d in duplicates]
    return "\n".join(["以下文件的内容已在知识库中，未重复导入：", *lines, "", "仍要以新文件名另存一份吗？"])


def llm_label(backend: str, model: str, base_url: str) -> str:
    if backend == "none":
        return "离线模式（不用大模型，回答摘录原文）"
    return " ".join(p for p in (backend, model, f"@ {base_url}" if base_url else "") if p)


CSS = """
.app-header { align-items: center; }
.app-title h2 { margin: 0; }
.app-user { text-align: right; }
.doc-actions { align-items: flex-end !important; }
.sources-panel { max-height: 440px; overflow-y: auto; }
.source-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px;
               margin-bottom: 8px; background: var(--background-fill-secondary); }
.source-head { display: flex; gap: 6px; align-items: baseline; flex-wrap: wrap; font-weight: 600; }
.source-no { color: var(--color-accent); }
.source-kb { margin-left: auto; font-weight: normal; font-size: 0.85em; color: var(--body-text-color-subdued); }
.source-where { font-size: 0.85em; color: var(--body-text-color-subdued); margin: 2px 0 6px; }
.source-section::before { content: " › "; }
.source-text { font-size: 0.92em; line-height: 1.6; }
.source-text mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }
.sources-empty { color: var(--body-text-color-subdued); padding: 12px 0; }
.source-card.flash { animation: source-flash 1.6s ease-out; }
@keyframes source-flash { 0%, 40% { background: #fde68a; border-color: #f59e0b; } 100% { } }
.draft-figures { width: 100%; font-size: 0.85em; border-collapse: collapse; }
.draft-figures td, .draft-figures th { border-top: 1px solid var(--border-color-primary); padding: 2px 4px; text-align: left; }
.app-user a { margin-left: 10px; white-space: nowrap; }
.confirm-row { border: 1px solid #f59e0b; border-radius: 8px; padding: 6px 10px; background: #fffbeb; }
.sources-earlier { display: none; }
.sources-for { font-size: 0.85em; color: var(--body-text-color-subdued); margin: 0 0 6px; }
#figures-chart.flash { animation: source-flash 1.6s ease-out; }
/* toasts at the bottom: at the top right they covered 退出登录 */
.toast-wrap { top: auto !important; bottom: var(--size-4) !important; }
/* a table in an answer or on the 状态 tab keeps every column readable: long text wraps, no column is squeezed
   to a character or two per line, and a table wider than its box scrolls inside it */
#chat-log table, .prose table { display: block; max-width: 100%; overflow-x: auto; }
#chat-log th, .prose th { white-space: nowrap; }
#chat-log td, .prose td { min-width: 7em; overflow-wrap: anywhere; }
/* the tables of the 文档 and 起草 tabs share their width out among the columns, in fractions too small for a
   word on a phone: there the table is laid out as on a tablet and scrolls sideways in its own box */
@media (max-width: 720px) {
  :is(.outcomes, .doc-table, #figures) .table-container { min-width: 720px; }
}
"""


FACT_COLUMNS = ["数据项", "数值", "单位", "来源（单元格或算式）"]


def topic_names(data_path: Path) -> list[str]:
    """The topics a data file can draft (all topics when the file cannot be read: drafting says why)."""
    try:
        topics = topics_for(data_path)
    except DraftDataError:
        topics = []
    return [t.name for t in topics or all_topics()]


def fact_rows(draft: Draft) -> list[list[str]]:
    """The figure table: computed figures, then the figures the key events state, each with its cell."""
    return [[f.name, f.value, f.unit, f.derived_from] for f in draft.sources]


def draft_report(draft: Draft, data_name: str) -> str:
    """Where the draft's figures and phrasing came from, and what the number check did."""
    how = "大模型撰写" if draft.mode == "llm" else "模板撰写"
    events = f"，{len(draft.event_facts)} 项摘自重点工作表" if draft.event_facts else ""
    lines = [f"根据 **{data_name}** 起草（{how}）。下表 {len(draft.sources)} 项数字中，{len(draft.facts)} 项由程序根据指标"
             f"计算{events}，每项都注明单元格；草稿中的每个数字都在表中。"]  # fmt: skip
    if draft.exemplars:
        lines.append("参考的往年材料：" + "；".join(f"{e.source}（{e.section.split(' › ')[-1]}）" for e in draft.exemplars))
    lines += [f"⚠ {c}" for c in draft.corrections]
    if draft.notice:
        lines.append(f"提示：{draft.notice}")
    return "\n\n".join(as_text(line) for line in lines)


def safe_title(title: str) -> str:
    """A file name from a title: no path separators or characters Windows refuses."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", title or "草稿").strip("._") or "草稿"
