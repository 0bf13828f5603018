"""Ollama on the intranet, by base URL and model name."""

from __future__ import annotations

from llama_index.core.llms import LLM
from llama_index.llms.ollama import Ollama

from assistant.config import LLMSettings
from assistant.llm.errors import LLMUnavailableError
from assistant.llm.registry import backend


@backend("ollama")
def build_ollama(settings: LLMSettings) -> LLM:
    if not settings.model:
        raise LLMUnavailableError("未设置 Ollama 模型名称。请把 BUREAU_LLM__MODEL 设为已拉取的模型，例如 qwen2.5:7b。")
    return Ollama(
        model=settings.model,
        base_url=settings.base_url or "http://127.0.0.1:11434",
        request_timeout=settings.timeout,
        context_window=settings.context_window,
        temperature=0.1,
        additional_kwargs={"num_predict": settings.max_tokens},  # Ollama's name for max_tokens
    )
