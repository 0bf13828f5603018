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


SECTION_RANK = 4  # 一、 (and 第X条, rank 3): where a location starts


def _marker_text(heading: str) -> str:
    marker = find_marker(heading + " ")  # a bare 第四条 is a whole heading
    return heading[: marker.end].strip() if marker else ""


def _base(path: list[str]) -> str:
    """第四条, or 一、（一） for an item heading under a section: from the deepest article or section down."""
    markers = [(m.rank, h[: m.end].strip()) for h in path[1:] if (m := find_marker(h + " "))]
    start = max((i for i, (rank, _) in enumerate(markers) if rank <= SECTION_RANK), default=0)
    return "".join(text for _, text in markers[start:])


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
    for path, text, location, table in _sections(chunks):
        heading = " ".join(path[1:])
        base = _base(path) or location
        if table:
            found.append(Unit(text, location, heading, table=True))
            continue
        body = _strip_heading(text.strip(), path)
        starts = [m.start(1) for m in ITEM.finditer(body)]
        lead = body[: starts[0]].strip() if starts else body.strip()
        if lead:
            found.append(Unit(lead, base, heading))
        for start, end in zip(starts, starts[1:] + [len(body)]):
            item = body[start:end].strip()
            marker = ITEM.match(item)
            label = marker.group(1) if marker else ""
            found.append(Unit(item[marker.end() :].strip() if marker else item, f"{base}{label}", heading, lead))
    return found
