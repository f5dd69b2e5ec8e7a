"""Self-verification: compare facts a report states twice and return each disagreement as an Issue.

Checks: ratings page against each standard's own rating; "Score x/y" against the sum of points; the number
of rated standards against y/3; each domain-two rating against the band of its lowest key question; the
narrative "lowest score ... N per cent" against the table; recommendation numbering without gaps or
repeats; "x of y cases" not above the cases inspected; a youth overall rating against its score band.

Belongs here: comparisons of already-extracted values. Does not belong here: reading text into values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipelines.extract.bands import band_for, points_for
from pipelines.extract.family import Traits
from pipelines.extract.model import Issue
from pipelines.extract.ratings import RatingsPage
from pipelines.extract.recommendations import Recommendation
from pipelines.extract.standards import StandardSection
from pipelines.vocabulary import MAX_POINTS, PDU_2021_23_SCORE_MAX, YOUTH_SCORE_MAX, youth_overall_band

_CASES_WORD = re.compile(r"cases\b")
_X_OF_Y = re.compile(r"\b(\d{1,4})\s+(?:out\s+)?of\s+(?:the\s+|these\s+)?(\d{1,4})\s+(?:\w+\s+){0,2}?$",
                     re.IGNORECASE)


def check_ratings_page(page: RatingsPage, sections: dict[str, StandardSection]) -> list[Issue]:
    issues = []
    for code, entry in page.standards.items():
        sec = sections.get(code)
        if sec and entry.rating and sec.rating and entry.rating != sec.rating:
            issues.append(Issue("warning", "rating_mismatch",
                                f"standard {code}: ratings page says {entry.rating!r} but its section says "
                                f"{sec.rating!r}", sec.start))
    return issues


def check_score(page: RatingsPage, ratings: dict[str, str | None]) -> list[Issue]:
    issues: list[Issue] = []
    if page.score is None or page.score_max is None:
        return issues
    rated = [r for r in ratings.values() if r is not None]
    if len(rated) * MAX_POINTS != page.score_max:
        issues.append(Issue("warning", "score_max_mismatch",
                            f"'Score {page.score}/{page.score_max}' implies "
                            f"{page.score_max / MAX_POINTS:g} rated standards but {len(rated)} were found",
                            page.score_start))
    total = sum(points_for(r) or 0 for r in rated)
    if rated and total != page.score:
        issues.append(Issue("warning", "score_mismatch",
                            f"'Score {page.score}/{page.score_max}' but the standards' ratings add up to "
                            f"{total} points", page.score_start))
    if page.score > page.score_max:
        issues.append(Issue("warning", "score_above_max",
                            f"score {page.score} is above its maximum {page.score_max}", page.score_start))
    if page.score_max == YOUTH_SCORE_MAX and page.overall_rating:
        expected = youth_overall_band(page.score)
        if expected != page.overall_rating:
            issues.append(Issue("warning", "overall_band_mismatch",
                                f"overall rating {page.overall_rating!r} but a score of "
                                f"{page.score}/{YOUTH_SCORE_MAX} falls in the {expected!r} band",
                                page.overall_start))
    return issues


def check_bands(sections: Iterable[StandardSection], ratings: dict[str, str | None]) -> list[Issue]:
    issues = []
    for sec in sections:
        rating = ratings.get(sec.code)
        scored = [kq for kq in sec.key_questions if kq.theme != "outcomes"]
        if not scored:
            continue
        lowest = min(kq.yes_pct for kq in scored)
        if rating is not None and band_for(lowest) != rating:
            issues.append(Issue("warning", "band_mismatch",
                                f"standard {sec.code} is rated {rating!r} but its lowest key question "
                                f"({lowest:g}%) falls in the {band_for(lowest)!r} band", sec.start))
        for claimed, offset in sec.lowest_claims:
            if claimed != lowest:
                issues.append(Issue("warning", "narrative_mismatch",
                                    f"standard {sec.code}: the text gives the lowest score as {claimed:g}"
                                    f" per cent but the table's lowest is {lowest:g}%", offset))
    return issues


def check_key_questions_found(sections: Iterable[StandardSection]) -> list[Issue]:
    """Loud, not silent: percentages no question could be paired with, and a standard that prints a key
    question table, or whose domain's other standards have key questions, but yielded none."""
    sections = list(sections)
    domains_with = {s.code.split(".")[0] for s in sections if s.key_questions}
    issues = []
    for sec in sections:
        for offset in sec.unpaired_percentages:
            issues.append(Issue("warning", "key_question_unpaired",
                                f"standard {sec.code}: a percentage with no key question beside or above it; "
                                "not loaded", offset))
        for offset, line in sec.malformed_percentages:
            issues.append(Issue("warning", "percentage_malformed",
                                f"standard {sec.code}: a key-question line whose percentage cannot be read "
                                f"as a whole percentage 0-100; not loaded: {line[-80:]!r}", offset))
        for kq in sec.key_questions:
            if kq.yes_pct != int(kq.yes_pct):
                issues.append(Issue("warning", "percentage_malformed",
                                    f"standard {sec.code}: key question {kq.question_no} reads "
                                    f"{kq.yes_pct:g}%, not a whole percentage", kq.start))
        if sec.key_questions or sec.explicitly_unrated:
            continue
        if sec.has_key_question_table or sec.code.split(".")[0] in domains_with:
            # a printed key-question table that yields nothing holds the report back
            severity = "error" if sec.has_key_question_table else "warning"
            issues.append(Issue(severity, "key_questions_not_found",
                                f"standard {sec.code}: no key question with a percentage 'Yes' could be read "
                                "from its section", sec.start))
    return issues


def check_standards_present(codes: list[str], score_max: int | None) -> list[Issue]:
    """A standard missing between others of its domain (1.1, 1.2, 1.4), or the Outcomes standard 2.6 of a
    2021-23 PDU report (scored out of 27, standards 2.1-2.5 present) not found at all."""
    issues = []
    by_domain: dict[int, list[int]] = {}
    for code in codes:
        domain, number = (int(p) for p in code.split("."))
        by_domain.setdefault(domain, []).append(number)
    for domain, numbers in sorted(by_domain.items()):
        for gap in sorted(set(range(1, max(numbers) + 1)) - set(numbers)):
            issues.append(Issue("warning", "standard_missing",
                                f"standard {domain}.{gap} not found, though its domain has "
                                f"{', '.join(f'{domain}.{n}' for n in sorted(numbers))}"))
    if score_max == PDU_2021_23_SCORE_MAX and sorted(by_domain.get(2, [])) == [1, 2, 3, 4, 5]:
        issues.append(Issue("warning", "standard_missing",
                            "standard 2.6 Outcomes not found: a PDU report scored out of 27 has one"))
    return issues


def check_percentages(sections: Iterable[StandardSection]) -> list[Issue]:
    """A percentage 'Yes' above 100 is read as printed, and said here (the quality gate holds it back)."""
    return [Issue("warning", "percentage_out_of_range",
                  f"standard {sec.code}: key question {kq.question_no} reads {kq.yes_pct:g}%, above 100%",
                  kq.start)
            for sec in sections for kq in sec.key_questions if kq.yes_pct > 100]


def check_recommendations(recs: list[Recommendation]) -> list[Issue]:
    issues = []
    expected = 1
    for rec in recs:
        if rec.number != expected:
            what = "repeated" if rec.number < expected else f"missing {expected}"
            issues.append(Issue("warning", "recommendation_numbering",
                                f"recommendation {rec.number} follows {expected - 1} ({what})", rec.start))
        expected = rec.number + 1
    return issues


def check_case_counts(text: str, cases: int | None) -> list[Issue]:
    issues = []
    for word in _CASES_WORD.finditer(text):  # look back from each "cases": cheaper than scanning for digits
        window_start = max(0, word.start() - 48)
        if "of" not in text[window_start:word.start()].lower():
            continue  # no "x of y" can end here: skip the regex
        m = _X_OF_Y.search(text, window_start, word.start())
        if m is None:
            continue
        x, y = int(m.group(1)), int(m.group(2))
        if x > y:
            issues.append(Issue("warning", "case_count_inconsistent",
                                f"'{m.group(0)}cases': {x} is more than {y}", m.start()))
        elif cases is not None and y > cases:
            issues.append(Issue("warning", "case_count_exceeds_inspected",
                                f"'{m.group(0)}cases' but only {cases} cases were inspected", m.start()))
    return issues


_QUESTION_WORDS = ("is ", "are ", "does ", "do ", "did ", "has ", "have ", "was ", "were ", "can ", "how ",
                   "to what extent ", "in what ", "what ", "where ", "which ", "who ", "will ", "should ")


def check_key_question_rows(sections: Iterable[StandardSection]) -> list[Issue]:
    """Errors that hold the report back: a standard with fewer (or more) key questions than its section
    says it is judged against ("against three key questions"), or than the other standards of its domain
    that print the same kind of table (a question missing in the middle renumbers the rest); a question
    that does not read as a question (a fragment of a wrapped one, or text that is not a question)."""
    sections = list(sections)
    issues = []
    for sec in sections:
        if not sec.key_questions:
            continue
        found = len(sec.key_questions)
        if sec.printed_question_count is not None and sec.printed_question_count != found:
            issues.append(Issue("error", "key_question_count",
                                f"standard {sec.code}: its section says it is judged against "
                                f"{sec.printed_question_count} key question(s) but {found} were read",
                                sec.start))
        for kq in sec.key_questions:
            text = kq.question.strip()
            if not text.endswith("?") or not text[:1].isupper() or \
                    not text.lower().startswith(_QUESTION_WORDS):
                issues.append(Issue("error", "key_question_not_a_question",
                                    f"standard {sec.code}: key question {kq.question_no} does not read as a "
                                    f"question: {text[:80]!r}", kq.start))
    return issues


_NUMBER_IN_TEXT = re.compile(r"(?:^|[\s.;:])(\d{1,2})[.)]\s*(?=[a-z])")


def check_recommendation_text(recs: list[Recommendation]) -> list[Issue]:
    """An error when a recommendation's text holds the next list number ('... (UPW) 7. work with ...'): two
    recommendations read as one."""
    issues = []
    for rec in recs:
        for m in _NUMBER_IN_TEXT.finditer(rec.text):
            if int(m.group(1)) == rec.number + 1:
                issues.append(Issue("error", "recommendation_number_in_text",
                                    f"recommendation {rec.number} holds the number {m.group(1)} inside its "
                                    "text: two recommendations read as one "
                                    f"({rec.text[max(0, m.start() - 30):m.end() + 20]!r})",
                                    rec.start))
    return issues


_PLACEHOLDER = re.compile(r"\(cid:\d+\)|[\ue000-\uf8ff\ufffd]")
_FURNITURE = re.compile(r"^(?:inspection of|an inspection of|hm inspectorate of)\b.*?\d*$", re.IGNORECASE)


def check_finding_text(findings: list[dict]) -> list[Issue]:
    """An error for a finding with no real text: a bare bullet, a glyph placeholder, page furniture."""
    issues = []
    for f in findings:
        text = f["text"].strip()
        words = re.findall(r"[^\W\d_]{2,}", text)
        if len(words) < 2 or _PLACEHOLDER.search(text) or (_FURNITURE.match(text) and len(words) < 8):
            issues.append(Issue("error", "finding_not_text",
                                f"{f['section']!r} {f['kind']} {f['finding_no']} has no real text: "
                                f"{text[:60]!r}",
                                f["char_start"]))
    return issues


def check_overall_rating(page: RatingsPage, repeats: list[tuple[str, int]]) -> list[Issue]:
    """Errors: a report that prints a score ('Score x/y') with no overall rating read; an overall rating
    printed twice on the ratings page with different words; a standard rated twice there with different
    words. (A family that prints an overall rating without one read: check_family_parts.)"""
    issues = []
    if page.overall_rating is None and page.score is not None:
        issues.append(Issue("error", "overall_rating_missing",
                            f"the report prints 'Score {page.score}/{page.score_max}' but no overall rating "
                            "could be read", page.score_start))
    for code, first, other, offset in page.standard_conflicts:
        issues.append(Issue("error", "standard_rating_conflict",
                            f"the ratings page rates standard {code} both {first!r} and {other!r}", offset))
    distinct = sorted({r for r, _ in repeats})
    if len(distinct) > 1:
        issues.append(Issue("error", "overall_rating_conflict",
                            "the ratings page gives the overall rating as "
                            f"{' and as '.join(map(repr, distinct))}",
                            repeats[1][1]))
    return issues


def check_family_parts(family: str, traits: Traits, page: RatingsPage, has_standards: bool,
                       has_recommendations: bool) -> list[Issue]:
    """Errors naming each part the report's family always prints but that was not read: its overall
    rating (from the ratings section or the foreword), its score, its standards, its recommendations. A
    part the family does not have (a dynamic inspection's overall rating) is never asked for."""
    missing = []
    if traits.overall_rating and page.overall_rating is None and page.score is None:
        missing.append(("overall_rating_missing", "an overall rating (no ratings section, and no foreword "
                        "sentence rating this inspection overall)"))
    if traits.score and page.score is None:
        missing.append(("score_missing", "its score ('Score x/y')"))
    if traits.standards and not has_standards:
        missing.append(("standards_missing", f"its standards ({', '.join(traits.standards)})"))
    if traits.recommendations and not has_recommendations:
        missing.append(("recommendations_missing", "its recommendations"))
    return [Issue("error", code, f"held back: a {family} report prints {part}; none was read")
            for code, part in missing]
