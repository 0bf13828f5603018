"""Calling an LLM: every failure, whatever the backend, becomes an LLMUnavailableError."""

from __future__ import annotations

from collections.abc import Iterator

from llama_index.core.llms import LLM, ChatMessage, MessageRole

from assistant.llm.errors import LLMUnavailableError, explain


def _where(llm: LLM) -> str:
    return str(getattr(llm, "api_base", None) or getattr(llm, "base_url", None) or getattr(llm, "model_path", ""))


def _empty_reply(llm: LLM) -> LLMUnavailableError:
    return LLMUnavailableError(f"大模型服务返回了空回复：{_where(llm)}。请检查模型是否正常加载。")


def _chat(system: str, prompt: str) -> list[ChatMessage]:
    return [ChatMessage(role=MessageRole.SYSTEM, content=system), ChatMessage(role=MessageRole.USER, content=prompt)]


def complete_text(llm: LLM, prompt: str, system: str | None = None) -> str:
    """The whole reply; `system` (the rules), when given, goes to the model as a system message."""
    try:
        text = llm.complete(prompt).text if system is None else llm.chat(_chat(system, prompt)).message.content
    except LLMUnavailableError:
        raise
    except Exception as error:  # noqa: BLE001 — client libraries raise many kinds
        raise explain(error, _where(llm)) from error
    if not isinstance(text, str) or not text.strip():
        raise _empty_reply(llm)
    return text


def stream_text(llm: LLM, prompt: str, system: str | None = None) -> Iterator[str]:
    """The reply in pieces as they arrive; `system` as for complete_text."""
    received = False
    try:
        responses = llm.stream_complete(prompt) if system is None else llm.stream_chat(_chat(system, prompt))
        for response in responses:
            if response.delta:
                received = received or bool(response.delta.strip())
                yield response.delta
    except LLMUnavailableError:
        raise
    except Exception as error:  # noqa: BLE001
        raise explain(error, _where(llm)) from error
    if not received:
        raise _empty_reply(llm)
