"""A policy's stored chunks back into located clauses: each article (第四条) or section (二、) with its
numbered items ((一), 1.) as separate units, located 第四条（一） or 二、（五）, verbatim."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.structure import find_marker
from vectorstore.model import StoredChunk

ITEM = re.compile(r"(?:^|(?<=[：:；;。\n]))\s*([（(][一二三四五六七八九十]{1,3}[）)]|[（(]\d{1,2}[）)]|\d{1,2}[.．、](?!\d))")


@dataclass
class Unit:
    """One clause: an article's lead or one of its items; `heading` is the heading path below the title,
    `lead` the sentence that introduces the item (申领创新券的企业应同时具备以下条件：)."""

    text: str
    location: str
    heading: str
    lead: str = ""
    table: bool = False
    name: str = ""  # the measure it is part of, as its heading or its own label names it (租金补贴)


SECTION_RANK = 4  # 一、 (and 第X条, rank 3): where a location starts
LABEL = re.compile(r"^([\u4e00-\u9fff“”\"]{2,14})[。．.：:]")  # （二）租金补贴。在天河区… : an item's own label
NAME_CHARS = 20  # a heading longer than this is a sentence, not a measure's name


def _name(path: list[str], text: str) -> str:
    """A measure's name: the deepest heading below the title without its marker (1、一次性创业资助), else
    the short label an item starts with (（二）租金补贴。…); "" for a bare article (第五条)."""
    if len(path) > 1:
        heading = path[-1]
        marker = find_marker(heading + " ")
        name = heading[marker.end :].strip(" 　。.：:") if marker else heading.strip()
        if name and len(name) <= NAME_CHARS:
            return name
    label = LABEL.match(text)
    return label.group(1) if label else ""


def _marker_text(heading: str) -> str:
    marker = find_marker(heading + " ")  # a bare 第四条 is a whole heading
    return heading[: marker.end].strip() if marker else ""


def _base(path: list[str], owners: dict[str, str]) -> str:
    """第四条, or 一、（一） for an item heading under a section: from the deepest article or section down.
    A list that numbers its sections anew (面向单位 一、…七、, then 面向毕业生 一、…) gives the second 六、
    its heading's words (六、创业租金补贴), so that two sections never share a location."""
    markers = [(m.rank, h[: m.end].strip(), h.strip()) for h in path[1:] if (m := find_marker(h + " "))]
    start = max((i for i, (rank, _, _) in enumerate(markers) if rank <= SECTION_RANK), default=0)
    base = "".join(text for _, text, _ in markers[start:])
    if not markers:
        return base
    section = markers[start][2]
    if owners.setdefault(base, section) != section:
        return section + "".join(text for _, text, _ in markers[start + 1 :])
    return base


def _sections(chunks: list[StoredChunk]) -> list[tuple[list[str], str, str, bool]]:
    """(heading path, text, first chunk location, table row) per run of chunks under one heading path."""
    sections: list[tuple[list[str], str, str, bool]] = []
    for chunk in chunks:
        table = "表" in chunk.location
        path = chunk.heading_path
        if sections and sections[-1][0] == path and not table and not sections[-1][3]:
            prev = sections[-1]
            sections[-1] = (path, prev[1] + "\n" + chunk.text, prev[2], False)
        else:
            sections.append((path, chunk.text, chunk.location, table))
    return sections


def _strip_heading(text: str, path: list[str]) -> str:
    """The text without the heading line it may start with (第四条　…, 一、适用对象 …)."""
    for heading in reversed(path[1:]):
        if text.startswith(heading):
            return text[len(heading) :].lstrip(" 　:：。.")
        marker = _marker_text(heading)
        if marker and text.startswith(marker):
            return text[len(marker) :].lstrip(" 　:：。.")
    return text


def units(chunks: list[StoredChunk]) -> list[Unit]:
    """The document's clauses in reading order."""
    found: list[Unit] = []
    owners: dict[str, str] = {}  # location → the heading of the section that has it
    for path, text, location, table in _sections(chunks):
        heading = " ".join(path[1:])
        base = _base(path, owners) or location
        if table:
            found.append(Unit(text, location, heading, table=True, name=_name(path, "")))
            continue
        body = _strip_heading(text.strip(), path)
        starts = [m.start(1) for m in ITEM.finditer(body)]
        lead = body[: starts[0]].strip() if starts else body.strip()
        if lead:
            found.append(Unit(lead, base, heading, name=_name(path, lead)))
        for start, end in zip(starts, starts[1:] + [len(body)]):
            item = body[start:end].strip()
            marker = ITEM.match(item)
            label = marker.group(1) if marker else ""
            own = item[marker.end() :].strip() if marker else item
            found.append(Unit(own, f"{base}{label}", heading, lead, name=_name(path, own) if not lead else _name(path, "")))
    return found
