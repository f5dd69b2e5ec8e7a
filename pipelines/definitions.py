"""Dagster code location: nothing but assembly. `make dev` (dagster-webserver and dagster-daemon with
`-m pipelines.definitions`) loads `defs`."""

from __future__ import annotations

import os

import dagster as dg

from pipelines.defs import (
    assets,
    batch,
    dagster_fixes,  # noqa: F401  (its corrections apply on import)
    fetch,
)
from pipelines.defs.checks import quality_checks, report_gate
from pipelines.defs.io_manager import WarehouseIOManager
from pipelines.defs.resources import (
    ProgressResource,
    RawFolderResource,
    SourcesListResource,
    WarehouseResource,
)
from pipelines.defs.schedules import build_daily_schedule
from pipelines.defs.sensors import build_raw_sensor
from pipelines.publish.retention import DEFAULT_KEEP
from pipelines.runs.progress import stderr_is_terminal

JOB_NAME = "hmip_full_run"
DAILY_JOB_NAME = "hmip_daily_run"  # the full job headed by fetching the sources list


def build_definitions(raw: str | None = None, warehouse: str | None = None, progress: bool = False,
                      keep_snapshots: int | None = None) -> dg.Definitions:
    # in one process: the warehouse resource then holds the run lock for the whole run (see run_lock)
    offline = dg.AssetSelection.all() - dg.AssetSelection.assets(fetch.ASSET_NAME)
    job = dg.define_asset_job(JOB_NAME, selection=offline,
                              executor_def=dg.in_process_executor,
                              description="Extract, load, check and publish every report in raw/.")
    daily = dg.define_asset_job(DAILY_JOB_NAME, selection=dg.AssetSelection.all(),
                                executor_def=dg.in_process_executor,
                                description="Fetch the sources list into raw/, then the full job.")
    warehouse_resource = WarehouseResource(path=warehouse or os.environ.get("HMIP_WAREHOUSE", "warehouse"),
                                           keep_snapshots=keep_snapshots or _keep_from_environment())
    return dg.Definitions(
        executor=dg.in_process_executor,  # assets materialised from the UI too: one process, one lock
        assets=[fetch.fetched_sources,
                assets.raw_files, assets.extracted_reports, assets.warehouse_tables, assets.snapshot],
        asset_checks=[quality_checks, report_gate],
        jobs=[job, daily, batch.build_batch_job()],  # the batch job: docs/scaling.md
        schedules=[build_daily_schedule(daily)],
        sensors=[build_raw_sensor(job, warehouse or os.environ.get("HMIP_WAREHOUSE", "warehouse"))],
        resources={
            "raw": RawFolderResource(path=raw or os.environ.get("HMIP_RAW", "raw")),
            "warehouse": warehouse_resource,
            "io_manager": WarehouseIOManager(warehouse=warehouse_resource),  # outputs stay in the warehouse
            "progress": ProgressResource(enabled=progress, terminal=progress and stderr_is_terminal()),
            "sources": SourcesListResource(path=os.environ.get("HMIP_SOURCES", "sources.csv")),
            **batch.batch_resources(warehouse_resource.path),
        },
    )


def _keep_from_environment() -> int:
    value = os.environ.get("HMIP_KEEP_SNAPSHOTS", str(DEFAULT_KEEP))
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"HMIP_KEEP_SNAPSHOTS must be a whole number, at least 1, not {value!r}")
    return int(value)


defs = build_definitions()
