"""The two samples' golden values, typed by hand from the raw/ texts, as named fields; and `fields`, which
flattens an Extraction into the same names. Shared by the golden tests of the .txt samples, the golden
tests of every rendering in tests/fixtures/conversions/ and the accuracy script there.

A field's expected value is compared with `==`; `StartsWith`, `EndsWith` and `Contains` stand for values
typed only in part.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from pipelines.extract import Extraction

RI, GOOD, INAD = "Requires improvement", "Good", "Inadequate"
S, IMP = "strength", "improvement"
HMPPS, GM = "HM Prison and Probation Service", "Greater Manchester region"
FB = "Feedback from people on probation"
MISSING = "<missing>"


class _Partial:
    def __init__(self, part: str) -> None:
        self.part = part

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.part!r})"


class StartsWith(_Partial):
    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and other.startswith(self.part)


class EndsWith(_Partial):
    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and other.endswith(self.part)


class Contains(_Partial):
    def __eq__(self, other: object) -> bool:
        return isinstance(other, list | str) and self.part in other


class AllOf:
    def __init__(self, *parts: object) -> None:
        self.parts = parts

    def __eq__(self, other: object) -> bool:
        return all(p == other for p in self.parts)

    def __repr__(self) -> str:
        return f"AllOf{self.parts!r}"


def fields(e: Extraction) -> dict[str, Any]:
    """Every field the golden values name, read from an extraction."""
    out: dict[str, Any] = {"report_id": e.report_id}
    for row in e.rows.get("reports", [])[:1]:
        out.update({f"report.{k}": v for k, v in row.items()})
    for r in e.rows.get("standards", []):
        code = r["standard_code"]
        out[f"standard.{code}"] = (
            r["domain_no"],
            r["standard_name"],
            r["rating"],
            r["points"],
            r["is_rated"],
        )
        out[f"standard.{code}.statement"] = r["standard_statement"]
        out[f"standard.{code}.domain_name"] = r["domain_name"]
    out["standards.count"] = len(e.rows.get("standards", []))
    for r in e.rows.get("key_questions", []):
        key = f"kq.{r['standard_code']}.{r['question_no']}"
        out[key] = (r["yes_pct"], r["question_theme"])
        out[f"{key}.question"] = r["question"]
    out["kq.count"] = len(e.rows.get("key_questions", []))
    for r in e.rows.get("recommendations", []):
        out[f"rec.{r['recommendation_no']}"] = (r["addressee"], r["addressee_level"])
        out[f"rec.{r['recommendation_no']}.text"] = r["text"]
    out["rec.numbers"] = [r["recommendation_no"] for r in e.rows.get("recommendations", [])]
    counts = Counter((r["section"], r["standard_code"], r["kind"]) for r in e.rows.get("findings", []))
    for (section, code, kind), n in counts.items():
        out[f"findings.{section}|{code}|{kind}"] = n
    out["findings.count"] = sum(counts.values())
    for r in e.rows.get("findings", []):
        out[f"finding.{r['section']}|{r['kind']}|{r['finding_no']}"] = r["text"]
    for n, q in enumerate(e.rows.get("quotes", []), start=1):
        out[f"quote.{n}"] = (q["section"], q["text"])
    out["quotes.count"] = len(e.rows.get("quotes", []))
    out["sections"] = [s["section_path"] for s in e.rows.get("sections", [])]
    return out


def compare(e: Extraction, expected: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields that differ: name -> (expected, got)."""
    got = fields(e)
    return {k: (v, got.get(k, MISSING)) for k, v in expected.items() if got.get(k, MISSING) != v}


def _findings(table: dict[tuple[str, str | None, str], int]) -> dict[str, Any]:
    out: dict[str, Any] = {f"findings.{s}|{c}|{k}": n for (s, c, k), n in table.items()}
    out["findings.count"] = sum(table.values())
    return out


WIGAN: dict[str, Any] = {
    "report_id": "wigan-pdu-2023-05",
    "report.title": "An inspection of probation services in: Wigan PDU",
    "report.inspected_body": "Wigan PDU",
    "report.body_type": "pdu",
    "report.report_family": "pdu_2021_23",
    "report.region": "Greater Manchester",
    "report.publication_month": dt.date(2023, 5, 1),
    "report.fieldwork_start_date": dt.date(2023, 3, 13),
    "report.lead_inspector": "Yvonne McGuckian",
    "report.isbn": "978-1-915468-51-2",
    "report.overall_rating": RI,
    "report.score": 7,
    "report.score_max": 27,
    "report.cases_inspected": 39,
    "report.practitioner_interviews": 24,
    "standard.1.1": (1, "Leadership", RI, 1, True),
    "standard.1.2": (1, "Staff", GOOD, 2, True),
    "standard.1.3": (1, "Services", RI, 1, True),
    "standard.1.4": (1, "Information and facilities", GOOD, 2, True),
    "standard.2.1": (2, "Court work", RI, 1, True),
    "standard.2.2": (2, "Assessment", INAD, 0, True),
    "standard.2.3": (2, "Planning", INAD, 0, True),
    "standard.2.4": (2, "Implementation and delivery", INAD, 0, True),
    "standard.2.5": (2, "Reviewing", INAD, 0, True),
    "standard.2.6": (2, "Outcomes", None, None, False),
    "standards.count": 10,
    "standard.2.4.statement": (
        "High-quality well-focused, personalised and coordinated services are delivered, "
        "engaging the person on probation."
    ),
    "standard.1.2.domain_name": "Organisational delivery",
    "standard.2.6.domain_name": "Court work and case supervision",
    "kq.2.1.1": (50.0, "court"),
    "kq.2.2.1": (64.0, "engagement"),
    "kq.2.2.2": (72.0, "desistance"),
    "kq.2.2.3": (33.0, "safety"),
    "kq.2.3.1": (69.0, "engagement"),
    "kq.2.3.2": (64.0, "desistance"),
    "kq.2.3.3": (44.0, "safety"),
    "kq.2.4.1": (54.0, "engagement"),
    "kq.2.4.2": (51.0, "desistance"),
    "kq.2.4.3": (41.0, "safety"),
    "kq.2.5.1": (64.0, "engagement"),
    "kq.2.5.2": (54.0, "desistance"),
    "kq.2.5.3": (31.0, "safety"),
    "kq.2.6.1": (33.0, "outcomes"),
    "kq.count": 14,
    "kq.2.2.3.question": "Does assessment focus sufficiently on keeping other people safe?",
    "rec.1": ("Wigan PDU", "local"),
    "rec.2": ("Wigan PDU", "local"),
    "rec.3": ("Wigan PDU", "local"),
    "rec.4": ("Wigan PDU", "local"),
    "rec.5": (GM, "region"),
    "rec.6": (GM, "region"),
    "rec.7": (GM, "region"),
    "rec.8": (HMPPS, "national"),
    "rec.9": (HMPPS, "national"),
    "rec.numbers": [1, 2, 3, 4, 5, 6, 7, 8, 9],
    "rec.6.text": (
        "provide sufficient opportunities for people on probation to start and complete unpaid work (UPW)"
    ),
    "rec.9.text": "ensure sufficient resource is in place to provide enhanced management oversight.",
    **_findings(
        {
            ("Leadership", "1.1", S): 9,
            ("Leadership", "1.1", IMP): 4,
            ("Staff", "1.2", S): 7,
            ("Staff", "1.2", IMP): 3,
            ("Services", "1.3", S): 13,
            ("Services", "1.3", IMP): 3,
            ("Resettlement work", None, S): 5,
            ("Resettlement work", None, IMP): 3,
            ("Information and facilities", "1.4", S): 8,
            ("Information and facilities", "1.4", IMP): 2,
            ("Diversity and inclusion", None, S): 6,
            ("Diversity and inclusion", None, IMP): 2,
            ("Court work", "2.1", S): 3,
            ("Court work", "2.1", IMP): 3,
            ("Assessment", "2.2", S): 2,
            ("Assessment", "2.2", IMP): 2,
            ("Planning", "2.3", S): 2,
            ("Planning", "2.3", IMP): 3,
            ("Implementation and delivery", "2.4", S): 2,
            ("Implementation and delivery", "2.4", IMP): 3,
            ("Reviewing", "2.5", S): 1,
            ("Reviewing", "2.5", IMP): 4,
            ("Outcomes", "2.6", S): 3,
            ("Outcomes", "2.6", IMP): 3,
        }
    ),
    # a bullet carried over a footnote and a page break; the footnote is not part of it
    "finding.Implementation and delivery|improvement|2": AllOf(
        StartsWith("Insufficient attention was paid to the safety of actual and potential"),
        Contains("Changes, including moving in with new partners, breakdown of relationships"),
        EndsWith("did not result in prompt review or changes in risk management."),
    ),
    # a quoted illustration stays in its bullet
    "finding.Reviewing|improvement|3": EndsWith('sentence plan objectives."'),
    "quote.1": (
        FB,
        "CFO hub, I was referred by my PO. I got my house through the council, moved from communal "
        "housing to my own place.",
    ),
    "quote.2": (
        FB,
        "Travel is an issue. I get a bus pass home, but it costs me £4 to get here in the first place.",
    ),
    "quote.3": (FB, "Not getting any bus fares back is an issue."),
    "quote.4": (
        FB,
        "I suffer severe social anxiety and am forced to spend four hours a week on crowded trains.",
    ),
    "quotes.count": 4,
    "sections": AllOf(
        Contains("Recommendations"),
        Contains("1. Organisational delivery > Resettlement work"),
        Contains("1. Organisational delivery > Feedback from people on probation"),
    ),
}

TAMESIDE: dict[str, Any] = {
    "report_id": "tameside-pdu-2023-05",
    "report.title": "An inspection of probation services in: Tameside PDU",
    "report.inspected_body": "Tameside PDU",
    "report.body_type": "pdu",
    "report.report_family": "pdu_2021_23",
    "report.region": "Greater Manchester",
    "report.publication_month": dt.date(2023, 5, 1),
    "report.fieldwork_start_date": dt.date(2023, 3, 13),
    "report.lead_inspector": "Martin Cunningham",
    "report.isbn": "978-1-915468-50-5",
    "report.overall_rating": RI,
    "report.score": 7,
    "report.score_max": 27,
    "report.cases_inspected": 28,
    "report.practitioner_interviews": 19,
    "standard.1.1": (1, "Leadership", RI, 1, True),
    "standard.1.2": (1, "Staff", GOOD, 2, True),
    "standard.1.3": (1, "Services", RI, 1, True),
    "standard.1.4": (1, "Information and facilities", GOOD, 2, True),
    "standard.2.1": (2, "Court work", RI, 1, True),
    "standard.2.2": (2, "Assessment", INAD, 0, True),
    "standard.2.3": (2, "Planning", INAD, 0, True),
    "standard.2.4": (2, "Implementation and delivery", INAD, 0, True),
    "standard.2.5": (2, "Reviewing", INAD, 0, True),
    "standard.2.6": (2, "Outcomes", None, None, False),
    "standards.count": 10,
    "kq.2.1.1": (58.0, "court"),
    "kq.2.2.1": (39.0, "engagement"),
    "kq.2.2.2": (57.0, "desistance"),
    "kq.2.2.3": (29.0, "safety"),
    "kq.2.3.1": (64.0, "engagement"),
    "kq.2.3.2": (75.0, "desistance"),
    "kq.2.3.3": (43.0, "safety"),
    "kq.2.4.1": (71.0, "engagement"),
    "kq.2.4.2": (46.0, "desistance"),
    "kq.2.4.3": (39.0, "safety"),
    "kq.2.5.1": (71.0, "engagement"),
    "kq.2.5.2": (54.0, "desistance"),
    "kq.2.5.3": (39.0, "safety"),
    "kq.2.6.1": (32.0, "outcomes"),
    "kq.count": 14,
    "rec.1": ("Tameside PDU", "local"),
    "rec.2": ("Tameside PDU", "local"),
    "rec.3": ("Tameside PDU", "local"),
    "rec.4": ("Tameside PDU", "local"),
    "rec.5": ("Tameside PDU", "local"),
    "rec.6": (GM, "region"),
    "rec.7": (GM, "region"),
    "rec.8": (GM, "region"),
    "rec.9": (HMPPS, "national"),
    "rec.10": (HMPPS, "national"),
    "rec.numbers": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    "rec.8.text": (
        "reduce waiting times for accredited programmes, particularly Building Better Relationships (BBR)."
    ),
    **_findings(
        {
            ("Leadership", "1.1", S): 7,
            ("Leadership", "1.1", IMP): 4,
            ("Staff", "1.2", S): 14,
            ("Staff", "1.2", IMP): 5,
            ("Services", "1.3", S): 13,
            ("Services", "1.3", IMP): 4,
            ("Resettlement work", None, S): 4,
            ("Resettlement work", None, IMP): 1,
            ("Information and facilities", "1.4", S): 9,
            ("Information and facilities", "1.4", IMP): 2,
            (FB, None, S): 3,
            (FB, None, IMP): 2,
            ("Diversity and inclusion", None, S): 4,
            ("Diversity and inclusion", None, IMP): 3,
            ("Court work", "2.1", S): 5,
            ("Court work", "2.1", IMP): 2,
            ("Assessment", "2.2", S): 2,
            ("Assessment", "2.2", IMP): 3,
            ("Planning", "2.3", S): 2,
            ("Planning", "2.3", IMP): 3,
            ("Implementation and delivery", "2.4", S): 1,
            ("Implementation and delivery", "2.4", IMP): 3,
            ("Reviewing", "2.5", S): 2,
            ("Reviewing", "2.5", IMP): 3,
            ("Outcomes", "2.6", S): 2,
            ("Outcomes", "2.6", IMP): 4,
        }
    ),
    "quote.1": (FB, StartsWith("I got into a course with stepwise, and it's")),
    "quote.2": (FB, StartsWith("They are a friendly bunch here")),
    "quote.3": (FB, StartsWith("Time is the issue, I turn up on time")),
    "quote.4": (
        FB,
        AllOf(StartsWith("It was a challenge to get there"), EndsWith("it was all very one way.")),
    ),
    "quotes.count": 4,
}

GOLDEN = {"wigan-pdu-2023-05": WIGAN, "tameside-pdu-2023-05": TAMESIDE}
