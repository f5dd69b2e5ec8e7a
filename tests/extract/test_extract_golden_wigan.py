"""Golden test: every table of the Wigan PDU report, expected values typed by hand from raw/ text."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from pipelines.extract import EXTRACTOR_VERSION, normalise
from tests.extract.conftest import sample_text

RI, GOOD, INAD = "Requires improvement", "Good", "Inadequate"


def test_reports_row(wigan):
    assert wigan.report_id == "wigan-pdu-2023-05"
    assert [i for i in wigan.issues if i.severity == "error"] == []
    (row,) = wigan.rows["reports"]
    assert row["title"] == "An inspection of probation services in: Wigan PDU"
    assert row["inspected_body"] == "Wigan PDU"
    assert row["body_type"] == "pdu"
    assert row["report_family"] == "pdu_2021_23"
    assert row["region"] == "Greater Manchester"
    assert row["publication_month"] == dt.date(2023, 5, 1)
    assert row["fieldwork_start_date"] == dt.date(2023, 3, 13)
    assert row["lead_inspector"] == "Yvonne McGuckian"
    assert row["isbn"] == "978-1-915468-51-2"
    assert row["overall_rating"] == RI
    assert (row["score"], row["score_max"]) == (7, 27)
    assert row["cases_inspected"] == 39
    assert row["practitioner_interviews"] == 24
    assert row["source_file"] == "wigan-pdu-2023-05.txt"
    assert len(row["source_sha256"]) == 64
    assert row["extractor_version"] == EXTRACTOR_VERSION


def test_standards(wigan):
    got = {r["standard_code"]: (r["domain_no"], r["standard_name"], r["rating"], r["points"], r["is_rated"])
           for r in wigan.rows["standards"]}
    assert got == {
        "1.1": (1, "Leadership", RI, 1, True),
        "1.2": (1, "Staff", GOOD, 2, True),
        "1.3": (1, "Services", RI, 1, True),
        "1.4": (1, "Information and facilities", GOOD, 2, True),
        "2.1": (2, "Court work", RI, 1, True),
        "2.2": (2, "Assessment", INAD, 0, True),
        "2.3": (2, "Planning", INAD, 0, True),
        "2.4": (2, "Implementation and delivery", INAD, 0, True),
        "2.5": (2, "Reviewing", INAD, 0, True),
        "2.6": (2, "Outcomes", None, None, False),
    }
    by_code = {r["standard_code"]: r for r in wigan.rows["standards"]}
    assert by_code["2.4"]["standard_statement"] == (
        "High-quality well-focused, personalised and coordinated services are delivered, engaging the "
        "person on probation.")
    assert by_code["1.2"]["domain_name"] == "Organisational delivery"
    assert by_code["2.6"]["domain_name"] == "Court work and case supervision"


def test_key_questions(wigan):
    got = {(r["standard_code"], r["question_no"]): (r["yes_pct"], r["question_theme"])
           for r in wigan.rows["key_questions"]}
    assert got == {
        ("2.1", 1): (50.0, "court"),
        ("2.2", 1): (64.0, "engagement"), ("2.2", 2): (72.0, "desistance"), ("2.2", 3): (33.0, "safety"),
        ("2.3", 1): (69.0, "engagement"), ("2.3", 2): (64.0, "desistance"), ("2.3", 3): (44.0, "safety"),
        ("2.4", 1): (54.0, "engagement"), ("2.4", 2): (51.0, "desistance"), ("2.4", 3): (41.0, "safety"),
        ("2.5", 1): (64.0, "engagement"), ("2.5", 2): (54.0, "desistance"), ("2.5", 3): (31.0, "safety"),
        ("2.6", 1): (33.0, "outcomes"),
    }
    q = next(r for r in wigan.rows["key_questions"] if (r["standard_code"], r["question_no"]) == ("2.2", 3))
    assert q["question"] == "Does assessment focus sufficiently on keeping other people safe?"


def test_recommendations(wigan):
    got = [(r["recommendation_no"], r["addressee"], r["addressee_level"])
           for r in wigan.rows["recommendations"]]
    hmpps = "HM Prison and Probation Service"
    gm = "Greater Manchester region"
    assert got == [
        (1, "Wigan PDU", "local"), (2, "Wigan PDU", "local"), (3, "Wigan PDU", "local"),
        (4, "Wigan PDU", "local"), (5, gm, "region"), (6, gm, "region"), (7, gm, "region"),
        (8, hmpps, "national"), (9, hmpps, "national"),
    ]
    assert wigan.rows["recommendations"][5]["text"] == (
        "provide sufficient opportunities for people on probation to start and complete unpaid work (UPW)")


def test_findings_per_section(wigan):
    got = Counter((r["section"], r["standard_code"], r["kind"]) for r in wigan.rows["findings"])
    s, i = "strength", "improvement"
    assert got == Counter({
        ("Leadership", "1.1", s): 9, ("Leadership", "1.1", i): 4,
        ("Staff", "1.2", s): 7, ("Staff", "1.2", i): 3,
        ("Services", "1.3", s): 13, ("Services", "1.3", i): 3,
        ("Resettlement work", None, s): 5, ("Resettlement work", None, i): 3,
        ("Information and facilities", "1.4", s): 8, ("Information and facilities", "1.4", i): 2,
        ("Diversity and inclusion", None, s): 6, ("Diversity and inclusion", None, i): 2,
        ("Court work", "2.1", s): 3, ("Court work", "2.1", i): 3,
        ("Assessment", "2.2", s): 2, ("Assessment", "2.2", i): 2,
        ("Planning", "2.3", s): 2, ("Planning", "2.3", i): 3,
        ("Implementation and delivery", "2.4", s): 2, ("Implementation and delivery", "2.4", i): 3,
        ("Reviewing", "2.5", s): 1, ("Reviewing", "2.5", i): 4,
        ("Outcomes", "2.6", s): 3, ("Outcomes", "2.6", i): 3,
    })


def test_bullet_continues_over_footnote_and_page_break(wigan):
    f = next(r for r in wigan.rows["findings"]
             if r["section"] == "Implementation and delivery" and r["kind"] == "improvement"
             and r["finding_no"] == 2)
    assert f["text"].startswith("Insufficient attention was paid to the safety of actual and potential")
    assert "Changes, including moving in with new partners, breakdown of relationships" in f["text"]
    assert f["text"].endswith("did not result in prompt review or changes in risk management.")
    assert "rating for the standard" not in f["text"]  # the footnote is not part of the bullet


def test_quoted_illustration_stays_in_its_bullet(wigan):
    f = next(r for r in wigan.rows["findings"]
             if r["section"] == "Reviewing" and r["kind"] == "improvement" and r["finding_no"] == 3)
    assert f["text"].endswith("sentence plan objectives.\"")
    assert all("alcohol treatment requirement" not in q["text"] for q in wigan.rows["quotes"])


def test_quotes(wigan):
    got = [(q["section"], q["text"]) for q in wigan.rows["quotes"]]
    fb = "Feedback from people on probation"
    assert got == [
        (fb, "CFO hub, I was referred by my PO. I got my house through the council, moved from communal "
             "housing to my own place."),
        (fb, "Travel is an issue. I get a bus pass home, but it costs me £4 to get here in the first place."),
        (fb, "Not getting any bus fares back is an issue."),
        (fb, "I suffer severe social anxiety and am forced to spend four hours a week on crowded trains."),
    ]


def test_sections(wigan):
    paths = [s["section_path"] for s in wigan.rows["sections"]]
    assert "Recommendations" in paths
    assert "1. Organisational delivery > Resettlement work" in paths
    assert "1. Organisational delivery > Feedback from people on probation" in paths
    assert "2. Court work and case supervision > 2.6. Outcomes" in paths
    assert paths[-1] == "Annexe one - Web links"


def test_offsets_point_at_the_passages(wigan):
    text = normalise(sample_text("wigan-pdu-2023-05.txt"))
    for table in ("standards", "key_questions", "recommendations", "findings", "quotes", "sections"):
        for row in wigan.rows[table]:
            assert 0 <= row["char_start"] < row["char_end"] <= len(text), (table, row)
    rec = wigan.rows["recommendations"][8]
    assert text[rec["char_start"]:rec["char_end"]] == (
        "ensure sufficient resource is in place to provide enhanced management oversight.")
    quote = wigan.rows["quotes"][2]
    assert text[quote["char_start"]:quote["char_end"]] == "Not getting any bus fares back is an issue."
    std = next(r for r in wigan.rows["standards"] if r["standard_code"] == "2.2")
    assert text[std["char_start"]:std["char_end"]].startswith("2.2. Assessment")
    assert text[std["char_start"]:std["char_end"]].endswith("Inadequate")


def test_no_cross_check_warnings_on_a_consistent_report(wigan):
    """The one warning: the seven bullets of 'Feedback from people on probation' sit under no label, so
    they are neither strengths nor areas for improvement (they stay in the section's text)."""
    assert [(i.code, i.message.split(":")[0]) for i in wigan.issues] == [
        ("bullets_without_label", "section 'Feedback from people on probation'")]
    assert "7 bullet(s)" in wigan.issues[0].message
