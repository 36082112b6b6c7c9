"""The mcptask CLI against its own demo server (`mcptask demo-server`), over stdio (--demo) and HTTP.

The same scenarios as against the Python fixture, on the peer mcptask ships: tools, task calls with status,
failures and their exit codes, plain calls, elicitation with answers given up front, and tasks driven from
several processes over HTTP.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import threading
import time

import pytest

from conftest import TASK_ID_IN_TEXT, expect

DEMO_TOOLS = {"deploy": "required", "countdown": "optional", "confirm_delete": "required", "flaky_job": "required",
              "lint": "optional", "watch_forever": "required", "generate_report": "optional", "echo": "forbidden",
              "sleep": "optional"}


class DemoServer:
    """`mcptask demo-server --http 127.0.0.1:0 ...` in the background."""

    def __init__(self, binary, *extra: str):
        self.proc = subprocess.Popen([str(binary), "demo-server", "--http", "127.0.0.1:0", *extra],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        found: list[str] = []

        def read() -> None:
            for raw in self.proc.stdout:
                match = re.match(r"LISTENING (\S+)", raw.decode(errors="replace"))
                if match:
                    found.append(match.group(1))
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(15)
        if not found:
            self.stop()
            raise RuntimeError("mcptask demo-server did not print LISTENING")
        self.url = found[0]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture(scope="module")
def shared_demo(mcptask_bin):
    server = DemoServer(mcptask_bin, "--shared-tasks", "--poll-interval", "200")
    yield server
    server.stop()


@pytest.fixture
def new_demo(mcptask_bin):
    servers: list[DemoServer] = []

    def start(*extra: str) -> DemoServer:
        server = DemoServer(mcptask_bin, *extra)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(params=["stdio", "http"])
def where(request) -> list[str]:
    """The server selection arguments: --demo (stdio) or --url to the shared HTTP demo server."""
    if request.param == "stdio":
        return ["--demo"]
    return ["--url", request.getfixturevalue("shared_demo").url]


def test_tools_lists_the_demo_tools_with_task_support(mcptask, where):
    r = expect(mcptask("tools", *where), 0)
    rows = {line.split()[0]: line.split()[1] for line in r.out.splitlines()[1:]}
    assert rows == DEMO_TOOLS, r.describe()
    tools = expect(mcptask("tools", "--json", *where), 0).json_lines()
    assert {t["name"]: t.get("execution", {}).get("taskSupport", "forbidden") for t in tools} == DEMO_TOOLS
    assert all(t["inputSchema"]["type"] == "object" for t in tools)


def test_demo_flag_may_come_before_the_subcommand(mcptask):
    r = expect(mcptask("--demo", "call", "echo", "text=before"), 0)
    assert r.out == "before\n", r.describe()


def test_countdown_shows_each_status_then_the_result(mcptask, where):
    r = expect(mcptask("call", "countdown", "seconds=2", *where), 0)
    assert r.out == "Liftoff!\n", r.describe()
    for step in ("2…", "1…"):
        assert sum(step in line for line in r.err.splitlines()) >= 1, r.describe()
    assert TASK_ID_IN_TEXT.search(r.err), r.describe()


def test_flaky_job_fails_with_the_servers_message(mcptask, where):
    r = expect(mcptask("call", "flaky_job", *where), 2)
    assert r.out == "", r.describe()
    assert "the build cache is corrupted" in r.err.splitlines()[-1], r.describe()


def test_flaky_job_json_carries_the_jsonrpc_error(mcptask, where):
    r = mcptask("call", "flaky_job", "--json", *where)
    assert r.code == 2, r.describe()
    doc = r.json_object()
    assert doc["task"]["status"] == "failed" and doc["result"] is None, r.describe()
    assert "build cache is corrupted" in doc["error"]["message"], r.describe()


def test_lint_is_a_tool_error(mcptask, where):
    r = expect(mcptask("call", "lint", *where), 1)
    assert r.out.startswith("lint found 3 problems"), r.describe()
    assert len(r.out.strip().splitlines()) == 4, r.describe()


def test_echo_is_a_plain_call(mcptask, where):
    r = expect(mcptask("call", "echo", "text=hello there", "--json", *where), 0)
    doc = r.json_object()
    assert doc["task"] is None and doc["result"]["content"][0]["text"] == "hello there", r.describe()


@pytest.mark.parametrize("args,words", [
    (["echo", "text=x", "--ttl", "1000"], "forbidden"),
    (["watch_forever", "--no-task"], "only run as a task"),
    (["countdown", "seconds=soon"], "'seconds' must be an integer"),
    (["no_such_tool"], "no tool named 'no_such_tool'"),
])
def test_usage_errors_before_anything_runs(mcptask, where, args, words):
    r = expect(mcptask("call", *args, *where), 64)
    assert words in r.err, r.describe()


def test_sleep_json_reports_when_the_work_finished(mcptask, where):
    before = time.time()
    r = expect(mcptask("call", "sleep", "ms=50", "--json", *where), 0)
    doc = r.json_object()
    assert doc["task"]["status"] == "completed", r.describe()
    structured = doc["result"]["structuredContent"]
    assert structured["sleptMs"] == 50 and before < structured["finishedAt"] <= time.time(), r.describe()
    assert doc["result"]["_meta"]["io.modelcontextprotocol/related-task"]["taskId"] == doc["task"]["taskId"]


def test_a_large_report_arrives_whole(mcptask, where):
    r = expect(mcptask("call", "generate_report", "kilobytes=3072", *where), 0)
    assert 3072 * 1024 <= len(r.out.encode()) <= 3072 * 1024 + 2, len(r.out)


def test_deploy_with_answers_given_up_front(mcptask, where):
    r = expect(mcptask("call", "deploy", "service=api", "--answer", "environment=production",
                       "--answer", "version=v2.0.1", "--answer", "notify=no", *where), 0)
    assert r.out.strip() == "Deployed api v2.0.1 to production; nobody was notified.", r.describe()


def test_deploy_answers_from_a_file(mcptask, where, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"environment": "staging", "version": "1.4.0"}))
    r = expect(mcptask("call", "deploy", "--answers", str(answers), *where), 0)
    assert "staging" in r.out and "1.4.0" in r.out, r.describe()


def test_deploy_without_answers_and_no_input_is_declined(mcptask, where):
    r = expect(mcptask("call", "deploy", "--no-input", *where), 0)
    assert r.out.startswith("Deployment cancelled"), r.describe()
    assert "missing version" in r.err, r.describe()


def test_an_invalid_preset_is_never_sent(mcptask, where):
    r = expect(mcptask("call", "deploy", "--answer", "version=latest", "--no-input", *where), 0)
    assert r.out.startswith("Deployment cancelled"), r.describe()
    assert "version: must match the pattern" in r.err, r.describe()


@pytest.mark.parametrize("flags,expected", [(["--answer", "confirm=yes"], "Deleted report.txt."),
                                            (["--decline-all"], "Kept report.txt.")])
def test_confirm_delete(mcptask, where, flags, expected):
    r = expect(mcptask("call", "confirm_delete", *flags, *where), 0)
    assert r.out.strip() == expected, r.describe()


def test_detach_get_list_cancel_result_across_processes(mcptask, shared_demo):
    url = ["--url", shared_demo.url]
    started = expect(mcptask("call", "watch_forever", "--detach", *url), 0)
    task_id = started.out.strip()
    assert TASK_ID_IN_TEXT.fullmatch(task_id), started.describe()
    got = expect(mcptask("get", task_id, "--json", *url), 0).json_lines()
    assert [t["taskId"] for t in got] == [task_id] and got[0]["status"] == "working"
    listed = expect(mcptask("list", "--status", "working", "--json", *url), 0).json_lines()
    assert task_id in {t["taskId"] for t in listed}
    waiting = mcptask.start("result", task_id, *url)
    waiting.wait_for_stderr(r"working")
    cancelled = expect(mcptask("cancel", task_id, "--json", *url), 0).json_lines()
    assert cancelled[0]["status"] == "cancelled"
    ended = waiting.finish()
    assert ended.code == 3, ended.describe()
    again = expect(mcptask("cancel", task_id, *url), 0)
    assert "cancelled" in again.out


def test_session_bound_tasks_are_reached_through_the_remembered_session(mcptask, new_demo, tmp_path):
    # Without --shared-tasks a task belongs to the HTTP session that created it. mcptask remembers that session
    # in its state directory, so later processes reach the task; with a fresh state directory (a new session)
    # the server does not know the task: exit 4.
    server = new_demo()
    url = ["--url", server.url]
    task_id = expect(mcptask("call", "countdown", "seconds=5", "--detach", *url), 0).out.strip()
    got = expect(mcptask("get", task_id, "--json", *url), 0).json_lines()
    assert got[0]["taskId"] == task_id and got[0]["status"] == "working"
    r = expect(mcptask("get", task_id, *url, env={"MCPTASK_STATE_DIR": str(tmp_path / "fresh")}), 4)
    assert task_id in r.err, r.describe()


def test_list_pages_through_every_task(mcptask, new_demo):
    server = new_demo("--shared-tasks", "--page-size", "2")
    url = ["--url", server.url]
    ids = {expect(mcptask("call", "sleep", "ms=0", "--detach", *url), 0).out.strip() for _ in range(5)}
    listed = expect(mcptask("list", "--json", *url), 0).json_lines()
    assert {t["taskId"] for t in listed} == ids
    table = expect(mcptask("list", *url), 0)
    assert table.out.splitlines()[0].split()[:2] == ["ID", "STATUS"] and len(table.out.splitlines()) == 6


def test_timeout_leaves_the_task_running_and_says_how_to_resume(mcptask, shared_demo):
    url = ["--url", shared_demo.url]
    r = expect(mcptask("call", "watch_forever", "--timeout", "1.5", *url), 7)
    task_id = r.resume_id()
    assert expect(mcptask("get", task_id, "--json", *url), 0).json_lines()[0]["status"] == "working"
    expect(mcptask("cancel", task_id, *url), 0)


def test_interrupt_with_cancel_on_interrupt(mcptask, shared_demo):
    url = ["--url", shared_demo.url]
    running = mcptask.start("call", "watch_forever", "--cancel-on-interrupt", *url)
    task_id = running.wait_for_stderr(r"mcptask result (\S+)").group(1)
    running.wait_for_stderr(r"events")
    running.signal(signal.SIGINT)
    r = running.finish()
    assert r.code == 130, r.describe()
    assert expect(mcptask("get", task_id, "--json", *url), 0).json_lines()[0]["status"] == "cancelled"


def test_unknown_task_id(mcptask, where):
    r = expect(mcptask("get", "00000000-0000-0000-0000-000000000000", *where), 4)
    assert "no such task" in r.err, r.describe()
