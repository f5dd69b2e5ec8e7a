"""The synthetic report generator: deterministic per seed, ground truth consistent with the published
rating rules, and the text saying what the ground truth says. Expected values are typed from the rules."""

from __future__ import annotations

import re

import pytest

from bench.synthetic import band, generate_report, overall_rating, write_reports

SEEDS = range(300)
POINTS = {"Outstanding": 3, "Good": 2, "Requires improvement": 1, "Inadequate": 0}
RATED = ("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5")


@pytest.fixture(scope="module")
def reports():
    return [generate_report(seed) for seed in SEEDS]


def test_same_seed_same_report_and_other_seeds_differ():
    first, again, other = generate_report(42), generate_report(42), generate_report(43)
    assert first == again
    assert first.text != other.text
    assert generate_report(42, damage=True) == generate_report(42, damage=True)


@pytest.mark.parametrize(("pct", "rating"), [
    (0, "Inadequate"), (49, "Inadequate"), (49.9, "Inadequate"), (50, "Requires improvement"),
    (64, "Requires improvement"), (65, "Good"), (79, "Good"), (80, "Outstanding"), (100, "Outstanding"),
])
def test_key_question_bands(pct, rating):
    assert band(pct) == rating


@pytest.mark.parametrize(("score", "rating"), [
    (0, "Inadequate"), (4, "Inadequate"), (5, "Requires improvement"), (7, "Requires improvement"),
    (13, "Requires improvement"), (14, "Good"), (22, "Good"), (23, "Outstanding"), (27, "Outstanding"),
])
def test_overall_bands_out_of_27(score, rating):
    assert overall_rating(score) == rating


def _band_by_hand(pct: float) -> str:
    return ("Inadequate" if pct < 50 else "Requires improvement" if pct < 65
            else "Good" if pct < 80 else "Outstanding")


def test_ground_truth_follows_the_rules(reports):
    for r in reports:
        assert sorted(r.ratings) == list(RATED)
        assert r.score_max == 27
        assert r.score == sum(POINTS[r.ratings[code]] for code in RATED)
        for code, count in (("2.1", 1), ("2.2", 3), ("2.3", 3), ("2.4", 3), ("2.5", 3)):
            pcts = [r.key_questions[(code, q)] for q in range(1, count + 1)]
            assert r.ratings[code] == _band_by_hand(min(pcts)), (r.seed, code)
        assert ("2.6", 1) in r.key_questions
        assert all(0 <= p <= 100 for p in r.key_questions.values())
        assert r.recommendation_count >= 3
        assert r.report_id == re.sub(r"[^a-z0-9]+", "-", r.inspected_body.lower()) + \
            f"-{r.publication_month:%Y-%m}"
        assert r.fieldwork_start_date < r.publication_month


def test_limiting_rule_holds(reports):
    limited = 0
    for r in reports:
        inadequate = sum(r.ratings[code] == "Inadequate" for code in ("2.1", "2.2", "2.3", "2.4", "2.5"))
        if inadequate >= 3:
            limited += 1
            assert r.ratings["1.1"] in ("Requires improvement", "Inadequate"), r.seed
            assert r.ratings["1.3"] in ("Requires improvement", "Inadequate"), r.seed
    assert limited > 20


def test_every_rating_occurs_for_standards_and_overall(reports):
    assert {r.overall_rating for r in reports} == set(POINTS)
    for code in RATED:
        assert {r.ratings[code] for r in reports} == set(POINTS), code


def test_bodies_months_inspectors_and_sizes_vary(reports):
    assert len({r.inspected_body for r in reports}) > 200
    assert len({r.publication_month for r in reports}) > 20
    assert len({r.region for r in reports}) > 8
    assert len({r.lead_inspector for r in reports}) > 100
    assert len({r.recommendation_count for r in reports}) > 5
    assert len({r.quotes for r in reports}) > 3
    assert len({sum(r.findings.values()) for r in reports}) > 20
    for r in reports:
        assert "Wigan" not in r.text and "Tameside" not in r.text


def test_text_states_the_ground_truth(reports):
    for r in reports[:50]:
        text = r.text
        assert f"Score **{r.score}/27**" in text
        assert re.search(rf"Overall rating\n\n{r.overall_rating}\n", text)
        assert f"\n{r.inspected_body}\n" in text
        assert f"led by HM Inspector {r.lead_inspector}," in text
        assert f"{r.isbn}\n" in text
        assert f"We inspected {r.cases_inspected} cases" in text
        assert f"conducted {r.practitioner_interviews} interviews" in text
        assert f"{r.publication_month:%B %Y}" in text
        numbered = re.findall(r"^(\d+)\. [a-z]", text, flags=re.M)
        assert [int(n) for n in numbered] == list(range(1, r.recommendation_count + 1))
        for addressee, _ in r.recommendations:
            assert f"\n{addressee} should:\n" in text
        for (code, q), pct in r.key_questions.items():
            assert f"?\t{pct:.0f}%" in text, (code, q)
        assert text.count("\n“") == r.quotes
        assert text.count("Strengths:") == sum(1 for (_, kind) in r.findings if kind == "strength")


def test_damage_keeps_the_facts_and_changes_the_text():
    changed = 0
    for seed in range(60):
        clean, damaged = generate_report(seed), generate_report(seed, damage=True)
        for name in ("report_id", "overall_rating", "score", "ratings", "key_questions", "recommendations",
                     "lead_inspector", "isbn", "findings", "quotes"):
            assert getattr(clean, name) == getattr(damaged, name), (seed, name)
        assert damaged.data.decode(damaged.encoding) == damaged.text
        changed += damaged.text != clean.text
    assert changed == 60


def test_damage_includes_each_kind_of_conversion_damage():
    texts = [generate_report(seed, damage=True) for seed in range(60)]
    joined = "".join(r.text for r in texts)
    assert "\r\n" in joined
    assert "‘Yes’" in joined
    assert re.search(r"Inspection of probation services: .+ PDU", joined)
    assert re.search(r"\n(Inadeq|Inade|Ina|In|Outst|Outsta|Outstan|Go|Requ|Requi|Requir)[a-z]* [a-z]+\r?\n",
                     joined)
    assert re.search(r"\n[12]\.\d [A-Za-z ]+[ \t](Good|Inadequate|Outstanding|Requires improvement)\r?\n",
                     joined)
    assert {r.encoding for r in texts} == {"utf-8", "cp1252"}


def test_write_reports_writes_distinct_reports(tmp_path):
    paths = write_reports(tmp_path / "raw", 25, seed=1000)
    assert len(paths) == 25
    assert len({p.name for p in paths}) == 25
    assert all(p.suffix == ".txt" and p.stat().st_size > 10_000 for p in paths)
    again = write_reports(tmp_path / "again", 25, seed=1000)
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in again]
