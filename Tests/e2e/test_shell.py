"""`mcptask shell` end to end: the built binary on a real pseudo-terminal (pexpect), against stdio servers — the
built-in demo server (`--demo`: countdown, confirm_delete, watch_forever, echo), and the same behind
Tests/fixtures/delayed_questions.py, which holds its questions back so that they arrive while a line is typed.

What is checked is what a person sees: the pty's output is rendered into screen lines (CR, LF, BS and the few
CSI sequences libedit and mcptask use), so "the status line appeared above the prompt and the typed line is still
there" is a check on the last screen line. Every wait has a 20 s limit, every test a pytest-timeout, every shell is
killed at teardown, and every test has its own MCPTASK_STATE_DIR.
"""

from __future__ import annotations

import os
import re
import stat
import time
from pathlib import Path

import pexpect
import pytest

from conftest import FIXTURES, PYTHON, REPO, TASK_SERVER

pytestmark = pytest.mark.timeout(120)

PTY_TIMEOUT = 20  # seconds for any single expected output
PROMPT = "mcptask> "
TASK_ID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
DELAYED = FIXTURES / "delayed_questions.py"


# ------------------------------------------------------------------------------------------------------------------
# A tiny terminal: what a person would see


class Screen:
    CSI = re.compile(r"\x1b\[([?0-9;]*)([@-~])")

    def __init__(self) -> None:
        self.lines: list[list[str]] = [[]]
        self.row = 0
        self.col = 0

    def _line(self) -> list[str]:
        while len(self.lines) <= self.row:
            self.lines.append([])
        return self.lines[self.row]

    def _put(self, ch: str) -> None:
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
                else:
                    i += 2
                continue
            if ch == "\r":
                self.col = 0
            elif ch == "\n":
                self.row += 1
            elif ch == "\b":
                self.col = max(0, self.col - 1)
            elif ch >= " ":
                self._put(ch)
            i += 1
        return self

    def _csi(self, params: str, final: str) -> None:
        if params.startswith("?"):
            return
        n = int(params.split(";")[0]) if params and params.split(";")[0] else 0
        line = self._line()
        if final == "A":
            self.row = max(0, self.row - (n or 1))
        elif final == "B":
            self.row += n or 1
        elif final == "C":
            self.col += n or 1
        elif final == "D":
            self.col = max(0, self.col - (n or 1))
        elif final == "G":
            self.col = max(0, (n or 1) - 1)
        elif final == "K":
            if n == 0:
                del line[self.col:]
            elif n == 2:
                line.clear()
        elif final == "J" and n == 0:
            del line[self.col:]
            del self.lines[self.row + 1:]
        elif final == "P":
            del line[self.col:self.col + (n or 1)]
        elif final == "@":
            for _ in range(n or 1):
                line.insert(min(self.col, len(line)), " ")

    def text(self) -> list[str]:
        rows = ["".join(line).rstrip() for line in self.lines]
        while rows and not rows[-1]:
            rows.pop()
        return rows


# ------------------------------------------------------------------------------------------------------------------
# Driving the shell


class Shell:
    """`mcptask shell …` on a pty (stdin, stderr and, unless `stdout` is given, stdout)."""

    def __init__(self, binary: Path, args: list[str], state: Path, stdout: Path | None = None):
        env = dict(os.environ)
        env.pop("MCPTASK_URL", None)
        env.pop("MCPTASK_SERVER", None)
        env.update({"TERM": "xterm", "NO_COLOR": "1", "MCPTASK_STATE_DIR": str(state)})
        argv = [str(binary), "shell", *map(str, args)]
        if stdout is not None:
            command, cmd_args = "/bin/sh", ["-c", 'out="$1"; shift; exec "$@" >"$out"', "sh", str(stdout), *argv]
        else:
            command, cmd_args = argv[0], argv[1:]
        self.child = pexpect.spawn(command, cmd_args, env=env, cwd=str(REPO), dimensions=(50, 200),
                                   timeout=PTY_TIMEOUT, encoding="utf-8", codec_errors="replace")
        self.raw = ""
        self.mark = 0  # what expect() has consumed

    # reading ---------------------------------------------------------------------------------------------------------

    def _pump(self, seconds: float = 0.1) -> bool:
        try:
            self.raw += self.child.read_nonblocking(65536, timeout=seconds)
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            return False
        return True

    def wait_for(self, *texts: str, timeout: float = PTY_TIMEOUT) -> None:
        """Waits until every text has appeared after the mark (in any order); the mark moves past the last."""
        deadline = time.monotonic() + timeout
        while True:
            ends = [self.raw.find(t, self.mark) for t in texts]
            if all(e >= 0 for e in ends):
                self.mark = max(e + len(t) for e, t in zip(ends, texts))
                return
            alive = self._pump()
            if time.monotonic() > deadline or not alive:
                if not alive:
                    self._pump()
                    if all(self.raw.find(t, self.mark) >= 0 for t in texts):
                        continue
                self.kill()
                missing = [t for t in texts if self.raw.find(t, self.mark) < 0]
                raise AssertionError(f"never saw {missing!r} on the terminal\n--- screen ---\n{self.screen_text()}")

    def wait_re(self, pattern: str, timeout: float = PTY_TIMEOUT) -> re.Match:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = regex.search(self.raw, self.mark)
            if m:
                self.mark = m.end()
                return m
            if not self._pump() or time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"never saw /{pattern}/ on the terminal\n--- screen ---\n{self.screen_text()}")

    def wait_all(self, *patterns: str, timeout: float = PTY_TIMEOUT) -> None:
        """Waits until every regular expression matches after the mark, in whatever order the lines came."""
        regexes = [re.compile(p) for p in patterns]
        deadline = time.monotonic() + timeout
        while True:
            matches = [r.search(self.raw, self.mark) for r in regexes]
            if all(matches):
                self.mark = max(m.end() for m in matches if m)
                return
            if not self._pump() or time.monotonic() > deadline:
                self.kill()
                missing = [r.pattern for r, m in zip(regexes, matches) if not m]
                raise AssertionError(f"never saw {missing!r} on the terminal\n--- screen ---\n{self.screen_text()}")

    def prompt(self) -> None:
        self.wait_for(PROMPT)

    def settle(self, seconds: float = 0.3) -> None:
        """Reads whatever arrives for a moment (for screen checks)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self._pump(0.05):
            pass

    def screen(self) -> list[str]:
        return Screen().feed(self.raw).text()

    def screen_text(self) -> str:
        return "\n".join(self.screen()[-60:])

    def last_line(self) -> str:
        lines = self.screen()
        return lines[-1] if lines else ""

    def since_mark(self) -> str:
        return self.raw[self.mark:]

    # writing ---------------------------------------------------------------------------------------------------------

    def type(self, text: str) -> None:
        self.child.send(text)

    def enter(self, text: str = "") -> None:
        self.child.send(text + "\r")

    def command(self, text: str) -> None:
        """Types a command at the prompt and presses Enter."""
        self.enter(text)
        self.wait_for(text)

    # ending ----------------------------------------------------------------------------------------------------------

    def finish(self, timeout: float = PTY_TIMEOUT) -> int:
        deadline = time.monotonic() + timeout
        while self._pump():
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"the shell did not exit within {timeout}s\n--- screen ---\n{self.screen_text()}")
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -(self.child.signalstatus or 0)

    def kill(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)


@pytest.fixture
def shell(mcptask_bin, tmp_path):
    """Starts shells with a state directory of the test's own; all are killed at teardown."""
    shells: list[Shell] = []

    def start(*args, stdout: Path | None = None, state: Path | None = None) -> Shell:
        s = Shell(mcptask_bin, list(args), state or tmp_path / "state", stdout)
        shells.append(s)
        s.wait_for("mcptask shell: connected to ")
        s.prompt()
        return s

    yield start
    for s in shells:
        s.kill()


def delayed_demo(mcptask_bin, seconds: float) -> list[str]:
    """The demo server behind delayed_questions.py: its questions arrive `seconds` late."""
    return ["--", PYTHON, str(DELAYED), str(seconds), str(mcptask_bin), "demo-server"]


def no_crash(s: Shell) -> None:
    for marker in ("Fatal error", "Stack dump", "Segmentation fault", "Swift runtime failure"):
        assert marker not in s.raw, s.screen_text()


# ------------------------------------------------------------------------------------------------------------------
# Background tasks, questions, above-the-prompt output


def test_two_background_tasks_one_asking(shell):
    """Two tasks at once on one stdio server: countdown's status lines come in above the open question of
    confirm_delete; the question is answered at the prompt; both results arrive; the prompt is back."""
    s = shell("--demo")
    s.command("call countdown seconds=6")
    countdown = s.wait_re(rf"\[task ({TASK_ID})\] started countdown").group(1)
    s.prompt()
    s.command("call confirm_delete item=notes.txt")
    asking = s.wait_re(rf"── mcptask-demo asks \(task ({TASK_ID})\) ──").group(1)
    assert asking != countdown
    s.wait_for("Are you sure you want to delete notes.txt?", "Delete notes.txt [n]: ")
    # While the question is open, the other task goes on and says so above it.
    s.wait_for(f"[task {countdown}] working: 2…")
    s.settle()
    assert s.last_line() == "  Delete notes.txt [n]:", s.screen_text()
    s.enter("y")
    s.wait_for("[s]end / [e]dit / [d]ecline / [c]ancel: ")
    s.enter("s")
    s.wait_for("→ sent")
    s.wait_for(f"[task {asking}] completed: Deleted notes.txt.", f"[task {countdown}] completed: Liftoff!")
    s.settle()
    assert s.last_line() == PROMPT.rstrip(), s.screen_text()
    # Each status change is one line above the prompt, never a broken one.
    lines = s.screen()
    assert any(line == f"[task {countdown}] working: 1…" for line in lines), s.screen_text()
    assert not any("mcptask> [task" in line for line in lines), s.screen_text()
    s.command("exit")
    assert s.finish() == 0
    no_crash(s)


def test_status_lines_keep_the_line_being_typed(shell):
    """Status changes and the result of a background task appear above the prompt; what is being typed stays,
    and Enter runs all of it."""
    s = shell("--demo")
    s.command("call countdown seconds=3")
    task = s.wait_re(rf"\[task ({TASK_ID})\] started countdown").group(1)
    s.prompt()
    s.type("list --st")
    s.wait_for(f"[task {task}] working: 2…")
    s.wait_for(f"[task {task}] completed: Liftoff!")
    s.settle()
    lines = s.screen()
    assert lines[-1] == "mcptask> list --st", s.screen_text()
    assert lines[-2] == f"[task {task}] completed: Liftoff!", s.screen_text()
    s.enter("atus completed")
    s.wait_re(rf"{task}\s+completed\s+countdown")
    s.prompt()
    no_crash(s)


def test_a_question_takes_over_the_prompt_and_gives_it_back(shell, mcptask_bin):
    """A question arriving while a command is half typed: the prompt and the typed text leave the screen, the
    question is asked, then the prompt comes back with the text and the cursor where they were."""
    s = shell(*delayed_demo(mcptask_bin, 1.5))
    s.command("call confirm_delete item=draft.md")
    task = s.wait_re(rf"\[task ({TASK_ID})\] started confirm_delete").group(1)
    s.prompt()
    s.type("get nosuch")
    s.type("\x1b[D" * 6)  # cursor back to just after "get "
    s.wait_for(f"── mcptask-demo asks (task {task}) ──", "Delete draft.md [n]: ")
    s.settle()
    assert s.last_line() == "  Delete draft.md [n]:", s.screen_text()
    assert "mcptask> get nosuch" not in s.screen(), s.screen_text()
    s.enter("n")
    s.wait_for("[s]end / [e]dit / [d]ecline / [c]ancel: ")
    s.enter("s")
    s.wait_for("→ sent", f"[task {task}] completed: Kept draft.md.")
    s.settle()
    assert s.last_line() == "mcptask> get nosuch", s.screen_text()
    # The cursor is back where it was: typed text goes in after "get ".
    s.enter("x-")
    s.wait_for("no such task: x-nosuch")
    s.prompt()
    no_crash(s)


def test_call_wait_and_interrupting_it(shell, tmp_path):
    """call --wait prints the result before the prompt returns; Ctrl-C while waiting sends the task to the
    background, which then reports its end; result ID prints it again, on stdout."""
    out = tmp_path / "stdout.txt"
    s = shell("--demo", stdout=out)
    s.command("call countdown seconds=1 --wait")
    s.wait_re(rf"mcptask: task ({TASK_ID}) started countdown")
    s.prompt()
    deadline = time.monotonic() + PTY_TIMEOUT
    while "Liftoff!" not in out.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert out.read_text() == "Liftoff!\n"
    s.command("call countdown seconds=3 --wait")
    task = s.wait_re(rf"mcptask: task ({TASK_ID}) started countdown").group(1)
    time.sleep(0.8)
    s.type("\x03")
    s.wait_for(f"mcptask: interrupted; task {task} goes on in the background")
    s.wait_for(f"[task {task}] completed: Liftoff!")
    s.prompt()
    assert out.read_text() == "Liftoff!\n", "a single-line background result is the summary line only"
    s.command(f"result {task}")
    s.prompt()
    assert out.read_text() == "Liftoff!\nLiftoff!\n"
    assert "Liftoff!" not in s.raw.replace("completed: Liftoff!", ""), "the result itself went to stdout"
    s.command("exit")
    assert s.finish() == 0
    no_crash(s)


# ------------------------------------------------------------------------------------------------------------------
# The commands on the shell's connection


def test_get_list_cancel_in_the_shell(shell):
    """get, list (with the TOOL column) and cancel on a task started in this shell, over the fixture task server."""
    s = shell("--", PYTHON, str(TASK_SERVER), "--poll-interval", "250")
    s.command("call slow seconds=30 steps=30")
    task = s.wait_re(rf"\[task ({TASK_ID})\] started slow").group(1)
    s.prompt()
    s.command(f"get {task}")
    s.wait_re(rf"{task}\s+working")
    s.prompt()
    s.command("list --status working")
    s.wait_re(rf"{task}\s+working\s+slow")
    s.prompt()
    s.command(f"get --json {task}")
    s.wait_for(f'"taskId":"{task}"')
    s.prompt()
    s.command(f"cancel {task}")
    # The table of cancel, and the background task's end (which may come first).
    s.wait_all(rf"{task}\s+cancelled", re.escape(f"[task {task}] cancelled"))
    s.command("list --local")
    s.wait_re(rf"{task}\s+cancelled\s+slow")
    s.prompt()
    s.command("exit")
    assert s.finish() == 0
    no_crash(s)


def test_tab_completes_commands_tools_and_task_ids(shell):
    s = shell("--demo")
    # A command.
    s.type("he\t")
    s.wait_for("lp")
    s.settle()
    assert s.last_line() == "mcptask> help", s.screen_text()
    s.enter("call")  # the completion ended with a space: this runs "help call"
    s.wait_for("IN THE SHELL")
    s.prompt()
    # A tool name, then an argument name from its input schema.
    s.type("call count\t")
    s.wait_for("down")
    s.type("sec\t")
    s.wait_for("onds=")
    s.settle()
    assert s.last_line() == "mcptask> call countdown seconds=", s.screen_text()
    s.enter("1")
    task = s.wait_re(rf"\[task ({TASK_ID})\] started countdown").group(1)
    s.prompt()
    # A task id of this session, from a unique beginning.
    s.type(f"get {task[:6]}\t")
    s.wait_for(task[6:])
    s.settle()
    assert s.last_line() == f"mcptask> get {task}", s.screen_text()
    s.enter()
    s.wait_re(rf"{task}\s+(working|completed)")
    s.prompt()
    # Several candidates and nothing in common to add: they are listed above the prompt, the line stays.
    s.type("c\t")
    s.wait_for("a")  # "c" + Tab completes to the common "ca"
    s.type("\t")
    s.wait_re(r"call\s+cancel")
    s.settle()
    assert s.last_line() == "mcptask> ca", s.screen_text()
    no_crash(s)


def test_history_is_kept_across_runs(shell, tmp_path):
    state = tmp_path / "state"
    first = shell("--demo", state=state)
    first.command("call echo text=remembered")
    first.wait_for("\nremembered\r\n")
    first.prompt()
    first.command("exit")
    assert first.finish() == 0
    history = state / "shell_history"
    assert history.is_file()
    assert stat.S_IMODE(history.stat().st_mode) == 0o600
    second = shell("--demo", state=state)
    second.type("\x1b[A")  # Up: the last command of the first run
    second.wait_for("exit")
    second.type("\x1b[A")  # Up again
    second.wait_for("call echo text=remembered")
    second.settle()
    assert second.last_line() == "mcptask> call echo text=remembered", second.screen_text()
    second.enter()
    second.wait_for("\nremembered\r\n")
    second.prompt()
    no_crash(second)


def test_ctrl_c_clears_the_line(shell):
    s = shell("--demo")
    s.type("call countdown seconds=99")
    s.wait_for("seconds=99")
    s.type("\x03")
    s.wait_for("^C")
    s.prompt()
    s.command("call echo text=after-ctrl-c")
    s.wait_for("\nafter-ctrl-c\r\n")
    s.prompt()
    assert "started countdown" not in s.raw, s.screen_text()
    no_crash(s)


def test_ctrl_d_asks_while_tasks_run_on_a_stdio_server(shell):
    s = shell("--demo")
    s.command("call watch_forever")
    s.wait_re(rf"\[task ({TASK_ID})\] started watch_forever")
    s.prompt()
    question = "1 task is still running on this stdio server and ends with it. Exit anyway? [y/N] "
    s.type("\x04")
    s.wait_for(question)
    s.enter("n")
    s.prompt()
    assert s.child.isalive()
    s.command("exit")
    s.wait_for(question)
    s.enter("y")
    assert s.finish() == 0
    no_crash(s)


def test_ctrl_d_without_running_tasks_exits_at_once(shell):
    s = shell("--demo")
    s.command("call countdown seconds=0 --wait")
    s.wait_for("Liftoff!")
    s.prompt()
    s.type("\x04")
    assert s.finish() == 0
    assert "Exit anyway?" not in s.raw


def test_errors_keep_the_shell_alive(shell):
    s = shell("--demo")
    for line, error in [
        ("bogus", "mcptask: unknown command 'bogus'"),
        ("call nosuch", "mcptask: the server has no tool named 'nosuch'"),
        ("call countdown seconds=many", "mcptask: argument 'seconds' must be an integer, got 'many'"),
        ("call countdown 'open", "mcptask: unterminated single quote"),
        ("get", "mcptask: Missing expected argument"),
        ("list --status sleeping", "mcptask: --status must be one of"),
        ("result 00000000-0000-0000-0000-000000000000", "mcptask: no such task"),
        ("call echo --no-input text=x", "do not apply in the shell"),
        ("call echo --args - text=x", "mcptask: --args - reads stdin"),
    ]:
        s.command(line)
        s.wait_for(error)
        s.prompt()
    s.command("call echo text=still-alive")
    s.wait_for("\nstill-alive\r\n")
    s.prompt()
    assert s.child.isalive()
    no_crash(s)


def test_server_selection_is_refused(shell):
    s = shell("--demo")
    refused = "mcptask: the shell is connected to demo; server selection"
    for line in ["get --url http://127.0.0.1:9/mcp x", "list -s prod", "call echo --demo text=x",
                 "tools -- python3 server.py", "cancel -H 'A: b' x", "tools --config other.json"]:
        s.command(line)
        s.wait_for(refused)
        s.prompt()
    s.command("tools")
    s.wait_re(r"countdown\s+optional")
    s.prompt()
    no_crash(s)


def test_help(shell):
    s = shell("--demo")
    s.command("help")
    s.wait_for("call TOOL [KEY=VALUE ...]", "exit")
    s.prompt()
    s.command("help call")
    s.wait_for("IN THE SHELL", "--wait waits for the result")
    s.prompt()
    s.command("call --help")
    s.wait_for("USAGE: mcptask call", "IN THE SHELL")
    s.prompt()
    no_crash(s)
