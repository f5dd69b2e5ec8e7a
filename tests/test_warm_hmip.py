"""The warm `hmip` the slow tests start (tests/_fixtures/warm_hmip.py) behaves as a fresh process would:
its own pid and session, the environment and streams it was given, the CLI's exit code, a signal's
negative code when killed; and it refuses to run other code than the project's."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests._fixtures import warm_hmip

ROOT = warm_hmip.ROOT


def test_exit_code_streams_and_environment_are_the_processes_own(tmp_path: Path):
    missing = tmp_path / "no-such-raw"
    done = warm_hmip.run(["run", "--raw", str(missing), "--warehouse", str(tmp_path / "wh")],
                         env={**os.environ, "HMIP_DUCKDB_MEMORY_LIMIT": "1GB"})
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"hmip run: raw folder {missing} does not exist\n"

    bad_limit = warm_hmip.run(["run", "--raw", str(tmp_path), "--warehouse", str(tmp_path / "wh")],
                              env={**os.environ, "HMIP_DUCKDB_MEMORY_LIMIT": "half"})
    assert bad_limit.returncode == 2  # read from the environment given, not the server's
    assert "HMIP_DUCKDB_MEMORY_LIMIT: 'half' is not a memory size" in bad_limit.stdout + bad_limit.stderr
    assert "HMIP_DUCKDB_MEMORY_LIMIT" not in os.environ or os.environ["HMIP_DUCKDB_MEMORY_LIMIT"] != "half"


def test_a_killed_session_reports_the_signal(tmp_path: Path):
    proc = warm_hmip.start(["run", "--raw", str(ROOT / "raw"), "--warehouse", str(tmp_path / "wh")],
                           env=dict(os.environ), start_new_session=True)
    assert proc.pid != os.getpid() and os.getpgid(proc.pid) == proc.pid  # its own session, at once
    with pytest.raises(subprocess.TimeoutExpired):
        proc.wait(0.2)  # a run takes seconds
    os.killpg(proc.pid, signal.SIGKILL)
    assert proc.wait(30) == -signal.SIGKILL
    assert proc.poll() == -signal.SIGKILL


def test_other_code_is_refused(tmp_path: Path):
    with pytest.raises(ValueError, match="use subprocess for other code"):
        warm_hmip.start(["snapshots"], env={**os.environ, "PYTHONPATH": str(tmp_path)})
    with pytest.raises(ValueError, match="use subprocess for other code"):
        warm_hmip.start(["snapshots"], env=dict(os.environ), cwd=tmp_path)
