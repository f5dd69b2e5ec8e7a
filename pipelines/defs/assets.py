"""The asset graph: raw report files -> extracted reports -> warehouse tables -> (quality checks) -> snapshot.

Each asset loads its inputs, calls plain functions from `pipelines.*`, and returns the result with
metadata. Parsing, loading, validating and publishing logic does not belong here.
"""


import dagster as dg

from pipelines import extract
from pipelines.defs.resources import ProgressResource, RawFolderResource, WarehouseResource
from pipelines.extract.model import Extraction
from pipelines.inputs.inventory import RawFile, extract_raw, scan_raw
from pipelines.inputs.resolve import Resolution, published_files
from pipelines.inputs.statuses import EXTRACTED, PUBLISHED, status_table_markdown
from pipelines.publish.previous_manifest import previous_inputs
from pipelines.runs.finish import finish_run
from pipelines.runs.freshness import BuiltFromAnotherScan, check_built_from_scan, run_fingerprint
from pipelines.runs.last_run import QUALITY_HTML
from pipelines.schema import TABLES
from pipelines.warehouse.db import take_rebuild_notes
from pipelines.warehouse.stream import extract_and_resolve, load_from_cache

TABLE_KEYS = [dg.AssetKey(t.name) for t in TABLES]
RAW_FILES_KEY = dg.AssetKey("raw_files")
SCAN_FINGERPRINT = "run_fingerprint"  # raw_files' metadata: the raw folder as this run scanned it
# Asset groups, one per stage, as the Dagster UI shows the lineage (the checks sit on the warehouse tables)
SOURCES_GROUP, EXTRACT_GROUP, WAREHOUSE_GROUP, PUBLISH_GROUP = "sources", "extract", "warehouse", "publish"
MAX_INPUT_ROWS = 200  # input statuses shown in extracted_reports' metadata


@dg.asset(deps=["fetched_sources"],  # in the daily job only; other jobs read raw/ as it is
          group_name=SOURCES_GROUP,
          description="Files in raw/ with their content hashes: the input set of the run.")
def raw_files(raw: RawFolderResource) -> dg.Output[list[RawFile]]:
    files = scan_raw(raw.root)
    return dg.Output(files, metadata={"files": len(files), "raw_folder": str(raw.root),
                                      SCAN_FINGERPRINT: run_fingerprint(files, extract.EXTRACTOR_VERSION)})


@dg.asset(
    pool="warehouse",
    group_name=EXTRACT_GROUP,
    description="Each file extracted (or reused from the cache by sha256 and extractor version), then "
    "resolved into one extraction per report, duplicates and conflicts reported.",
)
def extracted_reports(
    context: dg.AssetExecutionContext, raw_files: list[RawFile], warehouse: WarehouseResource,
    progress: ProgressResource,
) -> dg.Output[Resolution]:
    fingerprint = run_fingerprint(raw_files, extract.EXTRACTOR_VERSION)  # the code as this run found it
    with warehouse.connect() as con:  # extractions go to the cache in batches; the output keeps summaries
        resolution, fresh = extract_and_resolve(
            con, raw_files, extract.EXTRACTOR_VERSION, _extract_raw,
            published_files(previous_inputs(warehouse.root)), progress.callback("extracting"))
    rebuilt = take_rebuild_notes(warehouse.root)  # a corrupt warehouse.duckdb moved aside on opening
    resolution.run_fingerprint = fingerprint
    resolution.warnings = rebuilt
    for note in rebuilt:
        context.log.warning(note)
    return dg.Output(resolution, metadata={
        "files": len(raw_files),
        "freshly_extracted": fresh,
        "warnings": dg.MetadataValue.json(rebuilt),
        "reports": len(resolution.reports),
        "inputs": dg.MetadataValue.md(_inputs_markdown([s.as_dict() for s in resolution.inputs])),
    })


def _inputs_markdown(rows: list[dict]) -> str:
    """The input statuses for the UI; past `MAX_INPUT_ROWS` files, those with a problem first and the rest
    counted: the event log keeps every materialisation's metadata, and 10,000 rows a run weigh on it."""
    if len(rows) <= MAX_INPUT_ROWS:
        return status_table_markdown(rows)
    rows = sorted(rows, key=lambda r: (r["status"] in (EXTRACTED, PUBLISHED), r["name"]))
    return (f"{status_table_markdown(rows[:MAX_INPUT_ROWS])}\n\n{len(rows) - MAX_INPUT_ROWS} more files "
            "not shown (files with a problem come first; the quality report lists every file)")


def _scan_fingerprint(context: dg.AssetExecutionContext) -> str | None:
    """The fingerprint `raw_files` recorded in this run's event log (or, for a re-execution, its parent's)."""
    run, materialized = context.run, dg.DagsterEventType.ASSET_MATERIALIZATION
    while run is not None:
        for record in context.instance.all_logs(run.run_id, of_type=materialized):
            mat = record.asset_materialization
            if mat is not None and mat.asset_key == RAW_FILES_KEY and SCAN_FINGERPRINT in mat.metadata:
                return mat.metadata[SCAN_FINGERPRINT].value
        run = context.instance.get_run_by_id(run.parent_run_id) if run.parent_run_id else None
    return None


def _extract_raw(raw: RawFile) -> Extraction:
    return extract_raw(raw, extract.extract_bytes)  # refused, vanished or changed files: an error


@dg.multi_asset(
    specs=[dg.AssetSpec(t.name, description=t.description, deps=["extracted_reports"],
                        group_name=WAREHOUSE_GROUP) for t in TABLES],
    ins={"extracted_reports": dg.AssetIn()},
    pool="warehouse",
    description="Working tables in warehouse.duckdb, replaced as a whole from the extracted reports.",
)
def warehouse_tables(extracted_reports: Resolution, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        counts = load_from_cache(con, extracted_reports)  # rows read back from the cache in batches
    for table in TABLES:
        yield dg.MaterializeResult(asset_key=table.name, metadata={"rows": counts[table.name]})


@dg.asset(
    deps=TABLE_KEYS,
    pool="warehouse",
    group_name=PUBLISH_GROUP,
    description="An immutable, versioned Parquet snapshot of the reports that passed the quality gate, "
    "with manifest, quality report and diff; `latest` switched atomically.",
)
def snapshot(
    context: dg.AssetExecutionContext, extracted_reports: Resolution, warehouse: WarehouseResource,
    raw: RawFolderResource,
) -> dg.MaterializeResult:
    try:
        check_built_from_scan(_scan_fingerprint(context), extracted_reports.run_fingerprint, raw.root)
    except BuiltFromAnotherScan as exc:
        raise dg.Failure(description=str(exc)) from None
    with warehouse.connect() as con:
        run = finish_run(con, warehouse.root, run_id=context.run.run_id, resolution=extracted_reports,
                         retention=warehouse.keep_snapshots)
    result, inputs = run.publish, run.inputs
    return dg.MaterializeResult(metadata={
        "published": result.published,
        "unchanged": not result.published and result.content_hash is not None,
        "version": result.version or "",
        "path": str(result.path) if result.path else "",
        "reason": result.reason,
        "repaired": dg.MetadataValue.json(result.repaired),  # latest's bad files, when it was damaged
        "previous_version": result.previous_version or "",
        "reports_published": len(run.published_report_ids),
        "quality_report": str(run.record / QUALITY_HTML),
        "inputs": dg.MetadataValue.md(_inputs_markdown(inputs)),
        "input_rows": dg.MetadataValue.json(inputs),
    })
