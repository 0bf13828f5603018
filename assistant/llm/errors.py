"""One exception for every way an LLM can fail, with a message a bureau user can act on."""

from __future__ import annotations

import socket

import httpx
import openai


class LLMUnavailableError(RuntimeError):
    """The LLM could not give an answer; the message is Chinese and says what to check."""


def explain(error: Exception, where: str) -> LLMUnavailableError:
    """Translate a client library's exception (openai, ollama, httpx, llama.cpp) into an LLMUnavailableError."""
    reason, advice = _diagnose(error)
    return LLMUnavailableError(f"{reason}：{where}。{advice}。")


def _diagnose(error: Exception) -> tuple[str, str]:
    if isinstance(error, (openai.APITimeoutError, httpx.TimeoutException, TimeoutError)):
        return "大模型服务响应超时", "请检查服务负载，或调大 BUREAU_LLM__TIMEOUT（秒）"
    if isinstance(error, (openai.APIConnectionError, httpx.TransportError, ConnectionError)):
        return f"无法连接大模型服务{_connection_detail(error)}", "请检查 BUREAU_LLM__BASE_URL 是否正确、服务是否已启动"
    status = getattr(error, "status_code", None)  # openai.APIStatusError and ollama.ResponseError carry it
    if status in (401, 403):
        return f"大模型服务拒绝了访问（HTTP {status}）", "请检查密钥 BUREAU_LLM__API_KEY"
    if status == 404:
        return "大模型服务找不到该模型或接口（HTTP 404）", "请检查模型名称 BUREAU_LLM__MODEL 和地址 BUREAU_LLM__BASE_URL（OpenAI 兼容接口一般以 /v1 结尾）"
    if status == 429:
        return "大模型服务繁忙或超出调用额度（HTTP 429）", "请稍后再试，或联系服务管理员"
    if isinstance(status, int):
        return f"大模型服务出错（HTTP {status}）", "请查看模型服务的日志，确认模型已正常加载"
    return f"大模型服务的回复无法解析（{type(error).__name__}）", "请确认该地址是 OpenAI 兼容接口或 Ollama 接口"


def _connection_detail(error: BaseException) -> str:
    """Why the connection failed, from the chain of underlying exceptions."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ConnectionRefusedError):
            return "（连接被拒绝）"
        if isinstance(seen, socket.gaierror):
            return "（找不到该主机名）"
        seen = seen.__cause__ or seen.__context__
    return ""
