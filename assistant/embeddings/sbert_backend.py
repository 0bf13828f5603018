"""Any sentence-transformers model from a local folder (or a name already in the local cache)."""

from __future__ import annotations

from pathlib import Path

from llama_index.core.embeddings import BaseEmbedding
from pydantic import PrivateAttr
from sentence_transformers import SentenceTransformer


def model_id(model: str) -> str:
    """Stable across moving the models folder: the last two parts of a path, or the name itself."""
    path = Path(model)
    name = "/".join(path.resolve().parts[-2:]) if path.exists() else model
    return f"sentence-transformers:{name}"


class SentenceTransformerEmbedding(BaseEmbedding):
    """Uses the model's own "query"/"document" prompts when its configuration defines them."""

    _model: SentenceTransformer = PrivateAttr()

    def __init__(self, model: str, batch_size: int = 32) -> None:
        super().__init__(model_name=model_id(model), embed_batch_size=batch_size)
        self._model = SentenceTransformer(model, device="cpu", local_files_only=True)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._model.encode_query(query, normalize_embeddings=True).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode_document(
            texts, batch_size=self.embed_batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return vectors.tolist()
