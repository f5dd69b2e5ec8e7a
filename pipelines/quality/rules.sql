-- Cross-table rules, computed in SQL into temporary check views that the suites in expectations/ validate
-- with Great Expectations (an expectation names its view in meta.source). Each view has one row per thing
-- checked, starting with report_id, so a failing row says which report to hold back and why.
-- Sections start with "-- object: <name>"; `pipelines/quality/sources.py` runs them one by one, so a view
-- that cannot be built (a missing column) fails only the rules that use it.

-- object: hmip_band
-- The band of a key question's percentage 'Yes': < 50 Inadequate, 50-64 RI, 65-79 Good, >= 80 Outstanding.
CREATE OR REPLACE TEMP MACRO hmip_band(pct) AS CASE
    WHEN pct IS NULL THEN NULL
    WHEN pct >= 80 THEN 'Outstanding'
    WHEN pct >= 65 THEN 'Good'
    WHEN pct >= 50 THEN 'Requires improvement'
    ELSE 'Inadequate' END;

-- object: hmip_overall_band
-- The overall rating band of a score, as fractions of the maximum taken from the confirmed youth bands out of
-- 36 (0-6 Inadequate, 7-18 RI, 19-30 Good, 31-36 Outstanding): a score is Inadequate up to 6/36 of the
-- maximum, RI up to 18/36, Good up to 30/36, Outstanding above. Out of 36 this is exactly the youth bands;
-- out of 30 it gives 0-5, 6-15, 16-25, 26-30; out of 27 it gives 0-4, 5-13, 14-22, 23-27.
CREATE OR REPLACE TEMP MACRO hmip_overall_band(score, score_max) AS CASE
    WHEN score IS NULL OR score_max IS NULL OR score_max <= 0 THEN NULL
    WHEN score * 36 <= 6 * score_max THEN 'Inadequate'
    WHEN score * 36 <= 18 * score_max THEN 'Requires improvement'
    WHEN score * 36 <= 30 * score_max THEN 'Good'
    ELSE 'Outstanding' END;

-- object: check_standard_band
-- Each rated domain-two standard with key-question percentages, its lowest percentage and that band.
CREATE OR REPLACE TEMP VIEW check_standard_band AS
SELECT s.report_id, s.standard_code, s.rating,
       min(k.yes_pct) AS lowest_pct,
       hmip_band(min(k.yes_pct)) AS band_rating
FROM staging.standards s
JOIN staging.key_questions k ON k.report_id = s.report_id AND k.standard_code = s.standard_code
WHERE s.domain_no = 2 AND s.is_rated AND k.yes_pct IS NOT NULL
GROUP BY s.report_id, s.standard_code, s.rating
ORDER BY s.report_id, s.standard_code;

-- object: check_score
-- Each report with a score: the points of its scored standards and the maximum they allow. A youth
-- inspection's resettlement standard is rated but not scored (pipelines/extract/family.py is_unscored).
CREATE OR REPLACE TEMP VIEW check_score AS
SELECT r.report_id, r.score, r.score_max,
       CAST(coalesce(sum(s.points) FILTER (WHERE s.is_rated), 0) AS INTEGER) AS points_sum,
       CAST(count(s.standard_code) FILTER (WHERE s.is_rated) AS INTEGER) AS scored_standards,
       CAST(3 * count(s.standard_code) FILTER (WHERE s.is_rated) AS INTEGER) AS expected_score_max
FROM staging.reports r
LEFT JOIN staging.standards s ON s.report_id = r.report_id
     AND NOT (r.report_family IN ('youth_2018', 'youth_2025') AND lower(s.standard_name) LIKE 'resettlement%')
WHERE r.score IS NOT NULL AND r.score_max IS NOT NULL
GROUP BY r.report_id, r.score, r.score_max
ORDER BY r.report_id;

-- object: check_overall_band
-- Each rated report: the band of its score and whether its overall rating is in it. Only youth bands out of
-- 36 are confirmed; elsewhere a rating that matches the band one point away is 'near_band_edge' (a warning).
CREATE OR REPLACE TEMP VIEW check_overall_band AS
SELECT report_id, body_type, overall_rating, score, score_max,
       hmip_overall_band(score, score_max) AS band_rating,
       coalesce(body_type = 'youth' AND score_max = 36, false) AS bands_confirmed,
       CASE
         WHEN overall_rating = hmip_overall_band(score, score_max) THEN 'consistent'
         WHEN NOT coalesce(body_type = 'youth' AND score_max = 36, false)
              AND overall_rating IN (hmip_overall_band(score - 1, score_max),
                                     hmip_overall_band(score + 1, score_max)) THEN 'near_band_edge'
         ELSE 'outside_band' END AS band_check
FROM staging.reports
WHERE overall_rating IS NOT NULL AND score IS NOT NULL AND score_max > 0
ORDER BY report_id;

-- object: check_completeness
-- Each report against the standards its family always prints (reports.report_family; the same traits as
-- pipelines/extract/family.py TRAITS, which tests/quality/test_family_completeness.py compares):
--   pdu_2021_23: 1.1-1.4 and 2.1-2.5 rated, 2.1 with one key question, 2.2-2.5 with three, 2.6 (Outcomes)
--                with one and unrated;
--   pdu_2024:    1.1-1.3 and 2.1-2.4 rated (7 scored standards, out of 21); key questions per standard
--                not known, so not counted (key_questions_expected NULL);
--   youth_2018:  1.1-1.4, 2.1-2.4 and 3.1-3.4 rated (12 scored standards, out of 36); key questions not
--                known; a resettlement standard, when printed, is rated but not scored and not required.
-- Not known, so not checked here: region_2024, national_2025, youth_2025, crc_2018, nps_2018,
-- dynamic_2025, other. problem is NULL when the standard is there exactly once with what it should have.
CREATE OR REPLACE TEMP VIEW check_completeness AS
WITH expected(report_family, standard_code, key_questions_expected, is_rated_expected) AS (
    VALUES ('pdu_2021_23', '1.1', 0, true), ('pdu_2021_23', '1.2', 0, true), ('pdu_2021_23', '1.3', 0, true),
           ('pdu_2021_23', '1.4', 0, true), ('pdu_2021_23', '2.1', 1, true), ('pdu_2021_23', '2.2', 3, true),
           ('pdu_2021_23', '2.3', 3, true), ('pdu_2021_23', '2.4', 3, true), ('pdu_2021_23', '2.5', 3, true),
           ('pdu_2021_23', '2.6', 1, false),
           ('pdu_2024', '1.1', NULL, true), ('pdu_2024', '1.2', NULL, true), ('pdu_2024', '1.3', NULL, true),
           ('pdu_2024', '2.1', NULL, true), ('pdu_2024', '2.2', NULL, true), ('pdu_2024', '2.3', NULL, true),
           ('pdu_2024', '2.4', NULL, true),
           ('youth_2018', '1.1', NULL, true), ('youth_2018', '1.2', NULL, true), ('youth_2018', '1.3', NULL, true),
           ('youth_2018', '1.4', NULL, true), ('youth_2018', '2.1', NULL, true), ('youth_2018', '2.2', NULL, true),
           ('youth_2018', '2.3', NULL, true), ('youth_2018', '2.4', NULL, true), ('youth_2018', '3.1', NULL, true),
           ('youth_2018', '3.2', NULL, true), ('youth_2018', '3.3', NULL, true), ('youth_2018', '3.4', NULL, true)
), found AS (
    SELECT report_id, standard_code, count(*) AS n, bool_and(is_rated OR rating IS NOT NULL) AS is_rated
    FROM staging.standards GROUP BY report_id, standard_code
), questions AS (
    SELECT report_id, standard_code, count(*) AS n FROM staging.key_questions GROUP BY report_id, standard_code
)
SELECT r.report_id, r.report_family, e.standard_code,
       CAST(coalesce(f.n, 0) AS INTEGER) AS times_found,
       CAST(coalesce(q.n, 0) AS INTEGER) AS key_questions_found,
       CAST(e.key_questions_expected AS INTEGER) AS key_questions_expected,
       CASE
         WHEN f.n IS NULL THEN 'standard missing'
         WHEN f.n > 1 THEN 'standard appears ' || f.n || ' times'
         WHEN f.is_rated AND NOT e.is_rated_expected THEN 'rated, but this standard is never rated'
         WHEN NOT f.is_rated AND e.is_rated_expected THEN 'unrated, but this standard is always rated'
         WHEN e.key_questions_expected IS NOT NULL AND coalesce(q.n, 0) <> e.key_questions_expected
           THEN coalesce(q.n, 0) || ' key questions, expected ' || e.key_questions_expected
         END AS problem
FROM staging.reports r
JOIN expected e ON e.report_family = r.report_family
LEFT JOIN found f ON f.report_id = r.report_id AND f.standard_code = e.standard_code
LEFT JOIN questions q ON q.report_id = r.report_id AND q.standard_code = e.standard_code
ORDER BY r.report_id, e.standard_code;

-- object: check_rated_flag
-- Each standard's is_rated flag against its rating: rated exactly when a rating is given.
CREATE OR REPLACE TEMP VIEW check_rated_flag AS
SELECT report_id, standard_code, rating, is_rated,
       coalesce(is_rated = (rating IS NOT NULL), false) AS consistent
FROM staging.standards
ORDER BY report_id, standard_code;

-- object: check_recommendation_numbering
-- Each recommendation with the number it should have if one numbering runs 1..n without gaps or repeats.
CREATE OR REPLACE TEMP VIEW check_recommendation_numbering AS
SELECT report_id, recommendation_no,
       CAST(row_number() OVER (PARTITION BY report_id ORDER BY recommendation_no) AS INTEGER) AS expected_no
FROM staging.recommendations
ORDER BY report_id, recommendation_no;

-- object: check_key_question_standard
-- Each key question and whether its standard exists in the same report.
CREATE OR REPLACE TEMP VIEW check_key_question_standard AS
SELECT k.report_id, k.standard_code, k.question_no,
       EXISTS (SELECT 1 FROM staging.standards s
               WHERE s.report_id = k.report_id AND s.standard_code = k.standard_code) AS has_standard
FROM staging.key_questions k
ORDER BY k.report_id, k.standard_code, k.question_no;

-- object: check_limiting_rule
-- The inspectorate's limiting rule: Leadership (1.1) or Services (1.3) should not be Good or Outstanding
-- while most rated domain-two standards are Inadequate.
CREATE OR REPLACE TEMP VIEW check_limiting_rule AS
WITH per_report AS (
    SELECT report_id,
           max(rating) FILTER (WHERE standard_code = '1.1') AS leadership_rating,
           max(rating) FILTER (WHERE standard_code = '1.3') AS services_rating,
           CAST(count(*) FILTER (WHERE domain_no = 2 AND is_rated) AS INTEGER) AS domain_two_rated,
           CAST(count(*) FILTER (WHERE domain_no = 2 AND is_rated AND rating = 'Inadequate') AS INTEGER)
             AS domain_two_inadequate
    FROM staging.standards GROUP BY report_id
)
SELECT *,
       NOT (coalesce(leadership_rating IN ('Good', 'Outstanding')
                     OR services_rating IN ('Good', 'Outstanding'), false)
            AND 2 * domain_two_inadequate > domain_two_rated) AS respects_limiting_rule
FROM per_report
ORDER BY report_id;

-- object: check_extraction_errors
-- Extraction issues that belong to a report (an error holds the report back; files that yielded no report
-- are listed in the quality report's extraction warnings, not here).
CREATE OR REPLACE TEMP VIEW check_extraction_errors AS
SELECT report_id, source_file, severity, code, message, char_start
FROM staging.extraction_issues
WHERE report_id IS NOT NULL
ORDER BY report_id, source_file, code, char_start, message;

-- object: check_rating_history
-- Each body's inspections in order: the first has no previous report, every later one has.
CREATE OR REPLACE TEMP VIEW check_rating_history AS
SELECT report_id, body_id, inspection_no, previous_report_id,
       inspection_no = 1 AS is_first, previous_report_id IS NULL AS has_no_previous
FROM staging.rating_history
ORDER BY body_id, inspection_no;

-- object: check_body_reports
-- Each body's count of inspections against its reports; a report whose body is missing counts 0 inspections.
CREATE OR REPLACE TEMP VIEW check_body_reports AS
SELECT coalesce(b.body_id, r.body_id) AS body_id, coalesce(b.inspections, 0) AS inspections,
       CAST(count(r.report_id) AS INTEGER) AS reports_counted
FROM staging.bodies b FULL JOIN staging.reports r ON r.body_id = b.body_id
GROUP BY ALL
ORDER BY body_id;
