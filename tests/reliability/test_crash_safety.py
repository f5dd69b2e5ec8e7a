"""Crash safety: a writer killed with SIGKILL at random (seeded) moments never leaves `latest` broken or
half-published, never corrupts warehouse.duckdb, and the next run succeeds and cleans up its leftovers.

Fork trials: a child that loads the warehouse tables and publishes a snapshot (the last two steps of a
run, where files are written) is killed at a random delay: cheap, so there can be many. Real trials: the
`hmip run` process (forked from a warm interpreter, tests/_fixtures/warm_hmip.py) is killed twenty times
at seeded random moments during extraction and during publishing; afterwards two runs start at once on
that warehouse: one is turned away by the run lock, the other recovers (the killed runs' Dagster records
and pool slots included) and publishes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import random
import shutil
import signal
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.extract import extract_file
from pipelines.publish import publish_snapshot
from pipelines.warehouse.load import load_tables
from tests._fixtures import warm_hmip

from .corpus import TAMESIDE, WIGAN, renamed
from .helpers import (
    RUN_TIMEOUT,
    SAMPLES,
    alive,
    assert_latest_valid_or_absent,
    dagster_home,
    env_with,
    group_members,
    hmip_run_args,
    leftovers,
)

pytestmark = pytest.mark.slow

WIGAN_ID, TAMESIDE_ID = "wigan-pdu-2023-05", "tameside-pdu-2023-05"
# What a snapshot may hold; each publish picks one different from latest's, so it really writes.
REPORT_SETS = [frozenset({WIGAN_ID}), frozenset({TAMESIDE_ID}), frozenset({WIGAN_ID, TAMESIDE_ID})]
FORK_TRIALS = 24
REAL_KILLS = 20  # of the real `hmip run` process, during extraction and publishing
SEED = 20230501


def _publish(warehouse: Path, report_ids: frozenset[str], extractions: list | None = None):
    """Load the tables (when given extractions) and publish `report_ids`, as the end of a run does."""
    con = duckdb.connect(str(warehouse / "warehouse.duckdb"))
    try:
        if extractions:
            load_tables(con, extractions, extractions)
        return publish_snapshot(
            con, warehouse, report_ids=set(report_ids), quality={"verdict": "passed", "summary": {}},
            quality_html="<!DOCTYPE html><html><body>ok</body></html>\n",
            inputs=[{"name": f"{rid}.txt", "status": "published"} for rid in sorted(report_ids)])
    finally:
        con.close()


def _child(warehouse: Path, report_ids: frozenset[str], extractions: list) -> None:
    _publish(warehouse, report_ids, extractions)
    os._exit(0)


def _latest_set(warehouse: Path) -> frozenset[str] | None:
    if not (warehouse / "latest").is_symlink():
        return None
    return frozenset(pq.read_table(warehouse / "latest" / "reports.parquet").column("report_id").to_pylist())


def _other_set(rng: random.Random, warehouse: Path) -> frozenset[str]:
    current = _latest_set(warehouse)
    return rng.choice([s for s in REPORT_SETS if s != current])


def _assert_database_sound(warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM staging.reports").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM staging.standards").fetchone()[0] == 20
    finally:
        con.close()


@pytest.fixture(scope="module")
def extractions() -> list:
    return [extract_file(SAMPLES / f"{rid}.txt") for rid in (TAMESIDE_ID, WIGAN_ID)]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, extractions) -> Path:
    """A warehouse with both sample reports loaded and one snapshot published."""
    warehouse = tmp_path_factory.mktemp("prepared") / "warehouse"
    warehouse.mkdir()
    assert _publish(warehouse, REPORT_SETS[2], extractions).published
    return warehouse


def test_publishing_killed_at_random_moments_never_breaks_latest(prepared, extractions, tmp_path):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(prepared, warehouse, symlinks=True)
    rng = random.Random(SEED)
    fork = multiprocessing.get_context("fork")

    started = time.monotonic()  # one child left alone: how long loading and publishing take here
    child = fork.Process(target=_child, args=(warehouse, _other_set(rng, warehouse), extractions))
    child.start()
    child.join(120)
    duration = time.monotonic() - started
    assert child.exitcode == 0 and duration < 120

    kills_that_left_work = 0
    for _ in range(FORK_TRIALS):
        before = assert_latest_valid_or_absent(warehouse)
        target = _other_set(rng, warehouse)
        child = fork.Process(target=_child, args=(warehouse, target, extractions))
        child.start()
        time.sleep(rng.uniform(0.0, duration * 1.2))
        os.kill(child.pid, signal.SIGKILL)
        child.join(30)
        assert child.exitcode is not None

        after = assert_latest_valid_or_absent(warehouse)
        assert after is not None  # a snapshot existed before, so one must still be there
        if after != before:  # the kill came after the switch: latest is the new, complete snapshot
            assert _latest_set(warehouse) == target
        _assert_database_sound(warehouse)

        left = leftovers(warehouse)
        kills_that_left_work += bool(left)
        result = _publish(warehouse, _other_set(rng, warehouse))  # the next run succeeds ...
        assert result.published
        assert sorted(p.name for p in result.cleaned) == left  # ... and cleans what the kill left
        assert leftovers(warehouse) == []
        assert_latest_valid_or_absent(warehouse)
    assert kills_that_left_work > 0, "no kill landed while a snapshot was being written"


def _copies(raw: Path) -> None:
    """The two samples and four renamed copies: six reports, so extraction takes a while."""
    raw.mkdir()
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    for body in ("Ashby", "Cowden", "Elmfield"):
        (raw / f"{body.lower()}.txt").write_text(renamed(WIGAN, "Wigan", body), encoding="utf-8")
    (raw / "jarrow.txt").write_text(renamed(TAMESIDE, "Tameside", "Jarrow"), encoding="utf-8")


def _wait_for(predicate, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def _kill_group(proc: warm_hmip.WarmProcess) -> None:
    with contextlib.suppress(ProcessLookupError):  # ended already: the caller checks its exit code
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert _wait_for(lambda: not _group_alive(proc.pid), 30), "a process of the killed run survived"


def _slots_held(home: Path) -> list[str]:
    """Which runs hold the 'warehouse' pool's slots in the Dagster instance at `home`."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home)) as instance:
        info = instance.event_log_storage.get_concurrency_info("warehouse")
        return [f"{c.run_id}:{c.step_key}" for c in info.claimed_slots]


def _group_alive(pgid: int) -> bool:
    """Whether a process of the group still runs. One that has exited but waits for init to reap it
    (a zombie: the killed run's log-mirroring children, reparented) is not running; init here reaps
    them about a second later."""
    return bool(alive(group_members(pgid)))


def test_hmip_run_killed_in_extraction_and_publishing_then_two_runs_at_once(prepared, tmp_path):
    base = tmp_path
    raw, warehouse, home = base / "raw", base / "warehouse", dagster_home(base)
    _copies(raw)
    shutil.copytree(prepared, warehouse, symlinks=True)
    first = assert_latest_valid_or_absent(warehouse)
    rng = random.Random(SEED + 1)
    env = env_with(home)

    # (when to kill, most extra random delay): while extracting; as this run's snapshot folder appears;
    # later in writing it; then seeded random choices of the two, REAL_KILLS in all. Publishing six
    # reports takes ~0.5 s from its folder's creation to the end of the run, so its delays stay below.
    # --force: every run does the work.
    delays = {"extracting": [0.2, 0.6, 1.5], "publishing": [0.05, 0.15, 0.3]}
    plan = [("extracting", 1.0), ("publishing", 0.0), ("publishing", 0.35)]
    for trigger in (rng.choice(["extracting", "publishing"]) for _ in range(REAL_KILLS - len(plan))):
        plan.append((trigger, rng.choice(delays[trigger])))
    reach_within = RUN_TIMEOUT / 2
    killed_mid_publish = 0
    for trial, (trigger, jitter) in enumerate(plan):
        log = (base / f"stderr-{trial}-{trigger}-{jitter}").open("w+")
        left_before = set(leftovers(warehouse))  # an earlier kill's `.tmp-*` is not this run publishing
        proc = warm_hmip.start([*hmip_run_args(raw, warehouse), "--force"], env=env,
                               stdout=warm_hmip.DEVNULL, stderr=log, start_new_session=True)
        try:
            if trigger == "extracting":
                reached = _wait_for(lambda log=log: "extracting" in Path(log.name).read_text(), reach_within)
            else:
                reached = _wait_for(lambda old=left_before: bool(set(leftovers(warehouse)) - old),
                                    reach_within)
            assert reached, (f"the run never reached {trigger}; warehouse pool slots held by "
                             f"{_slots_held(home)} (a killed run's slot must not block later runs): "
                             + Path(log.name).read_text()[-2000:])
            time.sleep(rng.uniform(0.0, jitter))
        finally:
            _kill_group(proc)
            log.close()
        assert proc.returncode == -signal.SIGKILL, f"the run ended before the kill ({trigger}, {jitter})"
        killed_mid_publish += bool(set(leftovers(warehouse)) - left_before)
        assert assert_latest_valid_or_absent(warehouse) is not None
        duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True).close()

    assert killed_mid_publish > 0, "no kill landed while this run's snapshot folder was being written"

    # Two runs at once: exactly one is turned away by the lock; the other recovers and publishes.
    runs = [warm_hmip.start(hmip_run_args(raw, warehouse), env=env, text=True,
                            start_new_session=True) for _ in range(2)]
    try:
        outputs = [run.communicate(timeout=RUN_TIMEOUT / 2) for run in runs]
    finally:
        for run in runs:
            if run.poll() is None:
                _kill_group(run)
    codes = sorted(run.returncode for run in runs)
    turned_away = [err for run, (_, err) in zip(runs, outputs, strict=True) if run.returncode == 1]
    winner = [out + err for run, (out, err) in zip(runs, outputs, strict=True) if run.returncode == 0]
    assert codes == [0, 1], outputs
    assert "another run is in progress" in turned_away[0]
    assert "published at" in winner[0] or "identical to latest" in winner[0], winner[0]
    assert leftovers(warehouse) == []
    final = assert_latest_valid_or_absent(warehouse)
    assert final != first
    assert len(_latest_set(warehouse) or ()) == 6
    con = duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM staging.reports").fetchone()[0] == 6
        assert con.execute("SELECT count(*) FROM latest.reports").fetchone()[0] == 6
    finally:
        con.close()
