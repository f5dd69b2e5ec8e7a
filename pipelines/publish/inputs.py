"""The input set `latest` was built from, read back from its manifest, so the next run can list files that
have since been removed from raw/. Reading only; writing the manifest belongs to `manifest`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipelines.publish import layout


def previous_inputs(warehouse_dir: Path) -> list[dict[str, Any]]:
    """The `inputs` of latest's datapackage.json; empty when nothing was published yet."""
    version = layout.latest_version(warehouse_dir)
    if version is None:
        return []
    manifest = layout.snapshots_dir(warehouse_dir) / version / "datapackage.json"
    return list(json.loads(manifest.read_text(encoding="utf-8")).get("inputs", []))
