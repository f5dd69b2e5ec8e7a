"""The `hmip` command: run the pipeline in-process, fetch reports into raw/, print extractions, list, diff
and verify snapshots, print the data dictionary.

Argument handling and printing only: the pipeline itself is the Dagster job in `pipelines.definitions`
and the logic lives in `pipelines.*`. Exit codes of `hmip run` (`pipelines.runs.status`, README "Exit
codes"): 0 everything published or unchanged, 3 published with reports held back or input files rejected,
1 nothing could be published (blocked, every report held back, a failure), 2 a usage or configuration
error (verify: 1 a file is damaged, 2 no such snapshot).
"""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

PIPE_CLOSED = 141  # 128 + SIGPIPE: what a shell reports for a command whose reader went away (`| head`)


def main(argv: list[str] | None = None) -> int:
    """`hmip`; a closed stdout (`hmip snapshots | head -1`) ends it quietly with PIPE_CLOSED, except
    `hmip run`, whose exit code is the run's outcome whoever reads its output (`_say`)."""
    try:
        status = _command(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_to_devnull()
        return PIPE_CLOSED
    return status


def _stdout_to_devnull() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)  # so the interpreter's last flush has nowhere to fail
    os.dup2(devnull, sys.stdout.fileno())


def _say(text: str) -> None:
    """Print a line of `hmip run`'s output; a reader gone away does not change what the run did."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_to_devnull()


def _command(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="hmip", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="extract, check and publish every report in a raw folder")
    run.add_argument("--raw", default="raw", help="folder of reports (default: raw)")
    run.add_argument("--warehouse", default="warehouse", help="output folder (default: warehouse)")
    run.add_argument("--keep", type=int, default=None, metavar="N",
                     help="snapshots to keep (default 30, or HMIP_KEEP_SNAPSHOTS); the one latest points to "
                     "is never deleted")
    run.add_argument("--force", action="store_true",
                     help="run even when raw/, the extractor, the code and the expectations are unchanged "
                     "since latest")

    fetch = sub.add_parser("fetch", help="download reports with their provenance into a raw folder: the "
                           "URLs given, else every URL in the sources list")
    fetch.add_argument("urls", nargs="*", metavar="URL")
    fetch.add_argument("--raw", default="raw", help="folder to save into (default: raw)")
    fetch.add_argument("--sources", default="sources.csv", type=Path,
                       help="sources list (default: sources.csv); gives the `published` date of a listed URL")

    ext = sub.add_parser("extract", help="print what is extracted from files; writes nothing")
    ext.add_argument("files", nargs="+", type=Path)
    ext.add_argument("--json", action="store_true", help="one JSON object per file with every table's rows")

    sub.add_parser("dictionary", help="print the data dictionary (markdown) generated from the schema")

    snaps = sub.add_parser("snapshots", help="list published snapshots")
    snaps.add_argument("--warehouse", default="warehouse")

    verify = sub.add_parser("verify", help="check a snapshot's files against its datapackage.json (bytes, "
                            "sha256) and each Parquet file against its schema")
    verify.add_argument("version", nargs="?", default="latest", help="a version, or latest (default)")
    verify.add_argument("--warehouse", default="warehouse")

    diff = sub.add_parser(
        "diff", help="print what changed between two snapshots (default: previous to latest)",
        description="Print what changed from snapshot A to snapshot B: per table the rows added, removed and "
        "changed (matched by key) and schema changes, as in a snapshot's CHANGES.md. A and B are each a "
        "version as `hmip snapshots` lists it (e.g. 2026-11-22.1), `latest` (the version latest points to) "
        "or `previous` (the newest version before latest). Exit 2 when one of them does not exist.")
    diff.add_argument("a", nargs="?", metavar="A",
                      help="the snapshot to compare from: a version, latest or previous (default: previous)")
    diff.add_argument("b", nargs="?", metavar="B",
                      help="the snapshot to compare to: a version, latest or previous (default: latest)")
    diff.add_argument("--warehouse", default="warehouse", help="warehouse folder (default: warehouse)")

    args = parser.parse_args(argv)
    handlers = {"run": _run, "fetch": _fetch, "extract": _extract, "dictionary": _dictionary,
                "snapshots": _snapshots, "diff": _diff, "verify": _verify}
    return handlers[args.command](args)


def _run(args: argparse.Namespace) -> int:
    raw = Path(args.raw)
    if args.keep is not None and args.keep < 1:
        print("hmip run: --keep must be at least 1", file=sys.stderr)
        return 2
    if not raw.is_dir():
        print(f"hmip run: raw folder {raw} does not exist", file=sys.stderr)
        return 2
    from pipelines.quality.config import ConfigError
    from pipelines.warehouse.run_lock import RunInProgress, warehouse_lock

    try:
        with warehouse_lock(Path(args.warehouse)):
            if errors := _config_errors():
                return _refused_for_config(Path(args.warehouse), errors)
            _say_if_latest_damaged(Path(args.warehouse))
            unchanged = None if args.force else _unchanged_since_latest(raw, Path(args.warehouse), args.keep)
            if unchanged:
                _say(unchanged[0])
                return unchanged[1]
            from pipelines.defs.runner import run_pipeline  # loads the suites of expectations/ too

            atexit.unregister(_freeze_heap_at_exit)  # once, however often main() runs in one process
            atexit.register(_freeze_heap_at_exit)
            summary = run_pipeline(raw, Path(args.warehouse), args.keep)
    except RunInProgress as exc:
        print(f"hmip run: {exc}", file=sys.stderr)
        return 1
    except ConfigError as exc:  # a file edited between the check and the run
        return _refused_for_config(Path(args.warehouse), exc.lines)
    except Exception as exc:  # the run could not start (a suite missing, the warehouse read-only, ...)
        return _failed_outside_a_step(Path(args.warehouse), exc)
    _say(summary.render())
    if summary.record_error:
        print(f"hmip run: {summary.record_error}", file=sys.stderr)
    return summary.exit_code


def _freeze_heap_at_exit() -> None:
    """At exit, collect the garbage once (its finalizers run), then freeze the rest: otherwise the
    interpreter's teardown of a run's heap (Dagster, GX, pandas: ~460,000 objects) spends ~1.1 s in
    repeated collections of objects that are about to go anyway. Everything the run wrote is closed by
    then; objects still alive are torn down as before, less the collections (Python never promised
    their finalizers at exit)."""
    gc.collect()
    gc.freeze()


def _config_errors() -> list[str]:
    """Every problem with the accepted exceptions, the expectation suites and the settings taken from the
    environment, one line each."""
    from pipelines.quality.config import check_config
    from pipelines.quality.suite_files import EXPECTATIONS_DIR
    from pipelines.warehouse.db import settings_problem

    return check_config(EXPECTATIONS_DIR) + [p for p in [settings_problem()] if p]


def _refused_for_config(warehouse: Path, errors: list[str]) -> int:
    """No run starts on a malformed configuration: each problem in one line, recorded in last_run/."""
    from pipelines.runs.finish import record_config_error
    from pipelines.runs.status import EXIT_USAGE

    print(f"hmip run: configuration error ({len(errors)} problem(s)); no run started, latest left as it was:",
          file=sys.stderr)
    for line in errors:
        print(line, file=sys.stderr)
    if problem := record_config_error(warehouse, errors=errors):
        print(f"hmip run: {problem}", file=sys.stderr)
    return EXIT_USAGE


def _failed_outside_a_step(warehouse: Path, exc: Exception) -> int:
    """Its cause in one line, recorded in last_run/ (or why it could not be), not a traceback."""
    from pipelines.runs.causes import failure_cause
    from pipelines.runs.finish import record_failed_run

    cause = failure_cause([f"{type(exc).__name__}: {exc}"])
    _say(f"run failed: {cause}\nno snapshot published; latest left as it was")
    if problem := record_failed_run(warehouse, run_id="", cause=cause):
        print(f"hmip run: {problem}", file=sys.stderr)
    return 1


def _say_if_latest_damaged(warehouse: Path) -> None:
    from pipelines.publish.verify import latest_damage

    if (damage := latest_damage(warehouse)) is not None:
        _say(f"latest ({damage.version}) is {damage.describe()}; this run republishes it as a new version")


def _unchanged_since_latest(raw: Path, warehouse: Path, keep: int | None) -> tuple[str, int] | None:
    """What to say, and the exit code, when a run would rebuild `latest` exactly: that of the outcome it
    would repeat (3 while a report is still held back); None when a run is needed. Imports no Dagster, so
    an unchanged rerun costs little more than hashing raw/."""
    from pipelines.publish import clean_leftovers
    from pipelines.publish.retention import prune_snapshots
    from pipelines.runs.freshness import unchanged_raw_status

    since, status, files = unchanged_raw_status(raw, warehouse)
    if since is None or status is None:
        return None
    cleaned = clean_leftovers(warehouse)  # what a killed run left, even when nothing else is to do
    pruned = prune_snapshots(warehouse, keep) if keep is not None else []
    message = (f"nothing to do: the {len(files)} file(s) in {raw}, the extractor, the code and the "
               f"expectations are unchanged since {since}; latest left as it was"
               + (f"; removed {len(cleaned)} leftover(s) of an interrupted publish" if cleaned else "")
               + (f"; pruned {len(pruned)} snapshot(s) beyond the newest {keep}" if pruned else "")
               + " (hmip run --force runs anyway)")
    if status.is_partial:
        message += f"\nstill {status.describe()}"
    return message, status.exit_code


def _fetch(args: argparse.Namespace) -> int:
    from pipelines.sources.fetch import fetch_command

    outcomes, errors = fetch_command(args.urls, Path(args.raw), args.sources)
    for error in errors:
        print(f"hmip fetch: {error}", file=sys.stderr)
    for outcome in outcomes:
        print(f"{outcome.status}: {outcome.message}" if outcome.status == "failed"
              else f"{outcome.status}: {outcome.url}: {outcome.message}",
              file=sys.stderr if outcome.status == "failed" else sys.stdout)
    return 1 if errors or any(o.status == "failed" for o in outcomes) else 0


def _extract(args: argparse.Namespace) -> int:
    from pipelines.extract import extract_bytes
    from pipelines.extract.dating import with_published_date
    from pipelines.sources.provenance import BadRecord, read_record, record_path

    status = 0
    for path in args.files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"hmip extract: {path}: {exc.strerror or exc}", file=sys.stderr)
            status = 1
            continue
        extraction = extract_bytes(data, path.name)
        try:
            source = read_record(record_path(path))
        except BadRecord as exc:
            print(f"hmip extract: {exc}", file=sys.stderr)
            source, status = None, 1
        if source is not None:  # the record's `published`, when the report gives no date of its own
            extraction = with_published_date(extraction, source.published, record_path(path).name)
        if args.json:
            print(json.dumps({**_as_json(extraction), "source": source and asdict(source)},
                             default=str, sort_keys=True))
        else:
            print(_as_text(extraction, source))
        if not extraction.is_report:
            status = 1
    return status


def _as_json(extraction: Any) -> dict[str, Any]:
    from pipelines.schema import TABLES

    return {
        "source_file": extraction.source_file,
        "report_id": extraction.report_id,
        "tables": {t.name: extraction.table_rows(t) for t in TABLES},
    }


def _as_text(extraction: Any, source: Any = None) -> str:
    held = " (held back: see the errors below)" if extraction.report_id and extraction.has_errors else ""
    lines = [f"{extraction.source_file}: report {extraction.report_id or '(none)'}{held}"]
    if source is not None:  # the provenance record beside the file
        lines += [f"  source_url: {source.url}", f"  retrieved_at: {source.retrieved_at}"]
    report = (extraction.rows.get("reports") or [{}])[0]
    for key in ("inspected_body", "report_family", "publication_month", "overall_rating", "score",
                "score_max"):
        if key in report:
            lines.append(f"  {key}: {report[key]}")
    for std in extraction.rows.get("standards", []):
        lines.append(f"  {std['standard_code']} {std['standard_name']}: {std['rating'] or 'not rated'}")
    for name, rows in sorted(extraction.rows.items()):
        lines.append(f"  {name}: {len(rows)} rows")
    for issue in extraction.issues:
        lines.append(f"  {issue.severity}: {issue.code}: {issue.message}")
    return "\n".join(lines)


def _dictionary(args: argparse.Namespace) -> int:
    from pipelines.schema import data_dictionary_markdown

    sys.stdout.write(data_dictionary_markdown())
    return 0


def _snapshots(args: argparse.Namespace) -> int:
    from pipelines.publish import list_snapshots

    rows = list_snapshots(Path(args.warehouse))
    if not rows:
        print("no snapshots published yet")
        return 0
    print(f"{'version':<16}{'created':<28}{'reports':>8}{'rows':>8}  verdict")
    for row in rows:
        print(f"{row['version']:<16}{row['created']:<28}{row['reports']:>8}{row['rows']:>8}  "
              f"{'damaged' if row['damaged'] else row['verdict']}")
    for row in rows:
        if row["damaged"]:
            print(f"{row['version']} is damaged: " + "; ".join(row["damaged"]) + " (hmip verify "
                  f"{row['version']}; the next hmip run republishes latest)")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from pipelines.publish.verify import verify_version

    result = verify_version(Path(args.warehouse), args.version)
    if result is None:
        print(f"hmip verify: no snapshot {args.version} in {Path(args.warehouse) / 'snapshots'}",
              file=sys.stderr)
        return 2
    if result.intact:
        print(f"snapshot {result.version} is intact: {result.checked} files match datapackage.json, "
              "every Parquet file opens with its schema")
        return 0
    print(f"snapshot {result.version} is damaged ({len(result.bad)} bad file(s)):")
    for bad in result.bad:
        print(f"  {bad}")
    return 1


def _diff(args: argparse.Namespace) -> int:
    from pipelines.publish import diff_snapshots, render_changes_markdown
    from pipelines.publish.diff import LATEST, PREVIOUS, UnknownSnapshot, snapshot_folder

    try:
        a, b = (snapshot_folder(Path(args.warehouse), name)
                for name in (args.a or PREVIOUS, args.b or LATEST))
    except UnknownSnapshot as exc:
        print(f"hmip diff: {exc}", file=sys.stderr)
        return 2
    print(render_changes_markdown(diff_snapshots(a, b)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
