"""docs/recipes.md runs: every code block is executed against a real snapshot (the sample reports and a
copy of Wigan re-published in June 2025) and its result compared with values written by hand from the
reports' text; the SQL and the pandas version of each recipe must give the same rows."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.analysts.conftest import WIGAN_2025
from tests.reliability.helpers import ROOT

RECIPES = ROOT / "docs" / "recipes.md"
WIGAN, TAMESIDE = "wigan-pdu-2023-05", "tameside-pdu-2023-05"
RI = "Requires improvement"
MAY_2023, JUNE_2025 = dt.date(2023, 5, 1), dt.date(2025, 6, 1)

# (standard, lowest question number, its percentage, rating) from each report's key-question tables
_LOWEST = {
    WIGAN: [("2.1", 1, 50, RI), ("2.2", 3, 33, "Inadequate"), ("2.3", 3, 44, "Inadequate"),
            ("2.4", 3, 41, "Inadequate"), ("2.5", 3, 31, "Inadequate")],
    TAMESIDE: [("2.1", 1, 58, RI), ("2.2", 3, 29, "Inadequate"), ("2.3", 3, 43, "Inadequate"),
               ("2.4", 3, 39, "Inadequate"), ("2.5", 3, 39, "Inadequate")],
}
_LOWEST[WIGAN_2025] = _LOWEST[WIGAN]

EXPECTED = {
    "report_ratings": (
        ["report_id", "overall_rating", "overall_rating_order", "score", "score_max"],
        [(TAMESIDE, RI, 2, 7, 27), (WIGAN, RI, 2, 7, 27), (WIGAN_2025, RI, 2, 7, 27)]),
    "lowest_key_question": (
        ["report_id", "standard_code", "question_no", "yes_pct", "rating"],
        [(rid, code, no, pct, rating) for rid in sorted(_LOWEST) for code, no, pct, rating in _LOWEST[rid]]),
    "recommendations_by_addressee": (
        ["addressee", "addressee_level", "reports", "recommendations"],
        [("Greater Manchester region", "region", 3, 9),  # 3 in each Wigan copy, 3 in Tameside
         ("Wigan PDU", "local", 2, 8),  # 1-4 in both Wigan copies
         ("HM Prison and Probation Service", "national", 3, 6),
         ("Tameside PDU", "local", 1, 5)]),
    "body_history": (
        ["inspection_no", "report_id", "inspected_body", "publication_month", "overall_rating",
         "previous_overall_rating", "overall_rating_order_change", "score", "score_change"],
        [(1, WIGAN, "Wigan PDU", MAY_2023, RI, None, None, 7, None),
         (2, WIGAN_2025, "Wigan Probation Delivery Unit", JUNE_2025, RI, RI, 0, 7, 0)]),
}


def _blocks() -> dict[tuple[str, str], str]:
    text = RECIPES.read_text(encoding="utf-8")
    blocks: dict[tuple[str, str], str] = {}
    for lang, code in re.findall(r"```(sql|python)\n(.*?)```", text, re.DOTALL):
        first = code.splitlines()[0]
        name = re.fullmatch(r"(?:--|#) recipe: (\w+)", first)
        assert name, f"a {lang} block in recipes.md does not start with its recipe name: {first!r}"
        assert (name.group(1), lang) not in blocks, f"recipe {name.group(1)} has two {lang} blocks"
        blocks[(name.group(1), lang)] = code
    return blocks


def _plain(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp
        return value.to_pydatetime().date()  # type: ignore[union-attr]
    if hasattr(value, "item"):  # a numpy scalar
        return value.item()  # type: ignore[union-attr]
    return value


def _run(name: str, lang: str, code: str) -> list[tuple]:
    columns = EXPECTED[name][0]
    if lang == "sql":
        frame = duckdb.connect().execute(code).df()
    else:
        scope: dict[str, object] = {}
        exec(compile(code, f"recipes.md:{name}", "exec"), scope)  # noqa: S102 - the documented code
        frame = scope["result"]
    return [tuple(_plain(v) for v in row) for row in frame[columns].itertuples(index=False)]  # type: ignore[index]


def test_every_recipe_has_sql_and_pandas():
    assert sorted(_blocks()) == sorted((name, lang) for name in EXPECTED for lang in ("python", "sql"))


@pytest.mark.parametrize("lang", ["sql", "python"])
@pytest.mark.parametrize("name", list(EXPECTED))
def test_recipe_gives_the_hand_written_answer(name: str, lang: str, real_warehouse: Path,
                                              monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(real_warehouse.parent)  # the recipes read warehouse/latest/...
    assert real_warehouse.name == "warehouse"
    assert _run(name, lang, _blocks()[(name, lang)]) == EXPECTED[name][1]
