"""The drafting assistant: indicator data → computed facts → exemplars from the knowledge base →
template or LLM writer → number verification → a .docx in official format."""

from assistant.drafting.api import Draft, draft_section, export_docx, recheck, topics_for
from assistant.drafting.topics import Topic, UnknownTopicError, all_topics, topic_from_request
from assistant.indicators.reader import DraftDataError

__all__ = [
    "all_topics", "Draft", "DraftDataError", "Topic", "UnknownTopicError", "draft_section", "export_docx", "recheck",
    "topic_from_request", "topics_for",
]  # fmt: skip
