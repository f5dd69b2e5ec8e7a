"""The daily schedule for the full job. Nothing but timing belongs here."""

from __future__ import annotations

import dagster as dg


def build_daily_schedule(job: dg.JobDefinition) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name="daily_full_run",
        job=job,
        cron_schedule="0 6 * * *",
        execution_timezone="Europe/London",
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Daily full run over raw/: picks up anything the sensor missed.",
    )
