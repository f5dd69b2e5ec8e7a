"""Synthetic report texts, one per report family, written by hand for the tests (none is a real report;
bodies, dates, ratings and wording are invented, in each family's layout). Each module holds NAME (the
file name), DATA (the file's bytes) and EXPECTED (the values typed by hand from the text)."""

FAMILY_MODULES = (
    "pdu_2021_23",
    "pdu_2024",
    "region_2024",
    "national_2025",
    "youth_2018",
    "youth_2025",
    "crc_2018",
    "nps_2018",
    "dynamic_2025",
    "other",
)
