"""The batch job (`hmip_batch_run`) against the single-process run, on the same few hundred generated
reports: each a real Dagster run on its own instance (a temporary DAGSTER_HOME with the project's
dagster.yaml; the single-process run's `hmip` forked from a warm interpreter), the batch job through
`dagster job execute` with the multiprocess executor, as docs/scaling.md tells operators to run it. The
published Parquet files must be byte-identical. Expected counts are typed by hand from how the corpus is
made (240 reports, one byte-for-byte copy, one edited copy, one binary file)."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest

from bench.synthetic import SyntheticReport, generate_report
from pipelines.definitions import build_definitions
from pipelines.defs.batch import (
    BATCH_IO,
    EXECUTOR_VARIABLE,
    EXECUTORS,
    batch_executor,
    batch_resources,
    build_batch_job,
)
from pipelines.defs.resources import RawFolderResource, WarehouseResource
from pipelines.extract import EXTRACTOR_VERSION
from pipelines.inputs.inventory import scan_raw
from pipelines.runs.last_run import read_last_run
from pipelines.warehouse import batches
from tests._fixtures import warm_hmip

ROOT = Path(__file__).resolve().parents[2]
REPORTS = 240
# two cores; steps forked from a server that has imported the code location once (docs/scaling.md)
RUN_CONFIG = ("execution:\n  config:\n    max_concurrent: 2\n    start_method:\n      forkserver:\n"
              "        preload_modules: [pipelines.definitions]\n")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_corpus(raw: Path) -> dict[str, str]:
    """240 reports with distinct ids (every third with conversion damage), plus: a byte-for-byte copy of
    the first (a duplicate), an edited copy of the second (a conflict: both held back) and a binary file
    (an error). Returns file name -> report id of what must be published."""
    raw.mkdir()
    reports: dict[str, SyntheticReport] = {}
    seed = 0
    while len(reports) < REPORTS:
        report = generate_report(seed, damage=seed % 3 == 0)
        seed += 1
        if report.report_id in {r.report_id for r in reports.values()}:
            continue
        (raw / report.file_name).write_bytes(report.data)
        reports[report.file_name] = report
    first, second = sorted(reports)[:2]
    shutil.copyfile(raw / first, raw / f"zz-copy-of-{first}")
    text, inspector = reports[second].data, reports[second].lead_inspector.encode(reports[second].encoding)
    assert inspector in text
    (raw / f"zz-edited-{second}").write_bytes(text.replace(inspector, b"Alex Example"))
    (raw / "zz-notes.bin").write_bytes(bytes(range(256)) * 4)
    del reports[second]
    return {name: r.report_id for name, r in reports.items()}


def _env(home: Path, **extra: str) -> dict[str, str]:
    """A DAGSTER_HOME with the project's dagster.yaml, as docs/scaling.md runs the job (.dagster_home)."""
    home.mkdir(exist_ok=True)
    (home / "dagster.yaml").write_text((ROOT / "dagster-instance.yaml").read_text())
    return {**os.environ, "DAGSTER_HOME": str(home), **extra}


def _batch_run(base: Path, raw: Path, warehouse: Path) -> subprocess.CompletedProcess:
    config = base / "batch_config.yaml"
    config.write_text(RUN_CONFIG)
    env = _env(base / "home_batch", HMIP_RAW=str(raw), HMIP_WAREHOUSE=str(warehouse))
    return subprocess.run([sys.executable, "-m", "dagster", "job", "execute", "-m", "pipelines.definitions",
                           "-j", "hmip_batch_run", "-c", str(config)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)


def _runs(home: Path) -> list[dg.DagsterRun]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DAGSTER_HOME", str(home))
        with dg.DagsterInstance.get() as instance:
            return list(reversed(instance.get_runs()))  # oldest first


def _events(home: Path, run_id: str, kind: dg.DagsterEventType) -> list[dg.EventLogEntry]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DAGSTER_HOME", str(home))
        with dg.DagsterInstance.get() as instance:
            return list(instance.all_logs(run_id, of_type=kind))


@pytest.fixture(scope="module")
def both_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("batch")
    raw = base / "raw"
    published = _write_corpus(raw)
    single = warm_hmip.run(["run", "--raw", str(raw), "--warehouse", str(base / "wh_single")],
                           env=_env(base / "home_single"), timeout=1200)
    batch = _batch_run(base, raw, base / "wh_batch")
    return base, raw, published, single, batch


@pytest.mark.slow
def test_the_batch_job_publishes_byte_identical_parquet_to_the_single_process_run(both_runs):
    base, _, published, single, batch = both_runs
    # published with input files kept out (conflicts, a binary file): exit 3 by the exit-code contract
    assert single.returncode == 3, single.stdout[-3000:] + single.stderr[-3000:]
    assert batch.returncode == 0, batch.stdout[-3000:] + batch.stderr[-3000:]
    one, other = base / "wh_single" / "latest", base / "wh_batch" / "latest"
    parquet = sorted(p.name for p in one.glob("*.parquet"))
    assert parquet == sorted(p.name for p in other.glob("*.parquet")) == [
        "bodies.parquet", "extraction_issues.parquet", "findings.parquet", "key_questions.parquet",
        "quotes.parquet", "rating_history.parquet", "recommendations.parquet", "reports.parquet",
        "sections.parquet", "standards.parquet"]
    assert {n: _sha(one / n) for n in parquet} == {n: _sha(other / n) for n in parquet}
    reports = pq.read_table(other / "reports.parquet").column("report_id").to_pylist()
    assert len(reports) == REPORTS - 1 and set(reports) == set(published.values())


@pytest.mark.slow
def test_the_batch_job_ran_one_step_per_bucket_each_in_its_own_process(both_runs):
    base, raw, _, _, batch = both_runs
    assert batch.returncode == 0, batch.stderr[-3000:]
    [run] = _runs(base / "home_batch")
    assert run.job_name == "hmip_batch_run" and run.status == dg.DagsterRunStatus.SUCCESS
    # the outcome as the single-process job tags it: published, with input files kept out
    assert run.tags["hmip/outcome"] == "partial" and run.tags["hmip/exit_code"] == "3"
    worker = _events(base / "home_batch", run.run_id, dg.DagsterEventType.RUN_START)[0].dagster_event.pid
    starts = _events(base / "home_batch", run.run_id, dg.DagsterEventType.STEP_START)
    pids = {e.step_key: e.dagster_event.pid for e in starts}
    buckets = {_sha(p)[0] for p in raw.iterdir()}  # 243 files: every one of the 16 hex digits occurs
    assert buckets == set("0123456789abcdef")
    assert set(pids) == {"plan_batches", "publish_batches"} | {f"extract_bucket[{b}]" for b in buckets}
    assert worker not in pids.values() and len(set(pids.values())) == len(pids)  # a process per step
    files = sorted((base / "wh_batch" / "batches").glob("*/*/*.parquet"))
    assert sorted(f.parent.name for f in files) == sorted(buckets)  # one batch file per bucket
    with duckdb.connect(str(base / "wh_batch" / "warehouse.duckdb"), read_only=True) as con:
        cached = con.execute("SELECT count(*) FROM staging.extraction_cache").fetchone()[0]
    assert cached == 242  # 240 reports, the edited copy, the binary file (the copy has the same bytes)
    checks = _events(base / "home_batch", run.run_id, dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    single_checks = _events(base / "home_single", _runs(base / "home_single")[0].run_id,
                            dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    assert len(checks) == len(single_checks) > 0  # every rule's result, as the single-process run leaves
    gate = [e for e in checks if e.dagster_event.event_specific_data.check_name == "report_gate"]
    assert len(gate) == 1 and not gate[0].dagster_event.event_specific_data.passed


@pytest.mark.slow
def test_a_rerun_extracts_only_the_bucket_whose_files_changed(both_runs):
    base, raw, published, _, first = both_runs
    assert first.returncode == 0, first.stderr[-3000:]
    seed = 10_000
    while (new := generate_report(seed)).report_id in published.values():
        seed += 1
    (raw / new.file_name).write_bytes(new.data)
    second = _batch_run(base, raw, base / "wh_batch")
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    run = _runs(base / "home_batch")[-1]
    outputs = _events(base / "home_batch", run.run_id, dg.DagsterEventType.STEP_OUTPUT)
    extracted = {e.step_key: e.dagster_event.event_specific_data.metadata["extracted"].value
                 for e in outputs if e.step_key.startswith("extract_bucket[")}
    changed = f"extract_bucket[{hashlib.sha256(new.data).hexdigest()[0]}]"
    assert extracted[changed] == 1 and len(extracted) == 16
    assert all(n == 0 for step, n in extracted.items() if step != changed)
    reports = pq.read_table(base / "wh_batch" / "latest" / "reports.parquet").column("report_id").to_pylist()
    assert len(reports) == REPORTS and new.report_id in reports


def test_the_batch_job_hands_nothing_over_in_memory_and_uses_the_named_executor():
    job = build_batch_job()
    assert job.executor_def is dg.multiprocess_executor
    for node in job.nodes:
        for out in node.definition.output_defs:
            assert out.io_manager_key == BATCH_IO, f"{node.name}.{out.name}"
    assert batch_executor("multiprocess") is dg.multiprocess_executor
    with pytest.raises(ValueError, match=f"{EXECUTOR_VARIABLE}='spark': not one of multiprocess, k8s"):
        batch_executor("spark")
    for name, (package, _) in EXECUTORS.items():
        if name == "multiprocess":
            continue
        try:
            __import__(package)
        except ImportError:
            with pytest.raises(ValueError, match=f"the {package} package is not installed"):
                batch_executor(name)
        else:
            assert isinstance(batch_executor(name), dg.ExecutorDefinition)


def test_an_executor_that_cannot_be_had_fails_the_batch_job_only(monkeypatch, tmp_path):
    monkeypatch.setenv(EXECUTOR_VARIABLE, "spark")
    job = build_batch_job()
    assert job.executor_def.name == "unavailable"
    defs = build_definitions(raw=str(tmp_path / "raw"), warehouse=str(tmp_path / "wh"))
    assert defs.resolve_job_def("hmip_full_run").executor_def is dg.in_process_executor
    with pytest.raises(dg.DagsterInvariantViolationError, match="HMIP_BATCH_EXECUTOR='spark': not one of"):
        job.executor_def.executor_creation_fn(None)  # what the run worker calls when the run starts


def test_a_damaged_batch_file_fails_the_run_naming_it_and_publishes_nothing(tmp_path):
    """In-process (same ops, same resources) so the failure path costs seconds: the bucket step finds a
    batch file at its digest's path and reuses it; the merge finds it damaged."""
    raw, warehouse = tmp_path / "raw", tmp_path / "wh"
    raw.mkdir()
    report = generate_report(3)
    (raw / report.file_name).write_bytes(report.data)
    [listed] = scan_raw(raw)
    path = batches.batch_path(warehouse, EXTRACTOR_VERSION, listed.sha256[0],
                              batches.batch_digest([listed], EXTRACTOR_VERSION))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"PAR1 cut short")
    resources = {"raw": RawFolderResource(path=str(raw)), "warehouse": WarehouseResource(path=str(warehouse)),
                 **batch_resources(str(warehouse))}
    with dg.DagsterInstance.ephemeral() as instance:
        result = build_batch_job(dg.in_process_executor).execute_in_process(
            resources=resources, instance=instance, raise_on_error=False)
    assert not result.success
    record = read_last_run(warehouse)
    assert record["outcome"] == "failed" and record["run_id"] == result.run_id
    assert f"{path}: batch file damaged" in record["cause"]
    assert not (warehouse / "latest").exists() and not (warehouse / "snapshots").exists()
