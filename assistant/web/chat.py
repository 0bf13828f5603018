"""The chat's list of this session's conversations, as every chat tool has one: 新对话 keeps the current
conversation in the list, and choosing one brings back its messages, its 依据 panel and its follow-up
context. Pure functions over the per-browser session state (a dict the page keeps in gr.State)."""

from __future__ import annotations

from typing import Any

from assistant.answer import Conversation
from assistant.web import render

TITLE_CHARS = 18  # the list shows the first question, cut to this many characters
MAX_SOURCE_GROUPS = 50  # the 依据 of this many answers are kept: as many as the server keeps on screen (100 messages)
Session = dict[str, Any]


def new_session(saved: list[dict[str, Any]] | None = None) -> Session:
    """A fresh conversation; `saved` are the earlier ones of this browser session."""
    return {"conversation": Conversation.new(), "exchanges": {}, "source_groups": [], "saved": saved or []}


def sources_panel(session: Session, current: str | None = None) -> str:
    """The 依据 panel of the conversation on screen: every answer's sources, so that the [n] of an earlier
    answer still open that answer's cards; `current` (正在查找依据……) after them while an answer is on its way."""
    return render.sources_panel(session.get("source_groups", []), current)


def next_answer_key(session: Session) -> str:
    """The key of the conversation's next answer: which question it answers (1, 2, …), so that its [n] open
    its own cards and its sources are headed 第n问的依据."""
    groups = session.get("source_groups", [])
    return str(int(groups[-1][0]) + 1 if groups else 1)


def add_sources(session: Session, answer_key: str, html: str) -> str:
    """Keep one more answer's sources in the conversation (as many as an answer may stay on screen); the
    panel that shows them."""
    groups = session.setdefault("source_groups", [])
    groups.append((answer_key, html))
    del groups[:-MAX_SOURCE_GROUPS]
    return sources_panel(session)


def text_of(message: dict) -> str:
    """A message's text, whether Gradio gives its content as a string or as parts ({"type": "text", "text": …})."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    parts = content if isinstance(content, list) else [content]
    return "".join(p.get("text", "") for p in parts if isinstance(p, dict))


def _title(history: list[dict]) -> str:
    first = next((text_of(m) for m in history if m.get("role") == "user"), "")
    first = " ".join(first.split())
    return first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1] + "…"


def remember(session: Session | None, history: list[dict], sources: str) -> Session:
    """Keep the current conversation's messages and 依据 panel in the session's list (newest first)."""
    session = session or new_session()
    session.setdefault("saved", [])
    if not history:
        return session
    conversation = session["conversation"]
    entry = next((e for e in session["saved"] if e["conversation"].id == conversation.id), None)
    if entry is None:
        entry = {"conversation": conversation, "title": _title(history)}
        session["saved"].insert(0, entry)
    entry.update(history=list(history), sources=sources, exchanges=dict(session["exchanges"]),
                 source_groups=list(session.get("source_groups", [])))
    return session


def choices(session: Session | None) -> list[tuple[str, str]]:
    """(first question, conversation id) for the list, newest first."""
    return [(e["title"], e["conversation"].id) for e in (session or {}).get("saved", [])]


def current_id(session: Session | None) -> str | None:
    """The id of the conversation on screen, when it is in the list."""
    if not session:
        return None
    shown = session["conversation"].id
    return shown if any(e["conversation"].id == shown for e in session.get("saved", [])) else None


def start_new(session: Session | None, history: list[dict], sources: str) -> Session:
    """新对话: the current one stays in the list, an empty one takes its place."""
    session = remember(session, history, sources)
    return new_session(session["saved"])


def reopen(session: Session | None, history: list[dict], sources: str, conversation_id: str | None) -> tuple:
    """The chosen conversation's messages, 依据 panel and session (follow-ups continue it); the one on screen
    is kept in the list first. Unknown ids leave everything as it is."""
    session = remember(session, history, sources)
    entry = next((e for e in session["saved"] if e["conversation"].id == conversation_id), None)
    if entry is None:
        return history, sources, session
    session = {"conversation": entry["conversation"], "exchanges": dict(entry["exchanges"]),
               "source_groups": list(entry["source_groups"]), "saved": session["saved"]}
    return list(entry["history"]), entry["sources"], session
