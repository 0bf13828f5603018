"""PLACEHOLDER: the compilation helper replaces this."""

from ingest.model import Block


def split_compilation(blocks: list[Block], fallback_title: str) -> list[tuple[str, list[Block]]]:
    return [(fallback_title, blocks)]
