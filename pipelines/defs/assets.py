"""The asset graph: raw report files -> extracted reports -> warehouse tables -> (quality checks) -> snapshot.

Each asset loads its inputs, calls plain functions from `pipelines.*`, and returns the result with
metadata. Parsing, loading, validating and publishing logic does not belong here.
"""


import dagster as dg

from pipelines import extract
from pipelines.cache import extract_with_cache
from pipelines.defs.resources import ProgressResource, RawFolderResource, WarehouseResource
from pipelines.extract.model import Extraction
from pipelines.freshness import run_fingerprint
from pipelines.inventory import RawFile, extract_raw, scan_raw
from pipelines.publish import outcome_of, publish_snapshot
from pipelines.publish.inputs import previous_inputs
from pipelines.publish.last_run import write_last_run
from pipelines.quality import load_quality, render_quality_html
from pipelines.resolve import Resolution, resolve
from pipelines.run_status import (
    final_input_statuses,
    hold_back_conflicts,
    status_table_markdown,
    with_removed,
)
from pipelines.schema import TABLES
from pipelines.warehouse import load_tables

TABLE_KEYS = [dg.AssetKey(t.name) for t in TABLES]


@dg.asset(description="Files in raw/ with their content hashes: the input set of the run.")
def raw_files(raw: RawFolderResource) -> dg.Output[list[RawFile]]:
    files = scan_raw(raw.root)
    return dg.Output(files, metadata={"files": len(files), "raw_folder": str(raw.root)})


@dg.asset(
    pool="warehouse",
    description="Each file extracted (or reused from the cache by sha256 and extractor version), then "
    "resolved into one extraction per report, duplicates and conflicts reported.",
)
def extracted_reports(
    raw_files: list[RawFile], warehouse: WarehouseResource, progress: ProgressResource
) -> dg.Output[Resolution]:
    fingerprint = run_fingerprint(raw_files, extract.EXTRACTOR_VERSION)  # the code as this run found it
    with warehouse.connect() as con:
        extractions, fresh = extract_with_cache(
            con, raw_files, extract.EXTRACTOR_VERSION, _extract_raw, progress.callback("extracting")
        )
    resolution = resolve(extractions)
    resolution.run_fingerprint = fingerprint
    return dg.Output(resolution, metadata={
        "files": len(raw_files),
        "freshly_extracted": fresh,
        "reports": len(resolution.reports),
        "inputs": dg.MetadataValue.md(status_table_markdown([s.as_dict() for s in resolution.inputs])),
    })


def _extract_raw(raw: RawFile) -> Extraction:
    return extract_raw(raw, extract.extract_bytes)  # refused, vanished or changed files: an error


@dg.multi_asset(
    specs=[dg.AssetSpec(t.name, description=t.description, deps=["extracted_reports"], group_name="warehouse")
           for t in TABLES],
    ins={"extracted_reports": dg.AssetIn()},
    pool="warehouse",
    description="Working tables in warehouse.duckdb, replaced as a whole from the extracted reports.",
)
def warehouse_tables(extracted_reports: Resolution, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        counts = load_tables(con, extracted_reports.reports, extracted_reports.extractions)
    for table in TABLES:
        yield dg.MaterializeResult(asset_key=table.name, metadata={"rows": counts[table.name]})


@dg.asset(
    deps=TABLE_KEYS,
    pool="warehouse",
    description="An immutable, versioned Parquet snapshot of the reports that passed the quality gate, "
    "with manifest, quality report and diff; `latest` switched atomically.",
)
def snapshot(
    context: dg.AssetExecutionContext, extracted_reports: Resolution, warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        quality = load_quality(con, context.run.run_id)
        hold_back_conflicts(quality.report_status, extracted_reports.inputs)
        inputs = with_removed(
            final_input_statuses(extracted_reports.inputs, quality.report_status),
            previous_inputs(warehouse.root),
        )
        quality_dict = {**quality.to_dict(), "inputs": inputs}  # every file, with its status
        issue_rows = con.execute("SELECT * FROM staging.extraction_issues").to_arrow_table().to_pylist()
        published_ids = set(quality.published_report_ids())
        quality_html = render_quality_html(quality_dict, issue_rows)
        fingerprint = extracted_reports.run_fingerprint
        result = publish_snapshot(
            con, warehouse.root, report_ids=published_ids, quality=quality_dict,
            quality_html=quality_html, inputs=inputs, run_fingerprint=fingerprint,
            retention=warehouse.keep_snapshots,
        )
    record = write_last_run(warehouse.root, run_id=context.run.run_id, outcome=outcome_of(result),
                            fingerprint=fingerprint, quality=quality_dict, quality_html=quality_html,
                            version=result.version or result.previous_version)
    return dg.MaterializeResult(metadata={
        "published": result.published,
        "unchanged": not result.published and result.content_hash is not None,
        "version": result.version or "",
        "path": str(result.path) if result.path else "",
        "reason": result.reason,
        "reports_published": len(published_ids),
        "quality_report": str(record / "quality.html"),
        "inputs": dg.MetadataValue.md(status_table_markdown(inputs)),
        "input_rows": dg.MetadataValue.json(inputs),
    })
