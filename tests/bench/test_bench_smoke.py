"""CI smoke of the benchmark: `python -m bench.run --smoke` at 10 reports writes a results file with every
figure and its ratio to the floor. Targets are goals, not assertions: only the presence and sanity of the
figures, and the behaviour the reruns must show, are checked here."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN_FIGURES = ("wall_s", "cpu_s", "max_rss_mib", "floor_s", "wall_to_floor", "rss_to_floor", "cores_used")


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "results.json"
    done = subprocess.run([sys.executable, "-m", "bench.run", "--smoke", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "hmip run" in done.stdout and "target" in done.stdout
    return json.loads(out.read_text())


@pytest.mark.slow
def test_floor_is_measured(results):
    imp = results["floor"]["import"]
    assert _positive(imp["wall_s"]) and _positive(imp["max_rss_mib"])
    regex = results["floor"]["regex"]["10"]
    assert regex["files"] == 10 and _positive(regex["seconds"]) and regex["matches"] > 10 * 9


@pytest.mark.slow
def test_extraction_throughput_with_ratios(results):
    assert set(results["extraction"]) == {"samples", "generated", "generated_damaged", "pool"}
    for name, ext in results["extraction"].items():
        assert ext["reports_found"] == ext["files"], name
        for key in ("reports_per_s", "ms_per_report", "ms_per_report_floor", "to_floor"):
            assert _positive(ext[key]), (name, key)
    assert results["extraction"]["pool"]["workers"] >= 1


@pytest.mark.slow
def test_runs_fresh_nochange_onechanged_with_ratios(results):
    runs = results["runs"]
    assert set(runs) == {"fresh_10", "nochange_10", "onechanged_10"}
    for name, run in runs.items():
        assert run["exit_code"] == 0, (name, run.get("summary"), run.get("stderr_tail"))
        assert run["reports"] == 10
        for key in RUN_FIGURES:
            assert _positive(run[key]), (name, key)
        # below zero when the run costs less than importing the libraries: a skipped rerun imports none
        assert math.isfinite(run["over_import_floor_s"]), name
    fresh, nochange, onechanged = runs["fresh_10"], runs["nochange_10"], runs["onechanged_10"]
    # generated reports are consistent by construction: every one passes and the first run publishes .1
    assert (fresh["outcome"], fresh["verdict"]) == ("published", "passed")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d\.1", fresh["published"])
    assert fresh["new_cache_rows"] == 10
    # nothing changed: no Dagster run, so the last run on record is still the fresh one
    assert nochange["published"] is None and nochange["skipped"] and nochange["freshly_extracted"] == 0
    assert nochange["new_cache_rows"] == 0 and nochange["last_run_id"] == fresh["last_run_id"]
    # one report corrected: a new run, a new snapshot after the first, one extraction more in the cache
    assert (onechanged["outcome"], onechanged["verdict"]) == ("published", "passed")
    assert onechanged["last_run_id"] != fresh["last_run_id"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d\.\d+", onechanged["published"])
    assert onechanged["published"] != fresh["published"]
    assert onechanged["new_cache_rows"] == 1


@pytest.mark.slow
def test_every_target_is_reported(results):
    names = {t["name"] for t in results["targets"]}
    assert {"extraction per core", "full run at 10", "peak memory at 10", "no-change rerun",
            "no-change rerun publishes nothing", "one-changed rerun"} <= names
    for target in results["targets"]:
        assert target["met"] in (True, False, None) and target["measured"] is not None
