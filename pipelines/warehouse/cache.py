"""The extraction cache: an extraction is reused while the file's content (sha256) and the extractor
version are unchanged, so a rerun over unchanged reports costs little more than hashing them.

The cache is a table in the warehouse's DuckDB file. Each extraction is kept as its JSON compressed with
zstd (`payload`, with its length in bytes `payload_bytes`): as plain text, the JSON of 10,000 reports
(1.25 GB, every report's whole text) sat in one uncompressed column segment that each of DuckDB's
automatic checkpoints rewrote, so storing grew quadratically with the corpus (4,000 reports in batches of
50: 16.3 s; compressed, 11 times smaller: 1.8 s, and 10,000 in 5.0 s). A cache table of the plain-text
layout is dropped and rebuilt (its reports are extracted again once). Parsing does not belong here.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from typing import TypeVar

import duckdb
import pyarrow as pa

from pipelines.extract.model import Extraction
from pipelines.inputs.inventory import RawFile
from pipelines.warehouse.db import transaction

CACHE_TABLE = "staging.extraction_cache"  # beside the working tables; `main` holds the published views
_DDL = f"""CREATE SCHEMA IF NOT EXISTS staging; CREATE TABLE IF NOT EXISTS {CACHE_TABLE} (
  source_sha256 VARCHAR NOT NULL, extractor_version VARCHAR NOT NULL, payload BLOB NOT NULL,
  payload_bytes BIGINT NOT NULL, PRIMARY KEY (source_sha256, extractor_version))"""
_CODEC = pa.Codec("zstd", 1)  # ~900 MB/s each way here; level 1 is already 11 times smaller on reports' JSON

Progress = Callable[[int, int], None]
# Below this many fresh extractions (about 5 ms each) a process pool costs more than it saves.
PARALLEL_MIN_FILES = 64
CHUNK_SIZE = 16
WINDOW_CHUNKS = 2  # chunks per worker in flight at once: bounds the finished extractions waiting here
STORE_BATCH = 50
T = TypeVar("T")


def cached(con: duckdb.DuckDBPyConnection, version: str, shas: Iterable[str]) -> dict[str, Extraction]:
    """The cached extractions of these hashes. Their rows are found on the hash columns alone, then only
    their payloads read (by rowid, within the rows' range): a join reading payloads would read every
    cached report's JSON for each batch, all of the cache in memory and quadratic time in the corpus."""
    _ensure_table(con)
    with _registered(con, "wanted_shas", _sha_table(shas)):
        found = [row[0] for row in con.execute(
            f"SELECT c.rowid FROM {CACHE_TABLE} c JOIN wanted_shas ON sha = c.source_sha256 "
            "WHERE c.extractor_version = ?", [version]).fetchall()]
    if not found:
        return {}
    rows = con.execute(
        f"SELECT source_sha256, payload, payload_bytes FROM {CACHE_TABLE} WHERE rowid BETWEEN ? AND ? "
        "AND rowid IN (SELECT UNNEST(?::BIGINT[]))", [min(found), max(found), found]).fetchall()
    return {sha: Extraction.from_json(decoded_payload(payload, size)) for sha, payload, size in rows}


def encoded_payload(extraction: Extraction) -> tuple[bytes, int]:
    """An extraction as the cache stores it: its JSON compressed, and the JSON's length in bytes."""
    text = extraction.to_json_bytes()
    return _CODEC.compress(text, asbytes=True), len(text)


def decoded_payload(payload: bytes, size: int) -> bytes:
    """The JSON (UTF-8) of a cached extraction (`payload` and `payload_bytes` of a cache row)."""
    return _CODEC.decompress(payload, size, asbytes=True)


def stored_shas(con: duckdb.DuckDBPyConnection, version: str, shas: Iterable[str]) -> set[str]:
    """Which of the hashes the cache holds an extraction of (under `version`), reading no payload."""
    _ensure_table(con)
    with _registered(con, "wanted_shas", _sha_table(shas)):
        rows = con.execute(
            f"SELECT source_sha256 FROM {CACHE_TABLE} JOIN wanted_shas ON sha = source_sha256 "
            "WHERE extractor_version = ?", [version]).fetchall()
    return {sha for (sha,) in rows}


def store(con: duckdb.DuckDBPyConnection, extractions: list[Extraction]) -> None:
    """Add the extractions to the cache in batches: the JSON of a thousand reports at once (each holds the
    report's whole text in its sections) would double the run's peak memory. One transaction, so a run
    killed here leaves the cache as it was."""
    if not extractions:
        return
    _ensure_table(con)
    with transaction(con):
        for at in range(0, len(extractions), STORE_BATCH):
            _insert(con, extractions[at: at + STORE_BATCH])


def _insert(con: duckdb.DuckDBPyConnection, batch: list[Extraction]) -> None:
    encoded = [encoded_payload(e) for e in batch]
    new = pa.table({
        "source_sha256": [e.source_sha256 for e in batch],
        "extractor_version": [e.extractor_version for e in batch],
        "payload": pa.array([payload for payload, _ in encoded], pa.binary()),
        "payload_bytes": pa.array([size for _, size in encoded], pa.int64()),
    })
    with _registered(con, "new_cache_rows", new):
        con.execute(f"INSERT OR REPLACE INTO {CACHE_TABLE} SELECT * FROM new_cache_rows")


def iter_extractions(
    con: duckdb.DuckDBPyConnection,
    files: list[RawFile],
    version: str,
    extract: Callable[[RawFile], Extraction],
    progress: Progress | None = None,
    workers: int | None = None,
    fresh: list[int] | None = None,
    batch_size: int = STORE_BATCH,
) -> Iterator[tuple[RawFile, Extraction]]:
    """Every file with its extraction (named as the file is), streamed so that about `batch_size`
    extractions are held at a time, never the whole set. Misses are extracted first (in a process pool
    when there are enough of them) and written to the cache batch by batch, each batch committed on its
    own (a cache entry stands alone, so a run killed halfway keeps the batches it finished, and nothing
    half-written); then the hits are read back from the cache in batches. Files with the same bytes are
    extracted once and each yielded. `fresh`, when given, receives how many files were extracted afresh."""
    by_sha: dict[str, list[RawFile]] = {}
    for f in files:
        by_sha.setdefault(f.sha256, []).append(f)
    hits = stored_shas(con, version, by_sha)
    misses = [group[0] for sha, group in by_sha.items() if sha not in hits]
    if fresh is not None:
        fresh.append(len(misses))
    extracted = _extract_all(misses, extract, progress, len(files) - len(misses), len(files), workers)
    for batch in _batched(zip(misses, extracted, strict=True), batch_size):  # stored_shas made the table
        with transaction(con):
            _insert(con, [ext for _, ext in batch])
        for raw, ext in batch:  # keyed by the listed hash, as the cache is read back
            yield from ((f, renamed(ext, f.name)) for f in by_sha[raw.sha256])
    if progress and not misses:
        progress(len(files), len(files))
    for shas in _batched(sorted(hits), batch_size):
        found = cached(con, version, shas)
        for sha in shas:
            yield from ((f, renamed(found[sha], f.name)) for f in by_sha[sha])


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _sha_table(shas: Iterable[str]) -> pa.Table:
    return pa.table({"sha": pa.array(sorted(set(shas)), pa.string())})


def _ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create the cache table, first dropping one of the old plain-text layout (no `payload_bytes`)."""
    schema, table = CACHE_TABLE.split(".")
    old = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name = ? AND table_name = ? AND column_name = 'payload' AND data_type = 'VARCHAR'",
        [schema, table]).fetchone()[0]
    if old:
        con.execute(f"DROP TABLE {CACHE_TABLE}")
    con.execute(_DDL)


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> Iterator[None]:
    con.register(name, table)
    try:
        yield
    finally:
        con.unregister(name)


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
    """Extractions for every file, in file order, and how many were freshly extracted: `iter_extractions`
    gathered into a list, for callers that want them all at once (a run streams them instead).

    Misses are extracted in a process pool when there are enough of them to pay for it; `extract` must
    then be a module-level function.
    """
    fresh: list[int] = []
    stream = iter_extractions(con, files, version, extract, progress, workers, fresh)
    found = {id(f): ext for f, ext in stream}
    return [found[id(f)] for f in files], fresh[0]


def _extract_all(
    misses: list[RawFile], extract: Callable[[RawFile], Extraction], progress: Progress | None,
    done: int, total: int, workers: int | None,
) -> Iterator[Extraction]:
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(misses) >= PARALLEL_MIN_FILES:
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
            yield from _with_progress(_windowed_map(pool, extract, misses, workers), progress, done, total)
    else:
        yield from _with_progress(map(extract, misses), progress, done, total)


def _windowed_map(pool: ProcessPoolExecutor, extract: Callable[[RawFile], Extraction], misses: list[RawFile],
                  workers: int) -> Iterator[Extraction]:
    """`pool.map` over windows of the files, the next window submitted while this one is consumed: a
    single `map` submits every file at once, and when the workers outpace the cache writes the finished
    extractions pile up in this process (1.7 GB at 10,000 reports)."""
    window = workers * CHUNK_SIZE * WINDOW_CHUNKS
    pending = None
    for at in range(0, len(misses), window):
        following = pool.map(extract, misses[at: at + window], chunksize=CHUNK_SIZE)
        if pending is not None:
            yield from pending
        pending = following
    if pending is not None:
        yield from pending


def _with_progress(
    results: Iterable[Extraction], progress: Progress | None, already_done: int, total: int
) -> Iterator[Extraction]:
    for done, extraction in enumerate(results, start=already_done + 1):
        if progress:
            progress(done, total)
        yield extraction
