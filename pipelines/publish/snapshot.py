"""Publishing a snapshot, step by step: write every file into a temporary folder, compare with `latest`,
promote by rename, switch `latest`, prune, refresh the views. Also listing snapshots and cleaning up.

The steps' own logic lives in the sibling modules (rows, parquet, manifest, diff, changes, layout,
retention, views); this module only orders them so a reader can never see a half-written snapshot.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipelines.inventory import sha256_of
from pipelines.publish import layout
from pipelines.publish.changes import render_changes_markdown
from pipelines.publish.diff import diff_snapshots
from pipelines.publish.files import fsync_dir, fsync_file, read_json, write_json, write_text
from pipelines.publish.manifest import DATAPACKAGE, TableFile, build_manifest, content_hash
from pipelines.publish.overview import DICTIONARY, INDEX, render_overview
from pipelines.publish.parquet import file_name, read_parquet, write_parquet
from pipelines.publish.retention import DEFAULT_KEEP, prune_snapshots
from pipelines.publish.rows import published_rows
from pipelines.publish.versions import next_version
from pipelines.publish.views import create_latest_views
from pipelines.schema import TABLES, data_dictionary_markdown


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
        data = published_rows(con, table, report_ids)
        write_parquet(data, table, path)
        files.append(TableFile(table, path.name, data.num_rows, path.stat().st_size, sha256_of(path)))
    return files


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
    quality_html: str,
    inputs: list[dict[str, Any]],
    retention: int = DEFAULT_KEEP,
    today: dt.date | None = None,
    run_fingerprint: str | None = None,
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
            if digest == _latest_hash(warehouse_dir, previous):
                shutil.rmtree(tmp)
                create_latest_views(con, warehouse_dir)
                return PublishResult(None, previous_dir, False, f"tables identical to latest ({previous}); "
                                     "nothing published", tables, digest, **unchanged)

            created = dt.datetime.now(dt.UTC).replace(microsecond=0)
            version = next_version(layout.snapshot_versions(warehouse_dir), today or created.date())
            write_json(tmp / "quality.json", quality)
            write_text(tmp / "quality.html", quality_html)
            write_json(tmp / DATAPACKAGE, build_manifest(
                version=version, created=created.isoformat().replace("+00:00", "Z"), previous=previous,
                files=files, inputs=inputs, quality=quality, run_fingerprint=run_fingerprint))
            diff = diff_snapshots(previous_dir, tmp)
            write_json(tmp / "diff.json", diff)
            write_text(tmp / "CHANGES.md", render_changes_markdown(diff))
            published = {f.table.name: read_parquet(tmp / f.path) for f in files}
            write_text(tmp / INDEX, render_overview(published, version=version, previous=previous))
            write_text(tmp / DICTIONARY, data_dictionary_markdown())
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
    return PublishResult(version, final, True, f"published {version}", tables, digest,
                         previous_version=previous, pruned=pruned, cleaned=cleaned)


def list_snapshots(warehouse_dir: Path) -> list[dict[str, Any]]:
    """Every snapshot, oldest first: version, created, reports, rows, verdict, is_latest, content_hash."""
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
        })
    return listed
