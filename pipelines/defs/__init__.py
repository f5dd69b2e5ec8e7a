"""Thin Dagster wiring: assets, checks, schedules, sensors and resources. Logic lives outside `defs/`."""
