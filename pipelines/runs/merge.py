"""The batch job's last step as plain functions: read every bucket's batch file back, resolve the
extractions as one input set, and publish with the same functions, in the same order, as the single-process
job's assets (`extracted_reports` -> `warehouse_tables` -> `quality_checks` -> `snapshot`), so both jobs
publish byte-identical snapshots from the same raw folder.

Ordering belongs here; bucketing and batch files are `pipelines.warehouse.batches`, and each stage's work
lives in `inputs`, `warehouse`, `quality`, `publish` and `runs.finish`. No Dagster here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.extract.model import Extraction
from pipelines.inputs.inventory import RawFile, dated_from_record
from pipelines.inputs.resolve import Resolution, published_files, resolve
from pipelines.publish.previous_manifest import previous_inputs
from pipelines.quality import BLOCKED, EXPECTATIONS_DIR, QualityResult, run_quality, save_quality
from pipelines.runs.finish import FinishedRun, finish_run, record_blocked_run
from pipelines.warehouse.batches import in_file_order, read_batch
from pipelines.warehouse.cache import store
from pipelines.warehouse.db import take_rebuild_notes
from pipelines.warehouse.load import load_tables


@dataclass(frozen=True)
class MergedRun:
    resolution: Resolution
    counts: dict[str, int]  # rows per working table
    quality: QualityResult
    finished: FinishedRun | None  # None when a blocking rule failed: nothing was published


def merge_and_publish(con: duckdb.DuckDBPyConnection, warehouse_dir: Path, *, run_id: str,
                      files: list[RawFile], batch_files: Iterable[Path], fingerprint: str,
                      retention: int) -> MergedRun:
    """Publish what passes the quality gate from the batch files of this run's `files` (as scanned, with
    the run's `fingerprint`); when the gate blocks, record the blocked run and publish nothing."""
    extractions = in_file_order((e for path in batch_files for e in read_batch(path)), files)
    store(con, _cacheable(extractions, files))  # so a later `hmip run` reuses them
    resolution = merged_resolution(warehouse_dir, files, extractions, fingerprint)
    counts = load_tables(con, resolution.reports, resolution.extractions, resolution.sources)
    quality = run_quality(con, EXPECTATIONS_DIR)
    save_quality(con, run_id, quality)
    if quality.verdict == BLOCKED:
        record_blocked_run(warehouse_dir, run_id=run_id, result=quality)
        return MergedRun(resolution, counts, quality, None)
    finished = finish_run(con, warehouse_dir, run_id=run_id, resolution=resolution, retention=retention)
    return MergedRun(resolution, counts, quality, finished)


def merged_resolution(warehouse_dir: Path, files: list[RawFile], extractions: list[Extraction],
                      fingerprint: str) -> Resolution:
    """What `extracted_reports` makes of the same extractions: dated from their provenance records,
    resolved against what `latest` published, with the files' sources and the warehouse's warnings."""
    dated = [dated_from_record(e, f) for e, f in zip(extractions, files, strict=True)]
    rebuilt = take_rebuild_notes(warehouse_dir)  # a corrupt warehouse.duckdb moved aside on opening
    resolution = resolve(dated, published_files(previous_inputs(warehouse_dir)))
    resolution.run_fingerprint = fingerprint
    resolution.attach_sources(files)
    resolution.warnings = rebuilt
    return resolution


def _cacheable(extractions: list[Extraction], files: list[RawFile]) -> list[Extraction]:
    """One extraction per content hash, leaving out errors recorded under a stand-in hash."""
    stable = (e for e, f in zip(extractions, files, strict=True) if e.source_sha256 == f.sha256)
    return list({e.source_sha256: e for e in stable}.values())
