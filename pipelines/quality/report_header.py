"""The run a quality report belongs to, for the header of quality.html: the snapshot it published (or
why none), the run id, the time (UTC), the code version (package version and run fingerprint) and the
extractor version. Only gathering these belongs here; rendering is `report_html`, deciding the outcome
`pipelines.runs`.
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass

PACKAGE = "hmip-pipelines"


@dataclass(frozen=True)
class RunHeader:
    """The run a quality report belongs to, for its header."""

    run_id: str
    time: str  # when the report was made, UTC, e.g. 2026-12-02T14:54:20Z
    code_version: str  # the package version, e.g. hmip-pipelines 0.1.0
    run_fingerprint: str | None  # what the run was built from (raw/, extractor, code, expectations)
    extractor_version: str
    snapshot: str | None = None  # the version this run published
    not_published: str = ""  # why nothing was published, when snapshot is None
    latest: str | None = None  # the version `latest` still points to, when nothing was published


def code_version() -> str:
    """'hmip-pipelines 0.1.0', or 'hmip-pipelines (version unknown)' when the package is not installed."""
    try:
        return f"{PACKAGE} {importlib.metadata.version(PACKAGE)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{PACKAGE} (version unknown)"


def run_header(run_id: str, *, time: str, run_fingerprint: str | None, snapshot: str | None = None,
               not_published: str = "", latest: str | None = None) -> RunHeader:
    """The header of a run of this code, with the extractor version it ran."""
    from pipelines.extract import EXTRACTOR_VERSION  # here: the extractor package is slow to import

    return RunHeader(run_id=run_id, time=time, code_version=code_version(), run_fingerprint=run_fingerprint,
                     extractor_version=EXTRACTOR_VERSION, snapshot=snapshot, not_published=not_published,
                     latest=latest)
