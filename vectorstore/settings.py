"""The settings model of the vectorstore's own parts, kept here so vectorstore/ needs nothing from the
layers above it; assistant/config.py's `Settings` holds it as `[chroma]` (BUREAU_CHROMA__*)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class ChromaSettings(BaseModel):
    mode: Literal["embedded", "server"] = "embedded"
    host: str = "127.0.0.1"
    port: int = 8000
