"""LLM backends behind one function: build_llm(settings.llm) gives a llama-index LLM, or None offline."""

from __future__ import annotations

from functools import lru_cache

from llama_index.core.llms import LLM

from assistant.config import LLMSettings
from assistant.llm import llamacpp, ollama, openai_like  # noqa: F401 — each registers its backend
from assistant.llm.calls import complete_text, stream_text
from assistant.llm.errors import LLMUnavailableError
from assistant.llm.registry import BACKENDS

__all__ = ["LLMUnavailableError", "build_llm", "complete_text", "stream_text"]


def build_llm(settings: LLMSettings) -> LLM | None:
    """The configured LLM, built once per process per configuration; None for backend "none"."""
    if settings.backend == "none":
        return None
    return _build(settings.model_dump_json())


@lru_cache(maxsize=4)
def _build(settings_json: str) -> LLM:
    settings = LLMSettings.model_validate_json(settings_json)
    return BACKENDS[settings.backend](settings)
