"""Where the suites are found: the checkout's expectations/, or pipelines/_expectations inside an
installed wheel; a missing suite is an error naming the file, never a table checked without its rules."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipelines.quality.suite_files import SuiteMissing, find_expectations_dir, suite_path
from pipelines.quality.suites import rule_catalogue
from pipelines.schema import TABLES

ROOT = Path(__file__).resolve().parents[2]
UV = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")


def test_the_installed_copy_wins_over_the_checkout(tmp_path):
    installed, checkout = tmp_path / "pipelines" / "_expectations", tmp_path / "expectations"
    checkout.mkdir()
    assert find_expectations_dir(installed, checkout) == checkout
    installed.mkdir(parents=True)
    assert find_expectations_dir(installed, checkout) == installed


def test_a_missing_suite_is_an_error_naming_the_file(tmp_path):
    folder = tmp_path / "expectations"
    shutil.copytree(ROOT / "expectations", folder)
    (folder / "quotes.json").unlink()
    with pytest.raises(SuiteMissing, match=r"quotes\.json"):
        rule_catalogue(folder)
    with pytest.raises(FileNotFoundError, match="sections.json"):
        suite_path(tmp_path / "nowhere", "sections")


@pytest.mark.slow
def test_the_wheel_carries_every_suite_and_finds_them(tmp_path):
    if not Path(UV).exists():
        pytest.skip("uv is not installed here (make setup bootstraps it into .tools/)")
    built = subprocess.run([UV, "build", "--wheel", "--out-dir", str(tmp_path)], cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("hmip_pipelines-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for table in TABLES:
        assert f"pipelines/_expectations/{table.name}.json" in names, table.name
    assert "pipelines/_expectations/accepted_exceptions.json" in names
    assert "pipelines/quality/rules.sql" in names
    assert not any("synthetic" in n for n in names)  # the generator is a bench tool, not shipped
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    found = subprocess.run(
        [sys.executable, "-c", "from pipelines.quality.suite_files import EXPECTATIONS_DIR as d; "
         "from pipelines.quality.suites import rule_catalogue as c; print(d); print(len(c()))"],
        cwd=tmp_path, env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120)
    assert found.returncode == 0, found.stderr[-2000:]
    where, rules = found.stdout.split()
    assert Path(where) == unpacked / "pipelines" / "_expectations"
    assert int(rules) == len(rule_catalogue())
