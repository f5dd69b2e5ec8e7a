"""`hmip` as a process of its own, forked from a warm interpreter instead of started afresh: the way
Dagster's multiprocess executor starts step workers (`forkserver`). Each is a real, separate `hmip`
process: its own pid (and session, when asked), environment, working directory, stdout and stderr, exit
code, and it can be killed. What it shares is only Python's start-up: the server has imported the CLI,
Dagster, Great Expectations, DuckDB and pyarrow once (about 3.5 s of CPU that every fresh `python -m
pipelines.cli run` spends again), so the tests that start dozens of runs (crash safety, isolation,
integrity) cost far less.

Not for what start-up itself decides, which keeps `subprocess` and a fresh interpreter: other code
(`project_copy` with PYTHONPATH), warnings printed while importing, a reader closing the pipe, a terminal,
the no-change rerun's imports, the benchmark. `start` refuses another working directory or PYTHONPATH than
the test process's.

The server (`serve`, one per test process, started on first use) reads one JSON request a line on stdin,
forks, and answers on stdout with the child's pid and, when it ends, its exit status (negative: killed by
that signal, as `subprocess` says it). Single-threaded, so forking it is safe.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "pipelines" / "cli.py"
PRELOAD = ("pipelines.cli", "pipelines.defs.runner", "pipelines.quality.gx_runner")
PIPE, DEVNULL = subprocess.PIPE, subprocess.DEVNULL


# ---- the server (its own process) ----

def serve() -> None:
    for module in PRELOAD:
        __import__(module)
    from pipelines.quality.gx_import import import_great_expectations

    import_great_expectations()  # as a run imports it
    children: dict[int, int] = {}  # pid -> request id
    control = sys.stdin.buffer
    pending = b""
    while True:
        ready, _, _ = select.select([control], [], [], 0.02)
        if ready:
            chunk = os.read(control.fileno(), 65536)
            if not chunk:
                return  # the test process has gone
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                request = json.loads(line)
                pid = os.fork()
                if pid == 0:
                    _child(request)  # never returns
                children[pid] = request["id"]
                _answer({"id": request["id"], "pid": pid})
        while children:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            _answer({"id": children.pop(pid), "status": os.waitstatus_to_exitcode(status)})


def _answer(message: dict[str, int]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _child(request: dict[str, Any]) -> None:
    """Become `python -m pipelines.cli ARGS` with the request's environment and streams; never return."""
    code = 1
    try:
        if request["new_session"]:
            os.setsid()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        for fd, path in ((0, os.devnull), (1, request["stdout"]), (2, request["stderr"])):
            target = os.open(path, os.O_RDONLY if fd == 0 else os.O_WRONLY | os.O_CREAT | os.O_APPEND)
            os.dup2(target, fd)
            os.close(target)
        sys.argv = [str(CLI), *request["args"]]
        from pipelines.cli import main

        code = main(request["args"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
            atexit._run_exitfuncs()  # what the interpreter runs at exit
        finally:
            os._exit(code)


# ---- the client (in the test process) ----

class _Server:
    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", f"from {__name__} import serve; serve()"],
                                     cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.lock = threading.Condition()
        self.answers: dict[int, dict[str, int]] = {}
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            message = json.loads(line)
            with self.lock:
                self.answers.setdefault(message["id"], {}).update(message)
                self.lock.notify_all()
        with self.lock:  # the server died: nothing more will be said
            self.answers[-1] = {}
            self.lock.notify_all()

    def request(self, **fields: Any) -> int:
        with self.lock:
            self.next_id += 1
            rid = self.next_id
            self.proc.stdin.write((json.dumps({"id": rid, **fields}) + "\n").encode())
            self.proc.stdin.flush()
        return rid

    def wait_for(self, rid: int, key: str, timeout: float | None) -> int | None:
        end = None if timeout is None else time.monotonic() + timeout
        with self.lock:
            while key not in self.answers.get(rid, {}):
                if -1 in self.answers:
                    raise RuntimeError("the warm hmip server died")
                left = None if end is None else end - time.monotonic()
                if left is not None and left <= 0:
                    return None
                self.lock.wait(left)
            return self.answers[rid][key]


_server: _Server | None = None


def _the_server() -> _Server:
    global _server
    if _server is None or _server.proc.poll() is not None:
        _server = _Server()
    return _server


class WarmProcess:
    """The parts of `subprocess.Popen` the tests use, for a forked `hmip`. Output captured with PIPE is
    read from a temporary file when the process has ended."""

    def __init__(self, server: _Server, rid: int, captured: dict[str, Path], text: bool):
        self._server, self._rid, self._captured, self._text = server, rid, captured, text
        self.pid = server.wait_for(rid, "pid", None)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self._server.wait_for(self._rid, "status", 0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            self.returncode = self._server.wait_for(self._rid, "status", timeout)
        if self.returncode is None:
            raise subprocess.TimeoutExpired(["hmip"], timeout or 0)
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)

    def communicate(self, timeout: float | None = None) -> tuple[Any, Any]:
        self.wait(timeout)
        return self._read("stdout"), self._read("stderr")

    def _read(self, name: str) -> str | bytes | None:
        path = self._captured.pop(name, None)
        if path is None:
            return None
        data = path.read_bytes()
        path.unlink()
        return data.decode() if self._text else data


def _target(stream: int | IO | None, name: str, captured: dict[str, Path]) -> str:
    if stream == PIPE:
        fd, path = tempfile.mkstemp(prefix=f"warm-hmip-{name}-")
        os.close(fd)
        captured[name] = Path(path)
        return path
    if stream is None or stream == DEVNULL:
        return os.devnull
    return stream.name  # an open file: the child appends to it by name


def start(args: list[str], *, env: dict[str, str], cwd: Path = ROOT, stdout: int | IO | None = PIPE,
          stderr: int | IO | None = PIPE, text: bool = False, start_new_session: bool = False) -> WarmProcess:
    """`subprocess.Popen([python, -m, pipelines.cli, *args], ...)`, forked from the warm server."""
    if Path(cwd).resolve() != ROOT or env.get("PYTHONPATH") != os.environ.get("PYTHONPATH"):
        raise ValueError("a warm hmip runs this project's code from its root; use subprocess for other code")
    captured: dict[str, Path] = {}
    out, err = _target(stdout, "stdout", captured), _target(stderr, "stderr", captured)
    server = _the_server()
    rid = server.request(args=list(args), env=dict(env), cwd=str(ROOT), stdout=out, stderr=err,
                         new_session=start_new_session)
    proc = WarmProcess(server, rid, captured, text)
    if start_new_session:  # like Popen: the session exists when start returns, so killpg finds it
        while proc.poll() is None and _pgid(proc.pid) != proc.pid:
            time.sleep(0.001)
    return proc


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def run(args: list[str], *, env: dict[str, str], cwd: Path = ROOT, timeout: float | None = None
        ) -> subprocess.CompletedProcess:
    """`subprocess.run([python, -m, pipelines.cli, *args], capture_output=True, text=True, ...)`."""
    proc = start(args, env=env, cwd=cwd, stdout=PIPE, stderr=PIPE, text=True)
    try:
        out, err = proc.communicate(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise
    return subprocess.CompletedProcess([str(CLI), *args], proc.wait(), out, err)
