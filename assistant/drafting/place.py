"""A writer's level words (全县) made the draft's own (全市, the level of the place the workbook speaks for:
assistant/indicators/place.py), or dropped where no level is known."""

from __future__ import annotations

import re

from language.places import levels


def fix_level_words(text: str, level: str) -> tuple[str, list[str]]:
    """A writer's level words (全县) made the draft's own (全市), or dropped where no level is known; with
    what was changed, in Chinese. The template writer needs none of this; an LLM may guess."""
    changed: list[str] = []

    def fix(match: re.Match[str]) -> str:
        if match.group(1) == level:
            return match.group(0)
        changed.append(match.group(0))
        return f"全{level}" if level else ""

    fixed = re.sub(rf"全([{levels()}])(?![长委])", fix, text)
    note = [f"“{w}”与本局的层级不符，已{'改为“全' + level + '”' if level else '删去'}" for w in dict.fromkeys(changed)]
    return fixed, note
