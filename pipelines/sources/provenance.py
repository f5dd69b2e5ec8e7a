"""The provenance record beside a fetched report: `<file>.source.json`, what it holds, reading it back
(bounded, validated) and writing it atomically.

A file dropped into raw/ by hand has no record; its `source_url` and `retrieved_at` are NULL. Fetching
belongs in `pipelines.sources.fetch`; listing raw/ in `pipelines.inputs.inventory`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from pipelines.sources.catalogue import is_partial_date

SUFFIX = ".source.json"
MAX_RECORD_BYTES = 64 * 1024  # a record is a few hundred bytes
_REQUIRED = ("url", "final_url", "retrieved_at", "http_status", "sha256", "bytes")


class BadRecord(ValueError):
    """A provenance record that cannot be trusted: unreadable JSON, a field missing or of the wrong type."""


@dataclass(frozen=True)
class SourceRecord:
    url: str  # as listed or given to `hmip fetch`
    final_url: str  # of the saved document, after redirects (the PDF when the page linked one)
    retrieved_at: str  # UTC, ISO 8601 with a Z, to the second
    http_status: int
    sha256: str  # of the saved file's bytes
    bytes: int
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    published: str | None = None  # YYYY-MM-DD (or YYYY-MM, YYYY), from the sources list, when it gives one
    document_url: str | None = None  # what was requested for the document: the page's PDF link, or url
    page: dict[str, Any] | None = None  # the report page the PDF was linked from: url, final_url, validators

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @property
    def retrieved_datetime(self) -> dt.datetime:
        """`retrieved_at` as a naive datetime in UTC (the dataset's TIMESTAMP columns are UTC)."""
        return dt.datetime.fromisoformat(self.retrieved_at).astimezone(dt.UTC).replace(tzinfo=None)


def record_path(report: Path) -> Path:
    return report.with_name(report.name + SUFFIX)


def is_record_name(name: str) -> bool:
    return name.lower().endswith(SUFFIX)


def parse_record(data: bytes, where: str) -> SourceRecord:
    """The record in `data`; BadRecord naming `where` and the problem when it is not a valid record."""
    try:
        payload = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRecord(f"{where}: not a JSON provenance record ({exc})") from exc
    if not isinstance(payload, dict):
        raise BadRecord(f"{where}: a provenance record must be a JSON object")
    missing = [name for name in _REQUIRED if payload.get(name) in (None, "")]
    if missing:
        raise BadRecord(f"{where}: the provenance record has no {', '.join(missing)}")
    known = {f.name for f in fields(SourceRecord)}
    try:
        record = SourceRecord(**{k: v for k, v in payload.items() if k in known})
        _check_types(record)
        record.retrieved_datetime  # noqa: B018  (validates the timestamp)
        if record.published and not is_partial_date(record.published):
            raise ValueError(f"published {record.published!r} is not a date")
    except (TypeError, ValueError) as exc:
        raise BadRecord(f"{where}: the provenance record is malformed ({exc})") from exc
    return record


def _check_types(record: SourceRecord) -> None:
    for name in ("url", "final_url", "retrieved_at", "sha256"):
        if not isinstance(getattr(record, name), str):
            raise TypeError(f"{name} must be text")
    for name in ("http_status", "bytes"):
        if not isinstance(getattr(record, name), int):
            raise TypeError(f"{name} must be a whole number")


def read_record(path: Path) -> SourceRecord | None:
    """The record at `path`; None when there is none. BadRecord when it is unreadable or malformed."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_RECORD_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise BadRecord(f"{path.name}: the provenance record could not be read ({exc.strerror})") from exc
    if len(data) > MAX_RECORD_BYTES:
        raise BadRecord(f"{path.name}: a provenance record is at most {MAX_RECORD_BYTES} bytes")
    return parse_record(data, path.name)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` by way of a hidden temporary file in the same folder, then rename: a reader
    (or the raw/ scan, which skips hidden files) sees the old file or the new one, never half of one."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_record(report: Path, record: SourceRecord) -> None:
    write_atomic(record_path(report), record.to_json().encode("utf-8"))


def dataset_columns(record: SourceRecord | None) -> dict[str, Any]:
    """The `reports` columns a record fills; NULLs for a file dropped into raw/ by hand."""
    if record is None:
        return {"source_url": None, "retrieved_at": None}
    return {"source_url": record.url, "retrieved_at": record.retrieved_datetime}
