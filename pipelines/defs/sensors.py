"""Sensor that turns changes in raw/ into run requests: a file added, changed (by content hash, not mtime)
or removed requests one run of the full job, and so does a damaged `latest` (once per damage, to republish
it as a new version); nothing changed requests nothing.

Each tick first releases runs whose process died (`pipelines.defs.recovery`), since the run queue holds one
run at a time. Hashing lives in `pipelines.inputs.inventory`; parsing and publishing do not belong here.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import dagster as dg

from pipelines.defs.recovery import recover_dead_runs
from pipelines.defs.resources import RawFolderResource
from pipelines.inputs.inventory import fingerprint, recently_modified, scan_raw
from pipelines.publish.verify import latest_damage

# A file modified more recently than this may still be being written: wait for the next tick.
SETTLE_SECONDS = 5.0


def raw_changes(previous: dict[str, str], current: dict[str, str]) -> dict[str, list[str]]:
    return {
        "added": sorted(set(current) - set(previous)),
        "removed": sorted(set(previous) - set(current)),
        "changed": sorted(n for n in set(current) & set(previous) if current[n] != previous[n]),
    }


def build_raw_sensor(job: dg.JobDefinition, warehouse_dir: str | None = None) -> dg.SensorDefinition:
    """`warehouse_dir`: whose `latest` to check for damage when raw/ is unchanged."""
    @dg.sensor(job=job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING,
               description="Requests a run when a report in raw/ is added, changed or removed.")
    def raw_folder_sensor(context: dg.SensorEvaluationContext, raw: RawFolderResource):
        try:
            instance = context.instance
        except dg.DagsterInvariantViolationError:  # evaluated without an instance (a test context)
            instance = None
        released = recover_dead_runs(instance) if instance else []  # a killed run holds the queue for ever
        if released:
            context.log.warning(f"released runs whose process had died: {', '.join(released)}")
        if not raw.root.is_dir():
            return dg.SkipReason(f"raw folder {raw.root} does not exist")
        unsettled = recently_modified(raw.root, time.time() - SETTLE_SECONDS)
        if unsettled:
            return dg.SkipReason(f"waiting for files still being written: {', '.join(sorted(unsettled))}")
        current = fingerprint(scan_raw(raw.root))
        previous = json.loads(context.cursor) if context.cursor else {}
        changes = raw_changes(previous, current)
        if not any(changes.values()):
            if warehouse_dir and (damage := latest_damage(Path(warehouse_dir))) is not None:
                key = hashlib.sha256(f"repair {damage.describe()}".encode()).hexdigest()[:16]
                return dg.RunRequest(run_key=key, tags={"hmip/repair": damage.version})
            return dg.SkipReason("no report added, changed or removed")
        cursor = json.dumps(current, sort_keys=True)
        context.update_cursor(cursor)
        return dg.RunRequest(
            run_key=hashlib.sha256(cursor.encode()).hexdigest()[:16],
            tags={f"hmip/{kind}": str(len(names)) for kind, names in changes.items()},
        )

    return raw_folder_sensor
