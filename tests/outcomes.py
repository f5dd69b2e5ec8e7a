"""Reading what a `hmip run` subprocess left in its Dagster home: the run's `hmip/*` tags and its asset
check evaluations, through the instance's public API (as the UI shows them)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg


def dagster_runs(home: Path) -> list[dg.DagsterRun]:
    """Every run of the instance, newest first."""
    with dg.DagsterInstance.from_config(str(home)) as instance:
        return list(instance.get_runs())


OUTCOME_TAGS = ("hmip/outcome", "hmip/exit_code", "hmip/held_back", "hmip/rejected")


def hmip_tags(run: dg.DagsterRun) -> dict[str, str]:
    """The run's outcome tags (other `hmip/` tags say which process ran it, or what the sensor saw)."""
    return {k: v for k, v in run.tags.items() if k in OUTCOME_TAGS}


def check_evaluations(home: Path, run_id: str) -> dict[str, dg.AssetCheckEvaluation]:
    """This run's check evaluations by `<asset>.<check>`."""
    with dg.DagsterInstance.from_config(str(home)) as instance:
        records = instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    out = {}
    for record in records:
        evaluation = record.asset_check_evaluation
        assert evaluation is not None
        out[f"{evaluation.asset_key.to_user_string()}.{evaluation.check_name}"] = evaluation
    return out


def table_rows(value: object) -> list[dict]:
    """The rows of a table metadata value (it must be one)."""
    assert isinstance(value, dg.TableMetadataValue), type(value)
    return [dict(record.data) for record in value.records]
