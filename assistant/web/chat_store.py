"""The chat's conversations, kept on the server and keyed by account: a browser holds only a random key,
and a key is looked up together with the account asking, so another account that presents it (a copied
Gradio session hash, say) finds nothing and starts afresh. What the browser sends as the chat history
is never used: the history shown is the one kept here. In memory and bounded: the least recently used
sessions go first, and one account cannot hold more than its share."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict

from assistant.web.chat import Session, new_session

MAX_SESSIONS = 1000  # browser sessions kept in all
MAX_PER_ACCOUNT = 50  # browser sessions one account keeps; its oldest goes first
MAX_SAVED = 20  # conversations listed in one browser session (本次的对话)
MAX_MESSAGES = 100  # messages one conversation keeps on screen (questions and answers are bounded in length)


class ChatStore:
    """(account, key) → the web.chat session of one browser: its conversations, the one on screen with
    its messages and 依据 panel, their exchange ids and the last chart."""

    def __init__(self, max_sessions: int = MAX_SESSIONS, max_per_account: int = MAX_PER_ACCOUNT) -> None:
        self.max_sessions, self.max_per_account = max_sessions, max_per_account
        self._sessions: OrderedDict[tuple[str, str], Session] = OrderedDict()
        self._lock = threading.Lock()

    def open(self, account: str, key: str | None) -> tuple[str, Session]:
        """The account's session under `key`; a new one (under a new key) when the account has none so."""
        with self._lock:
            if key and (account, key) in self._sessions:
                self._sessions.move_to_end((account, key))
                return key, self._sessions[(account, key)]
            key = secrets.token_urlsafe(18)
            session = new_session()
            self._keep(account, key, session)
            return key, session

    def replace(self, account: str, key: str, session: Session) -> None:
        """Keep `session` as the account's session under `key` (新对话 and reopening build a new dict)."""
        with self._lock:
            self._keep(account, key, session)

    def _keep(self, account: str, key: str, session: Session) -> None:
        del session.setdefault("saved", [])[MAX_SAVED:]
        del session.setdefault("history", [])[:-MAX_MESSAGES]
        self._sessions[(account, key)] = session
        self._sessions.move_to_end((account, key))
        own = [k for k in self._sessions if k[0] == account]
        for old in own[: max(0, len(own) - self.max_per_account)]:
            del self._sessions[old]
        while len(self._sessions) > self.max_sessions:
            self._sessions.popitem(last=False)
