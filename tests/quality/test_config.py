"""Configuration errors, one line each naming the file, the entry, the field and what is wrong: a
malformed accepted_exceptions.json (bad JSON, a missing field, a date that is not one, an unknown field or
rule, the old colon form, a table-level rule) and malformed expectation suites. Expected lines are typed
by hand from what a person reading the file needs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipelines.quality import EXPECTATIONS_DIR
from pipelines.quality.config import check_config

BAND_RULE = "standards.rating_is_band_of_lowest_key_question"
GOOD = {"report_id": "wigan-pdu-2023-05", "rule": BAND_RULE, "where": {"standard_code": "2.3"},
        "reason": "Inspector's override, explained on page 20", "accepted_by": "A Reviewer",
        "accepted_on": "2024-06-01"}


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # lines name files relative to the working folder
    shutil.copytree(EXPECTATIONS_DIR, tmp_path / "expectations")
    return tmp_path / "expectations"


def _exceptions(folder: Path, *entries: object) -> None:
    (folder / "accepted_exceptions.json").write_text(json.dumps({"exceptions": list(entries)}))


def test_the_checked_in_configuration_has_no_problems():
    assert check_config(EXPECTATIONS_DIR) == []


def test_a_good_exception_has_no_problems(folder: Path):
    _exceptions(folder, GOOD)
    assert check_config(folder) == []


def test_each_problem_of_each_exception_is_one_line(folder: Path):
    _exceptions(folder,
                {**GOOD, "accepted_on": "yesterday"},
                {k: v for k, v in GOOD.items() if k != "accepted_by"},
                {**GOOD, "rule": "standards:rating_is_band_of_lowest_key_question", "colour": "red"},
                {**GOOD, "rule": "standards.rating_is_band_of_lowest_keyquestion"},
                {**GOOD, "rule": "reports.key_is_unique"},
                {**GOOD, "where": ["2.3"]},
                "wigan")
    file, wigan = "expectations/accepted_exceptions.json", "(report wigan-pdu-2023-05)"
    assert check_config(folder) == [
        f'{file}: exceptions[0] {wigan}: accepted_on: "yesterday" is not a date; write it as YYYY-MM-DD, '
        "e.g. 2024-06-01",
        f"{file}: exceptions[1] {wigan}: accepted_by: missing; every exception has report_id, rule, reason, "
        "accepted_by, accepted_on",
        f"{file}: exceptions[2] {wigan}: colour: unknown field; the fields are report_id, rule, where, "
        "reason, accepted_by, accepted_on",
        f'{file}: exceptions[2] {wigan}: rule: "standards:rating_is_band_of_lowest_key_question" uses the '
        f'old colon form; write it table.rule: "{BAND_RULE}"',
        f'{file}: exceptions[3] {wigan}: rule: "standards.rating_is_band_of_lowest_keyquestion" is not a '
        f'rule; did you mean "{BAND_RULE}"?',
        f'{file}: exceptions[4] {wigan}: rule: "reports.key_is_unique" is a table-level rule; only row-level '
        "failures can be accepted",
        f'{file}: exceptions[5] {wigan}: where: ["2.3"] is not an object of column values, '
        'e.g. {"standard_code": "2.3"}',
        f'{file}: exceptions[6]: is "wigan", not an object with report_id, rule, reason, accepted_by, '
        "accepted_on",
    ]


def test_a_date_must_be_written_yyyy_mm_dd(folder: Path):
    _exceptions(folder, {**GOOD, "accepted_on": "20240601"}, {**GOOD, "accepted_on": "2024-02-30"})
    problems = check_config(folder)
    assert [line.split(": ")[1] for line in problems] == ["exceptions[0] (report wigan-pdu-2023-05)",
                                                         "exceptions[1] (report wigan-pdu-2023-05)"]
    assert all("is not a date" in line for line in problems)


def test_bad_json_names_the_line_and_column(folder: Path):
    text = '{\n  "exceptions": [\n    {"report_id": "x",}\n  ]\n}\n'
    (folder / "accepted_exceptions.json").write_text(text)
    assert check_config(folder) == [
        "expectations/accepted_exceptions.json: is not valid JSON: Expecting property name enclosed in "
        "double quotes at line 3, column 23"]


def test_a_file_without_the_exceptions_list(folder: Path):
    (folder / "accepted_exceptions.json").write_text('[{"report_id": "x"}]')
    assert check_config(folder) == [
        'expectations/accepted_exceptions.json: exceptions: missing: the file is {"exceptions": [...]}, a '
        "list of objects (see expectations/README.md)"]


def test_malformed_suites_name_file_entry_and_field(folder: Path):
    suite = json.loads((folder / "standards.json").read_text())
    suite["meta"]["rules"]["limiting_rule"]["severity"] = "fatal"
    assert suite["expectations"][0]["meta"] == {"rule": "points_match_rating"}  # its only expectation
    suite["expectations"][0]["meta"]["rule"] = "no_such_rule"
    suite["expectations"][1]["meta"]["source"] = "check_nothing"
    (folder / "standards.json").write_text(json.dumps(suite))
    (folder / "quotes.json").write_text('{"name": "quotes", ')
    file = "expectations/standards.json"
    assert check_config(folder) == [
        f'{file}: expectations[0]: meta.rule: "no_such_rule" is not declared in meta.rules (declared: '
        "points_match_rating, rating_is_band_of_lowest_key_question, family_complete, "
        "is_rated_matches_rating, source_span_ordered, limiting_rule, rating_order_matches_rating)",
        f'{file}: expectations[1]: meta.source: "check_nothing" is neither a table nor a check view of '
        "pipelines/quality/rules.sql",
        f"{file}: meta.rules.points_match_rating: has no expectations (none names it in meta.rule)",
        f'{file}: meta.rules.limiting_rule: severity: "fatal" is not one of error, warning',
        "expectations/quotes.json: is not valid JSON: Expecting property name enclosed in double quotes at "
        "line 1, column 20",
    ]


def test_with_a_broken_suite_the_exceptions_are_still_checked(folder: Path):
    (folder / "reports.json").write_text("[]")
    _exceptions(folder, {**GOOD, "accepted_on": "yesterday"})
    assert check_config(folder) == [
        "expectations/reports.json: is not a suite: expected an object with name, meta and expectations",
        'expectations/accepted_exceptions.json: exceptions[0] (report wigan-pdu-2023-05): accepted_on: '
        '"yesterday" is not a date; write it as YYYY-MM-DD, e.g. 2024-06-01',
    ]
