"""The rating vocabulary (`pipelines.vocabulary`) against the inspectorate's published rules, typed here by
hand, and against the places that spell the rules out again: the SQL macros of quality/rules.sql and the
value sets of expectations/standards.json. A change in one that is not made in the others fails here."""

import json

import duckdb
import pytest

from pipelines import vocabulary
from pipelines.quality.sources import sql_objects
from pipelines.quality.suite_files import EXPECTATIONS_DIR


def test_ratings_and_points_as_published():
    assert vocabulary.RATINGS == ("Outstanding", "Good", "Requires improvement", "Inadequate")
    assert vocabulary.POINTS == {"Outstanding": 3, "Good": 2, "Requires improvement": 1, "Inadequate": 0}
    assert vocabulary.MAX_POINTS == 3
    assert (vocabulary.PDU_2021_23_SCORE_MAX, vocabulary.CRC_NPS_SCORE_MAX, vocabulary.YOUTH_SCORE_MAX) \
        == (27, 30, 36)


@pytest.mark.parametrize(("pct", "band"), [
    (0, "Inadequate"), (49.9, "Inadequate"), (50, "Requires improvement"), (64.9, "Requires improvement"),
    (65, "Good"), (79.9, "Good"), (80, "Outstanding"), (100, "Outstanding"),
])
def test_key_question_bands_as_published(pct, band):
    assert vocabulary.band_for(pct) == band


@pytest.mark.parametrize(("score", "band"), [
    (0, "Inadequate"), (6, "Inadequate"), (7, "Requires improvement"), (18, "Requires improvement"),
    (19, "Good"), (30, "Good"), (31, "Outstanding"), (36, "Outstanding"),
])
def test_youth_overall_bands_as_published(score, band):
    assert vocabulary.youth_overall_band(score) == band


@pytest.fixture(scope="module")
def macros() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    objects = sql_objects()
    for name in ("hmip_band", "hmip_overall_band"):
        con.execute(objects[name])
    return con


def test_sql_key_question_band_agrees_with_the_vocabulary(macros):
    for tenth in range(0, 1001):
        pct = tenth / 10
        got = macros.execute("SELECT hmip_band(?)", [pct]).fetchone()[0]
        assert got == vocabulary.band_for(pct), pct


def test_sql_overall_band_out_of_36_agrees_with_the_youth_bands(macros):
    for score in range(0, vocabulary.YOUTH_SCORE_MAX + 1):
        got = macros.execute("SELECT hmip_overall_band(?, ?)", [score, vocabulary.YOUTH_SCORE_MAX]).fetchone()
        assert got[0] == vocabulary.youth_overall_band(score), score


def test_sql_ratings_are_the_vocabulary_s(macros):
    produced = {macros.execute("SELECT hmip_band(?)", [p]).fetchone()[0] for p in range(0, 101)}
    assert produced == set(vocabulary.RATINGS)


def test_standards_suite_points_pairs_are_the_vocabulary_s():
    suite = json.loads((EXPECTATIONS_DIR / "standards.json").read_text(encoding="utf-8"))
    pairs = [e["kwargs"]["value_pairs_set"] for e in suite["expectations"]
             if e["meta"]["rule"] == "points_match_rating"]
    assert len(pairs) == 1
    assert {tuple(p) for p in pairs[0]} == set(vocabulary.POINTS.items())
