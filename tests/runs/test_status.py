"""The exit-code contract as a table typed by hand (README, "Exit codes"): each outcome with its held-back
and rejected counts gives one exit code, one `hmip/outcome` tag and one line for a person; and
`RunSummary` (what `hmip run` prints) exits with it."""

from __future__ import annotations

import pytest

from pipelines.runs.status import RunStatus, gate_rows, run_status, status_of_record
from pipelines.runs.summary import RunSummary

CASES = [  # outcome, held back, rejected -> exit code, hmip/outcome tag
    ("published", 0, 0, 0, "published"),
    ("unchanged", 0, 0, 0, "unchanged"),
    ("published", 2, 0, 3, "partial"),
    ("published", 0, 1, 3, "partial"),
    ("unchanged", 1, 0, 3, "partial"),
    ("nothing_passed", 2, 0, 1, "nothing_passed"),
    ("blocked", 0, 0, 1, "blocked"),
    ("failed", 0, 0, 1, "failed"),
    ("config_error", 0, 0, 2, "config_error"),
]


@pytest.mark.parametrize(("outcome", "held", "rejected", "code", "tag"), CASES)
def test_each_outcome_has_one_exit_code_and_tag(outcome, held, rejected, code, tag):
    status = RunStatus(outcome, held_back=held, rejected=rejected)
    assert status.exit_code == code
    assert status.tags() == {"hmip/outcome": tag, "hmip/exit_code": str(code), "hmip/held_back": str(held),
                             "hmip/rejected": str(rejected)}
    assert status.record() == {"exit_code": code, "held_back": held, "rejected": rejected}


def test_the_line_for_a_person():
    assert RunStatus("published", 1, 2).describe() == ("partial (exit 3): 1 report(s) held back, "
                                                       "2 input file(s) rejected")
    assert RunStatus("blocked").describe() == "blocked (exit 1)"


INPUTS = [
    {"name": "a.txt", "report_id": "a", "status": "published", "reason": ""},
    {"name": "b.txt", "report_id": "b", "status": "held_back", "reason": "reports.score_within_max: ..."},
    {"name": "c.txt", "report_id": "c", "status": "conflict", "reason": "files c.txt, d.txt ..."},
    {"name": "d.txt", "report_id": "c", "status": "conflict", "reason": "files c.txt, d.txt ..."},
    {"name": "e.txt", "report_id": None, "status": "error", "reason": "no inspection report found"},
    {"name": "f.txt", "report_id": "a", "status": "duplicate", "reason": "same rows as a.txt"},
    {"name": "g.txt", "report_id": "g", "status": "removed", "reason": "no longer in raw/"},
]


def test_held_back_counts_reports_and_rejected_counts_files():
    from_quality = run_status("published", {"summary": {"held_back": 2}}, INPUTS)
    assert (from_quality.held_back, from_quality.rejected) == (2, 1)
    from_files = run_status("published", None, INPUTS)  # no quality summary: b and c (two files, one report)
    assert (from_files.held_back, from_files.rejected) == (2, 1)
    assert [(r["file"], r["status"]) for r in gate_rows(INPUTS)] == [
        ("b.txt", "held_back"), ("c.txt", "conflict"), ("d.txt", "conflict"), ("e.txt", "error")]


def test_a_record_written_before_the_counts_existed_gives_its_summary():
    old = {"outcome": "unchanged", "summary": {"held_back": 1}}
    assert status_of_record(old) == RunStatus("unchanged", 1, 0)


def test_the_summary_exits_with_the_recorded_status_or_blocked_or_failed():
    published = {"published": True, "version": "2026-12-01.1", "path": "/w/snapshots/2026-12-01.1"}
    partial = RunSummary(success=True, snapshot=published, recorded=RunStatus("published", 1, 0))
    assert partial.exit_code == 3 and partial.render().splitlines()[-1] == (
        "outcome: partial (exit 3): 1 report(s) held back, 0 input file(s) rejected")
    unrecorded = RunSummary(success=True, snapshot=published, inputs=INPUTS[:2])
    assert unrecorded.exit_code == 3
    blocked = RunSummary(success=False, blocking_failed=["reports.key_is_unique"])
    assert blocked.exit_code == 1 and blocked.render().splitlines()[-1] == "outcome: blocked (exit 1)"
    failed = RunSummary(success=False, cause="disk full: no space left on device")
    assert failed.exit_code == 1
    refused = RunSummary(success=False, cause="configuration error: ...", recorded=RunStatus("config_error"))
    assert refused.exit_code == 2


def test_a_step_failing_after_the_snapshot_published_keeps_the_published_outcome():
    published = {"published": True, "version": "2026-12-01.1", "path": "/w/snapshots/2026-12-01.1"}
    late = RunSummary(success=False, snapshot=published, cause="report_gate: last_run/ unreadable",
                      recorded=RunStatus("published", 0, 0))
    assert late.exit_code == 0
    lines = late.render().splitlines()
    assert ("warning: a step failed after the snapshot was published: report_gate: last_run/ unreadable"
            in lines)
    assert "no snapshot published; latest left as it was" not in lines


def test_a_configuration_error_met_inside_a_run_is_told_one_problem_a_line():
    problems = ["expectations/accepted_exceptions.json: exceptions[0] (report x): rule: missing",
                "expectations/accepted_exceptions.json: exceptions[0] (report x): reason: missing"]
    refused = RunSummary(success=False, cause="configuration error: " + " | ".join(problems),
                         recorded=RunStatus("config_error"), config_errors=problems)
    assert refused.exit_code == 2
    assert refused.render().splitlines() == [
        "configuration error (2 problem(s)) found by the run's checks; no snapshot published, latest left "
        "as it was:", *problems, "outcome: config_error (exit 2)"]
