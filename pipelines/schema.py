"""The one description of every published table: names, types, keys, nullability and descriptions.

Everything that needs a table's shape derives it from here: the DuckDB DDL (`ddl`), the Arrow/Parquet
schema with column descriptions (`arrow_schema`), the column-level expectations (in `pipelines.quality`)
and the data dictionary (`data_dictionary_markdown`). Table and column names are the published contract:
add columns freely, rename only on purpose with a note in CHANGES.

Parsing, validation and publishing logic do not belong here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyarrow as pa

from pipelines.vocabulary import MAX_POINTS, RATING_ORDER, RATINGS

BODY_TYPES: tuple[str, ...] = ("pdu", "youth", "crc", "nps", "region", "national", "other")
# the inspection programme and layout a report follows (told in pipelines/extract/family.py)
REPORT_FAMILIES: tuple[str, ...] = (
    "pdu_2021_23", "pdu_2024", "region_2024", "national_2025", "youth_2018", "youth_2025", "crc_2018",
    "nps_2018", "dynamic_2025", "other",
)
ADDRESSEE_LEVELS: tuple[str, ...] = ("local", "region", "national")
FINDING_KINDS: tuple[str, ...] = ("strength", "improvement")
QUESTION_THEMES: tuple[str, ...] = ("engagement", "desistance", "safety", "court", "outcomes")
SEVERITIES: tuple[str, ...] = ("error", "warning")

_ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "DATE": pa.date32(),
    "BOOLEAN": pa.bool_(),
    "TIMESTAMP": pa.timestamp("us"),  # UTC, without a zone
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a DuckDB type name, one of _ARROW_TYPES
    description: str
    nullable: bool = True
    allowed: tuple[str | int, ...] | None = None  # closed vocabulary, checked by the expectations
    min_value: float | None = None
    max_value: float | None = None
    unique: bool = False  # no two rows share a value (NULLs aside), checked by the expectations


@dataclass(frozen=True)
class ForeignKey:
    """`columns` of a table refer to `ref_columns` of `ref_table` (NULLs refer to nothing)."""

    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the natural (often composite) key
    id: str  # single-column, stable, human-readable id: the primary key BI tools relate on
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")


def _c(name: str, type_: str, description: str, **kw: object) -> Column:
    return Column(name, type_, description, **kw)  # type: ignore[arg-type]


_REPORT_ID = _c("report_id", "VARCHAR", "Stable slug of the report: inspected body and publication month, "
                "e.g. `wigan-pdu-2023-05`.", nullable=False)
_CHAR_START = _c("char_start", "INTEGER", "Offset of the first character of the source passage in the "
                 "report's normalised text.", nullable=False, min_value=0)
_CHAR_END = _c("char_end", "INTEGER", "Offset one past the last character of the source passage in the "
               "report's normalised text.", nullable=False, min_value=0)
_PAGE_NO = _c("page_no", "INTEGER", "Page of the published PDF the source passage starts on, from 1; NULL "
              "for formats without pages (text, web page, Word).", min_value=1)
_SOURCE_SPAN = (_CHAR_START, _CHAR_END, _PAGE_NO)  # where in the report a row was read


def _report_table(name: str, description: str, key: tuple[str, ...], id_column: Column,
                  foreign_keys: tuple[ForeignKey, ...], *columns: Column) -> Table:
    """A table of things read from a report: its id and report_id first, then `columns`, then the source
    span."""
    return Table(name=name, description=description, key=key, id=id_column.name, foreign_keys=foreign_keys,
                 columns=(id_column, _REPORT_ID, *columns, *_SOURCE_SPAN))


_RATING_DESC = "One of Outstanding, Good, Requires improvement, Inadequate."
_ORDER_DESC = ("Order of the rating, for sorting and charts: 1 Inadequate, 2 Requires improvement, 3 Good, "
               "4 Outstanding; NULL when unrated.")
_ORDERS = tuple(sorted(RATING_ORDER.values()))


def _id(name: str, description: str) -> Column:
    return _c(name, "VARCHAR", description, nullable=False, unique=True)


def _fk(column: str, ref_table: str, ref_column: str | None = None) -> ForeignKey:
    return ForeignKey((column,), ref_table, (ref_column or column,))


_TO_REPORT = _fk("report_id", "reports")
_STANDARD_ID = _c("standard_id", "VARCHAR", "Id of the standard the row belongs to "
                  "(`standards.standard_id`), e.g. `wigan-pdu-2023-05/2.2`.")

REPORTS = Table(
    name="reports",
    description="One row per published inspection report.",
    key=("report_id",),
    id="report_id",
    foreign_keys=(_fk("body_id", "bodies"),),
    columns=(
        _c("report_id", "VARCHAR", _REPORT_ID.description, nullable=False, unique=True),
        _c("title", "VARCHAR", "Title as printed on the cover."),
        _c("inspected_body", "VARCHAR", "The body inspected, e.g. 'Wigan PDU'.", nullable=False),
        _c("body_id", "VARCHAR", "Id of the inspected body (`bodies.body_id`), the same across its "
           "inspections, e.g. `wigan-pdu`.", nullable=False),
        _c("body_type", "VARCHAR", "Family of the inspected body.", nullable=False, allowed=BODY_TYPES),
        _c("report_family", "VARCHAR", "Report family: the inspection programme and layout the report "
           "follows, told from its title and structure. pdu_2021_23 (PDU, 2021-23: ten standards, score "
           "out of 27), pdu_2024 (PDU web page since 2024: domain one leadership, staff, services and four "
           "domain-two standards, out of 21), region_2024 and national_2025 (regional and national "
           "inspections: no overall rating), youth_2018 and youth_2025 (youth justice services: out of 36, "
           "resettlement rated but not scored), crc_2018 and nps_2018 (CRC and NPS divisions, 2018-21), "
           "dynamic_2025 (dynamic public-protection inspections: no overall rating or score), other. "
           "`body_type` says what kind of body was inspected; this says which layout its report has.",
           nullable=False, allowed=REPORT_FAMILIES),
        _c("region", "VARCHAR", "Probation region named on the cover, when given."),
        _c("publication_month", "DATE", "Month of publication (first day of the month).", nullable=False),
        _c("fieldwork_start_date", "DATE",
           "Start of fieldwork, as precise as the report gives (day, else first of the month)."),
        _c("lead_inspector", "VARCHAR", "The HM Inspector who led the inspection."),
        _c("isbn", "VARCHAR", "ISBN printed in the report, with hyphens."),
        _c("overall_rating", "VARCHAR", "Overall rating. " + _RATING_DESC, allowed=RATINGS),
        _c("overall_rating_order", "INTEGER", _ORDER_DESC, allowed=_ORDERS),
        _c("score", "INTEGER", "Score from the ratings page (sum of the standards' points).", min_value=0),
        _c("score_max", "INTEGER", "Maximum score, read from the 'Score x/y' line.", min_value=0),
        _c("cases_inspected", "INTEGER", "Number of cases inspected.", min_value=0),
        _c("practitioner_interviews", "INTEGER", "Number of interviews with probation practitioners.",
           min_value=0),
        _c("source_file", "VARCHAR", "File name in raw/ the report was extracted from.", nullable=False),
        _c("source_sha256", "VARCHAR", "SHA-256 of the source file's bytes.", nullable=False),
        _c("extractor_version", "VARCHAR", "Version of the extractor that produced the rows.",
           nullable=False),
        _c("source_url", "VARCHAR", "URL the report was fetched from by `hmip fetch` (the report page as "
           "listed; the PDF's own address is `final_url` in the file's `.source.json`); NULL when the file "
           "was put into raw/ by hand."),
        _c("retrieved_at", "TIMESTAMP", "When `hmip fetch` downloaded the file (UTC); NULL when the file "
           "was put into raw/ by hand."),
    ),
)

STANDARDS = _report_table(
    "standards", "One row per inspection standard in a report, rated or not.",
    ("report_id", "standard_code"),
    _id("standard_id", "Id of the standard: report and standard code, e.g. `wigan-pdu-2023-05/2.2`."),
    (_TO_REPORT,),
    _c("domain_no", "INTEGER", "Domain number (1 organisational delivery, 2 case supervision, ...).",
       nullable=False, min_value=1),
    _c("domain_name", "VARCHAR", "Domain heading as printed."),
    _c("standard_code", "VARCHAR", "Standard number, e.g. '2.2'.", nullable=False),
    _c("standard_name", "VARCHAR", "Standard heading, e.g. 'Assessment'.", nullable=False),
    _c("standard_statement", "VARCHAR", "The statement printed under the standard's heading."),
    _c("rating", "VARCHAR", "Rating of the standard; NULL when unrated. " + _RATING_DESC,
       allowed=RATINGS),
    _c("rating_order", "INTEGER", _ORDER_DESC, allowed=_ORDERS),
    _c("points", "INTEGER", "Points of the rating: Outstanding 3, Good 2, Requires improvement 1, "
       "Inadequate 0; NULL when unrated.", min_value=0, max_value=MAX_POINTS),
    _c("is_rated", "BOOLEAN", "Whether the standard is rated and counts towards the score.",
       nullable=False),
)

KEY_QUESTIONS = _report_table(
    "key_questions", "One row per key question of a standard, with the percentage of cases judged 'Yes'.",
    ("report_id", "standard_code", "question_no"),
    _id("key_question_id", "Id of the key question: standard id and question number, e.g. "
        "`wigan-pdu-2023-05/2.2/3`."),
    (_TO_REPORT, _fk("standard_id", "standards")),
    _c("standard_id", "VARCHAR", _STANDARD_ID.description, nullable=False),
    _c("standard_code", "VARCHAR", "Standard the question belongs to, e.g. '2.2'.", nullable=False),
    _c("question_no", "INTEGER", "Position of the question within its standard, from 1.",
       nullable=False, min_value=1),
    _c("question", "VARCHAR", "The key question as printed.", nullable=False),
    _c("question_theme", "VARCHAR", "Theme derived from the wording, comparable across reports.",
       allowed=QUESTION_THEMES),
    _c("yes_pct", "DOUBLE", "Percentage of inspected cases judged 'Yes' (0-100).",
       min_value=0, max_value=100),
)

RECOMMENDATIONS = _report_table(
    "recommendations", "One row per numbered recommendation.",
    ("report_id", "recommendation_no"),
    _id("recommendation_id", "Id of the recommendation: report and number, e.g. "
        "`wigan-pdu-2023-05/recommendation-3`."),
    (_TO_REPORT,),
    _c("recommendation_no", "INTEGER", "Number as printed; one numbering runs across addressees.",
       nullable=False, min_value=1),
    _c("addressee", "VARCHAR", "Addressee as printed before 'should:'.", nullable=False),
    _c("addressee_level", "VARCHAR", "Level of the addressee.", allowed=ADDRESSEE_LEVELS),
    _c("text", "VARCHAR", "Text of the recommendation.", nullable=False),
)

FINDINGS = _report_table(
    "findings", "One row per strength or area for improvement listed under a standard or sub-section.",
    # standard_code is in the key: a youth report has an 'Assessment' standard in two domains (2.1, 3.1)
    ("report_id", "standard_code", "section", "kind", "finding_no"),
    _id("finding_id", "Id of the finding: report, standard code ('-' for none), section slug, kind and "
        "number, e.g. `wigan-pdu-2023-05/2.2/assessment/strength-1`."),
    (_TO_REPORT, _fk("standard_id", "standards")),
    _c("standard_code", "VARCHAR", "Standard the finding belongs to; NULL for sub-sections that are "
       "not standards."),
    _c("standard_id", "VARCHAR", _STANDARD_ID.description + " NULL when `standard_code` is."),
    _c("section", "VARCHAR", "Heading of the section, e.g. 'Assessment', 'Resettlement work'.",
       nullable=False),
    _c("kind", "VARCHAR", "strength or improvement.", nullable=False, allowed=FINDING_KINDS),
    _c("finding_no", "INTEGER", "Position within its section and kind, from 1 (numbering goes on "
       "when a report repeats a sub-section heading).", nullable=False,
       min_value=1),
    _c("text", "VARCHAR", "Text of the finding.", nullable=False),
)

QUOTES = _report_table(
    "quotes", "Quotes from people on probation printed in the report.",
    ("report_id", "char_start"),
    _id("quote_id", "Id of the quote: report and position among its quotes in text order, e.g. "
        "`wigan-pdu-2023-05/quote-1`."),
    (_TO_REPORT,),
    _c("section", "VARCHAR", "Heading of the section the quote appears in.", nullable=False),
    _c("text", "VARCHAR", "The quote, without its quotation marks.", nullable=False),
)

SECTIONS = _report_table(
    "sections", "The report's headings and the text under each, for tracing values to their source.",
    ("report_id", "char_start", "section_path"),
    _id("section_id", "Id of the section: report and position among its sections in text order, e.g. "
        "`wigan-pdu-2023-05/section-12`."),
    (_TO_REPORT,),
    _c("section_path", "VARCHAR", "Path of headings from the top, joined with ' > '.", nullable=False),
    _c("heading", "VARCHAR", "The heading as printed.", nullable=False),
    _c("level", "INTEGER", "Depth of the heading, from 1.", nullable=False, min_value=1),
    _c("text", "VARCHAR", "The whole text of the section, heading included."),
)

EXTRACTION_ISSUES = Table(
    name="extraction_issues",
    description="Problems met while extracting: errors hold a report back, warnings publish with it.",
    key=("source_file", "code", "char_start", "message"),
    id="issue_id",
    foreign_keys=(_TO_REPORT,),
    columns=(
        _id("issue_id", "Id of the issue: source file, code and position among that file's issues of "
            "that code, e.g. `wigan-pdu-2023-05.txt/score_mismatch/1`."),
        _c("report_id", "VARCHAR", "Report the issue belongs to; NULL when the file yielded no report."),
        _c("source_file", "VARCHAR", "File in raw/ the issue was found in.", nullable=False),
        _c("severity", "VARCHAR", "error or warning.", nullable=False, allowed=SEVERITIES),
        _c("code", "VARCHAR", "Stable machine-readable code, e.g. 'score_mismatch'.", nullable=False),
        _c("message", "VARCHAR", "What is wrong, for a person.", nullable=False),
        _c("char_start", "INTEGER", "Offset in the normalised text where the problem was seen, when known.",
           min_value=0),
    ),
)

BODIES = Table(
    name="bodies",
    description="One row per inspected body (a PDU, youth justice service, region ...), across its "
    "inspections; derived from `reports`.",
    key=("body_id",),
    id="body_id",
    columns=(
        _c("body_id", "VARCHAR", "Stable id of the body: its name lower-cased, '&' as 'and', 'Probation "
           "Delivery Unit' as 'PDU', punctuation as '-', then known renamings "
           "(`pipelines/publish/body_renamings.csv`) applied, e.g. `wigan-pdu`.", nullable=False,
           unique=True),
        _c("body_name", "VARCHAR", "Name as printed in its latest report.", nullable=False),
        _c("body_type", "VARCHAR", "Family of the body in its latest report.", nullable=False,
           allowed=BODY_TYPES),
        _c("region", "VARCHAR", "Probation region named in its latest report that names one."),
        _c("names", "VARCHAR", "Every name the body was inspected under, sorted, joined with ' | '.",
           nullable=False),
        _c("inspections", "INTEGER", "Number of its reports in the snapshot.", nullable=False, min_value=1),
        _c("first_publication_month", "DATE", "Publication month of its first report.", nullable=False),
        _c("last_publication_month", "DATE", "Publication month of its latest report.", nullable=False),
    ),
)

RATING_HISTORY = Table(
    name="rating_history",
    description="One row per report: the body's inspections in order, with the change in overall rating "
    "and score since its previous one; derived from `reports`.",
    key=("body_id", "inspection_no"),
    id="report_id",
    foreign_keys=(_TO_REPORT, _fk("body_id", "bodies"), _fk("previous_report_id", "reports", "report_id")),
    columns=(
        _c("report_id", "VARCHAR", _REPORT_ID.description, nullable=False, unique=True),
        _c("body_id", "VARCHAR", "Id of the inspected body (`bodies.body_id`).", nullable=False),
        _c("inspection_no", "INTEGER", "Position of the report among the body's reports by publication "
           "month (then report_id), from 1.", nullable=False, min_value=1),
        _c("publication_month", "DATE", "Month of publication (first day of the month).", nullable=False),
        _c("overall_rating", "VARCHAR", "Overall rating. " + _RATING_DESC, allowed=RATINGS),
        _c("overall_rating_order", "INTEGER", _ORDER_DESC, allowed=_ORDERS),
        _c("score", "INTEGER", "Score from the ratings page.", min_value=0),
        _c("score_max", "INTEGER", "Maximum score.", min_value=0),
        _c("previous_report_id", "VARCHAR", "The body's previous report; NULL for its first."),
        _c("previous_overall_rating", "VARCHAR", "Overall rating of the previous report.", allowed=RATINGS),
        _c("overall_rating_order_change", "INTEGER", "overall_rating_order minus the previous report's "
           "(positive: better); NULL when either is unrated or there is no previous report.",
           min_value=-3, max_value=3),
        _c("score_change", "INTEGER", "score minus the previous report's score, only when both are out of "
           "the same maximum (else NULL: scores out of 27 and 36 do not compare)."),
    ),
)

TABLES: tuple[Table, ...] = (
    REPORTS, STANDARDS, KEY_QUESTIONS, RECOMMENDATIONS, FINDINGS, QUOTES, SECTIONS, BODIES, RATING_HISTORY,
    EXTRACTION_ISSUES,
)
# Tables the extractor fills; the others are derived from them in the warehouse (pipelines.publish.derived).
EXTRACTED_TABLES: tuple[Table, ...] = tuple(t for t in TABLES if t not in (BODIES, RATING_HISTORY))
TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def ddl(table: Table, schema: str | None = None) -> str:
    """CREATE TABLE statement for DuckDB."""
    name = f"{schema}.{table.name}" if schema else table.name
    cols = ",\n  ".join(
        f"{c.name} {c.type}{'' if c.nullable else ' NOT NULL'}" for c in table.columns
    )
    return f"CREATE TABLE {name} (\n  {cols}\n)"


def arrow_schema(table: Table) -> pa.Schema:
    """Arrow schema with each column's description in its field metadata (kept in Parquet)."""
    fields = [
        pa.field(c.name, _ARROW_TYPES[c.type], nullable=c.nullable,
                 metadata={"description": c.description})
        for c in table.columns
    ]
    # also as one file-level entry: DuckDB (parquet_kv_metadata) and Spark read those, not field metadata
    columns = json.dumps({c.name: c.description for c in table.columns}, ensure_ascii=False)
    return pa.schema(fields, metadata={"table": table.name, "description": table.description,
                                       "column_descriptions": columns})


def data_dictionary_markdown() -> str:
    """The data dictionary, generated; docs/data-dictionary.md must equal this."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from `pipelines/schema.py` by `hmip dictionary`; do not edit by hand.",
        "",
    ]
    for table in TABLES:
        lines += [f"## `{table.name}`", "", table.description, "", f"Key: `{', '.join(table.key)}`",
                  "", f"Id (primary key): `{table.id}`", ""]
        for fk in table.foreign_keys:
            ref = f"{fk.ref_table}.{', '.join(fk.ref_columns)}"
            lines += [f"References: `{', '.join(fk.columns)}` -> `{ref}`", ""]
        lines += ["| column | type | nullable | description |", "|---|---|---|---|"]
        for c in table.columns:
            desc = c.description
            if c.allowed:
                desc += " Allowed: " + ", ".join(f"`{v}`" for v in c.allowed) + "."
            if c.unique:
                desc += " Unique."
            lines.append(f"| `{c.name}` | {c.type} | {'yes' if c.nullable else 'no'} | {desc} |")
        lines.append("")
    return "\n".join(lines)
