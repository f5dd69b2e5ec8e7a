"""Listing and reading raw/ at the function level: files that vanish, change or grow between listing and
reading, links out of raw/, pipes, huge files, odd names, and the sensor waiting for a file still being
written. Fast: no Dagster run."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

import dagster as dg
import pytest

from pipelines.defs import sensors
from pipelines.defs.resources import RawFolderResource
from pipelines.extract.model import Extraction
from pipelines.inputs.inventory import MB, extract_raw, fingerprint, read_raw, recently_modified, scan_raw
from pipelines.warehouse.run_lock import RunInProgress, warehouse_lock

REPORT = b"An inspection of probation services in: Anytown PDU\n"
# sha256 of b"abc" (a published test vector)
ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def _echo(data: bytes, name: str) -> Extraction:
    """Stands in for the extractor: records what it was given."""
    return Extraction(name, hashlib.sha256(data).hexdigest(), "t", None, {}, [])


def _by_name(raw: Path) -> dict:
    return {f.name: f for f in scan_raw(raw)}


def _issue(extraction: Extraction) -> tuple[str, str]:
    (issue,) = extraction.issues
    assert issue.severity == "error"
    return issue.code, issue.message


def _bounded(function, seconds: float = 10.0):
    """Call `function` in a thread; fail (instead of hanging the suite) when it blocks, e.g. on a pipe."""
    box: dict = {}
    thread = threading.Thread(target=lambda: box.setdefault("value", function()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{function} blocked for more than {seconds} s"
    return box["value"]


def test_a_file_removed_after_listing_is_an_error_not_cached_under_its_content(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"abc")
    (listed,) = scan_raw(tmp_path)
    assert listed.sha256 == ABC
    (tmp_path / "a.txt").unlink()
    result = extract_raw(listed, _echo)
    code, message = _issue(result)
    assert code == "vanished" and "a.txt" in message and "disappeared" in message
    assert result.source_sha256 != ABC  # were it cached under abc, restoring the file would not help


def test_a_file_changed_after_listing_is_not_read_as_the_listed_file(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"abc")
    (listed,) = scan_raw(tmp_path)
    with (tmp_path / "a.txt").open("ab") as handle:  # still being written
        handle.write(b"def")
    code, message = _issue(extract_raw(listed, _echo))
    assert code == "changed_during_run" and "next run" in message


def test_a_file_that_grows_past_the_limit_after_listing_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 10)
    (listed,) = scan_raw(tmp_path, max_bytes=MB)
    path.write_bytes(b"x" * (2 * MB))
    with pytest.raises(Exception, match="grew past the 1 MB"):
        read_raw(listed, max_bytes=MB)


def test_a_huge_file_is_refused_unread_and_its_refusal_is_stable(tmp_path):
    with (tmp_path / "huge.txt").open("wb") as handle:
        handle.truncate(3 * MB)  # sparse: large, cheap to make
    (listed,) = scan_raw(tmp_path, max_bytes=2 * MB)
    assert listed.refusal and listed.refusal.code == "too_large"
    assert "3 MB is more than the 2 MB" in listed.refusal.message
    assert scan_raw(tmp_path, max_bytes=2 * MB)[0].sha256 == listed.sha256  # the sensor sees no change
    code, _ = _issue(extract_raw(listed, _echo))
    assert code == "too_large"


def test_links_are_followed_inside_raw_only_and_pipes_are_never_opened(tmp_path):
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    raw.mkdir()
    outside.mkdir()
    (raw / "a.txt").write_bytes(b"abc")
    (outside / "secret.txt").write_bytes(REPORT)
    os.mkfifo(outside / "pipe")
    os.mkfifo(raw / "pipe.txt")
    (raw / "inside.txt").symlink_to("a.txt")
    (raw / "outside.txt").symlink_to(outside / "secret.txt")
    (raw / "relative-escape.txt").symlink_to("../outside/secret.txt")
    (raw / "outside-pipe.txt").symlink_to(outside / "pipe")
    (raw / "folder-link").symlink_to(outside)
    (raw / "dangling.txt").symlink_to("missing.txt")
    files = _bounded(lambda: _by_name(raw))
    assert files["inside.txt"].sha256 == ABC and files["inside.txt"].refusal is None
    assert files["inside.txt"].path == (raw / "a.txt").resolve()
    for name in ("outside.txt", "relative-escape.txt", "outside-pipe.txt", "folder-link"):
        assert files[name].refusal.code == "outside_raw", name
        assert "outside the raw folder; not read" in files[name].refusal.message
    assert files["pipe.txt"].refusal.code == "not_a_file"
    assert files["dangling.txt"].refusal.code == "broken_link"
    assert not any(name.startswith("folder-link/") for name in files)  # not walked into
    for raw_file in files.values():
        if raw_file.refusal:
            code, _ = _issue(_bounded(lambda f=raw_file: extract_raw(f, _echo)))
            assert code == raw_file.refusal.code


def test_a_regular_file_replaced_by_a_link_out_of_raw_after_listing_is_not_followed(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (tmp_path / "secret.txt").write_bytes(b"abc")
    (raw / "a.txt").write_bytes(b"abc")
    (listed,) = scan_raw(raw)
    (raw / "a.txt").unlink()
    (raw / "a.txt").symlink_to(tmp_path / "secret.txt")  # same bytes, but outside raw/
    code, _ = _issue(extract_raw(listed, _echo))
    assert code == "unreadable_file"


def test_odd_names_are_listed_as_text_and_hidden_files_are_not_inputs(tmp_path):
    for name in ("with space.txt", "été Łódź.txt", "two..dots.txt", "README.md", ".partial-upload"):
        (tmp_path / name).write_bytes(b"abc")
    (tmp_path / os.fsdecode(b"latin1-\xe9.txt")).write_bytes(b"abc")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "nested.txt").write_bytes(b"abc")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_bytes(b"abc")
    names = [f.name for f in scan_raw(tmp_path)]
    assert names == sorted(["with space.txt", "été Łódź.txt", "two..dots.txt", "latin1-\\xe9.txt",
                            "sub/nested.txt"])
    for name in names:
        name.encode("utf-8")  # storable in JSON, Parquet and DuckDB


def test_the_sensor_waits_while_a_file_is_being_written_then_runs_for_the_whole_file(tmp_path):
    sensor = sensors.build_raw_sensor(dg.define_asset_job("j", selection=dg.AssetSelection.all()))
    raw = RawFolderResource(path=str(tmp_path))

    def evaluate(cursor):
        context = dg.build_sensor_context(cursor=cursor, resources={"raw": raw})
        return sensor(context), context.cursor

    with (tmp_path / "arriving.txt").open("wb") as handle:
        handle.write(b"first half, ")
        handle.flush()
        waiting, cursor = evaluate(None)
        assert isinstance(waiting, dg.SkipReason) and "arriving.txt" in waiting.skip_message
        assert cursor is None
        handle.write(b"second half")
    assert recently_modified(tmp_path, time.time() - 60) == ["arriving.txt"]
    settled = time.time() - 2 * sensors.SETTLE_SECONDS  # as if the writer had finished a while ago
    os.utime(tmp_path / "arriving.txt", (settled, settled))
    request, cursor = evaluate(None)
    assert isinstance(request, dg.RunRequest)
    whole = hashlib.sha256(b"first half, second half").hexdigest()
    assert fingerprint(scan_raw(tmp_path))["arriving.txt"] == whole
    assert whole in cursor


def test_a_second_run_is_told_which_process_holds_the_warehouse(tmp_path):
    holder = f"another run is in progress .*pid {os.getpid()} since "
    with warehouse_lock(tmp_path), pytest.raises(RunInProgress, match=holder), warehouse_lock(tmp_path):
        pass
    with warehouse_lock(tmp_path):
        pass
