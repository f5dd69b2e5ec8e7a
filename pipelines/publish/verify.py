"""Is a published snapshot intact? Every file its `datapackage.json` lists is re-hashed (bytes and sha256)
and, in the full check, every Parquet file is read through (a batch at a time, never whole) and its
columns compared with the schema (types as `pipelines.schema` maps them). A damaged snapshot is never
repaired in place (snapshots are immutable): the next run publishes a new version instead, see
`pipelines.publish.snapshot`.

Only checking belongs here; no Dagster, no writing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.inputs.inventory import sha256_of
from pipelines.publish.manifest import DATAPACKAGE, OTHER_FILES
from pipelines.schema import Column, Table, arrow_schema
from pipelines.warehouse import layout
from pipelines.warehouse.files import read_json


@dataclass(frozen=True)
class BadFile:
    path: str  # relative to the snapshot folder
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


@dataclass
class Verification:
    version: str
    folder: Path
    checked: int = 0  # files checked against the manifest
    bad: list[BadFile] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.bad

    def describe(self) -> str:
        """One line for a person: 'intact (12 files)' or 'damaged: a.parquet: ...; b: ...'."""
        if self.intact:
            return f"intact ({self.checked} files match datapackage.json)"
        return "damaged: " + "; ".join(str(b) for b in self.bad)


def _check_bytes(folder: Path, entry: dict[str, Any]) -> str | None:
    """Why the listed file is not what the manifest says, or None."""
    path = folder / str(entry.get("path"))
    if not path.is_file():
        return "missing"
    size = path.stat().st_size
    declared = entry.get("file_bytes", entry.get("bytes"))  # `bytes` in manifests before issue 16
    if declared is not None and size != declared:
        return f"{size} bytes, the manifest says {declared}"
    try:
        actual = sha256_of(path)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if actual != entry.get("sha256"):
        return f"sha256 {actual[:12]}… does not match the manifest's {str(entry.get('sha256'))[:12]}…"
    return None


def expected_schema(resource: dict[str, Any]) -> Any:
    """The Arrow schema the manifest's Table Schema describes, typed as `pipelines.schema` maps types."""
    fields = (resource.get("schema") or {}).get("fields", [])
    columns = tuple(Column(f["name"], f["duckdb_type"], "",
                           nullable=not (f.get("constraints") or {}).get("required", False)) for f in fields)
    return arrow_schema(Table(str(resource.get("name")), "", columns, (), id=""))


def _check_parquet(path: Path, resource: dict[str, Any]) -> str | None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        expected = expected_schema(resource)
    except (KeyError, TypeError) as exc:
        return f"the manifest's schema is unreadable ({exc})"
    try:
        with pq.ParquetFile(path) as parquet:
            schema = parquet.schema_arrow
            rows = sum(batch.num_rows for batch in parquet.iter_batches())  # every page decoded
    except (OSError, pa.ArrowException) as exc:
        return f"does not open as Parquet ({exc})"
    got = [(f.name, f.type, f.nullable) for f in schema]
    want = [(f.name, f.type, f.nullable) for f in expected]
    if got != want:
        return f"columns {_columns(got)} differ from the schema's {_columns(want)}"
    if resource.get("rows") is not None and rows != resource["rows"]:
        return f"{rows} rows, the manifest says {resource['rows']}"
    return None


def _columns(fields: list[tuple]) -> str:
    return ", ".join(f"{n} {t}{'' if nullable else ' not null'}" for n, t, nullable in fields)


def verify_snapshot(folder: Path, *, open_parquet: bool = True) -> Verification:
    """Check a snapshot folder against its datapackage.json. `open_parquet=False` is the quick check
    (bytes and sha256 only), for listing snapshots and deciding whether a run has anything to do."""
    result = Verification(folder.name, folder)
    try:
        manifest = read_json(folder / DATAPACKAGE)
    except FileNotFoundError:
        result.bad.append(BadFile(DATAPACKAGE, "missing"))
        return result
    except (OSError, ValueError) as exc:
        result.bad.append(BadFile(DATAPACKAGE, f"unreadable ({exc})"))
        return result
    resources = list(manifest.get("resources") or [])
    if not resources:
        result.bad.append(BadFile(DATAPACKAGE, "lists no table"))
    listed = {DATAPACKAGE}
    for entry in resources + list(manifest.get(OTHER_FILES) or []):
        name = str(entry.get("path"))
        listed.add(name)
        result.checked += 1
        problem = _check_bytes(folder, entry)
        if problem is None and open_parquet and entry in resources:
            problem = _check_parquet(folder / name, entry)
        if problem:
            result.bad.append(BadFile(name, problem))
    if manifest.get(OTHER_FILES) is not None:  # a manifest that lists every file: an extra one is damage
        for path in sorted(p.name for p in folder.iterdir()):
            if path not in listed:
                result.bad.append(BadFile(path, "not listed in datapackage.json"))
    return result


def verify_version(warehouse_dir: Path, version: str = "latest", *,
                   open_parquet: bool = True) -> Verification | None:
    """`verify_snapshot` of a version ('latest' for the one `latest` points to); None when there is none."""
    if version == "latest":
        resolved = layout.latest_version(warehouse_dir)
        if resolved is None:
            return None
        version = resolved
    folder = layout.snapshots_dir(warehouse_dir) / version
    return verify_snapshot(folder, open_parquet=open_parquet) if folder.is_dir() else None


def latest_damage(warehouse_dir: Path) -> Verification | None:
    """The quick check of `latest` when it is damaged; None when it is intact or there is no latest."""
    checked = verify_version(warehouse_dir, "latest", open_parquet=False)
    return checked if checked is not None and not checked.intact else None


def newest_intact(warehouse_dir: Path) -> Path | None:
    """The newest snapshot that passes the quick check, to diff a repair against."""
    for version in reversed(layout.snapshot_versions(warehouse_dir)):
        folder = layout.snapshots_dir(warehouse_dir) / version
        if verify_snapshot(folder, open_parquet=False).intact:
            return folder
    return None
