"""PLACEHOLDER: the structure helper replaces this."""


def normalize_for_search(text: str) -> str:
    return text
