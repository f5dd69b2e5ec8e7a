"""Batches of the input set, for the batch job (`pipelines.defs.batch`): which bucket a file falls in, what
a bucket's extraction depends on, extracting a bucket, and its batch file in the warehouse.

A file's bucket is the first hex digit(s) of its sha256, so it stays in its bucket whatever else is in
raw/, and buckets are about the same size. A bucket's batch file holds one extraction cache entry per file
(the `Extraction` JSON the extraction cache keeps) as Parquet, under
`batches/<extractor_version>/<bucket>/<digest>.parquet`, the digest being of the bucket's file names and
hashes: a file is written once, by rename, and never changed, so bucket steps on any number of machines
need no lock, and a bucket whose files and extractor version are unchanged is not extracted again (when
they changed, what its previous batch file holds is reused and only new content extracted).

Only bucketing and batch files belong here; resolving, loading, checking and publishing live elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.extract.model import Extraction
from pipelines.inputs.inventory import RawFile
from pipelines.warehouse.cache import renamed
from pipelines.warehouse.files import fsync_dir, fsync_file
from pipelines.warehouse.layout import batches_dir

BUCKET_DIGITS = 1  # 16 buckets; 2 gives 256, for corpora of hundreds of thousands of reports
BATCH_SCHEMA = pa.schema([
    pa.field("source_file", pa.string(), nullable=False),
    pa.field("source_sha256", pa.string(), nullable=False),
    pa.field("extractor_version", pa.string(), nullable=False),
    pa.field("report_id", pa.string()),
    pa.field("payload", pa.string(), nullable=False),  # Extraction.to_json(), as in the extraction cache
])
ONE_OFF = ".once-"  # in the name of a batch file that must not be reused (see `is_reusable`)


class BatchError(Exception):
    """A batch file that is missing, damaged or does not hold what its bucket's files need."""


def bucket_keys(digits: int = BUCKET_DIGITS) -> list[str]:
    """Every bucket: '0'..'f' for one digit, '00'..'ff' for two."""
    return [f"{n:0{digits}x}" for n in range(16 ** digits)]


def bucket_of(sha256: str, digits: int = BUCKET_DIGITS) -> str:
    return sha256[:digits].lower()


def assign(files: Iterable[RawFile], digits: int = BUCKET_DIGITS) -> dict[str, list[RawFile]]:
    """The non-empty buckets, in key order, each with its files in name order."""
    buckets: dict[str, list[RawFile]] = {}
    for f in sorted(files, key=lambda f: f.name):
        buckets.setdefault(bucket_of(f.sha256, digits), []).append(f)
    return dict(sorted(buckets.items()))


def batch_digest(files: Iterable[RawFile], extractor_version: str) -> str:
    """What a bucket's extraction is a function of: its files' names and hashes and the extractor version
    (what the extraction cache keys on, plus the names that the rows and issue messages carry)."""
    payload = {"extractor_version": extractor_version, "files": sorted([f.name, f.sha256] for f in files)}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def batch_path(warehouse_dir: Path, extractor_version: str, bucket: str, digest: str) -> Path:
    return batches_dir(warehouse_dir) / extractor_version / bucket / f"{digest}.parquet"


def extract_batch(files: list[RawFile], extract: Callable[[RawFile], Extraction],
                  known: Mapping[str, Extraction] | None = None) -> tuple[list[Extraction], int]:
    """Every file's extraction, in the order given, and how many were extracted. Content already in
    `known` (sha256 -> extraction, e.g. the bucket's previous batch file) is reused; files with the same
    bytes are extracted once (from the last of them by name, as `cache.extract_with_cache` does). Each
    extraction carries its own file's name."""
    by_sha = dict(known or {})
    fresh = {f.sha256: f for f in files if f.sha256 not in by_sha}
    by_sha.update((sha, extract(f)) for sha, f in fresh.items())
    return [renamed(by_sha[f.sha256], f.name) for f in files], len(fresh)


def previous_batch(path: Path) -> dict[str, Extraction]:
    """sha256 -> extraction of the newest reusable batch file beside `path` (the bucket's last batch);
    empty when there is none or it cannot be read (its files are then extracted again)."""
    folder = path.parent
    if not folder.is_dir():
        return {}
    candidates = [p for p in folder.glob("*.parquet") if ONE_OFF not in p.name and p != path]
    for candidate in sorted(candidates, key=lambda p: p.stat().st_mtime, reverse=True)[:1]:
        try:
            return {e.source_sha256: e for e in read_batch(candidate)}
        except BatchError:
            return {}
    return {}


def is_reusable(files: list[RawFile], extractions: list[Extraction]) -> bool:
    """False when a file failed to be read in a way that may pass (it vanished or changed while being
    read): its error is recorded under a stand-in hash, and a later run must read the file again."""
    return all(e.source_sha256 == f.sha256 for f, e in zip(files, extractions, strict=True))


def write_batch(path: Path, extractions: list[Extraction], reusable: bool = True) -> Path:
    """Write the batch file (or, when not `reusable`, a one-off beside it) by rename; returns its path."""
    if not reusable:
        path = path.with_name(f"{path.stem}{ONE_OFF}{uuid.uuid4().hex}.parquet")
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table({
        "source_file": [e.source_file for e in extractions],
        "source_sha256": [e.source_sha256 for e in extractions],
        "extractor_version": [e.extractor_version for e in extractions],
        "report_id": [e.report_id for e in extractions],
        "payload": [e.to_json() for e in extractions],
    }, schema=BATCH_SCHEMA)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        fsync_file(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(path.parent)
    return path


def read_batch(path: Path) -> list[Extraction]:
    """The extractions a batch file holds; BatchError naming the file when it is missing or damaged."""
    try:
        table = pq.read_table(path)
    except FileNotFoundError:
        raise BatchError(f"{path}: batch file missing (deleted, or not on storage this step can "
                         "see); run the job again") from None
    except (OSError, pa.ArrowException) as exc:
        raise BatchError(f"{path}: batch file damaged ({exc}); delete it and run the job again") from None
    if not table.schema.equals(BATCH_SCHEMA, check_metadata=False):
        raise BatchError(f"{path}: not a batch file (columns {table.schema.names})")
    return [Extraction.from_json(text) for text in table.column("payload").to_pylist()]


def in_file_order(extractions: Iterable[Extraction], files: list[RawFile]) -> list[Extraction]:
    """One extraction per listed file, in the files' order; BatchError naming any file without one."""
    by_name = {e.source_file: e for e in extractions}
    missing = [f.name for f in files if f.name not in by_name]
    if missing:
        raise BatchError(f"no batch holds the extraction of {', '.join(missing[:10])}"
                         f"{f' and {len(missing) - 10} more' if len(missing) > 10 else ''}")
    return [by_name[f.name] for f in files]


def prune_batches(warehouse_dir: Path, extractor_version: str, used: set[Path]) -> list[Path]:
    """Delete batch files no run will read: other extractor versions' folders, and in each bucket every
    file but those `used` by this run and the newest other one (a run in progress may have just written
    it). Returns what was deleted."""
    root = batches_dir(warehouse_dir)
    if not root.is_dir():
        return []
    removed: list[Path] = []
    used = {p.resolve() for p in used}
    for version_dir in sorted(root.iterdir()):
        if version_dir.name != extractor_version:
            shutil.rmtree(version_dir, ignore_errors=True)
            removed.append(version_dir)
            continue
        for bucket_dir in sorted(p for p in version_dir.iterdir() if p.is_dir()):
            others = sorted((p for p in bucket_dir.iterdir() if p.resolve() not in used),
                            key=lambda p: p.stat().st_mtime, reverse=True)
            for path in others[1:]:
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed
