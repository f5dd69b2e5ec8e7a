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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.quality.config import ConfigError, problem, quoted, read_config_json
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
    """The rules of one suite file (GX 1.x suite JSON; see expectations/README.md for the format); a
    `ConfigError` with one line per problem (file, entry, field, what is wrong) when it is malformed."""
    suite = read_config_json(path)
    if not isinstance(suite, dict):
        raise ConfigError([problem(path, "", "", "is not a suite: expected an object with name, meta and "
                                   "expectations")])
    lines: list[str] = []
    meta = suite.get("meta") if isinstance(suite.get("meta"), dict) else {}
    table = meta.get("table") or suite.get("name")
    if table not in TABLES_BY_NAME:
        lines.append(problem(path, "meta", "table", f"{quoted(table)} is not a table; the tables are "
                             + ", ".join(TABLES_BY_NAME)))
    declared = meta.get("rules", {})
    if not isinstance(declared, dict):
        lines.append(problem(path, "meta", "rules", "is not an object of rule names"))
        declared = {}
    expectations = suite.get("expectations", [])
    if not isinstance(expectations, list):
        lines.append(problem(path, "", "expectations", "is not a list"))
        expectations = []
    from pipelines.quality.sources import sql_objects  # sources imports this module

    known_sources = set(TABLES_BY_NAME) | set(sql_objects())
    checks: dict[str, list[Check]] = {name: [] for name in declared}
    named: set[str] = set()  # rules some expectation names, well-formed or not
    for i, exp in enumerate(expectations):
        found = _expectation_problems(exp, declared, known_sources)
        lines += [problem(path, f"expectations[{i}]", field, what) for field, what in found]
        exp_meta = exp.get("meta") if isinstance(exp, dict) and isinstance(exp.get("meta"), dict) else {}
        named.add(str(exp_meta.get("rule")))
        if not found:
            checks[exp_meta["rule"]].append(Check(exp["type"], dict(exp.get("kwargs", {})),
                                                  exp_meta.get("source") or str(table)))
    for name, spec in declared.items():
        lines += [problem(path, f"meta.rules.{name}", field, what)
                  for field, what in _rule_problems(name, spec, name in named)]
    if lines:
        raise ConfigError(lines)
    return [Rule(str(table), name, spec.get("severity", "error"), spec.get("level", "row"),
                 spec.get("description", ""), tuple(checks[name])) for name, spec in declared.items()]


def _expectation_problems(exp: Any, declared: dict[str, Any], sources: set[str]) -> list[tuple[str, str]]:
    if not isinstance(exp, dict):
        return [("", f"is {quoted(exp)}, not an object with type, kwargs and meta")]
    found = []
    kind = exp.get("type")
    if not isinstance(kind, str) or not kind.startswith("expect_"):
        found.append(("type", f"{quoted(kind)} is not a Great Expectations expectation type (expect_...)"))
    if not isinstance(exp.get("kwargs", {}), dict):
        found.append(("kwargs", "is not an object"))
    meta = exp.get("meta", {})
    if not isinstance(meta, dict):
        return [*found, ("meta", "is not an object with rule (and source)")]
    if meta.get("rule") not in declared:
        found.append(("meta.rule", f"{quoted(meta.get('rule'))} is not declared in meta.rules"
                      + (f" (declared: {', '.join(declared)})" if declared else "")))
    source = meta.get("source")
    if source is not None and source not in sources:
        found.append(("meta.source", f"{quoted(source)} is neither a table nor a check view of "
                      "pipelines/quality/rules.sql"))
    return found


def _rule_problems(name: str, spec: Any, is_named: bool) -> list[tuple[str, str]]:
    if not isinstance(spec, dict):
        return [("", "is not an object with severity, level and description")]
    found = []
    if not name.isidentifier():
        found.append(("", "is not a rule name: letters, digits and _ only"))
    if spec.get("severity", "error") not in SEVERITIES:
        found.append(("severity", f"{quoted(spec['severity'])} is not one of {', '.join(SEVERITIES)}"))
    if spec.get("level", "row") not in LEVELS:
        found.append(("level", f"{quoted(spec['level'])} is not one of {', '.join(LEVELS)}"))
    if not is_named:
        found.append(("", "has no expectations (none names it in meta.rule)"))
    return found


def rule_catalogue(expectations_dir: Path = EXPECTATIONS_DIR) -> list[Rule]:
    """Every rule, table by table in schema order: schema-derived rules first, then the suite's own."""
    rules: list[Rule] = []
    lines: list[str] = []  # every suite's problems, not only the first file's
    for table in TABLES:
        rules += schema_rules(table)
        path = suite_path(expectations_dir, table.name)
        try:
            suite_rules = load_suite(path)
        except ConfigError as exc:
            lines += exc.lines
            continue
        generated = {r.name for r in rules if r.table == table.name}
        lines += [problem(path, f"meta.rules.{r.name}", "", "is already a rule generated from the schema")
                  for r in suite_rules if r.name in generated]
        rules += suite_rules
    if lines:
        raise ConfigError(lines)
    return rules
