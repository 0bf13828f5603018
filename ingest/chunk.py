"""PLACEHOLDER: the chunking helper replaces this."""

from ingest.model import Chunk, Document
from ingest.normalize import normalize_for_search


def chunk_document(doc: Document, max_chars: int = 300) -> list[Chunk]:
    chunks = []
    for i, block in enumerate(doc.blocks):
        chunks.append(Chunk(chunk_id=f"{doc.doc_id}-{i}", doc_id=doc.doc_id, text=block.text,
                            search_text=normalize_for_search(block.text), heading_path=[doc.title],
                            location=block.location, metadata=dict(doc.metadata)))
    return chunks
