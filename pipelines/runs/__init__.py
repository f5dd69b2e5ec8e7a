"""Run state: whether a run is needed (`freshness`: the fingerprint of raw/, the code, the expectations
and uv.lock), how a run ends (`finish`: publish what passed and record the run, or record a blocked one),
the last run's record (`last_run`) and what `hmip run` tells a person (`summary`).

Not here: executing the Dagster job (`pipelines.defs.runner`), the steps themselves (`inputs`, `quality`,
`publish`). No Dagster.
"""
