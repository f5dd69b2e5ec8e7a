"""Decode the bytes of a plain-text (or markdown) report: UTF-8 with or without BOM, UTF-16 with a BOM or
recognisably without one, else Windows-1252 as a recorded fallback. Nothing else belongs here."""

from __future__ import annotations

import codecs

from pipelines.extract.model import Issue


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes look like UTF-16 text with no byte-order mark.

    Mostly-ASCII UTF-16 has a NUL in every other byte: odd positions for little-endian, even for big.
    """
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even_nuls = head[0::2].count(0)
    odd_nuls = head[1::2].count(0)
    half = len(head) // 2
    if odd_nuls > 0.6 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.6 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> tuple[str, list[Issue]]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), [
            Issue("warning", "encoding_utf16", "decoded as UTF-16")
        ]
    encoding = utf16_without_bom(data)
    if encoding:
        text = data[: len(data) - len(data) % 2].decode(encoding, errors="replace")
        return text, [Issue("warning", "encoding_utf16", f"no byte-order mark; decoded as {encoding}")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        warning = Issue(
            "warning",
            "encoding_fallback",
            f"not valid UTF-8 (byte {exc.start}); decoded as Windows-1252",
        )
        return data.decode("cp1252", errors="replace"), [warning]
