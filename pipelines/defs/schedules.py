"""The daily schedule for the daily job (fetch the sources list, then the full job): timing, and skipping a
day whose run would rebuild `latest` exactly (raw/, the extractor, the code and the expectations unchanged;
see `pipelines.runs.freshness`). With a sources list that test cannot be made here: whether a report changed
on the web is known only by asking, and an evaluation does no network I/O; the run's first step fetches
and then makes it. Nothing else belongs here.
"""

from __future__ import annotations

import dagster as dg

from pipelines.defs.resources import RawFolderResource, SourcesListResource, WarehouseResource
from pipelines.runs.freshness import unchanged_raw


def build_daily_schedule(job: dg.JobDefinition) -> dg.ScheduleDefinition:
    @dg.schedule(
        name="daily_full_run",
        job=job,
        cron_schedule="0 6 * * *",
        execution_timezone="Europe/London",
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Daily run: fetches the sources list into raw/, then runs over raw/ (picking up "
        "anything the sensor missed); skipped when nothing a snapshot is built from has changed since "
        "latest.",
    )
    def daily_full_run(context: dg.ScheduleEvaluationContext, raw: RawFolderResource,
                       warehouse: WarehouseResource, sources: SourcesListResource):
        if sources.root.is_file():
            return dg.RunRequest()  # the fetch step decides whether the rest runs
        if raw.root.is_dir() and (since := unchanged_raw(raw.root, warehouse.root)[0]) is not None:
            return dg.SkipReason(f"nothing changed since {since}")
        return dg.RunRequest()

    return daily_full_run
