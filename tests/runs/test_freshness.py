"""A run is skipped only when everything a snapshot is built from is unchanged since `latest`: the files
in raw/ by name and content, the extractor version, and the code and expectations."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg

from pipelines.defs.resources import RawFolderResource, SourcesListResource, WarehouseResource
from pipelines.defs.schedules import build_daily_schedule
from pipelines.inputs.inventory import scan_raw
from pipelines.runs.freshness import code_sha256, run_fingerprint, unchanged_since_latest
from tests.fixtures.manifests import publish_fake_latest


def _raw(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _fingerprint(folder: Path, version: str = "1.0", code: str = "c1") -> str:
    return run_fingerprint(scan_raw(folder), version, code)


def test_the_fingerprint_changes_with_every_input_and_only_with_them(tmp_path):
    raw = _raw(tmp_path / "raw", {"a.txt": "report a", "b.txt": "report b"})
    base = _fingerprint(raw)
    assert _fingerprint(raw) == base  # hashing is stable
    (raw / "b.txt").touch()
    assert _fingerprint(raw) == base  # a new mtime is not a change
    assert _fingerprint(raw, version="1.1") != base
    assert _fingerprint(raw, code="c2") != base
    (raw / "b.txt").write_text("report b, corrected", encoding="utf-8")
    changed = _fingerprint(raw)
    assert changed != base
    (raw / "b.txt").rename(raw / "c.txt")
    assert _fingerprint(raw) not in (base, changed)  # renamed: another input set
    (raw / "c.txt").unlink()
    assert _fingerprint(raw) not in (base, changed)


def test_the_code_hash_covers_sources_and_expectations(tmp_path):
    package, expectations = tmp_path / "pkg", tmp_path / "expectations"
    _raw(package, {"mod.py": "x = 1\n", "notes.txt": "not code"})
    _raw(expectations, {"reports.json": "{}"})
    base = code_sha256(package, expectations)
    (package / "notes.txt").write_text("still not code")
    assert code_sha256(package, expectations) == base
    (expectations / "accepted_exceptions.json").write_text("[]")
    with_exceptions = code_sha256(package, expectations)
    assert with_exceptions != base
    (package / "mod.py").write_text("x = 2\n")
    with_code = code_sha256(package, expectations)
    assert with_code not in (base, with_exceptions)
    (package / "body_renamings.csv").write_text("old_name,new_name\n")  # shipped data shapes body_id
    assert code_sha256(package, expectations) not in (base, with_exceptions, with_code)


def test_unchanged_only_when_latest_records_the_same_fingerprint(tmp_path):
    warehouse = tmp_path / "warehouse"
    assert unchanged_since_latest(warehouse, "sha256:abc") is None  # nothing published yet
    publish_fake_latest(warehouse, "2026-12-01.1", "sha256:abc")
    assert unchanged_since_latest(warehouse, "sha256:abc") == "snapshot 2026-12-01.1"
    assert unchanged_since_latest(warehouse, "sha256:abd") is None


def test_a_snapshot_without_a_fingerprint_never_counts_as_unchanged(tmp_path):
    publish_fake_latest(tmp_path / "warehouse", "2026-11-30.1", None)
    assert unchanged_since_latest(tmp_path / "warehouse", "sha256:abc") is None


def test_a_settled_last_run_that_published_nothing_counts_as_unchanged_a_blocked_one_does_not(tmp_path):
    from pipelines.runs.last_run import write_last_run

    warehouse = tmp_path / "warehouse"
    publish_fake_latest(warehouse, "2026-12-01.1", "sha256:abc")
    quality = {"verdict": "partial", "summary": {"reports": 3, "held_back": 1}}
    write_last_run(warehouse, run_id="r2", outcome="unchanged", fingerprint="sha256:def",
                   version="2026-12-01.1", quality=quality, quality_html="<!DOCTYPE html>")
    since = unchanged_since_latest(warehouse, "sha256:def")
    assert since is not None and "the last run" in since and "unchanged" in since
    assert (warehouse / "last_run" / "quality.html").read_text() == "<!DOCTYPE html>"
    assert unchanged_since_latest(warehouse, "sha256:abc") == "snapshot 2026-12-01.1"
    write_last_run(warehouse, run_id="r3", outcome="blocked", fingerprint="sha256:def",
                   version="2026-12-01.1", quality={"verdict": "blocked"}, quality_html="")
    assert unchanged_since_latest(warehouse, "sha256:def") is None


def _evaluate_schedule(raw: Path, warehouse: Path):
    schedule = build_daily_schedule(dg.define_asset_job("hmip_full_run"))
    resources = {"raw": RawFolderResource(path=str(raw)), "warehouse": WarehouseResource(path=str(warehouse)),
                 "sources": SourcesListResource(path=str(raw.parent / "no-sources.csv"))}
    with dg.build_schedule_context(resources=resources) as context:
        tick = schedule.evaluate_tick(context)
    return list(tick.run_requests or []), tick.skip_message


def test_the_daily_schedule_skips_a_day_with_nothing_changed(tmp_path):
    from pipelines.extract import EXTRACTOR_VERSION

    raw, warehouse = _raw(tmp_path / "raw", {"a.txt": "report a"}), tmp_path / "warehouse"
    requests, skipped = _evaluate_schedule(raw, warehouse)
    assert len(requests) == 1 and skipped is None  # nothing published yet: run
    publish_fake_latest(warehouse, "2026-12-01.1", run_fingerprint(scan_raw(raw), EXTRACTOR_VERSION))
    requests, skipped = _evaluate_schedule(raw, warehouse)
    assert requests == [] and "2026-12-01.1" in skipped
    (raw / "a.txt").write_text("report a, corrected", encoding="utf-8")
    requests, skipped = _evaluate_schedule(raw, warehouse)
    assert len(requests) == 1 and skipped is None


def test_the_fingerprint_covers_the_shipped_package_and_the_lock_file(tmp_path):
    from pipelines.runs import freshness

    root = Path(__file__).resolve().parents[2]
    assert root / "pipelines" == freshness.PACKAGE_DIR  # the whole package, not the runs/ folder
    assert (freshness.PACKAGE_DIR.parent / "uv.lock").is_file()
    assert not (freshness.PACKAGE_DIR / "synthetic.py").exists()  # the generator lives in bench/
    # a copy of the package with an extra .py file under a sub-folder hashes differently
    package = tmp_path / "pipelines"
    shutil.copytree(freshness.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "uv.lock").write_bytes((root / "uv.lock").read_bytes())
    before = freshness.code_sha256(package, freshness.EXPECTATIONS_DIR)
    (package / "runs" / "extra.py").write_text("X = 1\n")
    assert freshness.code_sha256(package, freshness.EXPECTATIONS_DIR) != before


def test_a_damaged_latest_is_never_unchanged(tmp_path):
    warehouse = tmp_path / "warehouse"
    publish_fake_latest(warehouse, "2026-12-01.1", "sha256:abc")
    assert unchanged_since_latest(warehouse, "sha256:abc") == "snapshot 2026-12-01.1"
    (warehouse / "latest" / "reports.parquet").write_bytes(b"rowz")  # one byte changed
    assert unchanged_since_latest(warehouse, "sha256:abc") is None
    (warehouse / "latest" / "reports.parquet").unlink()
    assert unchanged_since_latest(warehouse, "sha256:abc") is None
