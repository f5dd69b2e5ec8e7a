"""Each new cross-check with a deliberately broken copy of the Wigan sample (expected codes by hand)."""

from __future__ import annotations

from pipelines.extract import extract_bytes
from tests.extract.conftest import sample_text

W = sample_text("wigan-pdu-2023-05.txt")
SAFE = "Does assessment focus sufficiently on keeping other people safe?\t33%"


def _codes(text: str, severity: str | None = None) -> set[str]:
    e = extract_bytes(text.encode("utf-8"), "broken.txt")
    return {i.code for i in e.issues if severity is None or i.severity == severity}


def test_the_sample_raises_none_of_them():
    assert _codes(W, "error") == set()


def test_a_recommendation_holding_the_next_number_is_held_back():
    broken = W.replace("(UPW)\n7. work with", "(UPW) 7. work with")
    assert "recommendation_number_in_text" in _codes(broken, "error")


def test_a_two_digit_number_set_close_to_its_text_is_a_new_recommendation():
    broken = W.replace("9. ensure sufficient resource", "9. ensure x\n10.provide sufficient resource")
    recs = extract_bytes(broken.encode(), "b.txt").rows["recommendations"]
    assert [r["recommendation_no"] for r in recs][-2:] == [9, 10]
    assert (
        recs[-1]["text"]
        == "provide sufficient resource is in place to provide enhanced management oversight."
    )


def test_a_key_question_missing_in_the_middle_is_held_back():
    broken = W.replace(
        "Does assessment focus sufficiently on the factors linked to offending and desistance?\t72%\n", ""
    )
    assert "key_question_count" in _codes(broken, "error")


def test_a_question_fragment_is_held_back():
    broken = W.replace(SAFE, "keeping other people safe?\t33%")
    assert "key_question_not_a_question" in _codes(broken, "error")


def test_a_bare_bullet_or_glyph_placeholder_is_not_a_finding():
    for bad in ("- (cid:127)", "- \uf0a7 \uf0a7", "- Inspection of probation services: Wigan PDU 8"):
        broken = W.replace(
            "Strengths:\n\n \n- The strongest area", f"Strengths:\n\n{bad}\n- The strongest area", 1
        )
        assert "finding_not_text" in _codes(broken, "error"), bad


def test_an_overall_rating_missing_is_held_back():
    broken = W.replace("Overall rating\n\nRequires improvement", "Overall rating\n\nto follow")
    assert "overall_rating_missing" in _codes(broken, "error")


def test_disagreeing_overall_ratings_are_held_back():
    broken = W.replace(
        "Overall rating\n\nRequires improvement",
        "Overall rating\n\nRequires improvement\n\nOverall rating\n\nGood",
    )
    assert "overall_rating_conflict" in _codes(broken, "error")


def test_a_standard_rated_twice_differently_on_the_ratings_page_is_held_back():
    from pipelines.extract.crosscheck import check_overall_rating
    from pipelines.extract.document import Doc
    from pipelines.extract.ratings import parse_ratings_page

    doc = Doc(
        "Ratings\n\nScore 7/27\n\nOverall rating\n\nGood\n\n1.2 Staff\n\nGood\n\n1.2 Staff Inadequate\n"
    )
    page = parse_ratings_page(doc, (0, len(doc.lines)))
    issues = check_overall_rating(page, page.overall_repeats)
    assert [(i.severity, i.code) for i in issues] == [("error", "standard_rating_conflict")]


def test_look_alike_letters_are_folded_with_a_warning():
    broken = W.replace(
        "Overall rating\n\nRequires improvement",
        "Overall rating\n\nR\u0435quir\u0435s impr\u043ev\u0435m\u0435nt",
    )
    e = extract_bytes(broken.encode(), "b.txt")
    assert e.rows["reports"][0]["overall_rating"] == "Requires improvement"
    assert "confusable_letters_folded" in {i.code for i in e.issues}
    assert not e.has_errors


def test_malformed_percentages_are_reported_naming_the_line():
    for bad in ("-5%", "1e2%"):
        e = extract_bytes(W.replace(SAFE, SAFE[:-3] + bad).encode(), "b.txt")
        named = [i.message for i in e.issues if i.code == "percentage_malformed"]
        assert named and bad in named[0], bad
        assert "key_question_count" in {i.code for i in e.issues if i.severity == "error"}
    e = extract_bytes(W.replace(SAFE, SAFE[:-3] + "50.5%").encode(), "b.txt")
    assert any("50.5%" in i.message for i in e.issues if i.code == "percentage_malformed")


def test_a_list_number_on_a_line_of_its_own_numbers_the_next_line():
    broken = W.replace("9. ensure sufficient resource", "9. ensure x\n10.\nprovide sufficient resource")
    recs = extract_bytes(broken.encode(), "b.txt").rows["recommendations"]
    assert [(r["recommendation_no"], r["text"][:27]) for r in recs[-2:]] == [
        (9, "ensure x"), (10, "provide sufficient resource")]


def test_a_list_number_with_no_text_is_reported_not_dropped():
    broken = W.replace("9. ensure sufficient resource is in place to provide enhanced management oversight.",
                       "9. ensure x\n10.")
    e = extract_bytes(broken.encode(), "b.txt")
    assert [r["recommendation_no"] for r in e.rows["recommendations"]] == list(range(1, 10))
    (issue,) = [i for i in e.issues if i.code == "recommendation_number_unused"]
    assert "'10.'" in issue.message
