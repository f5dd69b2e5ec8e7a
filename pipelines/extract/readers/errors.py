"""The one exception every reader raises for a file it cannot turn into text. Nothing else belongs here."""

from __future__ import annotations


class UnreadableDocument(Exception):
    """The bytes are not a document we can read; the message says why, for a person.

    `code` is a stable machine-readable reason (e.g. "pdf_encrypted", "docx_too_large"); the message
    names the file and the problem.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
