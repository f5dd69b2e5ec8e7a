"""What extraction produces for one source file: rows per table, issues, and provenance.

This is the contract between the parser (`pipelines.extract`) and everything downstream (the warehouse
loader, the quality checks, publishing). It holds data and its (de)serialisation for the extraction
cache; parsing does not belong here.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Any

import orjson

from pipelines.schema import TABLES, Table


@dataclass(frozen=True)
class Issue:
    """A structured problem met while extracting, published beside the data for reviewers."""

    severity: str  # "error" holds the report back; "warning" publishes with it
    code: str  # stable machine-readable code, e.g. "score_mismatch"
    message: str
    char_start: int | None = None


@dataclass
class Extraction:
    """Everything extracted from one source file.

    `rows` maps a table name from `pipelines.schema.TABLES` (apart from `extraction_issues`, which is
    built from `issues`) to a list of dicts keyed by that table's column names. Dates are
    `datetime.date`, percentages floats. `report_id` is None when the file yielded no report.
    """

    source_file: str
    source_sha256: str
    extractor_version: str
    report_id: str | None = None
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(i.severity == "error" for i in self.issues)

    @property
    def is_report(self) -> bool:
        """A report was found and nothing stops it from being loaded."""
        return self.report_id is not None and not self.has_errors

    def issue_rows(self) -> list[dict[str, Any]]:
        return [
            {"report_id": self.report_id, "source_file": self.source_file, **asdict(i)}
            for i in self.issues
        ]

    def table_rows(self, table: Table) -> list[dict[str, Any]]:
        if table.name == "extraction_issues":
            return self.issue_rows()
        return self.rows.get(table.name, [])

    def to_json(self) -> str:
        return self.to_json_bytes().decode("utf-8")

    def to_json_bytes(self) -> bytes:
        """The extraction as UTF-8 JSON, keys sorted, dates as ISO text. orjson writes it (~5 times faster
        than `json` on a report: the extraction cache encodes every report a run extracts); text it will
        not write (a lone surrogate, which a reader can leave in a broken file's text; an integer beyond 64
        bits) goes to `json`, which escapes it. Unlike `json`, orjson writes NaN and infinities as null,
        and reads an integer beyond 64 bits as a float: the extractor's rows hold neither (percentages
        and counts are read from digits, and the warehouse's integers are 32-bit, so such a count fails
        loading either way)."""
        payload = {
            "source_file": self.source_file,
            "source_sha256": self.source_sha256,
            "extractor_version": self.extractor_version,
            "report_id": self.report_id,
            "rows": self.rows,
            "issues": [asdict(i) for i in self.issues],
        }
        try:
            return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:
            return json.dumps(payload, default=_encode, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, text: str | bytes) -> Extraction:
        try:
            payload = orjson.loads(text)
        except orjson.JSONDecodeError:  # what only `json` writes (see `to_json_bytes`)
            payload = json.loads(text)
        rows = {name: [_decode_row(name, r) for r in rs] for name, rs in payload["rows"].items()}
        return cls(
            source_file=payload["source_file"],
            source_sha256=payload["source_sha256"],
            extractor_version=payload["extractor_version"],
            report_id=payload["report_id"],
            rows=rows,
            issues=[Issue(**i) for i in payload["issues"]],
        )


_DATE_COLUMNS = {t.name: {c.name for c in t.columns if c.type == "DATE"} for t in TABLES}


def _encode(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _decode_row(table: str, row: dict[str, Any]) -> dict[str, Any]:
    for col in _DATE_COLUMNS.get(table, ()):
        if isinstance(row.get(col), str):
            row[col] = dt.date.fromisoformat(row[col])
    return row
