import json
import os
import time

import dagster as dg

from pipelines.defs.resources import RawFolderResource
from pipelines.defs.sensors import build_raw_sensor


def _write(path, text: str, age_seconds: float = 60) -> None:
    path.write_text(text)
    past = time.time() - age_seconds
    os.utime(path, (past, past))


def _sensor():
    job = dg.define_asset_job("j", selection=dg.AssetSelection.all())
    return build_raw_sensor(job)


def _evaluate(raw_dir, cursor=None):
    context = dg.build_sensor_context(cursor=cursor, resources={"raw": RawFolderResource(path=str(raw_dir))})
    result = _sensor()(context)
    return result, context.cursor


def test_sensor_requests_a_run_for_a_new_file_then_nothing_when_unchanged(tmp_path):
    _write(tmp_path / "a.txt", "report one")
    first, cursor = _evaluate(tmp_path)
    assert isinstance(first, dg.RunRequest)
    assert first.tags["hmip/added"] == "1"
    again, cursor2 = _evaluate(tmp_path, cursor)
    assert isinstance(again, dg.SkipReason)
    assert cursor2 == cursor


def test_sensor_requests_a_run_when_content_changes_but_not_when_only_mtime_changes(tmp_path):
    _write(tmp_path / "a.txt", "report one")
    _, cursor = _evaluate(tmp_path)
    _write(tmp_path / "a.txt", "report one", age_seconds=30)  # touched, same bytes
    assert isinstance(_evaluate(tmp_path, cursor)[0], dg.SkipReason)
    _write(tmp_path / "a.txt", "report one, corrected")
    changed, _ = _evaluate(tmp_path, cursor)
    assert isinstance(changed, dg.RunRequest)
    assert changed.tags["hmip/changed"] == "1"


def test_sensor_requests_a_run_when_a_file_is_removed(tmp_path):
    _write(tmp_path / "a.txt", "one")
    _write(tmp_path / "b.txt", "two")
    _, cursor = _evaluate(tmp_path)
    (tmp_path / "b.txt").unlink()
    removed, new_cursor = _evaluate(tmp_path, cursor)
    assert isinstance(removed, dg.RunRequest)
    assert removed.tags["hmip/removed"] == "1"
    assert json.loads(new_cursor) == {"a.txt": json.loads(cursor)["a.txt"]}


def test_sensor_waits_for_a_file_still_being_written(tmp_path):
    _write(tmp_path / "a.txt", "half a rep", age_seconds=0)
    result, cursor = _evaluate(tmp_path)
    assert isinstance(result, dg.SkipReason)
    assert "a.txt" in result.skip_message
    assert cursor is None


def test_sensor_requests_one_repair_run_when_latest_is_damaged_though_raw_is_unchanged(tmp_path):
    from tests.publish.builders import make_warehouse, publish

    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    raw.mkdir()
    _write(raw / "a.txt", "report one")
    con = make_warehouse(warehouse)
    publish(con, warehouse)
    con.close()
    job = dg.define_asset_job("j", selection=dg.AssetSelection.all())
    sensor = build_raw_sensor(job, str(warehouse))

    def evaluate(cursor):
        context = dg.build_sensor_context(cursor=cursor, resources={"raw": RawFolderResource(path=str(raw))})
        return sensor(context), context.cursor

    _, cursor = evaluate(None)
    intact, _ = evaluate(cursor)
    assert isinstance(intact, dg.SkipReason)
    snapshot = (warehouse / "latest").resolve()
    snapshot.chmod(0o755)
    (snapshot / "findings.parquet").unlink()
    repair, _ = evaluate(cursor)
    assert isinstance(repair, dg.RunRequest)
    assert repair.tags == {"hmip/repair": snapshot.name}
