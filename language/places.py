"""Places as Chinese text names them, read one way everywhere: the place a title or a line starts with
(临江市科技局 → 临江市, level 市), the place a sentence says something is in (注册地在示范县; 不在示范县 is
negated), and the speaker's own place (本县, 县内) or another (外地). The words are the lexicon's
(language/lexicon/places.toml)."""

from __future__ import annotations

import re

from language.lexicon import derived, lexicon

LEXICON = "places"
NAME_LENGTH = 6  # characters before the suffix: 鄂温克族自治旗, not a clause that happens to end in 市


class Place(str):
    """A place a text names, typed: its name (示范县; "" for a level alone: 市科技局), the level its
    suffix names (县), whether the text says it is *not* there (不在示范县, 外地), and whether it is the
    speaker's own place whatever its name (本县). As a string it is how a checklist shows it (示范县,
    非示范县, 本县, 非本地（外地）: places.toml's `shown`), so that a fact holding a Place is written out
    in JSON and in an answer as before; code reads the fields."""

    name: str
    level: str
    negated: bool
    home: bool

    def __new__(cls, name: str = "", level: str = "", negated: bool = False, home: bool = False) -> Place:
        forms = lexicon(LEXICON)["shown"]
        if home:
            shown = forms["away"].format(name=name) if negated else (name or _word("home")[0])
        else:
            shown = forms["negated"].format(name=name) if negated else name or level
        place = super().__new__(cls, shown)
        place.name, place.level, place.negated, place.home = name, level, negated, home
        return place

    def __repr__(self) -> str:
        return f"Place(name={self.name!r}, level={self.level!r}, negated={self.negated}, home={self.home})"


def _word(key: str) -> tuple[str, ...]:
    return tuple(lexicon(LEXICON).get("words", {}).get(key, ()))


def suffixes() -> dict[str, str]:
    """Each word a place's name ends with → the level it names (自治县 → 县)."""
    return dict(lexicon(LEXICON)["suffixes"])


@derived
def levels() -> str:
    """The levels as one character class body (县市区旗省州): what 全县/县委 speak of."""
    return "".join(dict.fromkeys(suffixes().values()))


def _alternation(found: object) -> str:
    return "|".join(re.escape(w) for w in sorted(found, key=len, reverse=True))  # type: ignore[arg-type]


def _name(least: int) -> str:
    """A name with its suffix: `least` to NAME_LENGTH characters that are not 在/是/的, then a suffix
    not followed by 场/级/委… (市场, 县级, 县委 end no name)."""
    char = rf"(?:(?!{_alternation(_word('located') + _word('follows'))})[\u4e00-\u9fff])"
    not_after = "".join(map(re.escape, _word("not_after")))
    return rf"{char}{{{least},{NAME_LENGTH}}}?(?:{_alternation(suffixes())})(?![{not_after}])"


@derived
def place_pattern() -> re.Pattern[str]:
    """A place name (group 2): after 在 (group 1 holds a 不 before it), at the text's start, or after 是/的
    (注册地在示范县, 不在示范县, 户籍是示范县)."""
    located, negation = _alternation(_word("located")), _alternation(_word("not_located"))
    follows = "".join(map(re.escape, _word("follows")))
    return re.compile(rf"(?:({negation})?(?:{located})|^|(?<=[{follows}]))({_name(1)})")


@derived
def _place_start() -> re.Pattern[str]:
    """A place at a text's start, after 在 or not; the name may be missing (市科技局 names the level only)."""
    return re.compile(rf"^(?:{_alternation(_word('located'))})?({_name(0)})")


def _typed(name: str, negated: bool = False) -> Place:
    level = next((suffixes()[s] for s in sorted(suffixes(), key=len, reverse=True) if name.endswith(s)), "")
    return Place(name, level, negated)


def place_at(text: str) -> Place | None:
    """The place a text starts with (临江市科技局 → 临江市; 市科技局 → a level without a name), or None.
    A name goes on over a second suffix (广州市, not 广州)."""
    match = _place_start().match(text)
    if not match:
        return None
    name, end = match.group(1), match.end()
    if name in suffixes():  # 市科技局: a level without a name
        return Place("", suffixes()[name])
    while text[end : end + 1] in suffixes():
        name, end = name + text[end], end + 1
    return _typed(name)


def place_named(text: str) -> Place | None:
    """The first place a sentence says something is in: 注册地在示范县, 不在示范县 (negated), or None."""
    match = place_pattern().search(text)
    return _typed(match.group(2), negated=bool(match.group(1))) if match else None


def scope_word(text: str) -> bool:
    """The text starts with a scope word, not a place's name (全市, 我市, 本市)."""
    return text[:1] in _word("scope_prefixes")


def home_place(text: str) -> bool:
    """The text names the speaker's own place (本县, 县内)."""
    return any(w in text for w in _word("home"))


def away_place(text: str) -> Place | None:
    """A place the text names that is not the speaker's own, whatever that is (注册在外地, 香港注册)."""
    away = next((w for w in _word("away") if w in text), None)
    return Place(away, negated=True, home=True) if away else None


def home(word: str = "") -> Place:
    """The speaker's own place (本县)."""
    return Place(word, home=True)


