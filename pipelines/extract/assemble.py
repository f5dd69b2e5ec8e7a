"""Assemble one report's rows from its normalised text: run the parsers, build the rows of every table
with report_id and provenance, and collect issues (missing parts, cross-check disagreements, non-reports).

Belongs here: orchestration and row shapes. Does not belong here: text patterns (the parser modules),
decoding bytes (readers/), the public entry points (__init__.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipelines.extract import crosscheck
from pipelines.extract.bands import make_report_id, points_for, slugify
from pipelines.extract.cover import Metadata, parse_metadata
from pipelines.extract.document import Doc, bullet_text
from pipelines.extract.family import TRAITS, Traits, detect_family, is_unscored
from pipelines.extract.findings import parse_section_findings
from pipelines.extract.foreword import foreword_rating
from pipelines.extract.model import Issue
from pipelines.extract.ratings import RatingsPage, find_score, parse_ratings_page
from pipelines.extract.readers.html_meta import PageDate
from pipelines.extract.recommendations import addressee_level, has_numbered_items, parse_recommendations
from pipelines.extract.standards import StandardSection, parse_standard
from pipelines.extract.structure import Heading, Structure, find_structure

Rows = dict[str, list[dict[str, Any]]]
TABLE_NAMES = ("reports", "standards", "key_questions", "recommendations", "findings", "quotes", "sections")
_OPTIONAL_FIELDS = ("fieldwork_start_date", "lead_inspector", "isbn", "cases_inspected",
                    "practitioner_interviews", "region")


def _ratings_page(doc: Doc, st: Structure) -> RatingsPage:
    if st.ratings_span is not None:
        return parse_ratings_page(doc, st.ratings_span)
    page = RatingsPage()
    found = find_score(doc, 0, len(doc.lines))
    if found:
        page.score, page.score_max, page.score_start = found
    return page


def _standards(doc: Doc, st: Structure) -> dict[str, StandardSection]:
    """Each standard's section. A code headed twice (a ratings page whose entries a text layer set on
    lines of their own look like headings) is read from its longest passage: the section itself."""
    chosen: dict[str, tuple[int, Heading, int]] = {}
    for idx, h in enumerate(st.headings):
        if h.kind == "standard" and h.code:
            stop = st.body_stop(idx, len(doc.lines))
            length = doc.lines[stop - 1].end - doc.lines[h.line].start if stop > h.line else 0
            if h.code not in chosen or length > chosen[h.code][0] * 3:
                chosen[h.code] = (length, h, stop)
    return {code: parse_standard(doc, h, stop) for code, (_, h, stop) in chosen.items()}


@dataclass(frozen=True)
class Hints:
    """What the reader knows beyond the text: the web page's own date metadata, and whether the text is
    a web page's (which decides the family of an undated PDU report whose structure says nothing)."""

    page_date: PageDate | None = None
    web_page: bool = False


def _identity_issue(md: Metadata, page: RatingsPage, sections: dict[str, StandardSection],
                    family: str) -> Issue | None:
    """The error that stops a report being identified (not a report, no body, no month) or being a report
    with ratings at all, for a family that has them (a dynamic inspection has none)."""
    has_ratings = bool(page.score is not None or page.overall_rating or page.standards
                       or any(s.rating for s in sections.values()))
    if md.inspected_body is None and md.publication_month is None and not has_ratings:
        return Issue("error", "not_a_report", "no inspection report found: no cover title, inspected body, "
                     "publication month, score or ratings")
    if md.inspected_body is None:
        return Issue("error", "no_inspected_body", "held back: cannot tell which body was inspected: no "
                     "cover line 'An inspection of ... in:' and no body name on the ratings page")
    if md.publication_month is None:
        where = ("its 'Published:' line carries no date" if md.undated_published_at is not None
                 else "no 'HM Inspectorate of Probation, <Month> <Year>' or 'Published: <date>' line")
        return Issue("error", "no_publication_month", "held back: no usable publication date: " + where +
                     ", the page has no date metadata and no provenance record gives `published`",
                     md.undated_published_at)
    if not has_ratings and (TRAITS[family].overall_rating or family == "other"):
        return Issue("error", "no_ratings", "the text has no score, overall rating or standard ratings: "
                     "truncated before the ratings page, or not an inspection report with ratings")
    return None


def _date_from_page(md: Metadata, hints: Hints) -> list[Issue]:
    """The web page's date metadata when the text prints no date: said in an issue, as it is not the
    report's own text."""
    if md.publication_month is not None or hints.page_date is None:
        return []
    md.publication_month = hints.page_date.date.replace(day=1)
    md.date_source = "page_metadata"
    return [Issue("warning", "publication_date_source",
                  f"publication month {md.publication_month:%Y-%m} taken from the web page's date metadata "
                  f"{hints.page_date.source}: the report's text prints no date", md.undated_published_at)]


def _provisional_id(md: Metadata) -> str:
    """The id of a report held back for want of a body or a month: enough to name it, never published."""
    body = slugify(md.inspected_body) if md.inspected_body else "unidentified"
    return f"{body}-{md.publication_month:%Y-%m}" if md.publication_month else f"{body}-undated"


def parse(text: str, hints: Hints | None = None) -> tuple[str | None, Rows, list[Issue]]:
    """report_id, rows per table and issues for one normalised text. A report with no usable date or
    body keeps every row read from it under a provisional id, with an error that holds it back."""
    hints = hints or Hints()
    doc = Doc(text)
    st = find_structure(doc)
    page = _ratings_page(doc, st)
    cover_stop = st.headings[0].line if st.headings else min(len(doc.lines), 60)
    first_domain = next((h.line for h in st.headings if h.kind == "domain"), None)
    body_start = doc.lines[first_domain].start if first_domain is not None else None
    md = parse_metadata(doc, cover_stop, page.first_line, body_start)
    sections = _standards(doc, st)
    issues: list[Issue] = _date_from_page(md, hints)
    codes = sorted({*page.standards, *sections}, key=lambda c: tuple(int(p) for p in c.split(".")))
    family = detect_family(md.title, md.inspected_body,
                           md.publication_month.year if md.publication_month else None, codes,
                           page.score_max, web_page=hints.web_page)
    traits = TRAITS[family]
    # the foreword only when no ratings section prints an 'Overall rating' line (one it prints but that
    # cannot be read is damage, said as such, not made good from elsewhere)
    if page.overall_start is None and (said := foreword_rating(doc, st)) is not None:
        page.overall_rating, page.overall_start = said.rating, said.start
        issues.append(Issue("warning", "overall_rating_from_foreword",
                            f"no 'Overall rating' in a ratings section: overall rating {said.rating!r} read "
                            f"from the foreword's sentence {said.sentence[:160]!r}", said.start))
    error = _identity_issue(md, page, sections, family)
    if error and error.code == "not_a_report":
        return None, {}, [error]
    report_id = make_report_id(md.inspected_body, md.publication_month) \
        if md.inspected_body and md.publication_month else _provisional_id(md)
    if error:
        issues.insert(0, error)
    rows: Rows = {name: [] for name in TABLE_NAMES}
    ratings = _standard_rows(report_id, doc, st, page, sections, rows, issues)
    rows["reports"].append(_report_row(report_id, md, page, family, traits, issues))
    _key_question_rows(report_id, sections, rows)
    recs = _recommendation_rows(report_id, doc, st, md, rows, issues)
    _finding_rows(report_id, doc, st, rows, issues)
    rows["sections"] = section_rows(report_id, doc, st)
    unscored = {r["standard_code"] for r in rows["standards"] if is_unscored(family, r["standard_name"])}
    scored = {code: rating for code, rating in ratings.items() if code not in unscored}
    issues += crosscheck.check_ratings_page(page, sections)
    issues += crosscheck.check_score(page, scored)
    issues += crosscheck.check_bands(sections.values(), ratings)
    issues += crosscheck.check_key_questions_found(sections.values())
    issues += crosscheck.check_percentages(sections.values())
    issues += crosscheck.check_standards_present(list(ratings), page.score_max)
    issues += crosscheck.check_recommendations(recs)
    issues += crosscheck.check_recommendation_text(recs)
    issues += crosscheck.check_key_question_rows(sections.values())
    issues += crosscheck.check_finding_text(rows["findings"])
    issues += crosscheck.check_overall_rating(page, page.overall_repeats)
    if error is None or error.code != "no_ratings":
        issues += crosscheck.check_family_parts(family, traits, page, bool(rows["standards"]), bool(recs))
    issues += crosscheck.check_case_counts(text, md.cases_inspected)
    return report_id, rows, issues


def _report_row(report_id: str, md: Metadata, page: RatingsPage, family: str, traits: Traits,
                issues: list[Issue]) -> dict[str, Any]:
    row = {
        "report_id": report_id, "title": md.title, "inspected_body": md.inspected_body,
        "body_type": md.body_type or "other", "report_family": family, "region": md.region,
        "publication_month": md.publication_month, "fieldwork_start_date": md.fieldwork_start_date,
        "lead_inspector": md.lead_inspector, "isbn": md.isbn, "overall_rating": page.overall_rating,
        "score": page.score, "score_max": page.score_max, "cases_inspected": md.cases_inspected,
        "practitioner_interviews": md.practitioner_interviews,
    }
    has = {"overall_rating": traits.overall_rating, "score": traits.score}
    for name in (*_OPTIONAL_FIELDS, "overall_rating", "score", "title"):
        if row[name] is None and has.get(name, True):  # a family without the part is not warned of it
            issues.append(Issue("warning", f"missing_{name}", f"no {name.replace('_', ' ')} found"))
    return row


def _standard_rows(
    report_id: str, doc: Doc, st: Structure, page: RatingsPage, sections: dict[str, StandardSection],
    rows: Rows, issues: list[Issue],
) -> dict[str, str | None]:
    domain_names = dict(page.domains)
    for h in st.headings:
        if h.kind == "domain" and h.code:
            domain_names.setdefault(int(h.code), h.name)
    codes = list(dict.fromkeys([*page.standards, *sections]))
    codes.sort(key=lambda c: tuple(int(p) for p in c.split(".")))
    ratings: dict[str, str | None] = {}
    for code in codes:
        sec, entry = sections.get(code), page.standards.get(code)
        rating = entry.rating if entry and entry.rating else (sec.rating if sec else None)
        if sec and sec.explicitly_unrated and not (entry and entry.rating):
            rating = None
        elif rating is None:
            issues.append(Issue("warning", "standard_rating_missing",
                                f"standard {code} has no rating on the ratings page or under its heading",
                                (sec or entry).start))  # type: ignore[union-attr]
        if entry is None and sec is not None and rating is not None and page.standards:
            issues.append(Issue("warning", "standard_not_on_ratings_page",
                                f"standard {code} is rated {rating!r} in its section but not listed on the "
                                "ratings page", sec.start))
        if sec is None and st.headings:
            issues.append(Issue("warning", "standard_section_missing",
                                f"standard {code} is on the ratings page but has no section of its own",
                                entry.start if entry else None))
        ratings[code] = rating
        domain_no = int(code.split(".")[0])
        start, end = (sec.start, sec.end) if sec else (entry.start, entry.end)  # type: ignore[union-attr]
        rows["standards"].append({
            "report_id": report_id, "domain_no": domain_no, "domain_name": domain_names.get(domain_no),
            "standard_code": code, "standard_name": sec.name if sec else entry.name,  # type: ignore[union-attr]
            "standard_statement": sec.statement if sec else None, "rating": rating,
            "points": points_for(rating), "is_rated": rating is not None,
            "char_start": start, "char_end": end,
        })
    if not codes:
        issues.append(Issue("warning", "no_standards", "no numbered standards found"))
    return ratings


def _key_question_rows(report_id: str, sections: dict[str, StandardSection], rows: Rows) -> None:
    for sec in sections.values():
        for kq in sec.key_questions:
            rows["key_questions"].append({
                "report_id": report_id, "standard_code": sec.code, "question_no": kq.question_no,
                "question": kq.question, "question_theme": kq.theme, "yes_pct": kq.yes_pct,
                "char_start": kq.start, "char_end": kq.end,
            })


def _recommendation_rows(report_id: str, doc: Doc, st: Structure, md: Metadata, rows: Rows,
                         issues: list[Issue]) -> list:
    if st.recommendations_span is None:
        issues.append(Issue("warning", "no_recommendations", "no recommendations section found"))
        return []
    unnumbered = not has_numbered_items(doc, st.recommendations_span)
    recs, orphans, bare_numbers = parse_recommendations(doc, st.recommendations_span, unnumbered)
    for offset in bare_numbers:
        issues.append(Issue("warning", "recommendation_number_unused",
                            f"a list number {doc.text[offset:doc.text.find(chr(10), offset)]!r} stands alone "
                            "in the recommendations with no text after it; not loaded as a recommendation",
                            offset))
    if unnumbered and recs:
        issues.append(Issue("warning", "recommendations_unnumbered",
                            "the recommendations carry no numbers (bulleted, or a copy that lost its list "
                            "numbers): each paragraph after '<addressee> should:' was taken as the next one, "
                            "in order",
                            recs[0].start))
    for offset in orphans:
        issues.append(Issue("warning", "recommendation_without_addressee",
                            "numbered recommendation before any '<addressee> should:' line; not loaded",
                            offset))
    for rec in recs:
        level = addressee_level(rec.addressee, md.inspected_body)
        if level is None:
            issues.append(Issue("warning", "addressee_level_unknown",
                                f"cannot tell the level of addressee {rec.addressee!r}", rec.start))
        rows["recommendations"].append({
            "report_id": report_id, "recommendation_no": rec.number, "addressee": rec.addressee,
            "addressee_level": level, "text": rec.text, "char_start": rec.start, "char_end": rec.end,
        })
    if not recs:
        issues.append(Issue("warning", "no_recommendations", "the recommendations section lists none",
                            doc.lines[st.recommendations_span[0]].start))
    return recs


def _domain_sections(doc: Doc, st: Structure) -> list[tuple[Heading, int]]:
    """(heading, stop line) of every heading inside the domains, where findings are."""
    out, in_domain = [], False
    for idx, h in enumerate(st.headings):
        if h.level == 1:
            in_domain = h.kind == "domain"
        if in_domain:
            out.append((h, st.body_stop(idx, len(doc.lines))))
    return out


def _finding_rows(report_id: str, doc: Doc, st: Structure, rows: Rows, issues: list[Issue]) -> None:
    sections = _domain_sections(doc, st)
    unbulleted = not any(bullet_text(doc.lines[k].text) is not None
                         for h, stop in sections for k in range(h.line + 1, stop))
    numbered: dict[tuple[str | None, str, str], int] = {}  # findings so far per (standard, section, kind)
    for h, stop in sections:
        found, quotes, unlabelled = parse_section_findings(doc, h.line, stop, unbulleted)
        if unlabelled:
            issues.append(Issue("warning", "bullets_without_label",
                                f"section {h.name!r}: {len(unlabelled)} bullet(s) under no 'Strengths' or "
                                "'Areas for improvement' label; kept in the section's text, not as findings",
                                unlabelled[0]))
        code = h.code if h.kind == "standard" else None
        if found and any((code, h.name, kind) in numbered for kind in ("strength", "improvement")):
            issues.append(Issue("warning", "repeated_section_heading",
                                f"the heading {h.name!r} appears again; its findings are numbered on from "
                                "the first one's", doc.lines[h.line].start))
        for f in found:
            finding_no = numbered[(code, h.name, f.kind)] = numbered.get((code, h.name, f.kind), 0) + 1
            rows["findings"].append({
                "report_id": report_id, "standard_code": code, "section": h.name, "kind": f.kind,
                "finding_no": finding_no, "text": f.text, "char_start": f.start, "char_end": f.end,
            })
        for q in quotes:
            rows["quotes"].append({"report_id": report_id, "section": h.name, "text": q.text,
                                   "char_start": q.start, "char_end": q.end})
    if unbulleted and rows["findings"]:
        issues.append(Issue("warning", "findings_without_bullets",
                            "no strength or area for improvement carries a bullet (a copy that lost its list "
                            "markers): each paragraph under a label was taken as one finding",
                            rows["findings"][0]["char_start"]))


def section_rows(report_id: str, doc: Doc, st: Structure) -> list[dict[str, Any]]:
    out = []
    path: list[str] = []
    for idx, h in enumerate(st.headings):
        path = path[: h.level - 1] + [h.text]
        start = doc.lines[h.line].start
        stop = st.section_stop(idx, len(doc.lines))
        end = doc.lines[stop].start if stop < len(doc.lines) else len(doc.text)
        body = doc.text[start:end].rstrip()
        out.append({"report_id": report_id, "section_path": " > ".join(path), "heading": h.text,
                    "level": h.level, "text": body, "char_start": start, "char_end": start + len(body)})
    return out
