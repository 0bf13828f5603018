"""PLACEHOLDER: the cleaning helper replaces this."""

from ingest.model import Block


def clean_blocks(blocks: list[Block]) -> list[Block]:
    return blocks
