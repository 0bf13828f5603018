"""An OpenAI-compatible /v1/embeddings endpoint on the local network, by base URL and model name."""

from __future__ import annotations

from llama_index.core.embeddings import BaseEmbedding
from openai import APIConnectionError, APIStatusError, OpenAI
from pydantic import PrivateAttr

from assistant.embeddings.errors import EmbeddingUnavailableError


class OpenAICompatibleEmbedding(BaseEmbedding):
    """Sends input_type ("query"/"passage") so servers of asymmetric models such as e5 pick the prefix."""

    _client: OpenAI = PrivateAttr()
    _model: str = PrivateAttr()
    _base_url: str = PrivateAttr()

    def __init__(self, base_url: str, model: str, api_key: str = "", batch_size: int = 32) -> None:
        super().__init__(model_name=f"openai:{model}", embed_batch_size=batch_size)
        self._client = OpenAI(base_url=base_url, api_key=api_key or "not-needed", max_retries=2)
        self._model = model
        self._base_url = base_url

    def _embed(self, texts: list[str], input_type: str) -> list[list[float]]:
        try:
            response = self._client.embeddings.create(
                model=self._model, input=texts, extra_body={"input_type": input_type}
            )
        except APIConnectionError as exc:
            raise EmbeddingUnavailableError(
                f"无法连接嵌入服务 {self._base_url}。请确认服务已启动，或检查 BUREAU_EMBEDDING__BASE_URL"
            ) from exc
        except APIStatusError as exc:
            raise EmbeddingUnavailableError(
                f"嵌入服务 {self._base_url} 拒绝了请求（HTTP {exc.status_code}）。请检查模型名称和 API 密钥"
            ) from exc
        return [item.embedding for item in sorted(response.data, key=lambda item: item.index)]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embed([query], "query")[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embed([text], "passage")[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embed(texts, "passage")
