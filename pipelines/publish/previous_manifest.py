"""Latest's manifest read back: the input set it was built from, so the next run can list files that have
since been removed from raw/ (and its run fingerprint, for `pipelines.runs.freshness`). Reading only; writing
the manifest belongs to `manifest`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipelines.publish.manifest import DATAPACKAGE
from pipelines.warehouse import layout
from pipelines.warehouse.files import read_json


def latest_manifest(warehouse_dir: Path) -> dict[str, Any] | None:
    """Latest's datapackage.json; None when nothing was published yet or it cannot be read."""
    version = layout.latest_version(warehouse_dir)
    if version is None:
        return None
    try:
        return read_json(layout.snapshots_dir(warehouse_dir) / version / DATAPACKAGE)
    except (OSError, ValueError):
        return None


def previous_inputs(warehouse_dir: Path) -> list[dict[str, Any]]:
    """The `inputs` of latest's datapackage.json; empty when nothing was published yet."""
    return list((latest_manifest(warehouse_dir) or {}).get("inputs", []))
