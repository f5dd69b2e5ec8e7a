"""Configuration errors: what is wrong with `expectations/` (the accepted exceptions, an expectation
suite), one line per problem naming the file, the entry, the field and what is wrong, and `check_config`,
which reads the whole folder and returns every such line so `hmip run` can refuse to start (exit 2)
before any Dagster run. What a well-formed file means, and finding its problems, is `exceptions` and
`suites`; they raise `ConfigError`. A suite file that is missing is not a configuration error but a broken
checkout or install (`suite_files.SuiteMissing`, a failed run).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """One or more problems with the configuration, each a line from `problem`."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


def shown(path: Path) -> str:
    """A path as a person types it: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def problem(path: Path, entry: str, field: str, what: str) -> str:
    """'<file>: <entry>: <field>: <what is wrong>', leaving out an empty entry or field."""
    return ": ".join([shown(path), *(part for part in (entry, field) if part), what])


def quoted(value: Any) -> str:
    """A value as it is written in the JSON file."""
    return json.dumps(value, ensure_ascii=False)


def read_config_json(path: Path) -> Any:
    """The parsed file; a `ConfigError` naming the file, line and column when it is not JSON."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError([problem(path, "", "", f"is not UTF-8 text ({exc.reason})")]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError([problem(path, "", "", f"is not valid JSON: {exc.msg} at line {exc.lineno}, "
                                   f"column {exc.colno}")]) from None


def check_config(expectations_dir: Path) -> list[str]:
    """Every problem with the suites and accepted exceptions of `expectations_dir`; [] when none.
    Raises `SuiteMissing` (not a configuration error) when a suite file is not there."""
    from pipelines.quality.exceptions import load_exceptions  # they import ConfigError from here
    from pipelines.quality.suites import rule_catalogue

    lines: list[str] = []
    try:
        rules = rule_catalogue(expectations_dir)
    except ConfigError as exc:
        lines += exc.lines
        rules = None  # the exceptions' rule names cannot be checked against a broken catalogue
    try:
        load_exceptions(expectations_dir, rules)
    except ConfigError as exc:
        lines += exc.lines
    return lines
