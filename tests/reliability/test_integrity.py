"""Integrity with real `hmip` processes: `hmip verify` on an intact snapshot, a deleted file and a flipped
byte; a run that finds `latest` damaged republishes it as a new version (never editing the old one);
identical junk under two names, each error naming its own file in the manifest and extraction_issues;
an edited copy of a published report is held back while the published report stays in `latest`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests._fixtures import warm_hmip

from .helpers import RUN_TIMEOUT, SAMPLES, assert_valid_snapshot, dagster_home, env_with, hmip_run

pytestmark = pytest.mark.slow
WIGAN = "wigan-pdu-2023-05"
JUNK = b"\x00\x01" + bytes(range(256)) * 12


def _hmip(home: Path, *args: str) -> subprocess.CompletedProcess:
    return warm_hmip.run(list(args), env=env_with(home), timeout=RUN_TIMEOUT)


def _manifest(snapshot: Path) -> dict:
    return json.loads((snapshot / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path, Path]:
    """raw/ with both samples and the same junk bytes as random.txt and random.pdf, run once."""
    base = tmp_path_factory.mktemp("integrity")
    raw, warehouse, home = base / "raw", base / "warehouse", dagster_home(base)
    shutil.copytree(SAMPLES, raw)
    (raw / "random.txt").write_bytes(JUNK)
    (raw / "random.pdf").write_bytes(JUNK)
    proc = hmip_run(raw, warehouse, home)
    assert proc.returncode == 3, proc.stdout + proc.stderr  # published, the two junk files rejected
    return raw, warehouse, home


def _copy(warehouse: Path, to: Path) -> Path:
    shutil.copytree(warehouse, to, symlinks=True)
    return to


def _damage(snapshot: Path, name: str, *, delete: bool = False) -> None:
    path = snapshot.resolve() / name
    path.parent.chmod(0o755)
    if delete:
        path.unlink()
        return
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def test_verify_an_intact_snapshot_exits_0(published):
    _, warehouse, home = published
    proc = _hmip(home, "verify", "--warehouse", str(warehouse))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "is intact" in proc.stdout
    version = _manifest(warehouse / "latest")["version"]
    assert _hmip(home, "verify", version, "--warehouse", str(warehouse)).returncode == 0
    assert _hmip(home, "verify", "1999-01-01.1", "--warehouse", str(warehouse)).returncode == 2


def test_verify_names_a_deleted_file_and_a_flipped_byte(published, tmp_path):
    _, warehouse, home = published
    copy = _copy(warehouse, tmp_path / "w")
    _damage(copy / "latest", "standards.parquet", delete=True)
    _damage(copy / "latest", "reports.parquet")
    _damage(copy / "latest", "CHANGES.md")
    proc = _hmip(home, "verify", "latest", "--warehouse", str(copy))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert "  standards.parquet: missing" in lines
    assert any(line.startswith("  reports.parquet: sha256 ") for line in lines), proc.stdout
    assert any(line.startswith("  CHANGES.md: sha256 ") for line in lines), proc.stdout
    assert not any("findings.parquet" in line for line in lines)

    listing = _hmip(home, "snapshots", "--warehouse", str(copy)).stdout
    assert "damaged" in listing and "passed" not in listing.splitlines()[1]


def test_a_parquet_file_replaced_with_the_wrong_schema_fails_verify(published, tmp_path):
    import pyarrow as pa

    _, warehouse, home = published
    copy = _copy(warehouse, tmp_path / "w")
    snapshot = (copy / "latest").resolve()
    snapshot.chmod(0o755)
    (snapshot / "quotes.parquet").chmod(0o644)
    pq.write_table(pa.table({"report_id": ["x"]}), snapshot / "quotes.parquet")
    proc = _hmip(home, "verify", "--warehouse", str(copy))
    assert proc.returncode == 1 and "quotes.parquet" in proc.stdout


def test_a_run_republishes_a_damaged_latest_as_a_new_version(published, tmp_path):
    raw, warehouse, home = published
    copy = _copy(warehouse, tmp_path / "w")
    damaged_version = _manifest(copy / "latest")["version"]
    _damage(copy / "latest", "reports.parquet")
    damaged_bytes = (copy / "snapshots" / damaged_version / "reports.parquet").read_bytes()

    proc = hmip_run(raw, copy, home)
    assert proc.returncode == 3, proc.stdout + proc.stderr  # republished; the two junk files rejected
    assert "nothing to do" not in proc.stdout
    assert f"latest ({damaged_version}) was damaged: reports.parquet: sha256" in proc.stdout
    new_version = _manifest(copy / "latest")["version"]
    assert new_version != damaged_version
    assert f"repaired by publishing {new_version}" in proc.stdout
    manifest = assert_valid_snapshot(copy / "latest")
    assert manifest["repaired"]["version"] == damaged_version
    assert manifest["repaired"]["bad_files"][0].startswith("reports.parquet: sha256")
    # the damaged snapshot is left as it was (immutable), not edited in place
    assert (copy / "snapshots" / damaged_version / "reports.parquet").read_bytes() == damaged_bytes
    assert _hmip(home, "verify", "--warehouse", str(copy)).returncode == 0
    assert pq.read_table(copy / "latest" / "reports.parquet").num_rows == 2

    again = hmip_run(raw, copy, home)
    # nothing to do, and the junk files are still rejected: the standing outcome is partial
    assert again.returncode == 3 and "nothing to do" in again.stdout, again.stdout


def test_identical_junk_under_two_names_each_names_itself(published):
    _, warehouse, _ = published
    inputs = {i["name"]: i for i in _manifest(warehouse / "latest")["inputs"]}
    assert inputs["random.txt"]["reason"] == "random.txt: binary data, not a report"
    assert inputs["random.pdf"]["reason"] == "random.pdf: binary data, not a report"
    issues = pq.read_table(warehouse / "latest" / "extraction_issues.parquet").to_pylist()
    junk = sorted((r["source_file"], r["message"]) for r in issues if r["report_id"] is None)
    assert junk == [("random.pdf", "random.pdf: binary data, not a report"),
                    ("random.txt", "random.txt: binary data, not a report")]


def test_an_edited_copy_is_held_back_and_the_published_report_stays(published, tmp_path):
    raw, warehouse, home = published
    copy = _copy(warehouse, tmp_path / "w")
    raw2 = tmp_path / "raw"
    shutil.copytree(raw, raw2)
    text = (raw2 / f"{WIGAN}.txt").read_text(encoding="utf-8")
    edited = text.replace("We would like to thank all those", "We wish to thank all those", 1)
    assert edited != text
    (raw2 / "wigan-v2.txt").write_text(edited, encoding="utf-8")

    proc = hmip_run(raw2, copy, home)
    assert proc.returncode == 3, proc.stdout + proc.stderr  # published, the edited copy held back
    assert "conflict: 1 file(s) held back" in proc.stdout
    assert "  conflict: wigan-v2.txt: held back: also yields report wigan-pdu-2023-05, which is " \
           f"published from {WIGAN}.txt" in proc.stdout
    reports = {r["report_id"]: r["source_file"]
               for r in pq.read_table(copy / "latest" / "reports.parquet").to_pylist()}
    assert reports == {WIGAN: f"{WIGAN}.txt", "tameside-pdu-2023-05": "tameside-pdu-2023-05.txt"}
    inputs = {i["name"]: i for i in json.loads((copy / "last_run" / "quality.json").read_text())["inputs"]}
    assert inputs[f"{WIGAN}.txt"]["status"] == "published"
    assert inputs["wigan-v2.txt"]["status"] == "conflict"
