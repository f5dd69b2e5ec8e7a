"""Sensor that turns changes in raw/ into run requests: a file added, changed (by content hash, not mtime)
or removed requests one run of the full job, and so does a damaged `latest` (once per damage, to republish
it as a new version); nothing changed requests nothing.

"Changed" is judged against the previous tick (the cursor) and then against `latest`: a raw/ that differs
from the cursor but is what `latest` was built from (the first tick after `make dev` starts, or after an
`hmip run` published it) requests nothing, and the cursor moves on to it. On the first tick, a raw/ that
differs from `latest` requests a run tagged with the changes since `latest`'s inputs.

Each tick first releases runs whose process died (`pipelines.defs.recovery`), since the run queue holds one
run at a time. Hashing lives in `pipelines.inputs.inventory`, the fingerprint compared with `latest` in
`pipelines.runs.freshness`; parsing and publishing do not belong here.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import dagster as dg

from pipelines.defs.recovery import recover_dead_runs
from pipelines.defs.resources import RawFolderResource
from pipelines.extract import EXTRACTOR_VERSION
from pipelines.inputs.inventory import fingerprint, recently_modified, scan_raw
from pipelines.inputs.statuses import REMOVED
from pipelines.publish.previous_manifest import latest_manifest
from pipelines.publish.verify import latest_damage
from pipelines.runs.freshness import run_fingerprint, unchanged_since_latest

# A file modified more recently than this may still be being written: wait for the next tick.
SETTLE_SECONDS = 5.0


def raw_changes(previous: dict[str, str], current: dict[str, str]) -> dict[str, list[str]]:
    return {
        "added": sorted(set(current) - set(previous)),
        "removed": sorted(set(previous) - set(current)),
        "changed": sorted(n for n in set(current) & set(previous) if current[n] != previous[n]),
    }


def latest_input_hashes(warehouse_dir: Path) -> dict[str, str]:
    """name -> sha256 of the files `latest` was built from (not those it lists as removed)."""
    inputs = (latest_manifest(warehouse_dir) or {}).get("inputs", [])
    return {i["name"]: i["sha256"] for i in inputs if i.get("status") != REMOVED and i.get("sha256")}


def build_raw_sensor(job: dg.JobDefinition, warehouse_dir: str | None = None) -> dg.SensorDefinition:
    """`warehouse_dir`: whose `latest` to compare raw/ with and to check for damage."""
    warehouse = Path(warehouse_dir) if warehouse_dir else None

    @dg.sensor(job=job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING,
               description="Requests a run when a report in raw/ is added, changed or removed since the "
               "last tick, unless latest was built from raw/ as it now is.")
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
        files = scan_raw(raw.root)
        current = fingerprint(files)
        first_tick = not context.cursor
        previous = json.loads(context.cursor) if context.cursor else {}
        changes = raw_changes(previous, current)
        if not any(changes.values()):
            if warehouse and (damage := latest_damage(warehouse)) is not None:
                key = hashlib.sha256(f"repair {damage.describe()}".encode()).hexdigest()[:16]
                return dg.RunRequest(run_key=key, tags={"hmip/repair": damage.version})
            return dg.SkipReason("no report added, changed or removed")
        cursor = json.dumps(current, sort_keys=True)
        context.update_cursor(cursor)
        if warehouse is None:
            return _run_request(cursor, changes)
        since = unchanged_since_latest(warehouse, run_fingerprint(files, EXTRACTOR_VERSION))
        if since is not None:  # what latest (or the last settled run) was built from: a run would repeat it
            return dg.SkipReason(f"raw/ is what {since} was built from: no run needed")
        if first_tick:  # say what differs from latest, not from an empty folder
            changes = raw_changes(latest_input_hashes(warehouse), {f.name: f.sha256 for f in files})
        return _run_request(cursor, changes)

    return raw_folder_sensor


def _run_request(cursor: str, changes: dict[str, list[str]]) -> dg.RunRequest:
    return dg.RunRequest(
        run_key=hashlib.sha256(cursor.encode()).hexdigest()[:16],
        tags={f"hmip/{kind}": str(len(names)) for kind, names in changes.items()},
    )

