"""Decode the bytes of a plain-text (or markdown) report: UTF-8 with or without BOM, UTF-16 with BOM,
else Windows-1252 as a recorded fallback. Nothing else belongs here."""

from __future__ import annotations

import codecs

from pipelines.extract.model import Issue


def decode_text(data: bytes) -> tuple[str, list[Issue]]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), [Issue("warning", "encoding_utf16", "decoded as UTF-16")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        warning = Issue(
            "warning",
            "encoding_fallback",
            f"not valid UTF-8 (byte {exc.start}); decoded as Windows-1252",
        )
        return data.decode("cp1252", errors="replace"), [warning]
