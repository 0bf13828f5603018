"""One exception for every way an LLM can fail, with a message a bureau user can act on."""

from __future__ import annotations


class LLMUnavailableError(RuntimeError):
    """The LLM could not give an answer; the message is Chinese and says what to check."""


def explain(error: Exception, where: str) -> LLMUnavailableError:
    """Translate a client library's exception into an LLMUnavailableError."""
    name = type(error).__name__
    text = str(error)
    if "Timeout" in name or "timed out" in text.lower():
        reason = "大模型服务响应超时"
        advice = "请检查服务负载，或调大 BUREAU_LLM__TIMEOUT"
    elif "Connect" in name or "connection" in text.lower() or isinstance(error, ConnectionError):
        reason = "无法连接大模型服务"
        advice = "请检查 BUREAU_LLM__BASE_URL 是否正确、服务是否已启动"
    elif "Status" in name or "status" in text.lower() or "Auth" in name or "NotFound" in name:
        reason = f"大模型服务返回错误（{text[:80]}）"
        advice = "请检查模型名称 BUREAU_LLM__MODEL 和密钥 BUREAU_LLM__API_KEY"
    else:
        reason = f"大模型服务的回复无法解析（{name}）"
        advice = "请确认该地址是 OpenAI 兼容或 Ollama 接口"
    return LLMUnavailableError(f"{reason}：{where}。{advice}")
