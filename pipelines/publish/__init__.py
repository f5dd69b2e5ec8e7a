"""Publishing: immutable, versioned, deterministic Parquet snapshots with manifest, quality report, diff
and overview page, promoted atomically to `warehouse/latest`, with retention and DuckDB views over
`latest`; also the derived columns and tables (ids, rating orders, bodies, rating history).

Pure Python (pyarrow, duckdb); no Dagster. Each submodule does one thing; `snapshot` orders the steps;
`previous_manifest` reads latest's manifest back. Extraction, quality checks and the warehouse folder's
layout (`pipelines.warehouse.layout`) do not belong here: this package receives results and writes into
that layout. A new output format is a sibling of `parquet`.
"""

from pipelines.publish.changes import render_changes_markdown
from pipelines.publish.diff import diff_snapshots
from pipelines.publish.snapshot import (
    PublishResult,
    clean_leftovers,
    list_snapshots,
    outcome_of,
    publish_snapshot,
)

__all__ = [
    "PublishResult",
    "clean_leftovers",
    "diff_snapshots",
    "list_snapshots",
    "outcome_of",
    "publish_snapshot",
    "render_changes_markdown",
]
