"""passages: a failing row is traced to the page, section and line where its passage starts, with a short
excerpt, from the working tables (sections' text, each row's char_start and page_no)."""

from __future__ import annotations

from pipelines.quality.passages import excerpt, load_passages, located_passages, reports_to_locate
from tests.quality.fixtures import WIGAN, build_warehouse, rows_of

RATINGS_TEXT = "Ratings\n\nWigan PDU\n\nScore 8/27\n\nOverall rating\n\nRequires improvement"
ASSESSMENT_TEXT = ("2.2 Assessment\n\nAssessment is well-informed, analytical and personalised.\n\n"
                   "Inadequate")


def _warehouse(pages: bool = True):
    """Wigan with a ratings page (page 4, from char 10), domain two (page 11, from char 900) and its
    standard 2.2 (page 12, from char 1985), whose row starts at char 2001 (its statement, line 3)."""
    rows = rows_of(WIGAN)
    rows["sections"] = [
        {"report_id": WIGAN, "section_path": "Ratings", "heading": "Ratings", "level": 1,
         "text": RATINGS_TEXT, "char_start": 10, "char_end": 10 + len(RATINGS_TEXT), "page_no": 4},
        {"report_id": WIGAN, "section_path": "2. Court work", "heading": "2. Court work", "level": 1,
         "text": "2. Court work\n\n" + "x\n" * 600, "char_start": 900, "char_end": 5000, "page_no": 11},
        {"report_id": WIGAN, "section_path": "2. Court work > 2.2 Assessment", "heading": "2.2 Assessment",
         "level": 2, "text": ASSESSMENT_TEXT, "char_start": 1985, "char_end": 1985 + len(ASSESSMENT_TEXT),
         "page_no": 12},
    ]
    assessment = next(s for s in rows["standards"] if s["standard_code"] == "2.2")
    assessment["char_start"], assessment["page_no"] = 2001, 12
    if not pages:
        for section in rows["sections"]:
            section["page_no"] = None
        assessment["page_no"] = None
    return build_warehouse(WIGAN, edit={"sections": rows["sections"], "standards": rows["standards"]})


def test_a_standards_row_points_at_its_own_page_and_line():
    found = load_passages(_warehouse(), {WIGAN}).find(WIGAN, {"standard_code": "2.2", "rating": "Good"})
    assert found is not None
    assert (found.section, found.line, found.page_no) == ("2. Court work > 2.2 Assessment", 3, 12)
    assert found.excerpt == "Assessment is well-informed, analytical and personalised."
    assert found.where() == "page 12, section \u20182. Court work > 2.2 Assessment\u2019, line 3"


def test_a_report_level_rule_points_at_the_line_its_value_is_read_from():
    found = load_passages(_warehouse(), {WIGAN}).find(WIGAN, {"score": 8, "score_max": 27, "points_sum": 7})
    assert found is not None
    assert (found.section, found.line, found.page_no) == ("Ratings", 5, 4)
    assert found.excerpt == "Score 8/27 / Overall rating / Requires improvement"


def test_an_offset_takes_the_innermost_section_and_the_page_of_the_passage_before_it():
    passages = load_passages(_warehouse(), {WIGAN})
    heading = passages.at(WIGAN, 1985)
    assert heading is not None
    assert heading.where() == "page 12, section \u20182. Court work > 2.2 Assessment\u2019, line 1"
    in_domain = passages.at(WIGAN, 900 + len("2. Court work\n\n") + 2 * 10)
    assert in_domain is not None and (in_domain.section, in_domain.line, in_domain.page_no) == \
        ("2. Court work", 13, 11)


def test_without_pages_the_place_is_section_and_line():
    found = load_passages(_warehouse(pages=False), {WIGAN}).find(WIGAN, {"score": 8})
    assert found is not None and found.where() == "section \u2018Ratings\u2019, line 5"


def test_rows_with_no_passage_have_none():
    passages = load_passages(_warehouse(), {WIGAN})
    assert passages.find(None, {"source_file": "notes.txt"}) is None
    assert passages.find(WIGAN, {"body_id": "wigan-pdu", "inspections": 1}) is None
    assert passages.find("a-report-not-loaded", {"standard_code": "2.2"}) is None


def test_excerpt_is_one_line_cut_at_a_word():
    assert excerpt("Score 8/27\n\nOverall rating") == "Score 8/27 / Overall rating"
    long = excerpt("word " * 100)
    assert long.endswith("word\u2026") and len(long) <= 161 and "\n" not in long


def test_only_reports_with_something_to_place_are_read():
    quality = {"rules": [{"failing_rows": [{"report_id": WIGAN}, {"report_id": None}]}]}
    issues = [{"report_id": "tameside-pdu-2023-05", "char_start": None},
              {"report_id": "other-pdu-2023-05", "char_start": 7}]
    assert reports_to_locate(quality, issues) == {WIGAN, "other-pdu-2023-05"}


def test_located_passages_answer_what_the_quality_report_asks_a_chunk_of_reports_at_a_time():
    quality = {"rules": [{"failing_rows": [
        {"report_id": WIGAN, "values": {"standard_code": "2.2", "rating": "Good"}},
        {"report_id": "a-report-with-no-sections", "values": {"standard_code": "2.2"}}]}]}
    issues = [{"report_id": WIGAN, "char_start": 1985}, {"report_id": WIGAN, "char_start": None}]
    located = located_passages(_warehouse(), quality, issues, chunk=1)
    found = located.find(WIGAN, {"rating": "Good", "standard_code": "2.2"})  # key order does not matter
    assert found is not None and found.where() == (
        "page 12, section \u20182. Court work > 2.2 Assessment\u2019, line 3")
    assert found.excerpt == "Assessment is well-informed, analytical and personalised."
    heading = located.at(WIGAN, 1985)
    assert heading is not None and heading.where() == (
        "page 12, section \u20182. Court work > 2.2 Assessment\u2019, line 1")
    assert located.find("a-report-with-no-sections", {"standard_code": "2.2"}) is None
    assert located.find(WIGAN, {"standard_code": "1.1"}) is None  # not asked for: no passage
    assert located.at(WIGAN, 900) is None


def test_a_chunk_with_no_failing_row_skips_the_unpaged_spans_but_places_offsets_the_same():
    # a key question on page 13 at char 2050, in "2. Court work" (page 11 from char 900) after 2.2 ends
    # (2070): the page of an offset after it comes from that span row, read also when a chunk has no
    # failing row to match. Char 2080 is 1,180 into the section's text: its heading, a blank line and 582
    # "x" lines before it, so line 585.
    con = _warehouse()
    con.execute("UPDATE key_questions SET char_start = 2050, page_no = 13 "
                "WHERE report_id = ? AND standard_code = '2.3' AND question_no = 1", [WIGAN])
    full, paged = load_passages(con, {WIGAN}), load_passages(con, {WIGAN}, spans=False)
    for offset in (950, 2080, 1985):
        assert full.at(WIGAN, offset) == paged.at(WIGAN, offset)
    after = paged.at(WIGAN, 2080)
    assert after is not None and (after.section, after.page_no) == ("2. Court work", 13)
    assert paged.find(WIGAN, {"standard_code": "2.2", "rating": "Good"}) is None  # no spans kept to match
    issues = [{"report_id": WIGAN, "char_start": 2080}]
    located = located_passages(con, {"rules": []}, issues, chunk=1)
    placed = located.at(WIGAN, 2080)
    assert placed is not None and placed.where() == "page 13, section \u20182. Court work\u2019, line 585"
