"""The last source of a publication date: the `published` field of the file's provenance record
(`<file>.source.json`, copied from sources.csv by `hmip fetch`), for a report whose text and markup give
none.

Applied to an extraction after it is read (or taken from the cache, which is keyed by the file's bytes
alone, while the record may change without them): an extraction held back with `no_publication_month`
under a provisional id gets its month, its real id and its family told again with the year, and an issue
saying where the date came from. Pure: no I/O; the record is read by the raw/ scan or the CLI.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from pipelines.extract.bands import make_report_id
from pipelines.extract.family import detect_family
from pipelines.extract.model import Extraction, Issue

_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
UNDATED = "no_publication_month"


def published_month(published: str | None) -> dt.date | None:
    """The first of the month of a record's `published` ('2025-03-18', '2025-03'); None for a year alone
    or nothing."""
    m = _MONTH.match(published or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        return None


def with_published_date(extraction: Extraction, published: str | None, record_name: str) -> Extraction:
    """The extraction dated from the record's `published` when its only want was a publication month;
    unchanged otherwise (a report that prints its own date keeps it: the record is the last source)."""
    undated = [i for i in extraction.issues if i.code == UNDATED]
    reports = extraction.rows.get("reports") or []
    if not undated or len(reports) != 1 or not published or not reports[0].get("inspected_body"):
        return extraction
    month = published_month(published)
    if month is None:
        note = Issue("error", UNDATED, f"{undated[0].message}; the provenance record {record_name} gives "
                     f"only {published!r}, not a month", undated[0].char_start)
        return dataclasses.replace(extraction, issues=[note if i is undated[0] else i
                                                       for i in extraction.issues])
    row = reports[0]
    report_id = make_report_id(row["inspected_body"], month)
    codes = [s["standard_code"] for s in extraction.rows.get("standards", [])]
    family = detect_family(row["title"], row["inspected_body"], month.year, codes, row["score_max"])
    rows = {table: [{**r, "report_id": report_id} for r in table_rows]
            for table, table_rows in extraction.rows.items()}
    rows["reports"][0].update(publication_month=month, report_family=family)
    issues = [i for i in extraction.issues if i.code != UNDATED]
    issues.insert(0, Issue("warning", "publication_date_source",
                           f"publication month {month:%Y-%m} taken from the provenance record {record_name} "
                           f"(published {published}): the report's text and markup give no date"))
    return dataclasses.replace(extraction, report_id=report_id, rows=rows, issues=issues)
