"""Extracting a generated report gives back its ground truth: a strong test of the extractor (reports it
has never seen, every rating band, conversion damage) and of the generator (its text says what its truth
says). The truth comes from the generator's own rules, never from the extractor."""

from __future__ import annotations

import pytest

from bench.synthetic import SyntheticReport, generate_report
from pipelines.extract import extract_bytes

REPORT_FIELDS = ("overall_rating", "score", "score_max", "inspected_body", "region", "publication_month",
                 "fieldwork_start_date", "lead_inspector", "isbn", "cases_inspected",
                 "practitioner_interviews")


def _differences(truth: SyntheticReport) -> list[str]:
    got = extract_bytes(truth.data, truth.file_name)
    problems = [f"{i.severity} {i.code}: {i.message}" for i in got.issues if i.severity == "error"]
    if got.report_id != truth.report_id:
        problems.append(f"report_id {got.report_id!r} != {truth.report_id!r}")
    report = (got.rows.get("reports") or [{}])[0]
    problems += [f"{name} {report.get(name)!r} != {getattr(truth, name)!r}"
                 for name in REPORT_FIELDS if report.get(name) != getattr(truth, name)]
    ratings = {s["standard_code"]: s["rating"] for s in got.rows.get("standards", []) if s["is_rated"]}
    if ratings != truth.ratings:
        problems.append(f"ratings {ratings} != {truth.ratings}")
    percentages = {(q["standard_code"], q["question_no"]): q["yes_pct"]
                   for q in got.rows.get("key_questions", [])}
    if percentages != truth.key_questions:
        problems.append(f"key questions {percentages} != {truth.key_questions}")
    recommendations = got.rows.get("recommendations", [])
    if [r["recommendation_no"] for r in recommendations] != list(range(1, truth.recommendation_count + 1)):
        problems.append(f"{len(recommendations)} recommendations != {truth.recommendation_count}")
    by_addressee: dict[str, int] = {}
    for r in recommendations:
        by_addressee[r["addressee"]] = by_addressee.get(r["addressee"], 0) + 1
    if by_addressee != dict(truth.recommendations):
        problems.append(f"recommendations by addressee {by_addressee} != {dict(truth.recommendations)}")
    return problems


@pytest.mark.parametrize("damage", [False, True], ids=["clean", "damaged"])
def test_extraction_reproduces_the_ground_truth(damage):
    failures = {}
    for seed in range(120):
        problems = _differences(generate_report(seed, damage=damage))
        if problems:
            failures[seed] = problems[:3]
    assert not failures, f"{len(failures)} of 120 reports differ: {dict(list(failures.items())[:5])}"


def test_clean_reports_extract_without_warnings():
    """But one: like the samples, each generated report lists feedback from people on probation as bullets
    under no 'Strengths'/'Areas for improvement' label, which is said, not hidden."""
    expected = "bullets_without_label: section 'Feedback from people on probation'"
    noisy = {}
    for seed in range(60):
        truth = generate_report(seed)
        got = extract_bytes(truth.data, truth.file_name)
        unexpected = [f"{i.code}: {i.message}" for i in got.issues
                      if not f"{i.code}: {i.message}".startswith(expected)]
        if unexpected or len(got.issues) != 1:
            noisy[seed] = [f"{i.code}: {i.message}" for i in got.issues][:3]
    assert not noisy, noisy
