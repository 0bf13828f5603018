"""Backends by name: each module registers a builder from LLMSettings to a llama-index LLM."""

from __future__ import annotations

from collections.abc import Callable

from llama_index.core.llms import LLM

from assistant.config import LLMSettings

Builder = Callable[[LLMSettings], LLM]
BACKENDS: dict[str, Builder] = {}


def backend(name: str) -> Callable[[Builder], Builder]:
    """Register a builder under a backend name (the value of BUREAU_LLM__BACKEND)."""

    def register(builder: Builder) -> Builder:
        BACKENDS[name] = builder
        return builder

    return register
