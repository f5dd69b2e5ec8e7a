"""The rating vocabulary as data, in one place: the four ratings, their points, the bands of a key
question's percentage 'Yes', the youth overall bands and each report family's score maximum.

`pipelines.extract` (bands, cross-checks) and `pipelines.schema` (allowed values) read it; the SQL macros
of `pipelines/quality/rules.sql` and the value sets of `expectations/*.json` are written out by hand and
tests/test_vocabulary.py asserts they agree with it. Only the inspectorate's published rating rules
belong here; reading them from report text does not.
"""

from __future__ import annotations

# Best first, as the inspectorate lists them.
RATINGS: tuple[str, ...] = ("Outstanding", "Good", "Requires improvement", "Inadequate")
POINTS: dict[str, int] = {"Outstanding": 3, "Good": 2, "Requires improvement": 1, "Inadequate": 0}
# Order for sorting and charts, worst first: 1 Inadequate ... 4 Outstanding (points + 1).
RATING_ORDER: dict[str, int] = {rating: points + 1 for rating, points in POINTS.items()}
MAX_POINTS = max(POINTS.values())  # of one scored standard: a score out of y has y / 3 scored standards

# A key question's band: Inadequate below the first floor, else the band of the highest floor reached
# (< 50 Inadequate, 50-64 Requires improvement, 65-79 Good, >= 80 Outstanding).
LOWEST_BAND = "Inadequate"
KEY_QUESTION_BAND_FLOORS: tuple[tuple[float, str], ...] = (
    (50, "Requires improvement"), (65, "Good"), (80, "Outstanding"),
)

# Score maxima of the report families ("Score x/y"; read y from the report, never assume one of these).
PDU_2021_23_SCORE_MAX = 27
CRC_NPS_SCORE_MAX = 30
YOUTH_SCORE_MAX = 36
# Youth overall rating by score out of 36: the highest score of each band (0-6, 7-18, 19-30, 31-36).
YOUTH_OVERALL_BANDS: tuple[tuple[int, str], ...] = (
    (6, "Inadequate"), (18, "Requires improvement"), (30, "Good"), (36, "Outstanding"),
)


def points_for(rating: str | None) -> int | None:
    """Points of a rating: Outstanding 3, Good 2, Requires improvement 1, Inadequate 0; None if unrated."""
    if rating is None:
        return None
    return POINTS[rating]


def band_for(pct: float) -> str:
    """The rating band of a key question's percentage 'Yes'."""
    band = LOWEST_BAND
    for floor, name in KEY_QUESTION_BAND_FLOORS:
        if pct < floor:
            return band
        band = name
    return band


def youth_overall_band(score: int) -> str:
    """The overall rating a youth justice score out of 36 falls in (a score above 36 counts as the top)."""
    return next((r for top, r in YOUTH_OVERALL_BANDS if score <= top), YOUTH_OVERALL_BANDS[-1][1])
