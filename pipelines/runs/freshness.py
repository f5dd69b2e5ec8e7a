"""Is a run needed? The fingerprint of everything a snapshot is made from, recorded in its manifest.

A snapshot is a function of the files in raw/ (names and contents), the extractor version, the pipeline's
code and the expectation suites with their accepted exceptions. When all of them hash to the fingerprint
that `latest`'s manifest records (or that of the last run, when it ended settled but published nothing,
say because the report it held back left the tables as they were), a run would repeat that outcome, so
`hmip run` and the daily schedule skip it and say so. Only hashing and comparing belong here; listing raw/ is
`pipelines.inputs.inventory`, writing the manifest is `pipelines.publish`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipelines.inputs.inventory import RawFile, scan_raw
from pipelines.publish.manifest import FINGERPRINT_FIELD
from pipelines.publish.previous_manifest import latest_manifest
from pipelines.publish.verify import latest_damage
from pipelines.quality.suite_files import EXPECTATIONS_DIR, PACKAGE_DIR  # shipped code only
from pipelines.runs.last_run import SETTLED, read_last_run
from pipelines.runs.status import RunStatus, rejected_inputs, status_of_record
from pipelines.warehouse.layout import last_run_dir

_CODE_SUFFIXES = (".py", ".sql", ".csv")  # .csv: data shipped in the package (body renamings)


def code_sha256(package_dir: Path = PACKAGE_DIR, expectations_dir: Path = EXPECTATIONS_DIR) -> str:
    """One hash of the pipeline's source files, the expectation files and the lock file of the libraries,
    by relative path and content.
    Not cached: a reviewer may edit the accepted exceptions while `dagster dev` is running."""
    digest = hashlib.sha256()
    lock = package_dir.parent / "uv.lock"  # the locked libraries (pdfplumber, pypdf, ...) shape the output
    if lock.is_file():
        digest.update(b"uv.lock\0" + hashlib.sha256(lock.read_bytes()).digest())
    for root, suffixes in ((package_dir, _CODE_SUFFIXES), (expectations_dir, (".json", ".yml", ".yaml"))):
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in suffixes):
            digest.update(f"{root.name}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def run_fingerprint(files: list[RawFile], extractor_version: str, code: str | None = None) -> str:
    """sha256 of the input set (every listed file's name, hash and provenance record's hash), the
    extractor version and the code."""
    payload = {
        "files": sorted([f.name, f.state] for f in files),  # a changed provenance record is a change
        "extractor_version": extractor_version,
        "code_sha256": code if code is not None else code_sha256(),
    }
    return "sha256:" + hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def unchanged_since_latest(warehouse_dir: Path, fingerprint: str) -> str | None:
    """What a run with this fingerprint would repeat, for a person ('snapshot 2026-12-01.1', or the last
    run that published nothing), else None. A blocked last run is never skipped over, nor a damaged
    `latest` (a file missing or changed since it was published): a run republishes it as a new version."""
    if latest_damage(warehouse_dir) is not None:
        return None
    manifest = latest_manifest(warehouse_dir) or {}
    if manifest.get(FINGERPRINT_FIELD) == fingerprint:
        return f"snapshot {manifest.get('version')}"
    last = read_last_run(warehouse_dir)
    if last and last.get(FINGERPRINT_FIELD) == fingerprint and last.get("outcome") in SETTLED:
        return (f"the last run ({last.get('finished')}, {last.get('outcome')}; latest is "
                f"{last.get('latest_version')}; its quality report is in {last_run_dir(warehouse_dir)})")
    return None


def standing_status(warehouse_dir: Path, fingerprint: str) -> RunStatus | None:
    """What an unchanged rerun repeats (with `unchanged_since_latest`): the status of the snapshot or
    last run with this fingerprint, so a report still held back keeps `hmip run` exiting 3 until someone
    acts on it; None when a run is needed."""
    if latest_damage(warehouse_dir) is not None:
        return None
    manifest = latest_manifest(warehouse_dir) or {}
    if manifest.get(FINGERPRINT_FIELD) == fingerprint:
        quality = manifest.get("quality") or {}
        return status_of_record({"outcome": "unchanged", "summary": quality.get("summary"),
                                 "rejected": len(rejected_inputs(manifest.get("inputs") or []))})
    last = read_last_run(warehouse_dir)
    if last and last.get(FINGERPRINT_FIELD) == fingerprint and last.get("outcome") in SETTLED:
        return status_of_record({**last, "outcome": "unchanged"})
    return None


def unchanged_raw(raw_dir: Path, warehouse_dir: Path) -> tuple[str | None, list[RawFile]]:
    """`unchanged_since_latest` for the files now in `raw_dir`, and those files."""
    since, _, files = unchanged_raw_status(raw_dir, warehouse_dir)
    return since, files


def unchanged_raw_status(raw_dir: Path, warehouse_dir: Path
                         ) -> tuple[str | None, RunStatus | None, list[RawFile]]:
    """`unchanged_since_latest` and `standing_status` for the files now in `raw_dir`, and those files."""
    from pipelines.extract import EXTRACTOR_VERSION

    files = scan_raw(raw_dir)
    fingerprint = run_fingerprint(files, EXTRACTOR_VERSION)
    since = unchanged_since_latest(warehouse_dir, fingerprint)
    return since, standing_status(warehouse_dir, fingerprint) if since else None, files


class BuiltFromAnotherScan(Exception):
    """What a run is about to publish was not extracted from the raw folder it scanned."""


def check_built_from_scan(scanned: str | None, built: str | None, raw_dir: Path) -> None:
    """Raise `BuiltFromAnotherScan` unless the fingerprint the extraction step recorded (`built`) is the
    one taken of `raw_dir` when this run scanned it (`scanned`)."""
    if scanned is None or built is None or scanned != built:
        raise BuiltFromAnotherScan(
            f"refused to publish: the extracted reports (fingerprint {built or 'none'}) were not built from "
            f"the raw folder {raw_dir} this run scanned (fingerprint {scanned or 'not recorded'}); "
            "latest left as it was")
