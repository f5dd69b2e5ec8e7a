"""The extraction cache: an extraction is reused while the file's content (sha256) and the extractor
version are unchanged, so a rerun over unchanged reports costs little more than hashing them.

The cache is a table in the warehouse's DuckDB file. Parsing itself does not belong here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

import duckdb
import pyarrow as pa

from pipelines.extract.model import Extraction
from pipelines.inventory import RawFile

CACHE_TABLE = "extraction_cache"
_DDL = f"""CREATE TABLE IF NOT EXISTS {CACHE_TABLE} (
  source_sha256 VARCHAR NOT NULL, extractor_version VARCHAR NOT NULL, payload VARCHAR NOT NULL,
  PRIMARY KEY (source_sha256, extractor_version))"""

Progress = Callable[[int, int], None]


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
    if not extractions:
        return
    con.execute(_DDL)
    new = pa.table({
        "source_sha256": [e.source_sha256 for e in extractions],
        "extractor_version": [e.extractor_version for e in extractions],
        "payload": [e.to_json() for e in extractions],
    })
    con.register("new_cache_rows", new)
    try:
        con.execute(f"INSERT OR REPLACE INTO {CACHE_TABLE} SELECT * FROM new_cache_rows")
    finally:
        con.unregister("new_cache_rows")


def renamed(extraction: Extraction, source_file: str) -> Extraction:
    """A cached extraction of the same bytes found under another file name."""
    if extraction.source_file == source_file:
        return extraction
    rows = dict(extraction.rows)
    if "reports" in rows:
        rows["reports"] = [{**r, "source_file": source_file} for r in rows["reports"]]
    return replace(extraction, source_file=source_file, rows=rows)


def extract_with_cache(
    con: duckdb.DuckDBPyConnection,
    files: list[RawFile],
    version: str,
    extract: Callable[[RawFile], Extraction],
    progress: Progress | None = None,
) -> tuple[list[Extraction], int]:
    """Extractions for every file, in file order, and how many were freshly extracted."""
    hits = cached(con, version, (f.sha256 for f in files))
    results: list[Extraction] = []
    fresh: list[Extraction] = []
    for done, raw in enumerate(files, start=1):
        hit = hits.get(raw.sha256)
        if hit is None:
            hit = extract(raw)
            hits[raw.sha256] = hit
            fresh.append(hit)
        results.append(renamed(hit, raw.name))
        if progress:
            progress(done, len(files))
    store(con, fresh)
    return results, len(fresh)
