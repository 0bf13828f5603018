"""Knowledge-base names as users write them (Chinese allowed) → Chroma collection names (ASCII)."""

from __future__ import annotations

import hashlib
import re

ASCII_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,50}[A-Za-z0-9]|[A-Za-z0-9]")
FORBIDDEN = re.compile(r"[\s/\\:*?\"<>|\x00-\x1f]")
MAX_LENGTH = 50


class KnowledgeBaseNameError(ValueError):
    """A knowledge-base name that cannot be used; the message is for the user."""


def validate_kb_name(name: str) -> str:
    """The name, stripped; raises KnowledgeBaseNameError for an empty, too long or path-like name."""
    name = name.strip()
    if not name:
        raise KnowledgeBaseNameError("知识库名称不能为空")
    if len(name) > MAX_LENGTH:
        raise KnowledgeBaseNameError(f"知识库名称不能超过 {MAX_LENGTH} 个字符")
    if FORBIDDEN.search(name):
        raise KnowledgeBaseNameError("知识库名称不能包含空格、斜杠或 :*?\"<>| 等符号")
    return name


def collection_name(name: str) -> str:
    """kb_<name> for plain ASCII names, kbh_<hash> for others (e.g. 政策库); always valid for Chroma."""
    name = validate_kb_name(name)
    if ASCII_NAME.fullmatch(name):
        return f"kb_{name}"
    return "kbh_" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
