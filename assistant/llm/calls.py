"""Calling an LLM: every failure, whatever the backend, becomes an LLMUnavailableError."""

from __future__ import annotations

from collections.abc import Iterator

from llama_index.core.llms import LLM

from assistant.llm.errors import LLMUnavailableError, explain


def _where(llm: LLM) -> str:
    return str(getattr(llm, "api_base", None) or getattr(llm, "base_url", None) or getattr(llm, "model_path", ""))


def _empty_reply(llm: LLM) -> LLMUnavailableError:
    return LLMUnavailableError(f"大模型服务返回了空回复：{_where(llm)}。请检查模型是否正常加载。")


def complete_text(llm: LLM, prompt: str) -> str:
    try:
        text = llm.complete(prompt).text
    except LLMUnavailableError:
        raise
    except Exception as error:  # noqa: BLE001 — client libraries raise many kinds
        raise explain(error, _where(llm)) from error
    if not isinstance(text, str) or not text.strip():
        raise _empty_reply(llm)
    return text


def stream_text(llm: LLM, prompt: str) -> Iterator[str]:
    """The reply in pieces as they arrive."""
    received = False
    try:
        for response in llm.stream_complete(prompt):
            if response.delta:
                received = received or bool(response.delta.strip())
                yield response.delta
    except LLMUnavailableError:
        raise
    except Exception as error:  # noqa: BLE001
        raise explain(error, _where(llm)) from error
    if not received:
        raise _empty_reply(llm)
