"""Shared helpers for the end-to-end suite: the mcptask binary, fixture servers, and running the CLI.

The binary comes from $MCPTASK_BIN (default <repo>/.build/debug/mcptask). A missing binary fails every test that
needs it; it is never a skip.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "Tests" / "fixtures"
TASK_SERVER = FIXTURES / "task_server.py"
BAD_SERVER = FIXTURES / "bad_server.py"
PYTHON = sys.executable

# The shared servers poll faster than the SDK default so the suite stays quick.
POLL_MS = 250
RUN_TIMEOUT = 60  # no single mcptask run may take longer than this

# the resume hint, e.g. "resume with: mcptask result 1b4e…"; the id ends at white space, quotes or closing brackets
RESUME_HINT = re.compile(r"mcptask result ([^\s)\]'\"`,;]+)")
TASK_ID_IN_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")  # the fixture's ids
CRASH_MARKERS = ("Fatal error", "Stack dump", "backtrace", "Swift runtime failure", "Illegal instruction",
                 "Segmentation fault", "Current stack trace", "💣")


def binary_path() -> Path:
    return Path(os.environ.get("MCPTASK_BIN") or REPO / ".build" / "debug" / "mcptask")


@pytest.fixture(scope="session")
def mcptask_bin() -> Path:
    path = binary_path()
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"mcptask binary not found or not executable: {path} (build it, or set MCPTASK_BIN)")
    return path


# ------------------------------------------------------------------------------------------------------------------
# Running mcptask


@dataclass
class Result:
    argv: list[str]
    code: int
    out: str
    err: str
    elapsed: float = 0.0

    def describe(self) -> str:
        return (f"argv: {self.argv}\nexit: {self.code} after {self.elapsed:.2f}s\n"
                f"--- stdout ({len(self.out)} chars) ---\n{self.out[:3000]}\n--- stderr ---\n{self.err[-3000:]}")

    def json_lines(self) -> list:
        """stdout as JSON Lines: every non-empty line must parse."""
        values = []
        for line in self.out.splitlines():
            if line.strip():
                try:
                    values.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise AssertionError(f"stdout line is not JSON ({exc}): {line!r}\n{self.describe()}") from None
        return values

    def json_object(self) -> dict:
        """stdout as exactly one JSON object."""
        try:
            value = json.loads(self.out)
        except json.JSONDecodeError as exc:
            raise AssertionError(f"stdout is not one JSON value ({exc})\n{self.describe()}") from None
        assert isinstance(value, dict), f"stdout is not a JSON object\n{self.describe()}"
        return value

    def resume_id(self) -> str:
        match = RESUME_HINT.search(self.err)
        assert match, f"no 'mcptask result <id>' resume hint on stderr\n{self.describe()}"
        return match.group(1)

    def announced_id(self, target: "Target") -> str:
        """The task id mcptask announced on stderr. Over HTTP that is the resume hint; over stdio the task ends
        with the server process, so mcptask shows the id without a (misleading) resume hint."""
        if target.name == "http":
            return self.resume_id()
        match = TASK_ID_IN_TEXT.search(self.err)
        assert match, f"no task id on stderr\n{self.describe()}"
        return match.group(0)


def expect(result: Result, code: int) -> Result:
    assert result.code == code, f"expected exit {code}\n{result.describe()}"
    assert_no_crash(result)
    if code != 0:
        assert_error_line(result)
    return result


def assert_no_crash(result: Result) -> None:
    assert result.code >= 0, f"mcptask was killed by signal {-result.code}\n{result.describe()}"
    assert result.code not in (132, 133, 134, 139), f"mcptask crashed\n{result.describe()}"
    for marker in CRASH_MARKERS:
        assert marker not in result.err, f"crash marker {marker!r} on stderr\n{result.describe()}"


def assert_error_line(result: Result) -> str:
    """The last non-empty stderr line is the one error line, starting 'mcptask: '."""
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert lines, f"no error message on stderr\n{result.describe()}"
    errors = [line for line in lines if line.startswith("mcptask: ")]
    assert errors, f"no stderr line starts with 'mcptask: '\n{result.describe()}"
    assert lines[-1].startswith("mcptask: "), f"the error line is not the last stderr line\n{result.describe()}"
    return lines[-1]


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


class Runner:
    def __init__(self, binary: Path):
        self.binary = binary

    def argv(self, args, target) -> list[str]:
        return [str(self.binary), *map(str, args), *(target.args if target is not None else [])]

    def __call__(self, *args, target=None, input: str | bytes | None = None, timeout: float = RUN_TIMEOUT,
                 env: dict | None = None, cwd: Path | None = None) -> Result:
        argv = self.argv(args, target)
        data = input.encode() if isinstance(input, str) else input
        started = time.monotonic()
        try:
            proc = subprocess.run(argv, input=data, stdin=None if data is not None else subprocess.DEVNULL,
                                  capture_output=True, timeout=timeout, env=_env(env), cwd=cwd or REPO)
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(
                f"mcptask did not finish within {timeout}s: {argv}\n--- stdout ---\n{_decode(exc.stdout or b'')[:2000]}"
                f"\n--- stderr ---\n{_decode(exc.stderr or b'')[-2000:]}") from None
        return Result(argv, proc.returncode, _decode(proc.stdout), _decode(proc.stderr), time.monotonic() - started)

    def start(self, *args, target=None, env: dict | None = None) -> "Running":
        return Running(self.argv(args, target), env)


# mcptask remembers sessions and tasks in its state directory: the suite uses one of its own, never the
# user's (tests that need a fresh one pass MCPTASK_STATE_DIR themselves).
STATE_DIR = Path(os.environ.get("MCPTASK_TEST_STATE_DIR") or
                 Path(os.environ.get("TMPDIR", "/tmp")) / f"mcptask-e2e-state-{os.getpid()}")


def _env(extra: dict | None) -> dict:
    env = dict(os.environ)
    env.pop("MCPTASK_URL", None)
    env.pop("MCPTASK_SERVER", None)
    env["MCPTASK_STATE_DIR"] = str(STATE_DIR)
    env.setdefault("NO_COLOR", "1")
    if extra:
        env.update(extra)
    return env


class Running:
    """An mcptask process in the background, with stdout and stderr collected as they come."""

    def __init__(self, argv: list[str], env: dict | None):
        self.argv = argv
        self.started = time.monotonic()
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=_env(env), cwd=REPO)
        self._out = bytearray()
        self._err = bytearray()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._pump, args=(self.proc.stdout, self._out), daemon=True),
                         threading.Thread(target=self._pump, args=(self.proc.stderr, self._err), daemon=True)]
        for thread in self._threads:
            thread.start()

    def _pump(self, stream, buffer: bytearray) -> None:
        while True:
            chunk = stream.read1(65536)
            if not chunk:
                return
            with self._lock:
                buffer.extend(chunk)

    @property
    def err(self) -> str:
        with self._lock:
            return _decode(bytes(self._err))

    @property
    def out(self) -> str:
        with self._lock:
            return _decode(bytes(self._out))

    def wait_for_stderr(self, pattern: str, timeout: float = 20) -> re.Match:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = regex.search(self.err)
            if match:
                return match
            if self.proc.poll() is not None:
                for thread in self._threads:
                    thread.join(2)
                match = regex.search(self.err)
                if match:
                    return match
                break
            time.sleep(0.05)
        self.kill()
        raise AssertionError(f"stderr never matched {pattern!r} (exit {self.proc.poll()})\n"
                             f"--- stdout ---\n{self.out[:2000]}\n--- stderr ---\n{self.err[-2000:]}")

    def signal(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def finish(self, timeout: float = 30) -> Result:
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"mcptask did not exit within {timeout}s: {self.argv}\n"
                                 f"--- stderr ---\n{self.err[-2000:]}") from None
        for thread in self._threads:
            thread.join(5)
        return Result(self.argv, code, self.out, self.err, time.monotonic() - self.started)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


@pytest.fixture
def mcptask(mcptask_bin) -> Runner:
    return Runner(mcptask_bin)


# ------------------------------------------------------------------------------------------------------------------
# Fixture servers


class HttpServer:
    """task_server.py --http 0 in the background."""

    def __init__(self, *extra: str, log_dir: Path):
        self.extra = [str(x) for x in extra]
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"task_server-{os.getpid()}-{time.monotonic_ns()}.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([PYTHON, str(TASK_SERVER), "--http", "0", *self.extra],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._log, cwd=REPO)
        self.url = self._wait_listening(timeout=30)

    def _wait_listening(self, timeout: float) -> str:
        lines: list[str] = []
        found: list[str] = []

        def read() -> None:
            for raw in self.proc.stdout:
                line = raw.decode(errors="replace").strip()
                lines.append(line)
                if line.startswith("LISTENING "):
                    found.append(line.split(" ", 1)[1])
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout)
        if not found:
            self.stop()
            raise RuntimeError(f"task_server.py did not print LISTENING within {timeout}s; stdout={lines!r}; "
                               f"log:\n{self.log_path.read_text(errors='replace')[-3000:]}")
        return found[0]

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()


@pytest.fixture(scope="session")
def server_logs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("server-logs")


@pytest.fixture(scope="session")
def http_server(server_logs):
    """One shared HTTP fixture server for the whole session (tasks from all tests accumulate in it)."""
    server = HttpServer("--poll-interval", POLL_MS, log_dir=server_logs)
    yield server
    server.stop()


@pytest.fixture
def new_http_server(server_logs):
    """Factory for a dedicated HTTP server (own options, or one a test may kill); stopped at teardown."""
    servers: list[HttpServer] = []

    def start(*extra) -> HttpServer:
        server = HttpServer(*extra, log_dir=server_logs)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@dataclass
class Target:
    """Where mcptask connects: appended after all options."""
    name: str
    args: list[str] = field(default_factory=list)
    server: HttpServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url


def stdio_target(*extra) -> Target:
    return Target("stdio", ["--", PYTHON, str(TASK_SERVER), "--poll-interval", str(POLL_MS), *map(str, extra)])


def http_target(server: HttpServer) -> Target:
    return Target("http", ["--url", server.url], server)


def bad_target(mode: str) -> Target:
    return Target(f"bad:{mode}", ["--", PYTHON, str(BAD_SERVER), mode])


@pytest.fixture(params=["stdio", "http"])
def target(request) -> Target:
    """The task server over each transport."""
    if request.param == "stdio":
        return stdio_target()
    return http_target(request.getfixturevalue("http_server"))


@pytest.fixture
def http(http_server) -> Target:
    """The shared task server over HTTP only (tests that span several mcptask processes)."""
    return http_target(http_server)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def raw_exchange(server_args: list[str], messages: list[dict], want_id: int) -> dict:
    """Speak JSON-RPC straight to a stdio task server (bypassing any client); return the answer to want_id.

    stdin stays open until the answer is read: at EOF the SDK's stdio server cancels requests in flight."""
    proc = subprocess.Popen([PYTHON, str(TASK_SERVER), *server_args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, cwd=REPO)
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("".join(json.dumps(m) + "\n" for m in messages).encode())
        proc.stdin.flush()
        for raw in proc.stdout:
            message = json.loads(raw)
            if message.get("id") == want_id:
                return message
        raise AssertionError(f"task_server.py closed stdout before answering request {want_id}")
    finally:
        proc.kill()
        proc.wait(5)


def initialize_messages() -> list[dict]:
    return [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize",
         "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                    "clientInfo": {"name": "e2e-reference", "version": "1"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
    ]


def raw_tools_list(*server_args: str) -> list[dict]:
    """tools/list straight from a stdio task server: the reference for `tools --json`."""
    answer = raw_exchange(list(server_args), [*initialize_messages(),
                                              {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}], 2)
    return answer["result"]["tools"]


TASK_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")  # the fixture's ids


def big_text(kilobytes: int) -> str:
    """What the fixture's `big` tool returns (kept in sync with task_server.big_text)."""
    out = []
    for i in range(1, kilobytes * 16 + 1):
        head = f"line {i:06d} "
        out.append(head + "." * (63 - len(head)) + "\n")
    return "".join(out)
