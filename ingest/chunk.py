"""Sentence-bounded chunks that never cross a section, never split a number from its unit."""

from __future__ import annotations

from ingest.model import Chunk, Document
from ingest.normalize import normalize_for_search
from ingest.structure import Passage, outline
from language.text import number_spans, split_sentences

SOFT_BREAKS = "，、：,: "  # preferred places for a hard split inside an over-long sentence
OPENERS = "“‘「『（(《〈[【"
CLOSERS = "”’」』）)》〉]】，。、；：！？,.;:!?%"


def _safe_cut(text: str, pos: int, protected: list[tuple[int, int]]) -> bool:
    """Cutting before text[pos] keeps numbers, units and quotes whole."""
    if any(a < pos < b for a, b in protected):
        return False
    return text[pos] not in CLOSERS and text[pos - 1] not in OPENERS


def hard_split(text: str, max_chars: int) -> list[str]:
    """Cut an over-long sentence near max_chars, at a comma or space when possible, never inside a number."""
    pieces = []
    while len(text) > max_chars:
        protected = number_spans(text[: max_chars + 20])
        candidates = [p for p in range(max_chars, max_chars // 2, -1) if _safe_cut(text, p, protected)]
        soft = [p for p in candidates if text[p - 1] in SOFT_BREAKS]
        cut = (soft or candidates or [max_chars])[0]
        pieces.append(text[:cut])
        text = text[cut:]
    return pieces + [text] if text else pieces


def _pack(passages: list[Passage], max_chars: int) -> list[tuple[str, str]]:
    """(text, location) pieces for one section: short paragraphs merged, long ones cut at sentences."""
    packed: list[tuple[str, str]] = []
    text, location = "", ""

    def flush() -> None:
        nonlocal text
        if text.strip():
            packed.append((text.strip(), location))
        text = ""

    for passage in passages:
        if passage.kind == "table_row":
            flush()
            packed.append((passage.text, passage.location))
            continue
        if text and len(text) + 1 + len(passage.text) <= max_chars:
            text += "\n" + passage.text
            continue
        flush()
        location = passage.location
        for sentence in split_sentences(passage.text, clauses=True):
            for piece in hard_split(sentence, max_chars):
                if text and len(text) + len(piece) > max_chars:
                    flush()
                text += piece
    flush()
    return packed


def _sections(passages: list[Passage]) -> list[list[Passage]]:
    """Consecutive passages under the same heading path."""
    groups: list[list[Passage]] = []
    for passage in passages:
        if groups and groups[-1][0].path == passage.path:
            groups[-1].append(passage)
        else:
            groups.append([passage])
    return groups


def _scalar_metadata(metadata: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in metadata.items() if isinstance(v, (str, int, float, bool))}


def chunk_document(doc: Document, max_chars: int = 300) -> list[Chunk]:
    """A document's citable chunks, in reading order, with heading paths and metadata."""
    chunks: list[Chunk] = []
    for section in _sections(outline(doc).passages):
        path = section[0].path
        for text, location in _pack(section, max_chars):
            index = len(chunks)
            metadata = _scalar_metadata(doc.metadata) | {
                "section": " › ".join(path),
                "location": location,
                "chunk_index": index,
            }
            chunks.append(
                Chunk(
                    chunk_id=f"{doc.doc_id}-{index}",
                    doc_id=doc.doc_id,
                    text=text,
                    search_text=normalize_for_search(text),
                    heading_path=list(path),
                    location=location,
                    metadata=metadata,
                )
            )
    return chunks
