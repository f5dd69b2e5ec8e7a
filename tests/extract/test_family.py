"""detect_family, a pure function: each family told from a title, a body and the structure read, with
the expected family typed by hand."""

from __future__ import annotations

import pytest

from pipelines.extract.family import TRAITS, detect_family, is_unscored
from pipelines.schema import REPORT_FAMILIES

PDU_2021_CODES = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
PDU_2024_CODES = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4"]


@pytest.mark.parametrize(("title", "body", "year", "codes", "score_max", "web", "family"), [
    ("An inspection of probation services in: Wigan PDU", "Wigan PDU", 2023, PDU_2021_CODES, 27, False,
     "pdu_2021_23"),
    ("An inspection of probation services in: Eastmoor PDU", "Eastmoor PDU", 2025, PDU_2024_CODES, 21,
     False, "pdu_2024"),
    # structure wins over the year: a 2024 report still in the 2021-23 layout
    ("An inspection of probation services in: Oldtown PDU", "Oldtown PDU", 2024, PDU_2021_CODES, 27, False,
     "pdu_2021_23"),
    # no structure read: the year decides; undated, a web page is the 2024 layout
    ("An inspection of probation services in Sunderland PDU", "Sunderland PDU", 2022, [], None, False,
     "pdu_2021_23"),
    ("An inspection of probation services in Sunderland PDU", "Sunderland PDU", None, [], None, True,
     "pdu_2024"),
    ("An inspection of probation services in Sunderland PDU", "Sunderland PDU", None, [], None, False,
     "pdu_2021_23"),
    ("A regional inspection of probation services in: the North East region", "the North East region",
     2024, ["1.1", "1.2"], None, True, "region_2024"),
    ("A national inspection of probation services in: England and Wales", "England and Wales", 2025, [],
     None, True, "national_2025"),
    ("An inspection of youth offending services in: Northbridge YOS", "Northbridge YOS", 2021, [], 36,
     False, "youth_2018"),
    ("An inspection of youth justice services in: Southmere YJS", "Southmere YJS", 2025, [], 36, True,
     "youth_2025"),
    ("An inspection of youth justice services in: Southmere YJS", "Southmere YJS", None, [], 36, True,
     "youth_2018"),
    ("An inspection of probation services in: Kent, Surrey and Sussex CRC", "Kent, Surrey and Sussex CRC",
     2019, [], 30, False, "crc_2018"),
    ("An inspection of probation services in: NPS Wales Division", "NPS Wales Division", 2019, [], 30,
     False, "nps_2018"),
    ("A dynamic public protection inspection of probation services in: Northfield PDU", "Northfield PDU",
     2025, [], None, True, "dynamic_2025"),
    ("A thematic inspection of: something else", "something else", 2024, [], None, False, "other"),
    (None, None, None, [], None, False, "other"),
])
def test_detect_family(title, body, year, codes, score_max, web, family):
    assert detect_family(title, body, year, codes, score_max, web) == family


def test_every_family_has_traits_and_families_without_a_rating_require_no_score():
    assert set(TRAITS) == set(REPORT_FAMILIES)
    for name in ("region_2024", "national_2025", "dynamic_2025"):
        assert not TRAITS[name].overall_rating and not TRAITS[name].score
    assert TRAITS["youth_2018"].score_max == 36 and TRAITS["pdu_2021_23"].score_max == 27


def test_youth_resettlement_is_rated_but_not_scored():
    assert is_unscored("youth_2018", "Resettlement policy and provision")
    assert is_unscored("youth_2025", " resettlement")
    assert not is_unscored("youth_2018", "Assessment")
    assert not is_unscored("pdu_2024", "Resettlement policy and provision")
