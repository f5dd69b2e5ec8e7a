"""Which report family a report belongs to, told from its title and its structure, and what each family
prints (an overall rating, a score, which standards), so a missing part is an error only where the family
has that part.

Belongs here: the pure decision (`detect_family`) and the families' traits as data (`TRAITS`). Reading the
title, ratings or standards from text does not (cover.py, ratings.py, standards.py); the warehouse-side
completeness rules are in `pipelines/quality/rules.sql` (check_completeness), written from the same traits
(tests/quality/test_family_completeness.py compares them).

How a family is told (first that applies):
- "dynamic" in the title (a dynamic public-protection inspection): dynamic_2025;
- a youth offending / youth justice body or title: youth_2025 when published in 2025 or later, else
  youth_2018 (the youth framework in use since 2018); undated: youth_2018;
- a CRC or NPS division (the 2018-2021 framework): crc_2018, nps_2018;
- a PDU: pdu_2021_23 when it prints standard 2.5 or 2.6 or is scored out of 27; pdu_2024 when its domain
  two ends at 2.4 or it is scored out of 21; else by publication year (2024 on: pdu_2024); undated and
  without either shape: pdu_2024 for a web page ("Back to top" links), else pdu_2021_23;
- a region (the title or body names a region, no PDU): region_2024;
- a national inspection (England and Wales, HMPPS, "national" in the title): national_2025;
- anything else: other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.schema import REPORT_FAMILIES
from pipelines.vocabulary import PDU_2021_23_SCORE_MAX, YOUTH_SCORE_MAX

__all__ = ["REPORT_FAMILIES", "TRAITS", "Traits", "detect_family", "is_unscored"]

_DYNAMIC = re.compile(r"\bdynamic\b", re.IGNORECASE)
_YOUTH = re.compile(r"\b(?:YOS|YOT|YJS|youth|young people)\b", re.IGNORECASE)
_PDU = re.compile(r"\b(?:PDU|probation delivery unit)\b", re.IGNORECASE)
_CRC = re.compile(r"\b(?:CRC|community rehabilitation company)\b", re.IGNORECASE)
_NPS = re.compile(r"\b(?:NPS|national probation service)\b", re.IGNORECASE)
_REGION = re.compile(r"\bregion(?:al)?\b", re.IGNORECASE)
_NATIONAL = re.compile(r"\b(?:national(?:ly)?|England and Wales|HMPPS)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Traits:
    """What every report of a family prints. None where the family's count or codes are not known."""

    overall_rating: bool  # prints an overall rating
    score: bool  # prints 'Score x/y'
    score_max: int | None = None  # the y every report of the family prints, when known
    standards: tuple[str, ...] | None = None  # codes every report prints, when known
    key_questions: dict[str, int] | None = None  # key questions per standard, when known
    unscored: tuple[str, ...] = ()  # names (lower-case prefixes) of standards rated but not scored
    recommendations: bool = True
    notes: str = ""  # what is not known about the family, said instead of guessed
    unrated: tuple[str, ...] = ()  # standard codes that are never rated


TRAITS: dict[str, Traits] = {
    "pdu_2021_23": Traits(
        overall_rating=True, score=True, score_max=PDU_2021_23_SCORE_MAX,
        standards=("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6"),
        key_questions={"2.1": 1, "2.2": 3, "2.3": 3, "2.4": 3, "2.5": 3, "2.6": 1}, unrated=("2.6",)),
    "pdu_2024": Traits(
        overall_rating=True, score=True, score_max=21,
        standards=("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4"),
        notes="key questions per standard not known"),
    "region_2024": Traits(overall_rating=False, score=False,
                          notes="no overall rating; number of standards and key questions not known"),
    "national_2025": Traits(overall_rating=False, score=False,
                            notes="no overall rating; number of standards and key questions not known"),
    "youth_2018": Traits(
        overall_rating=True, score=True, score_max=YOUTH_SCORE_MAX,
        standards=("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4"),
        unscored=("resettlement",),
        notes="key questions per standard not known; resettlement (when printed) is rated, not scored"),
    "youth_2025": Traits(
        overall_rating=True, score=True, score_max=YOUTH_SCORE_MAX, unscored=("resettlement",),
        notes="standard codes and key questions not known; resettlement is rated, not scored"),
    "crc_2018": Traits(overall_rating=True, score=True,
                       notes="score maximum, standard codes and key questions not known"),
    "nps_2018": Traits(overall_rating=True, score=True,
                       notes="score maximum, standard codes and key questions not known"),
    "dynamic_2025": Traits(overall_rating=False, score=False,
                           notes="no overall rating or score; standards and key questions not known"),
    "other": Traits(overall_rating=False, score=False, recommendations=False,
                    notes="an unknown family: nothing is required of it"),
}


def detect_family(title: str | None, inspected_body: str | None, publication_year: int | None,
                  standard_codes: list[str], score_max: int | None, web_page: bool = False) -> str:
    """The report family (one of REPORT_FAMILIES) from what the cover and the structure say."""
    title, body = title or "", inspected_body or ""
    named = f"{title} {body}"
    if _DYNAMIC.search(title):
        return "dynamic_2025"
    if _YOUTH.search(named):
        return "youth_2025" if publication_year is not None and publication_year >= 2025 else "youth_2018"
    if _CRC.search(body):
        return "crc_2018"
    if _NPS.search(body):
        return "nps_2018"
    if _PDU.search(body):
        return _pdu_family(publication_year, standard_codes, score_max, web_page)
    if _REGION.search(named):
        return "region_2024"
    if _NATIONAL.search(named):
        return "national_2025"
    return "other"


def _pdu_family(year: int | None, codes: list[str], score_max: int | None, web_page: bool) -> str:
    domain_two = [int(c.split(".")[1]) for c in codes if c.split(".")[0] == "2"]
    if score_max == TRAITS["pdu_2021_23"].score_max or any(n >= 5 for n in domain_two):
        return "pdu_2021_23"
    if score_max == TRAITS["pdu_2024"].score_max or (domain_two and max(domain_two) == 4):
        return "pdu_2024"
    if year is not None:
        return "pdu_2024" if year >= 2024 else "pdu_2021_23"
    return "pdu_2024" if web_page else "pdu_2021_23"


def is_unscored(family: str, standard_name: str) -> bool:
    """A standard the family rates but leaves out of the score (a youth inspection's resettlement)."""
    name = standard_name.strip().lower()
    return any(name.startswith(prefix) for prefix in TRAITS[family].unscored)
