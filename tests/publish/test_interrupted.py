"""Interrupted publishes never change `latest`, and their leftovers are cleaned by the next run."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from pipelines.publish import clean_leftovers
from pipelines.publish import snapshot as snapshot_module

from .builders import NORTH, publish

ROOT = Path(__file__).resolve().parents[2]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".tmp-") or p.name == "latest.tmp")


def test_clean_leftovers_removes_tmp_folders_and_a_stray_latest_tmp(warehouse):
    folder, con = warehouse
    publish(con, folder)
    (folder / ".tmp-0123").mkdir()
    (folder / ".tmp-0123" / "reports.parquet").write_bytes(b"PAR1 half written")
    os.symlink("snapshots/2026-11-22.1", folder / "latest.tmp")

    removed = clean_leftovers(folder)

    assert sorted(p.name for p in removed) == [".tmp-0123", "latest.tmp"]
    assert _leftovers(folder) == []
    assert os.readlink(folder / "latest") == "snapshots/2026-11-22.1"
    assert (folder / "warehouse.duckdb").is_file()


def test_a_failure_while_writing_leaves_latest_and_no_temporary_folder(warehouse, monkeypatch):
    folder, con = warehouse
    publish(con, folder)

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(snapshot_module, "render_changes_markdown", fail)
    with pytest.raises(OSError, match="disk full"):
        publish(con, folder, report_ids={NORTH})
    assert os.readlink(folder / "latest") == "snapshots/2026-11-22.1"
    assert [p.name for p in (folder / "snapshots").iterdir()] == ["2026-11-22.1"]
    assert _leftovers(folder) == []


def test_a_publish_killed_mid_way_is_cleaned_by_the_next_run(warehouse):
    folder, con = warehouse
    publish(con, folder)
    con.close()
    child = textwrap.dedent(f"""
        import datetime as dt, os, signal, duckdb
        from pathlib import Path
        from pipelines.publish import snapshot
        def killed(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)
        snapshot.render_changes_markdown = killed
        con = duckdb.connect({str(folder / "warehouse.duckdb")!r})
        snapshot.publish_snapshot(con, Path({str(folder)!r}), report_ids={{{NORTH!r}}},
                                  quality={{"verdict": "passed"}}, quality_html="", inputs=[],
                                  today=dt.date(2026, 11, 22))
    """)
    proc = subprocess.run([sys.executable, "-c", child], cwd=ROOT, capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()

    left = _leftovers(folder)
    assert len(left) == 1 and left[0].startswith(".tmp-")
    assert os.readlink(folder / "latest") == "snapshots/2026-11-22.1"
    assert (folder / "latest" / "datapackage.json").is_file()

    con = duckdb.connect(str(folder / "warehouse.duckdb"))
    result = publish(con, folder, report_ids={NORTH})
    con.close()
    assert [p.name for p in result.cleaned] == left
    assert result.published and result.version == "2026-11-22.2"
    assert _leftovers(folder) == []
