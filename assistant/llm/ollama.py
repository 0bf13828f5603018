"""Ollama on the intranet, by base URL and model name."""

from __future__ import annotations

from llama_index.core.llms import LLM
from llama_index.llms.ollama import Ollama

from assistant.config import LLMSettings
from assistant.llm.registry import backend


@backend("ollama")
def build_ollama(settings: LLMSettings) -> LLM:
    return Ollama(
        model=settings.model,
        base_url=settings.base_url or "http://127.0.0.1:11434",
        request_timeout=settings.timeout,
        context_window=settings.context_window,
        temperature=0.1,
    )
