"""The warehouse folder and its DuckDB file: the folder layout in one module (`layout`: warehouse.duckdb,
snapshots/, latest, last_run/, leftovers, the publish lock), connections and the one transaction block
(`db`), durable file writes and UTC timestamps (`files`), snapshot version names (`versions`), loading the
working tables (`load`), the extraction cache (`cache`) and one run at a time (`run_lock`).

Not here: what goes inside a snapshot (`publish`), what a run decides (`runs`), quality rules. No Dagster.
"""
