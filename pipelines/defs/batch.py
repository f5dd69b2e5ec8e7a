"""The batch job `hmip_batch_run`: raw/ split into buckets by sha256 prefix, one step per bucket that
extracts it into a batch file in the warehouse, then one step that merges the batch files and publishes
through the same load, quality gate and snapshot functions as `hmip_full_run` (`pipelines.runs.merge`).

Steps hand each other only file lists and paths, pickled in the warehouse folder (`BatchIOManager`), never
memory, so the job runs unchanged on the multiprocess executor here and on the Kubernetes or Celery
executor (`HMIP_BATCH_EXECUTOR`) where the warehouse folder is storage every step can reach. Bucket steps
write only immutable batch files and take no run lock; the last step takes it, like any run.

Wiring only: bucketing and batch files are `pipelines.warehouse.batches`, the merge `pipelines.runs.merge`.
"""

import importlib
import os
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipelines import extract
from pipelines.defs import worker_imports  # noqa: F401  (what step workers need, preloaded once)
from pipelines.defs.checks import check_result, report_gate_result
from pipelines.defs.io_manager import WarehouseIOManager
from pipelines.defs.resources import RawFolderResource, WarehouseResource
from pipelines.extract.model import Extraction
from pipelines.inputs.inventory import RawFile, extract_raw, scan_raw
from pipelines.quality.config import ConfigError
from pipelines.quality.result import BLOCKED
from pipelines.runs.causes import failure_cause
from pipelines.runs.finish import record_config_error, record_failed_run
from pipelines.runs.freshness import run_fingerprint
from pipelines.runs.merge import MergedRun, merge_and_publish
from pipelines.runs.status import CONFIG_ERROR, FAILED, RunStatus, gate_rows
from pipelines.schema import TABLES
from pipelines.warehouse import batches
from pipelines.warehouse.layout import run_outputs_dir

BATCH_JOB_NAME = "hmip_batch_run"
BATCH_IO = "batch_io_manager"
EXECUTOR_VARIABLE = "HMIP_BATCH_EXECUTOR"
# name -> (package, executor); the cluster ones are installed where they run, not in this project's lock
EXECUTORS = {
    "multiprocess": ("dagster", "multiprocess_executor"),
    "k8s": ("dagster_k8s", "k8s_job_executor"),
    "celery": ("dagster_celery", "celery_executor"),
}


@dataclass(frozen=True)
class Plan:
    """The input set as this run scanned it."""

    files: list[RawFile]
    fingerprint: str


@dataclass(frozen=True)
class BatchDone:
    bucket: str
    path: str  # its batch file
    files: int
    extracted: int  # contents extracted afresh: 0 when an unchanged bucket's batch file was reused


class BatchStore(WarehouseResource):
    """The warehouse folder as bucket steps see it: they write only immutable batch files (and their own
    outputs, under the run's id), so they take no run lock and run side by side."""

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        return None


class BatchIOManager(WarehouseIOManager):
    """The warehouse IO manager, one file per step and output (mapped bucket steps share an op name)."""

    def _path(self, run_id: str, context: dg.OutputContext | dg.InputContext) -> Path:
        out = context if isinstance(context, dg.OutputContext) else context.upstream_output
        parts = [out.step_key, out.name, *([out.mapping_key] if out.mapping_key else [])]
        name = "__".join(parts).replace("[", "_").replace("]", "")
        return run_outputs_dir(self.warehouse.root, run_id) / f"{name}.pickle"


@dg.op(out={"plan": dg.Out(io_manager_key=BATCH_IO), "buckets": dg.DynamicOut(io_manager_key=BATCH_IO)},
       description="List raw/ with content hashes and split it into buckets by sha256 prefix.")
def plan_batches(raw: RawFolderResource):
    files = scan_raw(raw.root)
    fingerprint = run_fingerprint(files, extract.EXTRACTOR_VERSION)
    buckets = batches.assign(files)
    yield dg.Output(Plan(files, fingerprint), "plan", metadata={
        "files": len(files), "buckets": len(buckets), "raw_folder": str(raw.root),
        "run_fingerprint": fingerprint})
    for bucket, members in buckets.items():
        yield dg.DynamicOutput(members, output_name="buckets", mapping_key=bucket)


@dg.op(out=dg.Out(io_manager_key=BATCH_IO),
       description="Extract one bucket's files into its batch file, unless a batch file of the same files "
       "and extractor version exists; content its previous batch file holds is reused.")
def extract_bucket(context: dg.OpExecutionContext, files: list[RawFile],
                   batch_store: BatchStore) -> BatchDone:
    bucket = context.get_mapping_key() or batches.bucket_of(files[0].sha256)
    version = extract.EXTRACTOR_VERSION
    path = batches.batch_path(batch_store.root, version, bucket, batches.batch_digest(files, version))
    extracted = 0
    if not path.is_file():
        extractions, extracted = batches.extract_batch(files, _extract_raw, batches.previous_batch(path))
        path = batches.write_batch(path, extractions, reusable=batches.is_reusable(files, extractions))
    context.add_output_metadata({"files": len(files), "extracted": extracted, "batch_file": str(path)})
    return BatchDone(bucket, str(path), len(files), extracted)


def _extract_raw(raw: RawFile) -> Extraction:
    return extract_raw(raw, extract.extract_bytes)  # refused, vanished or changed files: an error


@dg.op(out=dg.Out(dg.Nothing, io_manager_key=BATCH_IO), pool="warehouse",
       description="Merge the batch files, load the working tables, run the quality gate and publish the "
       "snapshot: the single-process job's functions, in its order.")
def publish_batches(context: dg.OpExecutionContext, plan: Plan, done: list[BatchDone],
                    warehouse: WarehouseResource) -> None:
    run_id = context.run.run_id
    try:
        with warehouse.connect() as con:
            merged = merge_and_publish(con, warehouse.root, run_id=run_id, files=plan.files,
                                       batch_files=[Path(d.path) for d in done], fingerprint=plan.fingerprint,
                                       retention=warehouse.keep_snapshots)
    except ConfigError as exc:  # refused, as `hmip run` refuses it: one line per problem, exit 2's outcome
        record_config_error(warehouse.root, errors=exc.lines, run_id=run_id)
        context.instance.add_run_tags(run_id, RunStatus(CONFIG_ERROR).tags())
        raise dg.Failure(description="configuration error:\n" + "\n".join(exc.lines)) from None
    except Exception as exc:  # last_run/ says why, as for a failed `hmip run`
        record_failed_run(warehouse.root, run_id=run_id, cause=failure_cause(_messages(exc)))
        context.instance.add_run_tags(run_id, RunStatus(FAILED).tags())
        raise
    _log_outcome(context, merged)
    if merged.finished is None:
        context.instance.add_run_tags(run_id, RunStatus(BLOCKED).tags())
        failed = sorted(r.rule_id for r in merged.quality.rules if r.blocking and not r.passed)
        raise dg.Failure(description=f"blocked by the quality gate ({', '.join(failed)}); nothing published")
    used = {Path(d.path) for d in done}
    removed = batches.prune_batches(warehouse.root, extract.EXTRACTOR_VERSION, used)
    context.log.info(f"published {merged.finished.publish.version or 'nothing'}; "
                     f"{len(removed)} old batch file(s) removed")


def _log_outcome(context: dg.OpExecutionContext, merged: MergedRun) -> None:
    """The same asset events the single-process job leaves: every table, every rule, the snapshot."""
    for table in TABLES:
        context.log_event(dg.AssetMaterialization(table.name, metadata={"rows": merged.counts[table.name]}))
    for rule in merged.quality.rules:
        res = check_result(rule)
        context.log_event(dg.AssetCheckEvaluation(
            asset_key=res.asset_key, check_name=res.check_name, passed=res.passed,
            metadata=res.metadata, severity=res.severity, description=res.description))
    if merged.finished is not None:
        run = merged.finished
        context.log_event(dg.AssetMaterialization("snapshot", metadata={
            "published": run.publish.published, "version": run.publish.version or "",
            "path": str(run.publish.path) if run.publish.path else "", "reason": run.publish.reason,
            "previous_version": run.publish.previous_version or "",
            "reports_published": len(run.published_report_ids)}))
        # the single-process job's report_gate check and hmip/* run tags, from the same run status
        context.instance.add_run_tags(context.run_id, run.status.tags())
        gate = report_gate_result(run.status, gate_rows(run.inputs),
                                  run.publish.version or run.publish.previous_version,
                                  merged.quality.unused_exceptions)
        context.log_event(dg.AssetCheckEvaluation(
            asset_key=gate.asset_key, check_name=gate.check_name, passed=gate.passed,
            metadata=gate.metadata, severity=gate.severity, description=gate.description))


def _messages(error: BaseException | None) -> list[str]:
    out: list[str] = []
    while error is not None and len(out) < 20:
        out.append(f"{type(error).__name__}: {error}")
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return out


@dg.graph
def batch_graph() -> None:
    plan, buckets = plan_batches()
    publish_batches(plan, buckets.map(extract_bucket).collect())


def batch_executor(name: str | None = None) -> dg.ExecutorDefinition:
    """The executor `HMIP_BATCH_EXECUTOR` names (default multiprocess); a clear error when it is unknown
    or its package is not installed."""
    name = name or os.environ.get(EXECUTOR_VARIABLE, "multiprocess")
    if name not in EXECUTORS:
        raise ValueError(f"{EXECUTOR_VARIABLE}={name!r}: not one of {', '.join(EXECUTORS)}")
    package, attribute = EXECUTORS[name]
    try:
        return getattr(importlib.import_module(package), attribute)
    except ImportError:
        raise ValueError(f"{EXECUTOR_VARIABLE}={name}: the {package} package is not installed "
                         f"(pip install {package.replace('_', '-')})") from None


def _unavailable(problem: str) -> dg.ExecutorDefinition:
    """An executor that fails the batch job's run with `problem` when it starts: a bad
    HMIP_BATCH_EXECUTOR concerns that job only, not `hmip run`, the sensor or the UI's code location."""
    @dg.executor(name="unavailable")
    def unavailable(_init_context: dg.InitExecutorContext) -> dg.Executor:
        raise dg.DagsterInvariantViolationError(problem)
    return unavailable


def build_batch_job(executor_def: dg.ExecutorDefinition | None = None) -> dg.JobDefinition:
    if executor_def is None:
        try:
            executor_def = batch_executor()
        except ValueError as exc:
            executor_def = _unavailable(str(exc))
    return batch_graph.to_job(
        name=BATCH_JOB_NAME, executor_def=executor_def,
        description="Extract raw/ in buckets by sha256 prefix, one step per bucket, then merge, check and "
        "publish as hmip_full_run does.")


def batch_resources(warehouse: str) -> dict[str, object]:
    store = BatchStore(path=warehouse)
    return {"batch_store": store, BATCH_IO: BatchIOManager(warehouse=store)}
