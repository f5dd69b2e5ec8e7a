"""Human names for the values a failing row shows in quality.html: a column of a table (`pipelines.schema`)
or of a check view (`rules.sql`), e.g. `band_rating` is "band of the lowest key question".

One name per column name, short enough for a table cell; the column's full meaning stays in its schema
description (the data dictionary). tests/quality/test_labels.py checks that every column of every table
and check view has a name here and that nothing here names a column that no longer exists, so the two
cannot drift. Rendering belongs in `report_html`; where a passage is, in `passages`.
"""

from __future__ import annotations

# Columns of the published tables (pipelines/schema.py).
TABLE_COLUMNS: dict[str, str] = {
    "addressee": "addressee",
    "addressee_level": "addressee level",
    "body_id": "body id",
    "body_name": "body name",
    "body_type": "type of body",
    "cases_inspected": "cases inspected",
    "char_end": "end of the passage (character)",
    "char_start": "start of the passage (character)",
    "code": "issue code",
    "domain_name": "domain",
    "domain_no": "domain number",
    "extractor_version": "extractor version",
    "fieldwork_start_date": "fieldwork start",
    "finding_id": "finding id",
    "finding_no": "finding number",
    "first_publication_month": "first published",
    "heading": "heading",
    "inspected_body": "inspected body",
    "inspection_no": "inspection number",
    "inspections": "inspections",
    "is_rated": "rated",
    "isbn": "ISBN",
    "issue_id": "issue id",
    "key_question_id": "key question id",
    "kind": "strength or improvement",
    "last_publication_month": "last published",
    "lead_inspector": "lead inspector",
    "level": "heading level",
    "message": "message",
    "names": "names",
    "overall_rating": "overall rating",
    "overall_rating_order": "overall rating (order)",
    "overall_rating_order_change": "change in overall rating",
    "page_no": "page",
    "points": "points",
    "practitioner_interviews": "practitioner interviews",
    "previous_overall_rating": "previous overall rating",
    "previous_report_id": "previous report",
    "publication_month": "publication month",
    "question": "key question",
    "question_no": "key question number",
    "question_theme": "key question theme",
    "quote_id": "quote id",
    "rating": "rating",
    "rating_order": "rating (order)",
    "recommendation_id": "recommendation id",
    "recommendation_no": "recommendation number",
    "region": "region",
    "report_family": "report family",
    "report_id": "report",
    "retrieved_at": "retrieved at (UTC)",
    "score": "score printed",
    "score_change": "change in score",
    "score_max": "maximum score printed",
    "section": "section",
    "section_id": "section id",
    "section_path": "section path",
    "severity": "severity",
    "source_file": "file",
    "source_sha256": "file sha256",
    "source_url": "source URL",
    "standard_code": "standard",
    "standard_id": "standard id",
    "standard_name": "standard name",
    "standard_statement": "standard statement",
    "text": "text",
    "title": "title",
    "yes_pct": "% of cases judged 'Yes'",
}

# Columns that only the check views of rules.sql have.
CHECK_VIEW_COLUMNS: dict[str, str] = {
    "band_check": "rating against the band",
    "band_rating": "band of the lowest key question",  # check_standard_band; see RULE_TABLE_COLUMNS
    "bands_confirmed": "bands confirmed for this family",
    "consistent": "rated flag matches the rating",
    "domain_two_inadequate": "domain-two standards rated Inadequate",
    "domain_two_rated": "domain-two standards rated",
    "expected_no": "number expected",
    "expected_score_max": "maximum the standards allow",
    "has_no_previous": "has no previous report",
    "has_standard": "its standard is in the report",
    "is_first": "is the body's first inspection",
    "key_questions_expected": "key questions expected",
    "key_questions_found": "key questions found",
    "leadership_rating": "Leadership (1.1) rating",
    "lowest_pct": "lowest % 'Yes' of its key questions",
    "points_sum": "points of the rated standards",
    "problem": "problem",
    "reports_counted": "reports counted",
    "respects_limiting_rule": "respects the limiting rule",
    "scored_standards": "rated standards",
    "services_rating": "Services (1.3) rating",
    "times_found": "times found",
}

# Where one column name means different things for the rules of different tables: (rule's table, column).
# reports' rules read band_rating from check_overall_band, standards' rules from check_standard_band.
RULE_TABLE_COLUMNS: dict[tuple[str, str], str] = {
    ("reports", "band_rating"): "band of the score",
}


def label(column: str, rule_table: str | None = None) -> str:
    """The human name of `column` in a failing row of a rule of `rule_table`; the column name itself when
    it has none (a column a check view gained before its name was added here: the test then fails)."""
    if rule_table is not None and (rule_table, column) in RULE_TABLE_COLUMNS:
        return RULE_TABLE_COLUMNS[(rule_table, column)]
    return TABLE_COLUMNS.get(column) or CHECK_VIEW_COLUMNS.get(column) or column
