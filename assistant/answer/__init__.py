"""The answer engine: grounded answers with numbered citations, offline or with an LLM."""

import jieba

jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise

from assistant.answer.engine import Assistant  # noqa: E402
from assistant.answer.model import Answer, Citation, Conversation, Turn  # noqa: E402

__all__ = ["Answer", "Assistant", "Citation", "Conversation", "Turn"]
