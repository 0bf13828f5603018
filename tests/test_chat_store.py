"""Conversations on the server (assistant/web/chat_store.py): a key finds a session only together with the
account that made it, and the store stays bounded however many sessions are opened."""

from __future__ import annotations

from assistant.web.chat_store import MAX_MESSAGES, MAX_SAVED, ChatStore


def test_a_key_finds_the_session_only_for_its_own_account() -> None:
    store = ChatStore()
    key, staff = store.open("王科长", None)
    staff["history"].append({"role": "assistant", "content": "内部资料的回答"})
    assert store.open("王科长", key) == (key, staff)
    other_key, other = store.open("示范企业", key)  # staff's key, presented by another account
    assert other_key != key and other["history"] == [] and other["conversation"].id != staff["conversation"].id
    assert store.open("王科长", key)[1]["history"] == [{"role": "assistant", "content": "内部资料的回答"}]


def test_the_store_is_bounded_and_one_account_cannot_push_out_the_others() -> None:
    store = ChatStore(max_sessions=10, max_per_account=3)
    kept, _ = store.open("王科长", None)
    for _ in range(50):
        store.open("示范企业", None)
    assert store.open("王科长", kept)[0] == kept  # its own oldest went, not staff's
    assert len(store._sessions) <= 10
    key, session = store.open("王科长", kept)
    session["history"].extend({"role": "user", "content": str(n)} for n in range(3 * MAX_MESSAGES))
    session["saved"].extend({} for _ in range(3 * MAX_SAVED))
    store.replace("王科长", key, session)
    assert len(session["history"]) == MAX_MESSAGES and session["history"][-1]["content"] == str(3 * MAX_MESSAGES - 1)
    assert len(session["saved"]) == MAX_SAVED
