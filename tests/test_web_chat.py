"""The chat's list of this session's conversations: 新对话 keeps the old one, choosing one brings back its
messages, its 依据 panel and its follow-up context."""

from __future__ import annotations

from assistant.web import chat, render


def exchange(question: str, answer: str) -> list[dict]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


def test_new_chat_keeps_the_conversation_in_the_list_and_reopening_brings_it_back() -> None:
    session = chat.new_session()
    first_id = session["conversation"].id
    session["exchanges"] = {"1": 7}
    first = exchange("发明专利授权后每件资助多少钱？这是一个很长的问题", "每件资助5000元。[1]")
    session = chat.remember(session, first, "<div>依据一</div>")
    assert chat.choices(session) == [("发明专利授权后每件资助多少钱？这是…", first_id)]
    assert chat.current_id(session) == first_id

    session = chat.start_new(session, first, "<div>依据一</div>")
    assert session["conversation"].id != first_id and session["exchanges"] == {}
    assert chat.current_id(session) is None  # the empty new one is not listed yet
    second = exchange("创新券怎么申请？", "……")
    session = chat.remember(session, second, "<div>依据二</div>")
    assert [title for title, _ in chat.choices(session)] == ["创新券怎么申请？", "发明专利授权后每件资助多少钱？这是…"]

    history, sources, session = chat.reopen(session, second, "<div>依据二</div>", first_id)
    assert (history, sources) == (first, "<div>依据一</div>")
    assert session["conversation"].id == first_id and session["exchanges"] == {"1": 7}  # 👍 still reaches the log
    assert len(chat.choices(session)) == 2


def test_unknown_choices_and_empty_chats_change_nothing() -> None:
    session = chat.remember(None, [], "")
    assert chat.choices(session) == []
    history, sources, same = chat.reopen(session, [], "x", "no-such-id")
    assert (history, sources, same["conversation"].id) == ([], "x", session["conversation"].id)


def test_every_answer_s_sources_stay_with_its_conversation() -> None:
    session = chat.new_session()
    first_id = session["conversation"].id
    assert chat.next_answer_key(session) == "1"
    chat.add_sources(session, "1", '<div id="source-1-1">第四条</div>')
    assert chat.next_answer_key(session) == "2"
    panel = chat.add_sources(session, "2", '<div id="source-2-1">第五条</div>')
    assert 'id="source-1-1"' in panel and 'id="source-2-1"' in panel  # the first answer's [1] still has its card
    assert "第1问的依据" in panel and "第2问的依据" in panel
    history = exchange("发明专利资助多少？", "5000元[1]") + exchange("那实用新型呢？", "2000元[1]")
    session = chat.start_new(session, history, panel)
    assert chat.sources_panel(session) == render.NO_SOURCES  # a new conversation starts empty
    _, _, session = chat.reopen(session, [], "", first_id)
    assert "source-1-1" in chat.sources_panel(session) and "source-2-1" in chat.sources_panel(session)
    assert chat.next_answer_key(session) == "3"  # the reopened conversation goes on counting its questions


def test_the_sources_kept_are_bounded_like_the_messages_on_screen() -> None:
    session = chat.new_session()
    for _ in range(chat.MAX_SOURCE_GROUPS + 5):
        chat.add_sources(session, chat.next_answer_key(session), "<div>依据</div>")
    assert len(session["source_groups"]) == chat.MAX_SOURCE_GROUPS
    assert chat.next_answer_key(session) == str(chat.MAX_SOURCE_GROUPS + 6)  # keys never repeat
