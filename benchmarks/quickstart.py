"""The baseline a user gets from the llama-index quickstart, with the same embedding as ours."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from llama_index.core import Settings as LlamaSettings
from llama_index.core import SimpleDirectoryReader, VectorStoreIndex
from llama_index.core.embeddings import BaseEmbedding


def build_quickstart(corpus_dirs: list[Path], embed_model: BaseEmbedding) -> Callable[[str], list[str]]:
    """SimpleDirectoryReader → default SentenceSplitter → in-memory VectorStoreIndex; returns top-5 search."""
    LlamaSettings.llm = None  # retrieval only; the quickstart's default OpenAI LLM is never reached
    documents = []
    for corpus_dir in corpus_dirs:
        documents.extend(SimpleDirectoryReader(str(corpus_dir), recursive=True).load_data())
    index = VectorStoreIndex.from_documents(documents, embed_model=embed_model)
    retriever = index.as_retriever(similarity_top_k=5)

    def search(query: str) -> list[str]:
        return [hit.node.get_content() for hit in retriever.retrieve(query)]

    return search
