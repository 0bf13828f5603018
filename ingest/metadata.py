"""Document metadata read from the title and text: type, year, issuer, 文号, region, policy dates."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.model import Document
from language.lexicon import alternation, derived, words
from language.places import Place, levels, place_at
from language.text import CN_NUMERAL, DATE, YEAR, YEAR_NUMBER

DOC_NUMBER = re.compile(rf"[\u4e00-\u9fff]{{1,10}}[〔\[(（【]({YEAR_NUMBER})[〕\])）】]第?\d{{1,4}}号")
LEADING_YEAR = re.compile(rf"^{YEAR_NUMBER}年")
INTERPRETER = re.compile(r"由([\u4e00-\u9fff（）()]{2,30}?)负责解释")
EFFECTIVE = re.compile(rf"自{DATE}起(?:施行|执行|实施|生效)")
VALID_UNTIL = re.compile(rf"有效期至{DATE}")
VALID_FOR = re.compile(rf"有效期(?:为)?((?:{CN_NUMERAL}|\d+)年)")
REPEALS = re.compile(r"(《[^》]{2,60}》)(?:（[^）]*）)?同时(?:废止|停止执行|失效)")
OPENING_BLOCKS = 5  # a year or a 县委/市政府 in the text counts only near the top
SIGNATURE_BLOCKS = 6  # a signature is among the last few lines


@derived
def _patterns() -> dict[str, re.Pattern[str]]:
    """The patterns built from the lexicon's issuing bodies and document types."""
    body = f"(?:{alternation('documents', 'bodies')})"
    return {
        "body_level": re.compile(rf"([{levels()}]){body}"),
        "local_body": re.compile(rf"(?:我|全|在)?([{levels()}])(?:委|政府|{body})"),
        "signature": re.compile(rf"^[\u4e00-\u9fff（）()]{{0,20}}(?:{body}|办公室|局|委|厅)$"),
        "about": re.compile(rf"^.{{0,20}}关于.+的(?P<kind>{alternation('documents', 'doc_types')})(?:[（(].*[）)])?$"),
    }


def title_place(title: str) -> Place | None:
    """The place a title (or an issuer) starts with, after a year (2024年临江市… → 临江市)."""
    return place_at(LEADING_YEAR.sub("", title))


def doc_type(title: str) -> str | None:
    """总结 / 计划 / 报告 / 办法 … — the first type word in the title, not counting quoted titles;
    in a title shaped 关于…的X, X decides (关于组织申报科技计划项目的通知 is a 通知)."""
    bare = re.sub(r"《[^》]*》", "", title)
    about = _patterns()["about"].match(bare)
    if about:
        return about["kind"]
    found = [(bare.find(word), word) for word in words("documents", "doc_types") if word in bare]
    return min(found)[1] if found else None


def _year(title: str, number: re.Match[str] | None, opening: str) -> int | None:
    """From the title, else the 文号, else a 'YYYY年' near the top; 20xx and xx年 never count."""
    for match in (YEAR.search(title), number, YEAR.search(opening)):
        if match:
            return int(match.group(1))
    return None


def _issuer(title: str, lines: list[str]) -> str | None:
    """A signature line near the end, else the body that interprets the policy, named in full."""
    for line in reversed(lines[-SIGNATURE_BLOCKS:]):
        if _patterns()["signature"].match(line) and len(line) >= 4:
            return line
    interpreter = INTERPRETER.search("\n".join(lines[-SIGNATURE_BLOCKS:]))
    if not interpreter:
        return None
    body = interpreter.group(1)
    place = title_place(title)
    if place and place.name and body[0] == place.level:  # 县科技局 of 示范县… is 示范县科技局
        return place.name + body[1:]
    return body


def _region_level(title: str, issuer: str | None, opening: str) -> str | None:
    """县 / 市 / 区 / 省: from a body named in the title or the issuer, a place name, or 县委/市政府 at the top."""
    for name in (title, issuer or ""):
        if match := _patterns()["body_level"].search(name):
            return match.group(1)
    for name in (title, issuer or ""):
        if place := title_place(name):
            return place.level
    match = _patterns()["local_body"].search(opening)
    return match.group(1) if match else None


def _date(match: re.Match[str]) -> str:
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _policy_terms(text: str) -> dict[str, object]:
    """When a policy takes effect, how long it is valid, and what it repeals."""
    found: dict[str, object] = {}
    if effective := EFFECTIVE.search(text):
        found["effective_date"] = _date(effective)
    if until := VALID_UNTIL.search(text):
        found["validity"] = f"至{_date(until)}"
    elif period := VALID_FOR.search(text):
        found["validity"] = period.group(1)
    if repealed := REPEALS.search(text):
        found["repeals"] = repealed.group(1)
    return found


def document_metadata(doc: Document) -> dict[str, object]:
    """Scalar metadata of one document; keys whose value is unknown are left out."""
    lines = [b.text.strip() for b in doc.blocks if b.text.strip()]
    text = "\n".join(lines)
    opening = "\n".join(lines[:OPENING_BLOCKS])
    number = DOC_NUMBER.search(opening)
    kind = doc_type(doc.title)
    issuer = _issuer(doc.title, lines)
    meta: dict[str, object | None] = {
        "title": doc.title,
        "doc_type": kind,
        "year": _year(doc.title, number, opening),
        "issuer": issuer,
        "doc_number": number.group(0) if number else None,
        "region_level": _region_level(doc.title, issuer, opening),
        "source": doc.source,
        "format": Path(doc.source).suffix.lstrip(".").lower() or None,
    }
    if doc.parts > 1:
        meta |= {"part": doc.part, "parts": doc.parts}
    if kind in words("documents", "policy_types"):
        meta |= _policy_terms(text)
    return {key: value for key, value in meta.items() if value is not None}
