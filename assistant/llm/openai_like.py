"""OpenAI-compatible endpoints: vLLM, DeepSeek, Qwen (DashScope compatible mode), Xinference, llama.cpp's server."""

from __future__ import annotations

from llama_index.core.llms import LLM
from llama_index.llms.openai_like import OpenAILike

from assistant.config import LLMSettings
from assistant.llm.errors import LLMUnavailableError
from assistant.llm.registry import backend


@backend("openai")
def build_openai_like(settings: LLMSettings) -> LLM:
    if not settings.base_url:  # the client would silently fall back to api.openai.com
        raise LLMUnavailableError(
            "未设置大模型服务地址。请把 BUREAU_LLM__BASE_URL 设为 OpenAI 兼容接口，例如 http://127.0.0.1:8000/v1"
        )
    return OpenAILike(
        model=settings.model or "default",
        api_base=settings.base_url,
        api_key=settings.api_key or "EMPTY",
        is_chat_model=True,
        timeout=settings.timeout,
        max_retries=0,  # the answer falls back to offline mode at once instead of waiting through retries
        context_window=settings.context_window,
        max_tokens=settings.max_tokens,
        temperature=0.1,
    )
