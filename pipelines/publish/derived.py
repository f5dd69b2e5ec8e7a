"""Derived columns and tables, for BI tools: the single-column ids, the rating orders and the body of each
report (added to the extracted rows as they are loaded), and the `bodies` and `rating_history` tables
(SQL over a set of reports, so a snapshot derives them from exactly the reports it publishes).

Pure functions and SQL text; no Dagster. Extraction (`pipelines.extract`) never fills these columns.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipelines.publish.bodies import body_id, slug
from pipelines.schema import BODIES, RATING_HISTORY, Table
from pipelines.vocabulary import RATING_ORDER

Row = dict[str, Any]


def rating_order(rating: str | None) -> int | None:
    """1 Inadequate ... 4 Outstanding; None when unrated, or when the rating is not one of the four (the
    expectations then fail on the rating and on the pair, so it is loud, not silent)."""
    return None if rating is None else RATING_ORDER.get(rating)


def _standard_id(row: Row) -> str | None:
    code = row.get("standard_code")
    return None if code is None else f"{row['report_id']}/{code}"


def _ordinals(rows: list[Row], group: tuple[str, ...], order: tuple[str, ...]) -> list[int]:
    """Each row's position, from 1, within its group, in `order` (NULLs first, as in the published order)."""
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        groups[tuple(row.get(c) for c in group)].append(i)
    result = [0] * len(rows)
    for members in groups.values():
        def sort_key(i: int) -> tuple[Any, ...]:
            return tuple((rows[i].get(c) is not None, rows[i].get(c) or 0) for c in order)
        for n, i in enumerate(sorted(members, key=sort_key), start=1):
            result[i] = n
    return result


def with_derived_columns(table: Table, rows: list[Row], renamings: dict[str, str] | None = None) -> list[Row]:
    """Copies of an extracted table's rows with its derived columns filled in."""
    rows = [dict(r) for r in rows]
    name = table.name
    if name == "reports":
        for r in rows:
            name = r.get("inspected_body")
            r["body_id"] = None if name is None else body_id(name, renamings)  # NULL: NOT NULL fails
            r["overall_rating_order"] = rating_order(r.get("overall_rating"))
    elif name == "standards":
        for r in rows:
            r["standard_id"] = _standard_id(r)
            r["rating_order"] = rating_order(r.get("rating"))
    elif name == "key_questions":
        for r in rows:
            r["standard_id"] = _standard_id(r)
            r["key_question_id"] = f"{r['standard_id']}/{r['question_no']}"
    elif name == "recommendations":
        for r in rows:
            r["recommendation_id"] = f"{r['report_id']}/recommendation-{r['recommendation_no']}"
    elif name == "findings":
        for r in rows:
            r["standard_id"] = _standard_id(r)
            r["finding_id"] = (f"{r['report_id']}/{r.get('standard_code') or '-'}/{slug(r['section'])}/"
                               f"{r['kind']}-{r['finding_no']}")
    elif name == "quotes":
        for r, n in zip(rows, _ordinals(rows, ("report_id",), ("char_start",)), strict=True):
            r["quote_id"] = f"{r['report_id']}/quote-{n}"
    elif name == "sections":
        for r, n in zip(rows, _ordinals(rows, ("report_id",), ("char_start", "section_path")), strict=True):
            r["section_id"] = f"{r['report_id']}/section-{n}"
    elif name == "extraction_issues":
        ordinals = _ordinals(rows, ("source_file", "code"), ("char_start", "message"))
        for r, n in zip(rows, ordinals, strict=True):
            r["issue_id"] = f"{r['source_file']}/{r['code']}/{n}"
    return rows


def _bodies_sql(reports: str) -> str:
    return f"""
WITH r AS (SELECT * FROM {reports}),
latest AS (
  SELECT body_id, inspected_body, body_type,
         row_number() OVER (PARTITION BY body_id ORDER BY publication_month DESC, report_id DESC) AS n
  FROM r
),
regions AS (
  SELECT body_id, region,
         row_number() OVER (PARTITION BY body_id ORDER BY publication_month DESC, report_id DESC) AS n
  FROM r WHERE region IS NOT NULL
),
names AS (SELECT DISTINCT body_id, inspected_body FROM r)
SELECT l.body_id, l.inspected_body AS body_name, l.body_type, g.region,
       (SELECT string_agg(inspected_body, ' | ' ORDER BY inspected_body) FROM names m
        WHERE m.body_id = l.body_id) AS names,
       CAST(count(*) AS INTEGER) AS inspections,
       min(r.publication_month) AS first_publication_month,
       max(r.publication_month) AS last_publication_month
FROM latest l
JOIN r ON r.body_id = l.body_id
LEFT JOIN regions g ON g.body_id = l.body_id AND g.n = 1
WHERE l.n = 1
GROUP BY l.body_id, l.inspected_body, l.body_type, g.region
"""


def _rating_history_sql(reports: str) -> str:
    return f"""
WITH h AS (
  SELECT report_id, body_id, publication_month, overall_rating, overall_rating_order, score, score_max,
         CAST(row_number() OVER w AS INTEGER) AS inspection_no,
         lag(report_id) OVER w AS previous_report_id,
         lag(overall_rating) OVER w AS previous_overall_rating,
         lag(overall_rating_order) OVER w AS previous_order,
         lag(score) OVER w AS previous_score,
         lag(score_max) OVER w AS previous_score_max
  FROM {reports}
  WINDOW w AS (PARTITION BY body_id ORDER BY publication_month, report_id)
)
SELECT report_id, body_id, inspection_no, publication_month, overall_rating, overall_rating_order,
       score, score_max, previous_report_id, previous_overall_rating,
       CAST(overall_rating_order - previous_order AS INTEGER) AS overall_rating_order_change,
       CAST(CASE WHEN score_max = previous_score_max THEN score - previous_score END AS INTEGER)
         AS score_change
FROM h
"""


DERIVED_SQL = {BODIES.name: _bodies_sql, RATING_HISTORY.name: _rating_history_sql}


def derived_select(table: Table, reports: str) -> str:
    """SELECT of a derived table's columns, in schema order, from the reports in relation `reports`."""
    columns = ", ".join(f'"{c}"' for c in table.column_names)
    return f"SELECT {columns} FROM ({DERIVED_SQL[table.name](reports)})"
