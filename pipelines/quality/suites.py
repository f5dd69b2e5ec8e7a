"""The rule catalogue: which rules exist, on which table, with which Great Expectations expectations.

Two sources, merged into one ordered list of `Rule`s:
- column-level rules generated from `pipelines.schema` (column set and types, unique key, not-null,
  allowed values, ranges), so a column added to the schema is checked without touching this file;
- hand-written rules read from `expectations/<table>.json`, one GX 1.x suite per published table, whose
  expectations may run on the table itself or on a check view from `rules.sql` (named in `meta.source`).

Only descriptions of rules belong here (plain data, no great_expectations import); running them is
`gx_runner`, deciding what a failure means is `gate`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.quality.suite_files import EXPECTATIONS_DIR, suite_path
from pipelines.schema import SEVERITIES, TABLES, TABLES_BY_NAME, Table

# Rule names generated from the schema for every table (module-level so the Dagster checks share them).
COLUMNS_MATCH_SCHEMA = "columns_match_schema"
KEY_IS_UNIQUE = "key_is_unique"
REQUIRED_NOT_NULL = "required_not_null"
VALUES_IN_ALLOWED_SET = "values_in_allowed_set"
VALUES_IN_RANGE = "values_in_range"
IDS_ARE_UNIQUE = "ids_are_unique"

# The source name of the per-table frame of actual vs expected column types (built in `sources.py`).
COLUMN_TYPES_SOURCE = "column_types"

LEVELS = ("row", "table")


@dataclass(frozen=True)
class Check:
    """One GX expectation: its type and kwargs, and the source (table or check view) it runs on."""

    type: str
    kwargs: dict[str, Any]
    source: str

    @property
    def columns(self) -> list[str]:
        """The columns the expectation reads, in a stable order."""
        kw = self.kwargs
        cols = [kw[k] for k in ("column", "column_A", "column_B") if k in kw]
        return cols + list(kw.get("column_list", []))

    def describe(self) -> str:
        """A short human-readable form, e.g. 'yes_pct between 0 and 100' or 'rating = band_rating'."""
        kw, kind = self.kwargs, self.type.removeprefix("expect_")
        a, b, col = kw.get("column_A"), kw.get("column_B"), kw.get("column")
        forms = {
            "column_pair_values_to_be_equal": f"{a} = {b}",
            "column_pair_values_a_to_be_greater_than_b": f"{a} {'>=' if kw.get('or_equal') else '>'} {b}",
            "column_pair_values_to_be_in_set": f"({a}, {b}) in {kw.get('value_pairs_set')}",
            "column_values_to_be_between": _between(col, kw.get("min_value"), kw.get("max_value")),
            "column_value_lengths_to_be_between": "length of "
            + _between(col, kw.get("min_value"), kw.get("max_value")),
            "column_values_to_be_in_set": f"{col} in {kw.get('value_set')}",
            "column_values_to_not_be_in_set": f"{col} not in {kw.get('value_set')}",
            "column_values_to_be_null": f"{col} is empty",
            "column_values_to_not_be_null": f"{col} is filled",
            "column_values_to_be_unique": f"{col} is unique",
            "compound_columns_to_be_unique": f"({', '.join(kw.get('column_list', []))}) is unique",
            "table_columns_to_match_set": "columns match the schema",
        }
        if kind in forms:
            return forms[kind]
        target = col or ", ".join(kw.get("column_list", [])) or "table"
        return f"{target}: {kind.replace('_', ' ')}"


def _between(col: str | None, low: Any, high: Any) -> str:
    if low is not None and high is not None:
        return f"{col} between {low} and {high}"
    if low is None and high is None:
        return f"{col} in range"
    return f"{col} >= {low}" if low is not None else f"{col} <= {high}"


@dataclass(frozen=True)
class Rule:
    """A named rule on one table: a failure holds reports back (row level) or blocks the run (table level)."""

    table: str
    name: str
    severity: str  # error | warning
    level: str  # row | table
    description: str
    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def rule_id(self) -> str:
        return f"{self.table}.{self.name}"


# ---- rules generated from the schema ----------------------------------------------------------------

def schema_rules(table: Table) -> list[Rule]:
    """The column-level rules of one table, derived from its description in `pipelines.schema`."""
    src = table.name
    required = [c.name for c in table.columns if not c.nullable]
    allowed = [c for c in table.columns if c.allowed]
    ranged = [c for c in table.columns if c.min_value is not None or c.max_value is not None]
    rules = [
        Rule(table.name, COLUMNS_MATCH_SCHEMA, "error", "table",
             "The table has exactly the schema's columns, with the schema's DuckDB types.",
             (Check("expect_table_columns_to_match_set",
                    {"column_set": table.column_names, "exact_match": True}, src),
              Check("expect_column_pair_values_to_be_equal",
                    {"column_A": "actual_type", "column_B": "expected_type"},
                    f"{COLUMN_TYPES_SOURCE}:{src}"))),
        Rule(table.name, KEY_IS_UNIQUE, "error", "table",
             f"No two rows share the key ({', '.join(table.key)}).", (_unique_check(table),)),
    ]
    unique = [c.name for c in table.columns if c.unique]
    if unique:
        rules.append(Rule(table.name, IDS_ARE_UNIQUE, "error", "table",
                          "No two rows share a value of: " + ", ".join(unique) + ".",
                          tuple(Check("expect_column_values_to_be_unique", {"column": c}, src)
                                for c in unique)))
    if required:
        rules.append(Rule(table.name, REQUIRED_NOT_NULL, "error", "row",
                          "Required columns are filled: " + ", ".join(required) + ".",
                          tuple(Check("expect_column_values_to_not_be_null", {"column": c}, src)
                                for c in required)))
    if allowed:
        rules.append(Rule(table.name, VALUES_IN_ALLOWED_SET, "error", "row",
                          "Closed vocabularies hold: " + ", ".join(c.name for c in allowed) + ".",
                          tuple(Check("expect_column_values_to_be_in_set",
                                      {"column": c.name, "value_set": list(c.allowed or ())}, src)
                                for c in allowed)))
    if ranged:
        rules.append(Rule(table.name, VALUES_IN_RANGE, "error", "row",
                          "Values within their range: " + ", ".join(_range_text(c) for c in ranged) + ".",
                          tuple(Check("expect_column_values_to_be_between", _range_kwargs(c), src)
                                for c in ranged)))
    return rules


def _unique_check(table: Table) -> Check:
    if len(table.key) == 1:
        return Check("expect_column_values_to_be_unique", {"column": table.key[0]}, table.name)
    return Check("expect_compound_columns_to_be_unique", {"column_list": list(table.key)}, table.name)


def _range_kwargs(col: Any) -> dict[str, Any]:
    kw: dict[str, Any] = {"column": col.name}
    if col.min_value is not None:
        kw["min_value"] = col.min_value
    if col.max_value is not None:
        kw["max_value"] = col.max_value
    return kw


def _range_text(col: Any) -> str:
    low = "" if col.min_value is None else f"{col.min_value:g} <= "
    high = "" if col.max_value is None else f" <= {col.max_value:g}"
    return f"{low}{col.name}{high}"


# ---- rules read from expectations/<table>.json -------------------------------------------------------

def load_suite(path: Path) -> list[Rule]:
    """The rules of one suite file (GX 1.x suite JSON; see expectations/README.md for the format)."""
    try:
        suite = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # a person is told which file, and why
        raise ValueError(f"expectation suite {path} cannot be read: {exc}") from exc
    table = suite.get("meta", {}).get("table") or suite.get("name")
    if table not in TABLES_BY_NAME:
        raise ValueError(f"{path.name}: unknown table {table!r}")
    declared: dict[str, dict[str, Any]] = suite.get("meta", {}).get("rules", {})
    checks: dict[str, list[Check]] = {name: [] for name in declared}
    for i, exp in enumerate(suite.get("expectations", [])):
        meta = exp.get("meta", {})
        name = meta.get("rule")
        if name not in declared:
            raise ValueError(f"{path.name}: expectation {i} names rule {name!r}, not declared in meta.rules")
        checks[name].append(Check(exp["type"], dict(exp.get("kwargs", {})), meta.get("source") or table))
    rules = []
    for name, spec in declared.items():
        severity, level = spec.get("severity", "error"), spec.get("level", "row")
        if severity not in SEVERITIES or level not in LEVELS or not name.isidentifier():
            raise ValueError(f"{path.name}: rule {name!r} has a bad name, severity or level")
        if not checks[name]:
            raise ValueError(f"{path.name}: rule {name!r} has no expectations")
        rules.append(Rule(table, name, severity, level, spec.get("description", ""), tuple(checks[name])))
    return rules


def rule_catalogue(expectations_dir: Path = EXPECTATIONS_DIR) -> list[Rule]:
    """Every rule, table by table in schema order: schema-derived rules first, then the suite's own."""
    rules: list[Rule] = []
    for table in TABLES:
        rules += schema_rules(table)
        rules += load_suite(suite_path(expectations_dir, table.name))
    seen: set[str] = set()
    for rule in rules:
        if rule.rule_id in seen:
            raise ValueError(f"rule {rule.rule_id} is defined twice")
        seen.add(rule.rule_id)
    return rules
