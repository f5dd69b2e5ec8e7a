"""The head of the daily job: fetch every report in the sources list into raw/, then let the run go on
only when something a snapshot is built from has changed.

Only the scheduled job (`hmip_daily_run`) holds this asset; `hmip run`, the raw/ sensor and the full job
never touch the network. A URL that fails is logged and listed in the metadata and the others go on.
Fetching logic lives in `pipelines.sources` (imported when the asset runs, so that `hmip run` and the code
location do not load requests and bs4); the no-change test in `pipelines.runs.freshness`.
"""

from collections.abc import Iterator

import dagster as dg

from pipelines.defs.assets import SOURCES_GROUP
from pipelines.defs.resources import RawFolderResource, SourcesListResource, WarehouseResource
from pipelines.runs.freshness import unchanged_raw

ASSET_NAME = "fetched_sources"


@dg.asset(
    name=ASSET_NAME,
    group_name=SOURCES_GROUP,
    output_required=False,
    description="Every report page in the sources list fetched into raw/ with its provenance record; "
    "when nothing then differs from latest, no output, so the rest of the run is skipped.",
)
def fetched_sources(context: dg.AssetExecutionContext, raw: RawFolderResource,
                    sources: SourcesListResource, warehouse: WarehouseResource) -> Iterator[dg.Output[None]]:
    from pipelines.sources.fetch import fetch_command  # requests and bs4: only the daily job needs them

    outcomes, errors = fetch_command([], raw.root, sources.root)
    problems = errors + [o.message for o in outcomes if o.status == "failed"]
    for problem in problems:
        context.log.warning(problem)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("downloaded", "unchanged", "failed")}
    since = unchanged_raw(raw.root, warehouse.root)[0] if raw.root.is_dir() else None
    if since is not None:
        context.log.info(f"fetched {counts}; nothing changed since {since}: the rest of the run is skipped")
        return
    yield dg.Output(None, metadata={**counts, "sources_list": str(sources.root),
                                    "problems": dg.MetadataValue.md("\n".join(f"- {p}" for p in problems))})
