"""Places as titles, workbook lines and enterprises' sentences name them (language/places.py): one reader,
typed (name, level, negated, home), the same for document metadata, drafting and eligibility."""

from __future__ import annotations

import json

import pytest

from language.places import Place, away_place, home, home_place, place_at, place_named


@pytest.mark.parametrize(
    ("text", "name", "level"),
    [
        ("临江市科学技术局2024年工作总结", "临江市", "市"),
        ("示范县科技创新券管理办法", "示范县", "县"),
        ("广州市天河区科技创新政策", "广州市", "市"),  # 州 ends a name too: the name goes on to 市
        ("恩施州科技局关于…的通知", "恩施州", "州"),
        ("市科技局关于开展科技活动周的通知", "", "市"),  # a level without a name
    ],
)
def test_the_place_a_title_starts_with(text: str, name: str, level: str) -> None:
    place = place_at(text)
    assert place is not None and (place.name, place.level, place.negated) == (name, level, False)


@pytest.mark.parametrize("text", ["市场监管局通知", "关于做好科技工作的通知", ""])
def test_a_title_without_a_place(text: str) -> None:
    assert place_at(text) is None


def test_a_sentence_says_where_or_where_not() -> None:
    there, not_there = place_named("我们公司注册地在示范县"), place_named("公司不在示范县注册")
    assert (there.name, there.negated) == ("示范县", False)
    assert (not_there.name, not_there.level, not_there.negated) == ("示范县", "县", True)
    assert str(not_there) == "非示范县"  # how the checklist shows it


def test_the_speakers_own_place_and_another() -> None:
    assert home_place("注册在本县") and not home_place("注册在临江市")
    away = away_place("我们在香港注册")
    assert away is not None and (away.name, away.negated, away.home) == ("香港", True, True)
    assert str(away) == "非本地（香港）" and str(home()) == "本县"


def test_a_place_is_written_out_in_json_as_it_is_shown() -> None:
    assert json.loads(json.dumps({"registered_in": Place("示范县", "县", negated=True)}, ensure_ascii=False)) == {
        "registered_in": "非示范县"
    }
