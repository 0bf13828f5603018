"""Prompt templates live in prompts/*.txt (Chinese, editable by a deployment); read once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.config import Settings


class PromptMissingError(FileNotFoundError):
    """A prompt template file is missing from the configured prompts directory."""


def load_prompt(settings: Settings, name: str) -> str:
    return _read(Path(settings.prompts_dir) / f"{name}.txt")


@lru_cache(maxsize=32)
def _read(path: Path) -> str:
    if not path.is_file():
        raise PromptMissingError(f"找不到提示词模板 {path}。请检查 BUREAU_PROMPTS_DIR 或恢复 prompts/ 目录下的 {path.name}")
    return path.read_text(encoding="utf-8").strip()
