"""Bytes → text for plain-text formats without mojibake: BOMs first, then UTF-8, then Chinese legacy codecs."""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class UndecodableText(ValueError):
    """No codec gives readable text."""


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) for the bytes of a text file; raise UndecodableText if none fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding), encoding
    for wide in (_utf32_without_bom(data), _utf16_without_bom(data)):
        text = _try(data, wide) if wide else None
        if text is not None and _readable(text, False):
            return text, wide
    # GB18030 first only if its Han characters are common simplified ones, else Big5 gets a chance.
    for encoding, common_han in (("utf-8", False), ("gb18030", True), ("big5", False), ("gb18030", False)):
        text = _try(data, encoding)
        if text is not None and _readable(text, common_han):
            return text, encoding
    text = data.decode("utf-8", errors="replace")  # UTF-8 with a few stray bytes: keep the text, mark the bytes
    if text.count("\ufffd") <= max(2, len(text) // 5000) and _readable(text.replace("\ufffd", ""), False):
        return text, "utf-8"
    best = from_bytes(data).best()
    if best is not None and _readable(str(best), False):
        return str(best), best.encoding
    raise UndecodableText("no codec gives readable text")


def _strict(data: bytes, encoding: str) -> str:
    text = _try(data, encoding)
    if text is None:
        raise UndecodableText(f"bytes are not valid {encoding}")
    return text


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _utf32_without_bom(data: bytes) -> str | None:
    """UTF-32 without BOM: for text in the Basic Multilingual Plane two bytes of every four are NUL."""
    sample = data[: 4000 - 4000 % 4]
    if len(sample) < 8 or len(data) % 4:
        return None
    if not any(sample[2::4]) and not any(sample[3::4]):
        return "utf-32-le"
    if not any(sample[0::4]) and not any(sample[1::4]):
        return "utf-32-be"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM shows as NUL in every other byte for ASCII-heavy text."""
    sample = data[:4000]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    return "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"


def _readable(text: str, common_han: bool) -> bool:
    """A wrong legacy codec yields control, private-use or rare characters; real text has almost none."""
    odd = sum(1 for ch in text if _is_odd(ch))
    if odd > max(2, len(text) // 200):
        return False
    if not common_han:
        return True
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    common = sum(1 for ch in han if _in_gb2312(ch))
    return not han or common >= 0.9 * len(han)


def _is_odd(ch: str) -> bool:
    if ch in "\r\n\t\f":
        return False
    category = unicodedata.category(ch)
    return category in ("Cc", "Co", "Cn", "Cs") or "\u3400" <= ch <= "\u4dbf" or ch == "\ufffd"


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
