"""Imports done once in the process that forks Dagster's step workers, so that each worker starts in
about 0.1 s instead of 0.5 s. Nothing else belongs here.

Run with `forkserver` and `preload_modules: [pipelines.definitions]` (docs/scaling.md), the multiprocess
executor forks every step worker from a server that has imported `pipelines.definitions`, and through
`pipelines.defs.batch` this module. A worker's first act is to open the Dagster instance, whose storage
(SQLite, alembic, the compute log manager, the project's `HmipInstance`) `dagster` itself does not import:
without this module every worker imported it afresh, ~0.45 s of CPU each, 18 workers a batch run. In a
process that forks no workers (`hmip run`) the same modules are imported anyway when the run opens its
instance.
"""

import dagster._core.instance.factory  # noqa: F401
import dagster._core.launcher  # noqa: F401
import dagster._core.run_coordinator  # noqa: F401
import dagster._core.storage.event_log.sqlite.sqlite_event_log  # noqa: F401
import dagster._core.storage.local_compute_log_manager  # noqa: F401
import dagster._core.storage.root  # noqa: F401
import dagster._core.storage.runs.sqlite.sqlite_run_storage  # noqa: F401
import dagster._core.storage.schedules.sqlite.sqlite_schedule_storage  # noqa: F401
import dagster._core.storage.sqlite_storage  # noqa: F401

import pipelines.defs.instance  # noqa: F401
