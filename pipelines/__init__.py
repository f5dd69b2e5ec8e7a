"""HM Inspectorate of Probation reports pipeline, one folder per stage (see docs/architecture.md):

    inputs/     raw/ listed and hashed, extractions resolved into one per report, each file's status
    extract/    one report's bytes -> an Extraction (rows of every table, issues); pure
    warehouse/  the warehouse folder: its layout, the DuckDB file, working tables, cache, run lock
    quality/    the rules of expectations/ run over the warehouse, the per-report gate, the quality report
    publish/    immutable, deterministic Parquet snapshots, `latest`, diffs, retention
    runs/       is a run needed (fingerprint), finishing a run, the last run's record and its summary
    defs/       Dagster wiring only: assets, checks, schedules, sensors, resources, runner, run recovery

plus `schema` (the tables), `vocabulary` (ratings, points, bands), `cli` (`hmip`) and `definitions`
(the Dagster code location). Nothing but these belongs at this level.
"""
