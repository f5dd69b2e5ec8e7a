"""Decide what each input file contributes: a report, a duplicate of another file's report, a conflict, or
an error. Pure logic over `Extraction`s; no I/O.

Files that yield the same report id are the same report: when their rows agree (apart from provenance)
the first by name is kept and the others are duplicates. When they disagree, the file that `latest` was
built from (same report, same sha256 in its manifest's inputs) stays and the others are held back as
conflicts naming it, so an edited copy never takes a published report out of the dataset; when none of
them was published, all are held back with a conflict naming the files, because we cannot tell which
is right.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pipelines.extract.model import Extraction
from pipelines.inputs.inventory import RawFile
from pipelines.inputs.statuses import CONFLICT, DUPLICATE, ERROR, EXTRACTED, HELD_BACK
from pipelines.sources.provenance import SourceRecord

# Columns that record where a value came from rather than what the report says.
PROVENANCE_COLUMNS = frozenset(
    {"source_file", "source_sha256", "extractor_version", "char_start", "char_end", "page_no"}
)


@dataclass
class InputStatus:
    name: str
    sha256: str
    report_id: str | None
    status: str  # a `statuses` constant: extracted, duplicate, conflict, held_back (read, with errors) or
    # error (no report); then, for extracted ones, published or held_back
    reason: str = ""
    source_url: str | None = None  # from the file's provenance record; None when dropped in by hand
    retrieved_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "sha256": self.sha256, "report_id": self.report_id,
                "status": self.status, "reason": self.reason, "source_url": self.source_url,
                "retrieved_at": self.retrieved_at}


@dataclass
class Resolution:
    reports: list[Extraction] = field(default_factory=list)  # one per report id, to load
    extractions: list[Extraction] = field(default_factory=list)  # every file's, for its issues
    inputs: list[InputStatus] = field(default_factory=list)  # one per file, sorted by name
    run_fingerprint: str | None = None  # of what this run was built from, taken when it started
    sources: dict[str, SourceRecord] = field(default_factory=dict)  # file name -> its provenance record
    warnings: list[str] = field(default_factory=list)  # for the operator: a working store rebuilt, ...
    files: dict[str, RawFile] = field(default_factory=dict)  # file name -> its listing, to read it again

    def attach_sources(self, files: list[RawFile]) -> None:
        """Carry each file's provenance record (from the raw/ listing) to its input status and the loader."""
        self.files = {f.name: f for f in files}
        self.sources = {f.name: f.source for f in files if f.source is not None}
        for item in self.inputs:
            if record := self.sources.get(item.name):
                item.source_url, item.retrieved_at = record.url, record.retrieved_at


def content_of(extraction: Extraction) -> dict[str, list[tuple]]:
    """The extraction's rows without provenance, comparable across formats and file names.

    Whitespace runs count as one space: a PDF or Word conversion cannot reproduce a text file's blank
    lines, and they carry no meaning.
    """
    content = {}
    for table, rows in extraction.rows.items():
        content[table] = sorted(
            tuple(sorted((k, _comparable(v)) for k, v in row.items() if k not in PROVENANCE_COLUMNS))
            for row in rows
        )
    return content


def _comparable(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else repr(value)


def published_files(inputs: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """(report_id, sha256) of every input that `latest` published, from its manifest's inputs."""
    return {(str(i.get("report_id")), str(i.get("sha256"))) for i in inputs
            if i.get("status") == "published" and i.get("report_id")}


def _published_member(report_id: str, group: list[Extraction],
                      published: set[tuple[str, str]]) -> Extraction | None:
    """The file of the group that `latest` published this report from (by sha256)."""
    matches = [e for e in group if (report_id, e.source_sha256) in published]
    return matches[0] if matches else None


def resolve(extractions: list[Extraction], published: set[tuple[str, str]] = frozenset(),
            full: Callable[[Extraction], Extraction] | None = None) -> Resolution:
    """`published`: `published_files` of latest's inputs, so a conflict keeps what is published.

    `full`, when the extractions are summaries (a run streams them: each with its issues and `reports`
    rows only), gives an extraction's every row back; it is called only to compare the contents of files
    that yield the same report id."""
    whole = full or (lambda e: e)
    by_report: dict[str, list[Extraction]] = defaultdict(list)
    statuses: dict[str, InputStatus] = {}
    for ext in sorted(extractions, key=lambda e: e.source_file):
        if not ext.is_report:
            errors = "; ".join(i.message for i in ext.issues if i.severity == "error")
            # a report read with errors (no usable date, a part its family must have missing) is held
            # back under its (perhaps provisional) id; a file that yielded no report is an error
            held = ext.report_id is not None and bool(ext.rows.get("reports"))
            statuses[ext.source_file] = InputStatus(
                ext.source_file, ext.source_sha256, ext.report_id, HELD_BACK if held else ERROR,
                errors or "no report found"
            )
            continue
        by_report[ext.report_id].append(ext)  # type: ignore[index]

    resolution = Resolution(extractions=list(extractions))
    for report_id, group in sorted(by_report.items()):
        kept = _published_member(report_id, group, published)
        first = kept or group[0]
        others = [e for e in group if e is not first]
        content = content_of(whole(first)) if others else None
        agreeing = [o for o in others if content_of(whole(o)) == content]
        conflicting = [o for o in others if all(o is not a for a in agreeing)]
        if conflicting and kept is not None:
            for ext in conflicting:
                statuses[ext.source_file] = InputStatus(
                    ext.source_file, ext.source_sha256, report_id, "conflict",
                    f"held back: also yields report {report_id}, which is published from {kept.source_file}, "
                    f"but their contents differ; {kept.source_file} stays published (remove one of the two "
                    "files to settle it)",
                )
            others = agreeing
        elif conflicting:
            names = ", ".join(e.source_file for e in group)
            for ext in group:
                statuses[ext.source_file] = InputStatus(
                    ext.source_file, ext.source_sha256, report_id, CONFLICT,
                    f"files {names} all yield report {report_id} but their contents differ",
                )
            continue
        resolution.reports.append(first)
        statuses[first.source_file] = InputStatus(
            first.source_file, first.source_sha256, report_id, EXTRACTED
        )
        for ext in others:
            statuses[ext.source_file] = InputStatus(
                ext.source_file, ext.source_sha256, report_id, DUPLICATE,
                f"same report as {first.source_file}",
            )
    resolution.inputs = [statuses[name] for name in sorted(statuses)]
    return resolution
