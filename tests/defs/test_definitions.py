"""The Dagster code location loads, so a wiring mistake fails CI rather than the scheduler at 3 a.m."""

import dagster as dg

from pipelines.definitions import JOB_NAME, defs
from pipelines.schema import TABLES


def test_definitions_load_with_every_asset_check_schedule_and_sensor():
    dg.Definitions.validate_loadable(defs)
    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert {"raw_files", "extracted_reports", "snapshot"} <= keys
    assert {t.name for t in TABLES} <= keys
    assert repo.asset_graph.asset_check_keys, "no asset checks are wired"
    assert [s.name for s in repo.schedule_defs] == ["daily_full_run"]
    assert [s.name for s in repo.sensor_defs] == ["raw_folder_sensor"]
    assert repo.get_job(JOB_NAME) is not None


def test_snapshot_waits_for_the_tables_it_publishes():
    graph = defs.get_repository_def().asset_graph
    parents = {k.to_user_string() for k in graph.get(dg.AssetKey("snapshot")).parent_keys}
    assert {t.name for t in TABLES} <= parents


def test_every_asset_sits_in_the_group_of_its_stage_none_in_default():
    graph = defs.get_repository_def().asset_graph
    groups = {k.to_user_string(): graph.get(k).group_name for k in graph.get_all_asset_keys()}
    expected = {"fetched_sources": "sources", "raw_files": "sources", "extracted_reports": "extract",
                "snapshot": "publish", **{t.name: "warehouse" for t in TABLES}}
    assert groups == expected
    assert "default" not in groups.values()


def test_the_quality_checks_sit_on_the_warehouse_tables():
    graph = defs.get_repository_def().asset_graph
    checked = {(key.asset_key.to_user_string(), key.name) for key in graph.asset_check_keys}
    on_tables = {asset for asset, name in checked if name != "report_gate"}
    assert on_tables and on_tables <= {t.name for t in TABLES}
    # the run's outcome is judged on what was published
    assert {asset for asset, name in checked if name == "report_gate"} == {"snapshot"}
