"""Elicitation end to end: `mcptask call` answering the questions of Tests/fixtures/elicit_server.py (Python SDK
mcp==1.30.0) over stdio and Streamable HTTP.

Interactive tests drive the built binary through a real pseudo-terminal (pexpect): stdin and stderr are the pty,
stdout is redirected to a file, so every test also checks that prompts never reach stdout. Non-interactive tests
run it with pipes (`--answer`, `--answers FILE|-`, `--no-input`, `--decline-all`, piped stdin).

The fixture's tools return what they received as `json.dumps({"action": …, "content": …}, sort_keys=True)`, so the
assertions are on the exact values the server got. No test can hang: every pexpect wait has a 20 s limit, every
test a pytest-timeout, and every spawned process is killed at teardown.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

from conftest import FIXTURES, POLL_MS, PYTHON, REPO, HttpServer, Target, expect

pytestmark = pytest.mark.timeout(120)

ELICIT_SERVER = FIXTURES / "elicit_server.py"
PTY_TIMEOUT = 20  # seconds for any single expected output on the pty
SERVER_NAME = "elicit-fixture"

# ------------------------------------------------------------------------------------------------------------------
# Targets: the elicitation fixture over stdio and HTTP


class ElicitHttpServer(HttpServer):
    """elicit_server.py --http 0 in the background (conftest's HttpServer runs task_server.py)."""

    def __init__(self, *extra: str, log_dir: Path):
        self.extra = [str(x) for x in extra]
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"elicit_server-{os.getpid()}-{time.monotonic_ns()}.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([PYTHON, str(ELICIT_SERVER), "--http", "0", *self.extra],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._log, cwd=REPO)
        self.url = self._wait_listening(timeout=30)


@pytest.fixture(scope="module")
def elicit_http_server(server_logs):
    server = ElicitHttpServer("--poll-interval", POLL_MS, log_dir=server_logs)
    yield server
    server.stop()


def stdio_elicit_target() -> Target:
    return Target("stdio", ["--", PYTHON, str(ELICIT_SERVER), "--poll-interval", str(POLL_MS)])


@pytest.fixture(params=["stdio", "http"])
def etarget(request) -> Target:
    """The elicitation fixture over each transport."""
    if request.param == "stdio":
        return stdio_elicit_target()
    server = request.getfixturevalue("elicit_http_server")
    return Target("http", ["--url", server.url], server)


def test_fixture_checked_with_the_sdk_client(etarget):
    """elicit_server.py driven by the Python SDK's own client (no mcptask): if this fails, the fixture is wrong."""
    import anyio
    import mcp.types as types
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client
    from mcp.client.streamable_http import streamable_http_client

    seen: list[dict] = []
    content = {"name": "Ada", "age": 36, "toppings": ["ham"]}

    async def on_elicit(context, params):
        seen.append(params.model_dump(by_alias=True, exclude_none=True))
        return types.ElicitResult(action="accept", content=content)

    async def exercise(session: ClientSession) -> None:
        await session.initialize()
        tools = {t.name: t.execution.taskSupport for t in (await session.list_tools()).tools}
        assert tools["survey"] == "required" and tools["plain_confirm"] == "forbidden"
        created = await session.experimental.call_tool_as_task("survey", {}, ttl=60000)
        with anyio.fail_after(20):
            while (await session.experimental.get_task(created.task.taskId)).status != "input_required":
                await anyio.sleep(0.05)
            result = await session.experimental.get_task_result(created.task.taskId, types.CallToolResult)
        assert json.loads(result.content[0].text) == {"action": "accept", "content": content}
        assert seen[0]["requestedSchema"]["required"] == ["name", "code", "email", "age", "color", "toppings"]
        assert list(seen[0]["requestedSchema"]["properties"])[:3] == ["name", "code", "email"]
        assert seen[0]["_meta"]["io.modelcontextprotocol/related-task"]["taskId"] == created.task.taskId
        with anyio.fail_after(20):
            plain = await session.call_tool("plain_confirm", {})
        assert json.loads(plain.content[0].text) == {"action": "accept", "content": content}

    async def main() -> None:
        if etarget.name == "stdio":
            params = StdioServerParameters(command=etarget.args[1], args=etarget.args[2:])
            async with stdio_client(params) as (read, write):
                async with ClientSession(read, write, elicitation_callback=on_elicit) as session:
                    await exercise(session)
        else:
            async with streamable_http_client(etarget.url) as (read, write, _):
                async with ClientSession(read, write, elicitation_callback=on_elicit) as session:
                    await exercise(session)

    anyio.run(main)


# ------------------------------------------------------------------------------------------------------------------
# A tiny terminal: renders what mcptask drew on the pty (CR, LF, BS, and the CSI sequences libedit and the status
# line use) into plain lines, so a test can read the screen as a person would.


class Screen:
    CSI = re.compile(r"\x1b\[([?0-9;]*)([@-~])")

    def __init__(self, cols: int = 160):
        self.cols = cols
        self.lines: list[list[str]] = [[]]
        self.row = 0
        self.col = 0

    def _line(self) -> list[str]:
        while len(self.lines) <= self.row:
            self.lines.append([])
        return self.lines[self.row]

    def _put(self, ch: str) -> None:
        if self.col >= self.cols:
            self.row += 1
            self.col = 0
        line = self._line()
        while len(line) < self.col:
            line.append(" ")
        if self.col < len(line):
            line[self.col] = ch
        else:
            line.append(ch)
        self.col += 1

    def feed(self, text: str) -> "Screen":
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "\x1b":
                m = self.CSI.match(text, i)
                if m:
                    self._csi(m.group(1), m.group(2))
                    i = m.end()
                    continue
                if text.startswith("\x1b]", i):  # OSC: skip to BEL or ST
                    end = min([j for j in (text.find("\x07", i), text.find("\x1b\\", i)) if j >= 0] or [len(text)])
                    i = end + 1
                    continue
                i += 2
                continue
            if ch == "\r":
                self.col = 0
            elif ch == "\n":
                self.row += 1
            elif ch == "\b":
                self.col = max(0, self.col - 1)
            elif ch in "\x07\x00":
                pass
            else:
                self._put(ch)
            i += 1
        return self

    def _csi(self, params: str, final: str) -> None:
        if params.startswith("?"):
            return
        nums = [int(p) if p else 0 for p in params.split(";")] if params else []
        n = nums[0] if nums else 0
        line = self._line()
        if final == "G":
            self.col = max(0, (n or 1) - 1)
        elif final == "C":
            self.col += n or 1
        elif final == "D":
            self.col = max(0, self.col - (n or 1))
        elif final == "A":
            self.row = max(0, self.row - (n or 1))
        elif final == "B":
            self.row += n or 1
        elif final == "K":
            if n == 2:
                line.clear()
            elif n == 0:
                del line[self.col:]
            elif n == 1:
                for k in range(min(self.col + 1, len(line))):
                    line[k] = " "
        elif final == "@":
            for _ in range(n or 1):
                line.insert(min(self.col, len(line)), " ")
        elif final == "P":
            del line[self.col:self.col + (n or 1)]

    def text(self) -> str:
        return "\n".join("".join(line).rstrip() for line in self.lines).rstrip("\n") + "\n"


def render(raw: str) -> str:
    return Screen().feed(raw).text()


# ------------------------------------------------------------------------------------------------------------------
# Driving mcptask through a pty


class Pty:
    """mcptask on a pseudo-terminal (stdin and stderr), stdout to a file."""

    def __init__(self, binary: Path, args: list[str], target: Target, workdir: Path, *, env: dict | None = None,
                 stdout_to_file: bool = True):
        self.stdout_path = workdir / f"stdout-{time.monotonic_ns()}.txt"
        argv = [str(binary), *map(str, args), *target.args]
        full_env = dict(os.environ)
        full_env.pop("MCPTASK_URL", None)
        full_env.update({"TERM": "xterm", "NO_COLOR": "1"})
        full_env.update(env or {})
        if stdout_to_file:
            command, cmd_args = "/bin/sh", ["-c", 'out="$1"; shift; exec "$@" >"$out"', "sh",
                                            str(self.stdout_path), *argv]
        else:
            command, cmd_args = argv[0], argv[1:]
        self.argv = argv
        self.child = pexpect.spawn(command, cmd_args, env=full_env, cwd=str(REPO), dimensions=(50, 160),
                                   timeout=PTY_TIMEOUT, encoding="utf-8", codec_errors="replace")
        self.raw = ""
        self.exit_code: int | None = None

    # reading ---------------------------------------------------------------------------------------------------------

    def _collect(self) -> None:
        self.raw += (self.child.before or "") + (self.child.after if isinstance(self.child.after, str) else "")

    def expect_text(self, text: str, timeout: float = PTY_TIMEOUT) -> None:
        try:
            self.child.expect_exact(text, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF) as exc:
            self.raw += self.child.before or ""
            self.kill()
            raise AssertionError(f"never saw {text!r} on the terminal ({type(exc).__name__})\n"
                                 f"--- screen ---\n{self.screen()}") from None
        self._collect()

    def expect_prompt(self, label: str, current: str | None = None) -> None:
        """Waits for the field prompt `  Label [current]: ` at the start of a line (review lines are indented
        further, so they never match)."""
        self.expect_text("\n  " + label + (f" [{current}]" if current is not None else "") + ": ")

    def expect_review(self) -> None:
        self.expect_text("[s]end / [e]dit / [d]ecline / [c]ancel: ")

    def drain(self, seconds: float) -> str:
        """Whatever arrives within `seconds` (nothing is expected)."""
        got = ""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                got += self.child.read_nonblocking(4096, timeout=0.1)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                break
        self.raw += got
        return got

    # writing ---------------------------------------------------------------------------------------------------------

    def type(self, text: str) -> None:
        self.child.send(text)

    def enter(self, text: str = "") -> None:
        self.child.send(text + "\r")

    def answer(self, label: str, text: str, current: str | None = None) -> None:
        self.expect_prompt(label, current)
        self.enter(text)

    def rejected(self, label: str, text: str, error: str, current: str | None = None) -> None:
        """Types an invalid answer and checks the one-line explanation and the same question again."""
        self.answer(label, text, current)
        self.expect_text("  ✗ " + error)

    # ending ----------------------------------------------------------------------------------------------------------

    def finish(self, timeout: float = PTY_TIMEOUT) -> "PtyResult":
        try:
            self.child.expect(pexpect.EOF, timeout=timeout)
        except pexpect.TIMEOUT:
            self.raw += self.child.before or ""
            self.kill()
            raise AssertionError(f"mcptask did not exit within {timeout}s\n--- screen ---\n{self.screen()}") from None
        self.raw += self.child.before or ""
        self.child.close()
        code = self.child.exitstatus if self.child.exitstatus is not None else -(self.child.signalstatus or 0)
        out = self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""
        return PtyResult(self.argv, code, out, self.raw, render(self.raw))

    def screen(self) -> str:
        return render(self.raw)

    def kill(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)


class Exact:
    """A JSON value compared exactly: 36 is not 36.0 and 1 is not true (Python's == says they are)."""

    def __init__(self, value):
        self.value = value

    @staticmethod
    def canon(value) -> str:
        return json.dumps(value.value if isinstance(value, Exact) else value, sort_keys=True, ensure_ascii=False)

    def __eq__(self, other) -> bool:
        return self.canon(self) == self.canon(other)

    def __ne__(self, other) -> bool:
        return not self == other

    def __getitem__(self, key) -> "Exact":
        return Exact(self.value[key])

    def __contains__(self, item) -> bool:
        return item in self.value

    def __len__(self) -> int:
        return len(self.value)

    def __repr__(self) -> str:
        return self.canon(self)


class PtyResult:
    def __init__(self, argv, code, out, raw, screen):
        self.argv, self.code, self.out, self.raw, self.screen = argv, code, out, raw, screen

    def describe(self) -> str:
        return (f"argv: {self.argv}\nexit: {self.code}\n--- stdout ---\n{self.out[:2000]}\n"
                f"--- screen (stderr) ---\n{self.screen[-4000:]}")

    def answer(self) -> "Exact":
        """The tool's text result (stdout holds exactly that JSON and a newline)."""
        assert self.code == 0, f"expected exit 0\n{self.describe()}"
        for marker in ("Fatal error", "Stack dump", "Segmentation fault"):
            assert marker not in self.screen, self.describe()
        assert self.out.endswith("\n") and self.out.count("\n") == 1, f"stdout is not one line\n{self.describe()}"
        try:
            value = json.loads(self.out)
        except json.JSONDecodeError:
            raise AssertionError(f"stdout is not the tool's JSON\n{self.describe()}") from None
        # prompts went to the terminal (stderr), the result did not
        assert self.out.strip() not in self.screen, f"the result reached stderr\n{self.describe()}"
        return Exact(value)


@pytest.fixture
def pty(mcptask_bin, tmp_path):
    sessions: list[Pty] = []

    def start(*args, target: Target, env: dict | None = None, stdout_to_file: bool = True) -> Pty:
        session = Pty(mcptask_bin, list(args), target, tmp_path, env=env, stdout_to_file=stdout_to_file)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.kill()


def header(task: bool = True) -> str:
    return f"── {SERVER_NAME} asks" + (" (task " if task else " ──")


# ------------------------------------------------------------------------------------------------------------------
# What the survey form should produce

SURVEY_DEFAULTS = {"score": 2.5, "subscribe": True, "size": "m", "days": ["mon"]}

SURVEY_ANSWERED = {
    "name": "Ada Lovelace", "code": "ADA-42", "email": "ada@example.com", "homepage": "https://ada.example.org/",
    "birthday": "1815-12-10", "meeting": "2026-11-25T10:00:00Z", "age": 36, "score": 2.5, "subscribe": False,
    "color": "green", "size": "l", "plan": "team", "toppings": ["cheese", "olives"], "days": ["mon"],
}

# --answer KEY=VALUE for every field, typed as a person would (numbers for choices, y/n, comma lists)
SURVEY_TYPED = [
    "name=Ada Lovelace", "code=ADA-42", "email=ada@example.com", "homepage=https://ada.example.org/",
    "birthday=1815-12-10", "meeting=2026-11-25T10:00:00Z", "age=36", "score=2.5", "subscribe=no", "color=2",
    "size=l", "plan=3", "toppings=cheese,3", "days=1",
]


def answers_args(pairs: list[str]) -> list[str]:
    args: list[str] = []
    for pair in pairs:
        args += ["--answer", pair]
    return args


# ------------------------------------------------------------------------------------------------------------------
# Interactive: forms


def test_survey_every_field_type_interactively(pty, etarget):
    """The whole survey: every type, an invalid answer of each kind explained and asked again, defaults taken
    with an empty line, a choice by number and by value, an optional field skipped-or-answered, review, send."""
    s = pty("call", "survey", target=etarget)
    s.expect_text(header())
    s.expect_text("  Tell us about yourself.\r\n  Every field type, once.")
    s.expect_text("(1/14) Your name [name] — required, text, 2-20 chars")
    s.expect_text("as it should appear on the badge")
    s.rejected("Your name", "J", "must be at least 2 characters")
    s.rejected("Your name", "J" * 21, "must be at most 20 characters")
    s.answer("Your name", "Ada Lovelace")
    s.expect_text("(2/14) Project code [code] — required, text, matching ^[A-Z]{3}-[0-9]{2}$")
    s.rejected("Project code", "ada-42", "must match the pattern ^[A-Z]{3}-[0-9]{2}$")
    s.answer("Project code", "ADA-42")
    s.expect_text("(3/14) Email [email] — required, email address")
    s.rejected("Email", "ada@example", "enter an email address like name@example.com")
    s.answer("Email", "ada@example.com")
    s.expect_text("(4/14) Homepage [homepage] — optional, URI")
    s.rejected("Homepage", "not a uri", "enter an absolute URI like https://example.com/path")
    s.answer("Homepage", "https://ada.example.org/")
    s.expect_text("(5/14) Birthday [birthday] — optional, date YYYY-MM-DD")
    s.rejected("Birthday", "1815-02-30", "enter a date as YYYY-MM-DD")
    s.answer("Birthday", "1815-12-10")
    s.expect_text("(6/14) Meeting [meeting] — optional, date-time")
    s.rejected("Meeting", "2026-11-25 10:00", "enter a date-time as YYYY-MM-DDTHH:MM:SSZ")
    s.answer("Meeting", "2026-11-25T10:00:00Z")
    s.expect_text("(7/14) Age [age] — required, whole number 0-150")
    s.rejected("Age", "200", "must be at most 150")
    s.rejected("Age", "36.5", "enter a whole number")
    s.rejected("Age", "thirty", "enter a whole number")
    s.rejected("Age", "", "Age is required")
    s.answer("Age", "36")
    s.expect_text("(8/14) Score [score] — optional, number 0-10")
    s.rejected("Score", "-1", "must be at least 0", current="2.5")
    s.answer("Score", "", current="2.5")  # the default
    s.expect_text("(9/14) Subscribe [subscribe] — optional, y/n")
    s.rejected("Subscribe", "maybe", "answer yes or no", current="y")
    s.answer("Subscribe", "no", current="y")
    s.expect_text("(10/14) Color [color] — required, choose 1-3")
    s.expect_text("      1) red\r\n      2) green\r\n      3) blue")
    s.rejected("Color", "purple", "choose 1-3 or one of: red, green, blue")
    s.rejected("Color", "4", "choose 1-3 or one of: red, green, blue")
    s.answer("Color", "2")  # by number
    s.expect_text("(11/14) Size [size] — optional, choose 1-3")
    s.expect_text("      1) Small (s)\r\n      2) Medium (m)\r\n      3) Large (l)")
    s.answer("Size", "l", current="m")  # by value
    s.expect_text("(12/14) Plan [plan] — optional, choose 1-3")
    s.expect_text("      1) Free (free)\r\n      2) Professional (pro)\r\n      3) Team (team)")
    s.answer("Plan", "3")
    s.expect_text("(13/14) Toppings [toppings] — required, choose any of 1-4, comma-separated, at least 1, at most 2")
    s.expect_text("      1) cheese\r\n      2) ham\r\n      3) olives\r\n      4) pineapple")
    s.rejected("Toppings", "1,2,3", "choose at most 2")
    s.rejected("Toppings", "cheese,bacon", "'bacon' is not a choice; use numbers 1-4 or values, separated by commas")
    s.answer("Toppings", "cheese, 3")  # a value and a number
    s.expect_text("(14/14) Days [days] — optional, choose any of 1-3, comma-separated")
    s.expect_text("      1) Monday (mon)\r\n      2) Tuesday (tue)\r\n      3) Wednesday (wed)")
    s.answer("Days", "", current="mon")
    s.expect_text("  Review:")
    s.expect_review()
    s.enter("s")
    s.expect_text("  → sent")
    r = s.finish()
    assert r.answer() == {"action": "accept", "content": SURVEY_ANSWERED}, r.describe()
    review = r.screen[r.screen.index("  Review:"):]
    for line in ("    Your name: Ada Lovelace", "    Age: 36", "    Score: 2.5", "    Subscribe: no",
                 "    Color: green", "    Size: Large (l)", "    Plan: Team (team)", "    Toppings: cheese, olives",
                 "    Days: mon"):
        assert line in review, f"review line {line!r} missing\n{r.describe()}"


def test_survey_defaults_and_skipped_optionals(pty, etarget):
    """Only the required fields answered; Enter everywhere else: defaults are sent, skipped optionals are absent."""
    s = pty("call", "survey", target=etarget)
    s.answer("Your name", "Bo")
    s.answer("Project code", "BOB-01")
    s.answer("Email", "bo@example.org")
    s.answer("Homepage", "")
    s.answer("Birthday", "")
    s.answer("Meeting", "")
    s.answer("Age", "0")
    s.answer("Score", "", current="2.5")
    s.answer("Subscribe", "", current="y")
    s.answer("Color", "blue")
    s.answer("Size", "", current="m")
    s.answer("Plan", "")
    s.answer("Toppings", "4")
    s.answer("Days", "", current="mon")
    s.expect_text("    Homepage: (empty)")
    s.expect_review()
    s.enter("send")
    r = s.finish()
    assert r.answer() == {"action": "accept", "content": {
        "name": "Bo", "code": "BOB-01", "email": "bo@example.org", "age": 0, "color": "blue",
        "toppings": ["pineapple"], **SURVEY_DEFAULTS}}, r.describe()


def test_edit_from_review_keeps_current_values_as_defaults(pty, etarget):
    """Presets fill all but one field; the prompt asks only that one; `e` walks every field with the current
    value in brackets; Enter keeps it, a new answer replaces it."""
    presets = [p for p in SURVEY_TYPED if not p.startswith("age=")]
    s = pty("call", "survey", *answers_args(presets), target=etarget)
    s.expect_text("(7/14) Age [age] — required")
    s.answer("Age", "36")
    s.expect_review()
    s.enter("e")
    s.answer("Your name", "", current="Ada Lovelace")
    s.answer("Project code", "", current="ADA-42")
    s.answer("Email", "ada@lovelace.org", current="ada@example.com")  # changed
    s.answer("Homepage", "", current="https://ada.example.org/")
    s.answer("Birthday", "", current="1815-12-10")
    s.answer("Meeting", "", current="2026-11-25T10:00:00Z")
    s.answer("Age", "", current="36")
    s.answer("Score", "", current="2.5")
    s.answer("Subscribe", "", current="n")
    s.answer("Color", "red", current="green")  # changed
    s.answer("Size", "", current="l")
    s.answer("Plan", "", current="team")
    s.answer("Toppings", "", current="cheese,olives")
    s.answer("Days", "", current="mon")
    s.expect_text("    Email: ada@lovelace.org")
    s.expect_review()
    s.enter("s")
    r = s.finish()
    expected = dict(SURVEY_ANSWERED, email="ada@lovelace.org", color="red")
    assert r.answer() == {"action": "accept", "content": expected}, r.describe()
    assert "(1/14)" in r.screen and r.screen.index("(7/14)") < r.screen.index("(1/14)"), \
        f"only the open field is asked before the review\n{r.describe()}"


def test_two_elicitations_in_a_row(pty, etarget):
    s = pty("call", "two_questions", target=etarget)
    s.expect_text(header())
    s.expect_text("  First question")
    s.answer("First answer", "alpha")
    s.expect_review()
    s.enter("s")
    s.expect_text("  Second question")
    s.rejected("Second answer", "12", "must be at most 9")
    s.answer("Second answer", "7")
    s.expect_review()
    s.enter("s")
    r = s.finish()
    assert r.answer() == {"first": {"action": "accept", "content": {"first": "alpha"}},
                          "second": {"action": "accept", "content": {"second": 7}}}, r.describe()
    assert r.screen.count(header()) == 2, r.describe()


def test_concurrent_elicitations_are_asked_one_at_a_time(pty, etarget):
    s = pty("call", "two_at_once", target=etarget)
    s.expect_text("  Question A")
    s.expect_prompt("Answer A")
    time.sleep(1.0)  # B is queued by now; it must wait
    s.drain(0.3)
    assert "Question B" not in s.screen(), f"B was shown while A was being asked\n{s.screen()}"
    s.enter("first")
    s.expect_review()
    s.enter("s")
    s.expect_text("  Question B")
    s.answer("Answer B", "second")
    s.expect_review()
    s.enter("s")
    r = s.finish()
    assert r.answer() == {"a": {"action": "accept", "content": {"a": "first"}},
                          "b": {"action": "accept", "content": {"b": "second"}}}, r.describe()


@pytest.mark.parametrize("where", ["field", "review"])
def test_ctrl_d_declines(pty, etarget, where):
    """Ctrl-D (at a field or at the review) declines this elicitation; the next one is still asked."""
    s = pty("call", "two_questions", target=etarget)
    if where == "field":
        s.expect_prompt("First answer")
    else:
        s.answer("First answer", "typed but not sent")
        s.expect_review()
    s.type("\x04")
    s.expect_text("  → declined")
    s.answer("Second answer", "3")
    s.expect_review()
    s.enter("s")
    r = s.finish()
    assert r.answer() == {"first": {"action": "decline", "content": None},
                          "second": {"action": "accept", "content": {"second": 3}}}, r.describe()


@pytest.mark.parametrize("where", ["field", "review"])
def test_ctrl_c_cancels_the_elicitation_and_the_command_goes_on(pty, etarget, where):
    s = pty("call", "two_questions", target=etarget)
    if where == "field":
        s.expect_prompt("First answer")
        s.type("half-typ")
    else:
        s.answer("First answer", "typed but not sent")
        s.expect_review()
    s.type("\x03")
    s.expect_text("^C")
    s.expect_text("  → cancelled")
    s.answer("Second answer", "4")
    s.expect_review()
    s.enter("s")
    r = s.finish()
    assert r.answer() == {"first": {"action": "cancel", "content": None},
                          "second": {"action": "accept", "content": {"second": 4}}}, r.describe()
    assert "interrupted" not in r.screen, r.describe()


@pytest.mark.parametrize("choice,action", [("d", "decline"), ("decline", "decline"), ("c", "cancel"),
                                           ("cancel", "cancel")])
def test_review_decline_and_cancel(pty, etarget, choice, action):
    s = pty("call", "confirm", target=etarget)
    s.answer("Proceed", "y")
    s.expect_review()
    s.enter("x")
    s.expect_text("  ✗ choose s (send), e (edit), d (decline) or c (cancel)")
    s.expect_review()
    s.enter(choice)
    r = s.finish()
    assert r.answer() == {"action": action, "content": None}, r.describe()


def test_line_editing_ctrl_a_fixes_the_start(pty, etarget):
    s = pty("call", "two_questions", target=etarget)
    s.expect_prompt("First answer")
    s.type("ello world")
    time.sleep(0.2)
    s.type("\x01")  # Ctrl-A: start of line
    s.type("H")
    s.type("\x05")  # Ctrl-E: end of line
    s.type("!")
    s.enter()
    s.expect_text("    First answer: Hello world!")
    s.expect_review()
    s.enter("s")
    s.answer("Second answer", "1")
    s.expect_review()
    s.enter("s")
    r = s.finish()
    assert r.answer()["first"] == {"action": "accept", "content": {"first": "Hello world!"}}, r.describe()


def test_non_ascii_input_is_kept(pty, etarget):
    """Under a UTF-8 locale, accented letters and CJK typed at a prompt reach the server unchanged."""
    s = pty("call", "two_questions", target=etarget, env={"LANG": "C.UTF-8", "LC_ALL": ""})
    s.expect_prompt("First answer")
    s.enter("Zoë Ångström 日本")
    s.expect_review()
    s.enter("s")
    s.answer("Second answer", "2")
    s.expect_review()
    s.enter("s")
    r = s.finish()
    assert r.answer()["first"] == {"action": "accept", "content": {"first": "Zoë Ångström 日本"}}, r.describe()


def test_history_up_recalls_an_earlier_answer(pty, etarget):
    s = pty("call", "two_questions", target=etarget)
    s.answer("First answer", "5")
    s.expect_review()
    s.enter("s")  # review choices are not kept in the history
    s.expect_prompt("Second answer")
    s.type("\x1b[A")  # Up
    time.sleep(0.3)
    s.enter()
    s.expect_text("    Second answer: 5")
    s.expect_review()
    s.enter("s")
    r = s.finish()
    assert r.answer() == {"first": {"action": "accept", "content": {"first": "5"}},
                          "second": {"action": "accept", "content": {"second": 5}}}, r.describe()


def test_history_ctrl_r_searches_earlier_answers(pty, etarget):
    """Two answers in the history ("6", then "zebra 42" from an edit); Ctrl-R 6 finds the older one."""
    s = pty("call", "two_questions", target=etarget)
    s.answer("First answer", "6")
    s.expect_review()
    s.enter("e")
    s.answer("First answer", "zebra 42", current="6")
    s.expect_review()
    s.enter("s")
    s.expect_prompt("Second answer")
    s.type("\x12")  # Ctrl-R
    time.sleep(0.2)
    s.type("6")
    time.sleep(0.2)
    s.enter()
    s.expect_text("    Second answer: 6")
    s.expect_review()
    s.enter("s")
    r = s.finish()
    assert r.answer() == {"first": {"action": "accept", "content": {"first": "zebra 42"}},
                          "second": {"action": "accept", "content": {"second": 6}}}, r.describe()


def test_default_of_a_digit_valued_choice_is_sent_as_shown(pty, etarget):
    """The prompt offers [1] (the default *value* "1"); Enter must send "1", not choice number 1 ("3")."""
    s = pty("call", "levels", target=etarget)
    s.expect_text("      1) 3\r\n      2) 1\r\n      3) 2")
    s.answer("Level", "", current="1")
    s.answer("Tag", "")
    s.expect_review()
    s.enter("s")
    r = s.finish()
    assert r.answer() == {"action": "accept", "content": {"level": "1"}}, r.describe()
    assert "    Level: 1" in r.screen, r.describe()


def test_status_line_is_not_redrawn_while_a_prompt_is_open(pty, etarget):
    s = pty("call", "confirm", target=etarget)
    s.expect_prompt("Proceed")
    arrived = s.drain(1.6)  # the status line would redraw every poll / every second
    assert "\x1b[2K" not in arrived and arrived.strip() == "", f"output while prompting: {arrived!r}"
    s.enter("y")
    s.expect_review()
    s.enter("s")
    r = s.finish()
    assert r.answer() == {"action": "accept", "content": {"ok": True}}, r.describe()


def test_plain_call_elicitation(pty, etarget):
    """Not a task: the request arrives during tools/call (inside the POST's SSE stream over HTTP)."""
    s = pty("call", "plain_confirm", target=etarget)
    s.expect_text(header(task=False))
    s.expect_text("  Really do it (plain call)?")
    s.answer("Proceed", "yes")
    s.expect_review()
    s.enter("s")
    r = s.finish()
    assert r.answer() == {"action": "accept", "content": {"ok": True}}, r.describe()
    assert "(task " not in r.screen, r.describe()


def test_presets_complete_in_a_terminal_send_without_asking(pty, etarget):
    s = pty("call", "survey", *answers_args(SURVEY_TYPED), target=etarget)
    r = s.finish()
    assert r.answer() == {"action": "accept", "content": SURVEY_ANSWERED}, r.describe()
    assert "asks" not in r.screen and "[s]end" not in r.screen, r.describe()


def test_no_input_in_a_terminal_never_prompts(pty, etarget):
    s = pty("call", "survey", "--no-input", "--answer", "name=Ada", target=etarget)
    r = s.finish()
    assert r.answer() == {"action": "decline", "content": None}, r.describe()
    assert "[s]end" not in r.screen and header() not in r.screen, r.describe()
    assert "missing code, email, age, color, toppings" in r.screen, r.describe()


def test_server_text_never_reaches_the_terminal_raw(pty, etarget):
    """Escapes in the message, labels, descriptions, choice titles and values, and the pattern are removed from
    everything drawn: headers, prompts, choice lists, and the one-line explanations of invalid answers."""
    s = pty("call", "escapes", target=etarget)
    s.expect_text("  Hello RED there")
    s.expect_text("(1/2) Colour pick [color] — required, choose 1-2")
    s.rejected("Colour pick", "nope", "choose 1-2 or one of: ")
    s.answer("Colour pick", "1")
    s.rejected("Code", "x", "must match the pattern ")
    s.expect_prompt("Code")
    s.type("\x03")
    s.expect_text("  → cancelled")
    r = s.finish()
    assert r.answer() == {"action": "cancel", "content": None}, r.describe()
    assert "  ✗ choose 1-2 or one of: red, plain" in r.screen, r.describe()
    for bad in ("\x1b[31m", "\x1b[0m", "\x1b]0;", "pwned\x07"):
        lines = [line for line in r.raw.splitlines() if bad in line]
        assert not lines, f"{bad!r} reached the terminal in: {lines!r}"


# ------------------------------------------------------------------------------------------------------------------
# Interactive: URL mode


def test_url_consent_yes_then_completion(pty, etarget):
    s = pty("call", "open_link", target=etarget)
    s.expect_text("  Sign in to continue.")
    s.expect_text("  URL:  https://auth.example.com/consent?session=42")
    s.expect_text("  HOST: auth.example.com")
    s.expect_text("Open it? [y/N]: ")
    s.enter("yes")
    s.expect_text("  Open this URL to continue: https://auth.example.com/consent?session=42")
    s.expect_text("mcptask: the server reports the step at auth.example.com is complete")
    r = s.finish()
    assert r.answer() == {"action": "accept", "content": None}, r.describe()
    assert r.screen.count("is complete") == 1, f"the unknown elicitationId must be ignored\n{r.describe()}"


@pytest.mark.parametrize("typed", ["", "n", "\x04"])
def test_url_consent_defaults_to_no(pty, etarget, typed):
    s = pty("call", "open_link", target=etarget)
    s.expect_text("Open it? [y/N]: ")
    s.type(typed) if typed == "\x04" else s.enter(typed)
    s.expect_text("  → declined")
    r = s.finish()
    assert r.answer() == {"action": "decline", "content": None}, r.describe()
    assert "is complete" not in r.screen


def test_url_consent_ctrl_c_cancels(pty, etarget):
    s = pty("call", "open_link", target=etarget)
    s.expect_text("Open it? [y/N]: ")
    s.enter("perhaps")
    s.expect_text("  ✗ answer y or n")
    s.expect_text("Open it? [y/N]: ")
    s.type("\x03")
    s.expect_text("  → cancelled")
    r = s.finish()
    assert r.answer() == {"action": "cancel", "content": None}, r.describe()


def test_open_urls_runs_browser_with_the_url(pty, etarget, tmp_path):
    log = tmp_path / "browser.log"
    browser = tmp_path / "fake-browser"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{log}"\n')
    browser.chmod(0o755)
    s = pty("call", "open_link", "--open-urls", target=etarget, env={"BROWSER": str(browser)})
    s.expect_text("Open it? [y/N]: ")
    s.enter("y")
    r = s.finish()
    assert r.answer() == {"action": "accept", "content": None}, r.describe()
    deadline = time.monotonic() + 5
    while not log.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert log.read_text() == "https://auth.example.com/consent?session=42\n"


def test_url_is_not_opened_without_open_urls(pty, etarget, tmp_path):
    log = tmp_path / "browser.log"
    browser = tmp_path / "fake-browser"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{log}"\n')
    browser.chmod(0o755)
    s = pty("call", "open_link", target=etarget, env={"BROWSER": str(browser)})
    s.expect_text("Open it? [y/N]: ")
    s.enter("y")
    r = s.finish()
    assert r.answer() == {"action": "accept", "content": None}, r.describe()
    time.sleep(0.3)
    assert not log.exists()


# ------------------------------------------------------------------------------------------------------------------
# Non-interactive (pipes)


def tool_answer(r) -> Exact:
    assert r.out.endswith("\n") and r.out.count("\n") == 1, r.describe()
    return Exact(json.loads(r.out))


def assert_never_prompted(r) -> None:
    for text in ("[s]end", "asks (task", "Open it?", "(1/"):
        assert text not in r.err, f"prompted without a terminal ({text!r})\n{r.describe()}"


def test_answer_flags_fill_the_whole_survey(mcptask, etarget):
    r = expect(mcptask("call", "survey", *answers_args(SURVEY_TYPED), target=etarget), 0)
    assert tool_answer(r) == {"action": "accept", "content": SURVEY_ANSWERED}, r.describe()
    assert_never_prompted(r)


def test_answer_flags_for_required_fields_take_the_defaults(mcptask, etarget):
    r = expect(mcptask("call", "survey", "--answer", "name=Bo", "--answer", "code=BOB-01", "--answer",
                       "email=bo@example.org", "--answer", "age=0", "--answer", "color=blue", "--answer",
                       "toppings=pineapple", target=etarget), 0)
    assert tool_answer(r) == {"action": "accept", "content": {
        "name": "Bo", "code": "BOB-01", "email": "bo@example.org", "age": 0, "color": "blue",
        "toppings": ["pineapple"], **SURVEY_DEFAULTS}}, r.describe()


ANSWERS_JSON = {"name": "Ada Lovelace", "code": "ADA-42", "email": "ada@example.com", "age": 36, "color": "red",
                "toppings": ["ham", "olives"], "score": 9.75, "subscribe": False, "size": "s",
                "days": ["tue", "wed"], "plan": "pro", "unknown": "ignored"}


def test_answers_file(mcptask, etarget, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ANSWERS_JSON))
    r = expect(mcptask("call", "survey", "--answers", path, target=etarget), 0)
    expected = {k: v for k, v in ANSWERS_JSON.items() if k != "unknown"}
    assert tool_answer(r) == {"action": "accept", "content": expected}, r.describe()


def test_answers_file_strings_are_read_like_typed_text(mcptask, etarget, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"name": "Ada", "code": "ADA-42", "email": "a@b.co", "age": "36", "color": "3",
                                "toppings": "1, 2", "subscribe": "yes", "score": "4"}))
    r = expect(mcptask("call", "survey", "--answers", path, target=etarget), 0)
    assert tool_answer(r) == {"action": "accept", "content": {
        "name": "Ada", "code": "ADA-42", "email": "a@b.co", "age": 36, "score": 4, "subscribe": True,
        "color": "blue", "size": "m", "toppings": ["cheese", "ham"], "days": ["mon"]}}, r.describe()


def test_answers_from_piped_stdin(mcptask, etarget):
    r = expect(mcptask("call", "two_questions", "--answers", "-", target=etarget,
                       input=json.dumps({"first": "from stdin", "second": 2})), 0)
    assert tool_answer(r) == {"first": {"action": "accept", "content": {"first": "from stdin"}},
                              "second": {"action": "accept", "content": {"second": 2}}}, r.describe()
    assert_never_prompted(r)


def test_answer_flag_wins_over_answers_file(mcptask, etarget, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"first": "file", "second": 1}))
    r = expect(mcptask("call", "two_questions", "--answers", path, "--answer", "second=9", target=etarget), 0)
    assert tool_answer(r) == {"first": {"action": "accept", "content": {"first": "file"}},
                              "second": {"action": "accept", "content": {"second": 9}}}, r.describe()


def test_no_input_incomplete_form_is_declined_naming_missing_fields(mcptask, etarget):
    r = expect(mcptask("call", "survey", "--no-input", "--answer", "name=Ada", "--answer", "age=3",
                       target=etarget, timeout=30), 0)
    assert tool_answer(r) == {"action": "decline", "content": None}, r.describe()
    lines = [line for line in r.err.splitlines() if "declined" in line]
    assert len(lines) == 1 and "missing code, email, color, toppings" in lines[0], r.describe()
    assert "--answer KEY=VALUE" in lines[0]
    assert_never_prompted(r)


def test_invalid_preset_is_named_and_the_form_declined(mcptask, etarget):
    r = expect(mcptask("call", "two_questions", "--answer", "first=ok", "--answer", "second=12", target=etarget), 0)
    assert tool_answer(r) == {"first": {"action": "accept", "content": {"first": "ok"}},
                              "second": {"action": "decline", "content": None}}, r.describe()
    assert "second: must be at most 9" in r.err, r.describe()


def test_max_length_counts_code_points_like_the_server(mcptask, etarget):
    """maxLength 2: two flags are 2 characters to Swift but 4 code points to JSON Schema (and Python's len)."""
    tag = "\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA"  # 🇫🇷🇩🇪
    r = expect(mcptask("call", "levels", "--answer", "tag=" + tag, "--answer", "level=3", target=etarget), 0)
    got = tool_answer(r)
    if got["action"] == "accept":
        sent = got["content"]["tag"].value
        assert len(sent) <= 2, f"sent a tag of {len(sent)} code points\n{r.describe()}"
    else:
        assert got == {"action": "decline", "content": None} and "tag: must be at most 2 characters" in r.err


def test_decline_note_never_prints_server_text_raw(mcptask, etarget):
    r = expect(mcptask("call", "escapes", "--no-input", "--answer", "code=x", target=etarget), 0)
    assert tool_answer(r) == {"action": "decline", "content": None}, r.describe()
    assert "declined" in r.err and "must match the pattern" in r.err, r.describe()
    for bad in ("\x1b[31m", "\x1b]0;", "pwned\x07"):
        assert bad not in r.err, f"{bad!r} reached stderr: {r.err!r}"


def test_piped_stdin_without_flags_never_prompts(mcptask, etarget):
    r = expect(mcptask("call", "confirm", target=etarget, input="y\ns\n", timeout=30), 0)
    assert tool_answer(r) == {"action": "decline", "content": None}, r.describe()
    assert "missing ok" in r.err, r.describe()
    assert_never_prompted(r)


def test_piped_stdin_with_complete_answers_accepts(mcptask, etarget):
    r = expect(mcptask("call", "confirm", "--answer", "ok=y", target=etarget, input="n\n"), 0)
    assert tool_answer(r) == {"action": "accept", "content": {"ok": True}}, r.describe()


def test_decline_all(mcptask, etarget):
    r = expect(mcptask("call", "two_questions", "--decline-all", "--answer", "first=x", "--answer", "second=1",
                       target=etarget), 0)
    assert tool_answer(r) == {"first": {"action": "decline", "content": None},
                              "second": {"action": "decline", "content": None}}, r.describe()
    assert r.err.count("declined (--decline-all)") == 2, r.describe()


def test_plain_call_with_answers(mcptask, etarget):
    r = expect(mcptask("call", "plain_confirm", "--answer", "ok=no", target=etarget), 0)
    assert tool_answer(r) == {"action": "accept", "content": {"ok": False}}, r.describe()
    r = expect(mcptask("call", "plain_confirm", target=etarget), 0)
    assert tool_answer(r) == {"action": "decline", "content": None}, r.describe()


def test_url_elicitation_without_a_terminal_is_declined(mcptask, etarget):
    r = expect(mcptask("call", "open_link", target=etarget, timeout=30), 0)
    assert tool_answer(r) == {"action": "decline", "content": None}, r.describe()
    assert "a URL elicitation needs a person to consent" in r.err, r.describe()


def test_unsupported_schema_is_refused_with_invalid_params(mcptask, etarget):
    r = expect(mcptask("call", "bad_form", target=etarget), 0)
    got = tool_answer(r)
    assert got["error"] == -32602 and "field 'address' has type 'object'" in got["message"], r.describe()
    assert "mcptask: the server sent an elicitation mcptask cannot show" in r.err, r.describe()


@pytest.mark.parametrize("bad,message", [
    (["--answer", "novalue"], "--answer 'novalue' is not KEY=VALUE"),
    (["--answer", "=x"], "--answer '=x' is not KEY=VALUE"),
])
def test_malformed_answer_flags_are_usage_errors(mcptask, etarget, bad, message):
    r = expect(mcptask("call", "confirm", *bad, target=etarget), 64)
    assert message in r.err and r.out == "", r.describe()


@pytest.mark.parametrize("content", ["[1, 2]", "not json"])
def test_answers_that_are_not_an_object_are_usage_errors(mcptask, etarget, tmp_path, content):
    path = tmp_path / "answers.json"
    path.write_text(content)
    r = expect(mcptask("call", "confirm", "--answers", path, target=etarget), 64)
    assert "mcptask: --answers must hold a JSON object" in r.err and r.out == "", r.describe()
    r = expect(mcptask("call", "confirm", "--answers", tmp_path / "missing.json", target=etarget), 64)
    assert "mcptask: cannot read --answers file" in r.err and r.out == "", r.describe()


# ------------------------------------------------------------------------------------------------------------------
# `mcptask result`: the question waits in the task until someone opens tasks/result (HTTP: the task outlives the
# process that started it)


@pytest.fixture
def ehttp(elicit_http_server) -> Target:
    return Target("http", ["--url", elicit_http_server.url], elicit_http_server)


def detach(mcptask, tool: str, target: Target) -> str:
    r = expect(mcptask("call", tool, "--detach", target=target), 0)
    task_id = r.out.strip()
    assert re.fullmatch(r"[0-9a-f-]{36}", task_id), r.describe()
    return task_id


def test_result_answers_a_detached_task_with_answers(mcptask, ehttp):
    task_id = detach(mcptask, "confirm", ehttp)
    r = expect(mcptask("result", task_id, "--answer", "ok=yes", target=ehttp), 0)
    assert tool_answer(r) == {"action": "accept", "content": {"ok": True}}, r.describe()


def test_result_without_answers_or_terminal_declines(mcptask, ehttp):
    task_id = detach(mcptask, "confirm", ehttp)
    r = expect(mcptask("result", task_id, "--no-input", target=ehttp), 0)
    assert tool_answer(r) == {"action": "decline", "content": None}, r.describe()
    assert "missing ok" in r.err, r.describe()


def test_result_prompts_in_a_terminal(mcptask, pty, ehttp):
    task_id = detach(mcptask, "two_questions", ehttp)
    s = pty("result", task_id, target=ehttp)
    s.expect_text(header() + task_id)
    s.answer("First answer", "later")
    s.expect_review()
    s.enter("s")
    s.answer("Second answer", "8")
    s.expect_review()
    s.enter("s")
    r = s.finish()
    assert r.answer() == {"first": {"action": "accept", "content": {"first": "later"}},
                          "second": {"action": "accept", "content": {"second": 8}}}, r.describe()


# ------------------------------------------------------------------------------------------------------------------
# The terminal is left as it was found


@pytest.mark.parametrize("ending", ["send", "ctrl-c", "ctrl-d"])
def test_terminal_settings_are_restored(mcptask_bin, tmp_path, ending):
    """libedit switches the tty to raw-ish mode (and clears ISIG so Ctrl-C is a key) while a line is edited;
    after mcptask exits, `stty -a` must read exactly as before."""
    before, after = tmp_path / "before", tmp_path / "after"
    target = stdio_elicit_target()
    argv = " ".join(f"'{a}'" for a in [str(mcptask_bin), "call", "confirm", *target.args])
    script = f"stty -a > '{before}'; {argv} > /dev/null; stty -a > '{after}'; echo DONE"
    child = pexpect.spawn("/bin/sh", ["-c", script], env=dict(os.environ, TERM="xterm", NO_COLOR="1"),
                          cwd=str(REPO), dimensions=(50, 160), timeout=PTY_TIMEOUT, encoding="utf-8")
    try:
        child.expect_exact("\n  Proceed: ")
        if ending == "send":
            child.send("y\r")
            child.expect_exact("[c]ancel: ")
            child.send("s\r")
        elif ending == "ctrl-c":
            child.send("\x03")
        else:
            child.send("\x04")
        child.expect_exact("DONE")
        child.expect(pexpect.EOF)
    finally:
        if child.isalive():
            child.terminate(force=True)
    assert before.read_text() == after.read_text(), f"stty before:\n{before.read_text()}\nafter:\n{after.read_text()}"


# ------------------------------------------------------------------------------------------------------------------
# The transcript for the docs


def test_transcript_of_the_survey(pty, tmp_path):
    """A realistic session with stdout on the terminal too; the rendered screen is written to
    $MCPTASK_TRANSCRIPT (if set) for Docs."""
    s = pty("call", "survey", target=stdio_elicit_target(), stdout_to_file=False)
    s.answer("Your name", "Ada Lovelace")
    s.answer("Project code", "ada-42")
    s.answer("Project code", "ADA-42")
    s.answer("Email", "ada@example.com")
    s.answer("Homepage", "")
    s.answer("Birthday", "1815-12-10")
    s.answer("Meeting", "")
    s.answer("Age", "36")
    s.answer("Score", "", current="2.5")
    s.answer("Subscribe", "n", current="y")
    s.answer("Color", "2")
    s.answer("Size", "", current="m")
    s.answer("Plan", "pro")
    s.answer("Toppings", "1,3")
    s.answer("Days", "1,3", current="mon")
    s.expect_review()
    s.enter("s")
    r = s.finish()
    assert r.code == 0, r.describe()
    assert '{"action": "accept", "content": {' in r.screen, r.describe()
    if os.environ.get("MCPTASK_TRANSCRIPT"):
        Path(os.environ["MCPTASK_TRANSCRIPT"]).write_text(r.screen)
