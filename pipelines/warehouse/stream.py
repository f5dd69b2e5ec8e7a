"""A run's extractions streamed through the extraction cache, so memory stays flat at any corpus size.

`extract_and_resolve` extracts (or reuses) every file batch by batch, keeps only a summary of each (its
issues and its `reports` row: what resolving and the input statuses need) and resolves those; the full
rows stay in the cache. `load_from_cache` then loads the working tables from the cache in batches.
Both prepare an extraction the same way (`prepared`: named as its file, dated from its provenance record),
so the rows loaded are the rows resolved. Parsing, resolving and loading themselves live elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import duckdb

from pipelines.extract.model import Extraction
from pipelines.inputs.inventory import RawFile, dated_from_record
from pipelines.inputs.resolve import Resolution, resolve
from pipelines.warehouse.cache import STORE_BATCH, Progress, cached, iter_extractions, renamed
from pipelines.warehouse.load import load_batches

# extractions read back from the cache per insert into the working tables: at 1,000 reports 50 took 3.7 s
# to load (a commit and ten inserts each), 100 took 3.0-3.3 s, 200 2.9-3.0 s; 100 adds ~50 MiB to the step
LOAD_BATCH = 100


class MissingFromCache(LookupError):
    """An extraction the run resolved is no longer in the cache (the working store was rebuilt since)."""


def prepared(extraction: Extraction, raw: RawFile) -> Extraction:
    """The extraction as this run uses it: under the file's name, dated from its provenance record."""
    return dated_from_record(renamed(extraction, raw.name), raw)


def summary(extraction: Extraction) -> Extraction:
    """The extraction without its rows but the `reports` row: small enough to keep for every file."""
    reports = extraction.rows.get("reports")
    return replace(extraction, rows={"reports": reports} if reports else {})


def extract_and_resolve(
    con: duckdb.DuckDBPyConnection,
    files: list[RawFile],
    version: str,
    extract: Callable[[RawFile], Extraction],
    published: set[tuple[str, str]],
    progress: Progress | None = None,
    workers: int | None = None,
    batch_size: int = STORE_BATCH,
) -> tuple[Resolution, int]:
    """Every file extracted into the cache and resolved; the resolution holds summaries (`summary`), never
    every extraction's rows. Returns it and how many files were extracted afresh."""
    fresh: list[int] = []
    summaries = [summary(prepared(ext, raw)) for raw, ext in
                 iter_extractions(con, files, version, extract, progress, workers, fresh, batch_size)]
    by_name = {f.name: f for f in files}
    resolution = resolve(summaries, published,
                         full=lambda s: _read_back(con, [s], by_name)[0])
    resolution.attach_sources(files)
    return resolution, fresh[0]


def report_batches(con: duckdb.DuckDBPyConnection, resolution: Resolution,
                   size: int = LOAD_BATCH) -> Iterator[list[Extraction]]:
    """The resolution's reports with every row, read back from the cache `size` at a time."""
    for at in range(0, len(resolution.reports), size):
        yield _read_back(con, resolution.reports[at: at + size], resolution.files)


def load_from_cache(con: duckdb.DuckDBPyConnection, resolution: Resolution,
                    size: int = LOAD_BATCH) -> dict[str, int]:
    """Replace the working tables with the resolution's reports (rows read from the cache in batches) and
    every file's issues (from the summaries, which keep them). Returns the row count per table."""
    issues = [resolution.extractions[at: at + size] for at in range(0, len(resolution.extractions), size)]
    return load_batches(con, report_batches(con, resolution, size), issues, resolution.sources)


def _read_back(con: duckdb.DuckDBPyConnection, summaries: list[Extraction],
               files: dict[str, RawFile]) -> list[Extraction]:
    out = []
    by_version: dict[str, list[str]] = {}
    for s in summaries:
        by_version.setdefault(s.extractor_version, []).append(s.source_sha256)
    found = {(v, sha): ext for v, shas in by_version.items() for sha, ext in cached(con, v, shas).items()}
    for s in summaries:
        ext = found.get((s.extractor_version, s.source_sha256))
        if ext is None:
            raise MissingFromCache(
                f"{s.source_file}: its extraction (sha256 {s.source_sha256[:12]}, extractor "
                f"{s.extractor_version}) is no longer in the extraction cache; run the whole job again "
                "(hmip run)")
        out.append(prepared(ext, files[s.source_file]))
    return out
