"""The extraction cache: an extraction is reused while the file's content (sha256) and the extractor
version are unchanged, so a rerun over unchanged reports costs little more than hashing them.

The cache is a table in the warehouse's DuckDB file. Parsing itself does not belong here.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

import duckdb
import pyarrow as pa

from pipelines.extract.model import Extraction
from pipelines.inputs.inventory import RawFile
from pipelines.warehouse.db import transaction

CACHE_TABLE = "staging.extraction_cache"  # beside the working tables; `main` holds the published views
_DDL = f"""CREATE SCHEMA IF NOT EXISTS staging; CREATE TABLE IF NOT EXISTS {CACHE_TABLE} (
  source_sha256 VARCHAR NOT NULL, extractor_version VARCHAR NOT NULL, payload VARCHAR NOT NULL,
  PRIMARY KEY (source_sha256, extractor_version))"""

Progress = Callable[[int, int], None]
# Below this many fresh extractions (about 5 ms each) a process pool costs more than it saves.
PARALLEL_MIN_FILES = 64
CHUNK_SIZE = 16
STORE_BATCH = 50


def cached(con: duckdb.DuckDBPyConnection, version: str, shas: Iterable[str]) -> dict[str, Extraction]:
    con.execute(_DDL)
    wanted = pa.table({"sha": pa.array(sorted(set(shas)), pa.string())})
    con.register("wanted_shas", wanted)
    try:
        rows = con.execute(
            f"SELECT source_sha256, payload FROM {CACHE_TABLE} JOIN wanted_shas ON sha = source_sha256 "
            "WHERE extractor_version = ?",
            [version],
        ).fetchall()
    finally:
        con.unregister("wanted_shas")
    return {sha: Extraction.from_json(payload) for sha, payload in rows}


def store(con: duckdb.DuckDBPyConnection, extractions: list[Extraction]) -> None:
    """Add the extractions to the cache in batches: the JSON of a thousand reports at once (each holds the
    report's whole text in its sections) would double the run's peak memory. One transaction, so a run
    killed here leaves the cache as it was."""
    if not extractions:
        return
    con.execute(_DDL)
    with transaction(con):
        for at in range(0, len(extractions), STORE_BATCH):
            batch = extractions[at: at + STORE_BATCH]
            new = pa.table({
                "source_sha256": [e.source_sha256 for e in batch],
                "extractor_version": [e.extractor_version for e in batch],
                "payload": [e.to_json() for e in batch],
            })
            con.register("new_cache_rows", new)
            try:
                con.execute(f"INSERT OR REPLACE INTO {CACHE_TABLE} SELECT * FROM new_cache_rows")
            finally:
                con.unregister("new_cache_rows")


def renamed(extraction: Extraction, source_file: str) -> Extraction:
    """A cached extraction of the same bytes found under another file name: the rows and every issue
    message name this file, not the one the bytes were first extracted under."""
    if extraction.source_file == source_file:
        return extraction
    rows = dict(extraction.rows)
    if "reports" in rows:
        rows["reports"] = [{**r, "source_file": source_file} for r in rows["reports"]]
    issues = [replace(i, message=renamed_message(i.message, extraction.source_file, source_file))
              for i in extraction.issues]
    return replace(extraction, source_file=source_file, rows=rows, issues=issues)


def renamed_message(message: str, old: str, new: str) -> str:
    """A message that opens with the file's name ("a.txt: binary data, not a report"), opening with the
    other name. Only the opening is rewritten: the old name may be a word of the message too."""
    prefix = f"{old}: "
    return f"{new}: {message[len(prefix):]}" if message.startswith(prefix) else message


def extract_with_cache(
    con: duckdb.DuckDBPyConnection,
    files: list[RawFile],
    version: str,
    extract: Callable[[RawFile], Extraction],
    progress: Progress | None = None,
    workers: int | None = None,
) -> tuple[list[Extraction], int]:
    """Extractions for every file, in file order, and how many were freshly extracted.

    Misses are extracted in a process pool when there are enough of them to pay for it; `extract` must
    then be a module-level function.
    """
    hits = cached(con, version, (f.sha256 for f in files))
    misses = list({f.sha256: f for f in files if f.sha256 not in hits}.values())
    fresh = list(_extract_all(misses, extract, progress, len(files) - len(misses), len(files), workers))
    hits.update(zip((f.sha256 for f in misses), fresh, strict=True))  # keyed by the listed hash
    store(con, fresh)
    if progress and not misses:
        progress(len(files), len(files))
    return [renamed(hits[f.sha256], f.name) for f in files], len(fresh)


def _extract_all(
    misses: list[RawFile], extract: Callable[[RawFile], Extraction], progress: Progress | None,
    done: int, total: int, workers: int | None,
) -> Iterator[Extraction]:
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(misses) >= PARALLEL_MIN_FILES:
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
            results: Iterable[Extraction] = pool.map(extract, misses, chunksize=CHUNK_SIZE)
            yield from _with_progress(results, progress, done, total)
    else:
        yield from _with_progress(map(extract, misses), progress, done, total)


def _with_progress(
    results: Iterable[Extraction], progress: Progress | None, already_done: int, total: int
) -> Iterator[Extraction]:
    for done, extraction in enumerate(results, start=already_done + 1):
        if progress:
            progress(done, total)
        yield extraction
