"""What `hmip` prints, as a shell user and a log see it: a reader that goes away (`| head -1`) ends the
command quietly with exit 141; progress is a redrawn tqdm bar on a terminal and plain lines in a log;
`hmip run` on the sample raw/ prints no Python warning. Real subprocesses, a real pty for the terminal."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests._fixtures.sample_run import published_sample_copy
from tests.publish.builders import make_warehouse, publish
from tests.reliability.helpers import HMIP, ROOT, RUN_TIMEOUT, SAMPLES, dagster_home, env_with

PIPE_CLOSED = 141  # 128 + SIGPIPE, typed here rather than read from pipelines.cli
PYTHON_WARNING = re.compile(r"\w+Warning: |warnings\.warn")
PLAIN_LINE = re.compile(r"extracting: (\d)/2 files \((50|100)%\) in \d\d:\d\d, about (\S+) left")


def test_extract_json_into_head_ends_quietly(tmp_path):
    script = (f"cd {ROOT} && {sys.executable} -m pipelines.cli extract --json raw/*.txt 2>{tmp_path}/err "
              f"| head -1 >{tmp_path}/out; echo ${{PIPESTATUS[0]}} >{tmp_path}/status")
    subprocess.run(["bash", "-c", script], check=True, timeout=120)
    assert (tmp_path / "err").read_text() == ""
    assert int((tmp_path / "status").read_text()) == PIPE_CLOSED
    first = json.loads((tmp_path / "out").read_text())  # the whole first line reached head
    assert first["report_id"] == "tameside-pdu-2023-05"


@pytest.mark.parametrize("command", [["snapshots"], ["dictionary"], ["diff", "latest", "latest"]])
def test_a_reader_gone_before_the_output_ends_quietly(tmp_path, command):
    warehouse = tmp_path / "warehouse"
    con = make_warehouse(warehouse)
    publish(con, warehouse)
    con.close()
    args = [*command, "--warehouse", str(warehouse)] if command[0] != "dictionary" else command
    proc = subprocess.Popen([*HMIP, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader leaves before hmip has written anything, as `| head -0` would
    stderr = proc.communicate(timeout=120)[1].decode()
    assert stderr == ""
    assert proc.returncode == PIPE_CLOSED


def test_a_run_whose_reader_is_gone_still_exits_with_its_outcome(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLES, raw)
    command = [*HMIP, "run", "--raw", str(raw), "--warehouse", str(tmp_path / "warehouse")]
    proc = subprocess.Popen(command, cwd=ROOT, env=env_with(dagster_home(tmp_path)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # `hmip run | head -0`: nobody reads the summary
    stderr = proc.communicate(timeout=RUN_TIMEOUT)[1].decode()
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    assert proc.returncode == 0  # both samples published: the run's exit code, not PIPE_CLOSED
    assert (tmp_path / "warehouse" / "latest" / "reports.parquet").is_file()


def _run_on_samples(base: Path, **streams) -> subprocess.CompletedProcess:
    raw = base / "raw"
    shutil.copytree(SAMPLES, raw)
    command = [*HMIP, "run", "--raw", str(raw), "--warehouse", str(base / "warehouse")]
    env = env_with(dagster_home(base), HMIP_PROGRESS_SECONDS="0")  # a line for every update
    return subprocess.run(command, cwd=ROOT, env=env, timeout=RUN_TIMEOUT, **streams)


@pytest.fixture(scope="module")
def logged_run(tmp_path_factory) -> subprocess.CompletedProcess:
    """`hmip run` on the samples with stdout and stderr going to pipes, as under cron, and a progress line
    for every update: the suite's shared first run (tests/_fixtures/sample_run.py) is that run."""
    *_, first = published_sample_copy(tmp_path_factory, tmp_path_factory.mktemp("logged") / "run")
    return first


@pytest.mark.slow
def test_progress_in_a_log_is_plain_lines_not_a_redrawn_bar(logged_run):
    assert logged_run.returncode == 0, logged_run.stdout + logged_run.stderr
    assert "\r" not in logged_run.stderr
    lines = logged_run.stderr.splitlines()
    matches = [PLAIN_LINE.fullmatch(line) for line in lines]
    assert all(matches), lines
    assert [(m.group(1), m.group(2)) for m in matches] == [("1", "50"), ("2", "100")]
    assert matches[-1].group(3) == "00:00"


@pytest.mark.slow
def test_hmip_run_on_the_sample_raw_prints_no_python_warning(logged_run):
    assert logged_run.returncode == 0
    assert "published" in logged_run.stdout
    for stream in (logged_run.stdout, logged_run.stderr):
        assert not PYTHON_WARNING.search(stream), stream


@pytest.mark.slow
def test_progress_on_a_terminal_is_a_tqdm_bar(tmp_path):
    leader, follower = pty.openpty()
    seen = bytearray()

    def read() -> None:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the run ended and the terminal closed
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        run = _run_on_samples(tmp_path, stdout=subprocess.PIPE, stderr=follower)
    finally:
        os.close(follower)
        reader.join(timeout=10)
        os.close(leader)
    assert run.returncode == 0
    drawn = seen.decode(errors="replace")
    assert "\r" in drawn  # redrawn in place
    assert re.search(r"extracting: 100%\|\S+\| 2/2 \[", drawn), drawn
    assert not PYTHON_WARNING.search(drawn)
