"""PLACEHOLDER: the metadata helper replaces this."""

from ingest.model import Document


def document_metadata(doc: Document) -> dict[str, object]:
    return {"title": doc.title, "source": doc.source}
