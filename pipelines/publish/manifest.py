"""The snapshot manifest, `datapackage.json`: a Frictionless Tabular Data Package describing the snapshot.

It records the version, creation time, code version, licence and attribution, every table (path, rows,
file size, sha256, Table Schema with descriptions, primary and foreign keys), the input set, the quality
summary and the content hash of all tables. Building the dict belongs here; writing files and promoting
snapshots do not.

`frictionless validate datapackage.json` passes with no options. It reads Parquet through pyarrow and
pandas, which shapes two choices: a NULL in a nullable integer column reaches it as NaN, so those fields
list "nan" among their missingValues (an empty cell, never a value); and it never sees the file's bytes,
so it cannot check a byte count (it would report one as wrong) and skips `hash`. The size is therefore
given as `file_bytes`; `hash`, `sha256` and `file_bytes` are for checks that read the file's bytes.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from pipelines.schema import Table
from pipelines.warehouse.files import utc_timestamp
from pipelines.warehouse.versions import Created

PACKAGE = "hmip-pipelines"
DATAPACKAGE = "datapackage.json"
LICENCE = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0 (OGL-3.0)",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
ATTRIBUTION = (
    "Contains public sector information published by HM Inspectorate of Probation and licensed under "
    "the Open Government Licence v3.0. © Crown copyright."
)
_FRICTIONLESS_TYPES = {
    "VARCHAR": "string", "INTEGER": "integer", "BIGINT": "integer",
    "DOUBLE": "number", "DATE": "date", "BOOLEAN": "boolean", "TIMESTAMP": "datetime",
}


# how pandas hands frictionless a NULL of a nullable numeric Parquet column (NaN), besides an empty cell
_NUMERIC_MISSING = ["", "nan"]


@dataclass(frozen=True)
class TableFile:
    """A written table file: what the manifest says of it."""

    table: Table
    path: str  # relative to the snapshot folder
    rows: int
    bytes: int
    sha256: str


def content_hash(files: list[TableFile]) -> str:
    """One hash of all tables: sha256 over `name sha256` lines, so it can be recomputed from the manifest."""
    lines = "".join(f"{f.table.name} {f.sha256}\n" for f in files)
    return hashlib.sha256(lines.encode()).hexdigest()


def table_schema(table: Table) -> dict[str, Any]:
    """Frictionless Table Schema of a table, with descriptions and constraints."""
    fields = []
    for col in table.columns:
        constraints: dict[str, Any] = {}
        if not col.nullable:
            constraints["required"] = True
        if col.allowed:
            constraints["enum"] = list(col.allowed)
        if col.min_value is not None:
            constraints["minimum"] = col.min_value
        if col.max_value is not None:
            constraints["maximum"] = col.max_value
        field: dict[str, Any] = {"name": col.name, "type": _FRICTIONLESS_TYPES[col.type],
                                 "description": col.description, "duckdb_type": col.type}
        if constraints:
            field["constraints"] = constraints
        if col.nullable and field["type"] in ("integer", "number"):
            field["missingValues"] = _NUMERIC_MISSING
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "key": list(table.key), "primaryKey": [table.id]}
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(fk.columns),
             "reference": {"resource": fk.ref_table, "fields": list(fk.ref_columns)}}
            for fk in table.foreign_keys]
    return schema


def resource(f: TableFile) -> dict[str, Any]:
    return {
        "name": f.table.name,
        "path": f.path,
        "profile": "tabular-data-resource",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "description": f.table.description,
        "rows": f.rows,
        "file_bytes": f.bytes,
        "hash": f"sha256:{f.sha256}",
        "sha256": f.sha256,
        "schema": table_schema(f.table),
    }


def git_commit(repo_dir: Path) -> str | None:
    """HEAD's commit of the checkout holding the code, when it is a git checkout and git is installed."""
    if not (repo_dir / ".git").exists():
        return None
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo_dir, capture_output=True,
                             text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def code_version() -> dict[str, str | None]:
    try:
        version: str | None = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        version = None
    repo_dir = Path(__file__).resolve().parents[2]
    return {"package": PACKAGE, "version": version, "git_commit": git_commit(repo_dir)}


OTHER_FILES = "other_files"  # every file but the tables and the manifest, with bytes and sha256
FINGERPRINT_FIELD = "run_fingerprint"  # what a snapshot was built from: see pipelines.runs.freshness


def build_manifest(*, version: str, created: str, previous: str | None, files: list[TableFile],
                   inputs: list[dict[str, Any]], quality: dict[str, Any],
                   run_fingerprint: str | None = None,
                   clock: dict[str, Any] | None = None, other_files: list[dict[str, Any]] | None = None,
                   repaired: dict[str, Any] | None = None) -> dict[str, Any]:
    reports = next((f.rows for f in files if f.table.name == "reports"), None)
    manifest = {
        "profile": "tabular-data-package",
        "name": "hmip-probation-inspections",
        "title": "HM Inspectorate of Probation inspection reports: ratings, findings and recommendations",
        "version": version,
        "created": created,
        "previous_version": previous,
        "code": code_version(),
        FINGERPRINT_FIELD: run_fingerprint,
        "licenses": [LICENCE],
        "attribution": ATTRIBUTION,
        "copyright": "© Crown copyright",
        "contributors": [{"title": "HM Inspectorate of Probation", "role": "publisher"}],
        "sources": [{"title": "HM Inspectorate of Probation inspection reports",
                     "path": "https://www.justiceinspectorates.gov.uk/hmiprobation/"}],
        "content_hash": f"sha256:{content_hash(files)}",
        "reports": reports,
        "resources": [resource(f) for f in files],
        "inputs": sorted(inputs, key=lambda i: (str(i.get("name")), str(i.get("sha256")))),
        "quality": {"verdict": quality.get("verdict"), "summary": quality.get("summary"),
                    "report": "quality.json", "html": "quality.html"},
    }
    if clock:
        manifest["clock"] = clock
    if repaired:
        manifest["repaired"] = repaired
    if other_files is not None:
        manifest[OTHER_FILES] = other_files
    return manifest


def file_entry(folder: Path, name: str) -> dict[str, Any]:
    """A snapshot file that is not a table (quality report, diff, changes), for `hmip verify`."""
    path = folder / name
    return {"path": name, "file_bytes": path.stat().st_size,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def clock_note(created: Created) -> dict[str, Any] | None:
    """What the manifest says when the system clock read earlier than the previous snapshot's creation
    None when the clock was sane."""
    if not created.clock_went_backwards:
        return None
    return {"went_backwards": True, "system_time": utc_timestamp(created.system_time),
            "note": "the system clock read earlier than the previous snapshot's creation; created is "
                    "set to that time so that versions keep their order"}
