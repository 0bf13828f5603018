"""Which way a figure moved (language/changes.py): one list of change words, read by extraction, the draft
check and the writers, and the words a computed change is stated with."""

from __future__ import annotations

from language.changes import direction_of, flat, stated


def test_every_change_word_has_one_direction() -> None:
    assert [direction_of(w) for w in ("增长", "提升", "增幅", "下降", "回落", "降幅", "达到")] == [
        "rise", "rise", "rise", "fall", "fall", "fall", None,
    ]  # fmt: skip


def test_a_computed_change_is_stated_by_what_moved() -> None:
    assert [stated("rise", m) for m in ("rate", "amount", "points", "reached")] == ["增长", "增加", "提高", "增加到"]
    assert [stated("fall", m) for m in ("rate", "amount", "points", "reached")] == ["下降", "减少", "下降", "减少到"]
    assert (stated(None, "reached"), flat()) == ("保持在", "持平")

