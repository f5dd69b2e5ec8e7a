"""The IO manager of the asset graph: each run's intermediate outputs (`raw_files`, `extracted_reports`)
are pickled under `<warehouse>/.runs/<run_id>/`, inside the warehouse the run writes and under its run
lock, never in DAGSTER_HOME/storage, which every warehouse using that home would share (two runs on two
warehouses at once would then read each other's inputs and publish each other's reports).

Only storing and loading outputs belongs here; what they contain is decided by the assets.
"""


import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.warehouse.layout import run_outputs_dir

KEEP_RUNS = 3  # output folders of the newest runs, kept so a failed run's steps can be re-executed


class WarehouseIOManager(dg.ConfigurableIOManager):
    """Pickles in the warehouse folder, one folder per run (the run holds the warehouse's lock)."""

    warehouse: dg.ResourceDependency[WarehouseResource]

    def _path(self, run_id: str, context: "dg.OutputContext | dg.InputContext") -> Path:
        name = "__".join(context.asset_key.path) if context.has_asset_key else context.name
        return run_outputs_dir(self.warehouse.root, run_id) / f"{name}.pickle"

    def handle_output(self, context: dg.OutputContext, obj: Any) -> None:
        if obj is None:
            return  # an output with no value (the fetch step's): nothing to keep
        path = self._path(context.run_id, context)
        if not path.parent.is_dir():
            prune_run_outputs(self.warehouse.root, keep=KEEP_RUNS - 1)
            path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(obj, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    def load_input(self, context: dg.InputContext) -> Any:
        upstream = context.upstream_output
        run_id = upstream.run_id if upstream is not None else context.run_id
        path = self._path(run_id, upstream or context)
        if not path.is_file():
            raise dg.Failure(description=(
                f"{context.asset_key.to_user_string()} of run {run_id} is not in {path.parent}: "
                "materialise the whole job (hmip run), not this step alone"))
        with path.open("rb") as handle:
            return pickle.load(handle)


def prune_run_outputs(warehouse_dir: Path, keep: int) -> None:
    """Delete all but the `keep` newest runs' output folders."""
    root = run_outputs_dir(warehouse_dir)
    if not root.is_dir():
        return
    folders = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    for folder in folders[: max(len(folders) - keep, 0)]:
        shutil.rmtree(folder, ignore_errors=True)
