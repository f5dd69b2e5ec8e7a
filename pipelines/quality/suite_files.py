"""Where the expectation suites are, the one place that knows: inside an installed wheel they ship as
`pipelines/_expectations/` (see `[tool.hatch.build.targets.wheel.force-include]` in pyproject.toml); in a
checkout they are the top-level `expectations/` folder. A suite file that should be there and is not is an
error naming the file, never a rule set silently skipped. Reading a suite's content is `suites`.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
INSTALLED_DIR = PACKAGE_DIR / "_expectations"
CHECKOUT_DIR = PACKAGE_DIR.parent / "expectations"


def find_expectations_dir(installed: Path = INSTALLED_DIR, checkout: Path = CHECKOUT_DIR) -> Path:
    """The installed copy when the package carries one, else the checkout's folder."""
    return installed if installed.is_dir() else checkout


EXPECTATIONS_DIR = find_expectations_dir()


class SuiteMissing(FileNotFoundError):
    """A table's suite file is not where the rules are looked up."""


def suite_path(expectations_dir: Path, table: str) -> Path:
    """`<expectations_dir>/<table>.json`; raises `SuiteMissing` naming the file when it is not there."""
    path = expectations_dir / f"{table}.json"
    if not path.is_file():
        raise SuiteMissing(f"expectation suite {path} is missing: the hand-written rules of table {table!r} "
                           "would not run")
    return path
