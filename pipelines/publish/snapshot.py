"""Publishing a snapshot, step by step: write every file into a temporary folder, compare with `latest`,
promote by rename, switch `latest`, prune, refresh the views. Also listing snapshots and cleaning up.

The steps' own logic lives in the sibling modules (rows, parquet, manifest, diff, changes, layout,
retention, views); this module only orders them so a reader can never see a half-written snapshot.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.inputs.inventory import sha256_of
from pipelines.publish.changes import render_changes_markdown
from pipelines.publish.diff import diff_snapshots
from pipelines.publish.manifest import (
    DATAPACKAGE,
    TableFile,
    build_manifest,
    clock_note,
    content_hash,
    file_entry,
)
from pipelines.publish.overview import DICTIONARY, INDEX, render_overview_of
from pipelines.publish.parquet import file_name, read_parquet, read_schema, write_parquet
from pipelines.publish.retention import DEFAULT_KEEP, prune_snapshots
from pipelines.publish.rows import published_rows
from pipelines.publish.verify import newest_intact, verify_snapshot
from pipelines.publish.views import create_latest_views
from pipelines.schema import TABLES, data_dictionary_markdown
from pipelines.warehouse import layout
from pipelines.warehouse.files import (
    fsync_dir,
    fsync_file,
    read_json,
    utc_now,
    utc_timestamp,
    write_json,
    write_text,
)
from pipelines.warehouse.versions import created_after, next_version


@dataclass(frozen=True)
class PublishResult:
    version: str | None  # None when nothing was published
    path: Path | None  # the new snapshot, or the one `latest` still points to
    published: bool
    reason: str
    tables: dict[str, int]  # rows per table of the snapshot built this run
    content_hash: str | None  # "sha256:<hex>" of all tables
    previous_version: str | None = None
    pruned: list[str] = field(default_factory=list)
    cleaned: list[Path] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)  # latest's bad files, when this publish repairs it


def outcome_of(result: PublishResult) -> str:
    """published; unchanged (tables identical to latest); or nothing_passed (no report passed the gate)."""
    if result.published:
        return "published"
    return "unchanged" if result.content_hash is not None else "nothing_passed"


def clean_leftovers(warehouse_dir: Path) -> list[Path]:
    """Remove what interrupted publishes left (`.tmp-*`, `latest.tmp`); waits for a running publish."""
    if not warehouse_dir.is_dir():
        return []
    with layout.publish_lock(warehouse_dir):
        return layout.remove_leftovers(warehouse_dir)


def _write_tables(con: duckdb.DuckDBPyConnection, folder: Path, report_ids: set[str]) -> list[TableFile]:
    files = []
    for table in TABLES:
        path = folder / file_name(table)
        rows = write_parquet(published_rows(con, table, report_ids), table, path)
        files.append(TableFile(table, path.name, rows, path.stat().st_size, sha256_of(path)))
    return files


class _ParquetColumns:
    """A published table's file, read only for the columns asked for (`overview.Columns`)."""

    def __init__(self, path: Path) -> None:
        self._path = path

    @property
    def column_names(self) -> list[str]:
        return read_schema(self._path).names

    def select(self, columns: list[str]) -> pa.Table:
        return read_parquet(self._path, columns)


_OTHER_FILES = ("quality.json", "quality.html", "diff.json", "CHANGES.md", INDEX, DICTIONARY)


def _created_of(warehouse_dir: Path, version: str | None) -> str | None:
    if version is None:
        return None
    try:
        return read_json(layout.snapshots_dir(warehouse_dir) / version / DATAPACKAGE).get("created")
    except (OSError, ValueError):
        return None


def _latest_hash(warehouse_dir: Path, version: str | None) -> str | None:
    if version is None:
        return None
    manifest = layout.snapshots_dir(warehouse_dir) / version / DATAPACKAGE
    return read_json(manifest).get("content_hash") if manifest.exists() else None


def _seal(folder: Path) -> None:
    """Make every file read-only and durable, then the folder's entries."""
    for path in folder.iterdir():
        path.chmod(0o444)
        fsync_file(path)
    fsync_dir(folder)


def publish_snapshot(
    con: duckdb.DuckDBPyConnection,
    warehouse_dir: Path,
    *,
    report_ids: set[str],
    quality: dict[str, Any],
    quality_html: str | Callable[[str, str], str],  # the page, or one made from (version, created)
    inputs: list[dict[str, Any]],
    retention: int = DEFAULT_KEEP,
    today: dt.date | None = None,
    run_fingerprint: str | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> PublishResult:
    """Publish the reports in `report_ids` from the warehouse's `main` tables as a new snapshot.

    Publishes nothing (and says why) when no report passed or the tables equal `latest`'s.
    """
    if retention < 1:
        raise ValueError(f"retention must keep at least one snapshot, got {retention}")
    with layout.publish_lock(warehouse_dir):
        cleaned = layout.remove_leftovers(warehouse_dir)
        previous = layout.latest_version(warehouse_dir)
        previous_dir = layout.snapshots_dir(warehouse_dir) / previous if previous else None
        unchanged = {"previous_version": previous, "cleaned": cleaned}
        if not report_ids:
            create_latest_views(con, warehouse_dir)
            return PublishResult(None, previous_dir, False, "no report passed the quality gate; "
                                 "latest left as it was", {}, None, **unchanged)

        tmp = layout.new_tmp_dir(warehouse_dir)
        try:
            files = _write_tables(con, tmp, report_ids)
            tables = {f.table.name: f.rows for f in files}
            digest = f"sha256:{content_hash(files)}"
            damage = verify_snapshot(previous_dir) if previous_dir is not None else None
            repaired = None if damage is None or damage.intact else {  # a damaged latest gets a new version
                "version": previous, "bad_files": [str(b) for b in damage.bad]}
            if digest == _latest_hash(warehouse_dir, previous) and repaired is None:
                shutil.rmtree(tmp)
                create_latest_views(con, warehouse_dir)
                return PublishResult(None, previous_dir, False, f"tables identical to latest ({previous}); "
                                     "nothing published", tables, digest, **unchanged)

            now = (clock or utc_now)().replace(microsecond=0)
            versions = layout.snapshot_versions(warehouse_dir)
            created = created_after(now, _created_of(warehouse_dir, versions[-1] if versions else None))
            version = next_version(versions, today or created.at.date())
            write_json(tmp / "quality.json", quality)
            write_text(tmp / "quality.html", quality_html(version, utc_timestamp(created.at))
                       if callable(quality_html) else quality_html)
            manifest = functools.partial(
                build_manifest, version=version, created=utc_timestamp(created.at), previous=previous,
                files=files, inputs=inputs, quality=quality, run_fingerprint=run_fingerprint,
                clock=clock_note(created), repaired=repaired)
            write_json(tmp / DATAPACKAGE, manifest())  # the diff reads it
            diff = diff_snapshots(newest_intact(warehouse_dir) if repaired else previous_dir, tmp)
            write_json(tmp / "diff.json", diff)
            write_text(tmp / "CHANGES.md", render_changes_markdown(diff))
            published = {f.table.name: _ParquetColumns(tmp / f.path) for f in files}
            write_text(tmp / INDEX, render_overview_of(published, version=version, previous=previous,
                                                       row_counts={f.table.name: f.rows for f in files}))
            pa.default_memory_pool().release_unused()
            write_text(tmp / DICTIONARY, data_dictionary_markdown())
            write_json(tmp / DATAPACKAGE, manifest(other_files=[file_entry(tmp, n) for n in _OTHER_FILES]))
            _seal(tmp)

            final = layout.snapshots_dir(warehouse_dir) / version
            final.parent.mkdir(exist_ok=True)
            os.rename(tmp, final)
            fsync_dir(final.parent)
            fsync_dir(warehouse_dir)
            layout.switch_latest(warehouse_dir, version)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)

        pruned = prune_snapshots(warehouse_dir, retention)
        create_latest_views(con, warehouse_dir)
    reason = f"published {version}"
    if repaired:
        reason += (f"; latest ({previous}) was damaged and is repaired by it: "
                   + "; ".join(repaired["bad_files"]))
    return PublishResult(version, final, True, reason, tables, digest, previous_version=previous,
                         pruned=pruned, cleaned=cleaned, repaired=repaired["bad_files"] if repaired else [])


def list_snapshots(warehouse_dir: Path) -> list[dict[str, Any]]:
    """Every snapshot, oldest first: version, created, reports, rows, verdict, is_latest, content_hash,
    and `damaged`: the files that fail the quick check (bytes and sha256), empty when intact."""
    latest = layout.latest_version(warehouse_dir)
    listed = []
    for version in layout.snapshot_versions(warehouse_dir):
        manifest_path = layout.snapshots_dir(warehouse_dir) / version / DATAPACKAGE
        manifest = read_json(manifest_path) if manifest_path.exists() else {}
        resources = manifest.get("resources", [])
        listed.append({
            "version": version,
            "created": manifest.get("created", ""),
            "reports": manifest.get("reports") or 0,
            "rows": sum(r.get("rows", 0) for r in resources),
            "verdict": (manifest.get("quality") or {}).get("verdict"),
            "is_latest": version == latest,
            "content_hash": manifest.get("content_hash"),
            "path": manifest_path.parent,
            "damaged": [str(b) for b in verify_snapshot(manifest_path.parent, open_parquet=False).bad],
        })
    return listed
