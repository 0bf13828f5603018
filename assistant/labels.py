"""The words the product shows in its tables and exports (assistant/labels_zh.toml), by section."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LABELS = Path(__file__).with_name("labels_zh.toml")


@cache
def labels(section: str) -> dict[str, Any]:
    """One section of labels_zh.toml (audit, review, terminal). Shipped with the package, so read once."""
    with open(LABELS, "rb") as file:
        return tomllib.load(file)[section]
