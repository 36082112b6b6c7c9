"""One CLI contract over both protocol generations (issue 6): the same commands give the same output shapes and
exit codes against an MCP 2025-11-25 server (the Python SDK fixture) and an MCP 2026-07-28 server with the
io.modelcontextprotocol/tasks extension (fastmcp + fastmcp-tasks 4.1.4, Tests/fixtures/ext_server.py)."""

from __future__ import annotations

import signal

import pytest

from conftest import POLL_MS, PYTHON, TASK_SERVER, expect
from test_ext_engine import EXT_SERVER, ExtServer, ext_python

TASK_KEYS = {"taskId", "status", "createdAt", "lastUpdatedAt", "ttl", "pollInterval"}


@pytest.fixture(scope="module")
def ext_http(tmp_path_factory):
    server = ExtServer(tmp_path_factory.mktemp("ext-logs"), "--poll-interval", str(POLL_MS))
    yield server
    server.stop()


@pytest.fixture(params=["2025-http", "2026-http", "2026-stdio"])
def gen(request, http_server):
    """(generation, server arguments) for each generation and transport."""
    if request.param == "2025-http":
        return "2025-11-25", ["--url", http_server.url]
    if request.param == "2026-http":
        return "2026-07-28", ["--url", request.getfixturevalue("ext_http").url]
    return "2026-07-28", ["--", str(ext_python()), str(EXT_SERVER), "--poll-interval", str(POLL_MS)]


def test_info_reports_the_detected_generation(mcptask, gen, tmp_path):
    generation, where = gen
    env = {"MCPTASK_STATE_DIR": str(tmp_path / "state")}
    info = expect(mcptask("info", "--json", *where, env=env), 0).json_object()
    assert info["generation"] == generation and info["tasks"]["toolCalls"] is True, info
    assert (info["tasks"]["list"] is True) == (generation == "2025-11-25")
    if generation == "2026-07-28":
        assert "io.modelcontextprotocol/tasks" in info["extensions"]
    # The second command uses the remembered generation: same answer, no probe needed.
    again = expect(mcptask("info", "--json", "-v", *where, env=env), 0)
    assert again.json_object()["generation"] == generation
    text = expect(mcptask("info", *where, env=env), 0).out
    assert f"MCP {generation}" in text


def test_forcing_the_other_generation_fails_clearly(mcptask, ext_http, http_server, tmp_path):
    env = {"MCPTASK_STATE_DIR": str(tmp_path / "state")}
    r = expect(mcptask("info", "--protocol", "2026-07-28", "--url", http_server.url, env=env), 5)
    assert "2026-07-28" in r.err, r.describe()
    legacy = expect(mcptask("info", "--json", "--protocol", "2025-11-25", "--url", ext_http.url, env=env), 0)
    assert legacy.json_object()["generation"] == "2025-11-25"


def test_a_quick_task_prints_the_same_way(mcptask, gen):
    _, where = gen
    r = expect(mcptask("call", "quick", "text=same output", *where), 0)
    assert r.out == "same output\n", r.describe()
    doc = expect(mcptask("call", "quick", "text=json", "--json", *where), 0).json_object()
    assert set(doc) >= {"task", "result"} and TASK_KEYS <= set(doc["task"]), doc
    assert doc["task"]["status"] == "completed" and isinstance(doc["task"]["ttl"], int)
    assert "resultType" not in doc["result"] and "ttlMs" not in doc["task"], doc
    assert doc["result"]["content"][0]["text"] == "json"


def test_status_messages_while_waiting(mcptask, gen):
    _, where = gen
    r = expect(mcptask("call", "slow", "seconds=1.5", "steps=3", *where), 0)
    assert "step 2/3" in r.err or "step 3/3" in r.err, r.describe()


@pytest.mark.parametrize("tool,code", [("fail", 2), ("tool_error", 1)])
def test_failures_exit_alike(mcptask, gen, tool, code):
    generation, where = gen
    r = expect(mcptask("call", tool, *where), code)
    assert r.err.splitlines()[-1].startswith("mcptask: "), r.describe()


@pytest.mark.parametrize("generation", ["2025-11-25", "2026-07-28"])
def test_detach_get_result_cancel_across_processes(mcptask, generation, http_server, request, tmp_path):
    # Over HTTP only: a task over stdio ends with its server process.
    url = http_server.url if generation == "2025-11-25" else request.getfixturevalue("ext_http").url
    where = ["--url", url]
    env = {"MCPTASK_STATE_DIR": str(tmp_path / "state")}
    task_id = expect(mcptask("call", "forever", "--detach", *where, env=env), 0).out.strip()
    got = expect(mcptask("get", task_id, "--json", *where, env=env), 0).json_lines()
    assert got[0]["taskId"] == task_id and got[0]["status"] == "working" and TASK_KEYS <= set(got[0])
    waiting = mcptask.start("result", task_id, *where, env=env)
    waiting.wait_for_stderr("working")
    expect(mcptask("cancel", task_id, *where, env=env), 0)
    ended = waiting.finish()
    assert ended.code == 3, ended.describe()
    # list: tasks/list on 2025-11-25, the local registry on 2026-07-28 (which has no tasks/list).
    listed = expect(mcptask("list", *where, env=env), 0)
    assert task_id in listed.out, listed.describe()
    if generation == "2026-07-28":
        assert "local registry" in listed.err, listed.describe()
    local = expect(mcptask("list", "--local", "--json", *where, env=env), 0).json_lines()
    assert [e["tool"] for e in local if e["taskId"] == task_id] == ["forever"]


def test_unknown_task_is_exit_4(mcptask, gen):
    _, where = gen
    r = expect(mcptask("get", "no-such-task-id", *where), 4)
    assert "no such task" in r.err, r.describe()


def test_input_inside_a_task_from_answers(mcptask, ext_http):
    r = expect(mcptask("call", "ask", "--answer", "name=Ada", "--url", ext_http.url), 0)
    assert "Ada" in r.out, r.describe()


def test_plain_multi_round_trip_call(mcptask, ext_http):
    r = expect(mcptask("call", "confirm", "--answer", "ok=yes", "--url", ext_http.url), 0)
    assert r.out.startswith("confirmed=True"), r.describe()
    declined = expect(mcptask("call", "confirm", "--decline-all", "--url", ext_http.url), 0)
    assert declined.out.startswith("confirmed=None"), declined.describe()


def test_interrupt_with_cancel_on_interrupt(mcptask, ext_http, tmp_path):
    env = {"MCPTASK_STATE_DIR": str(tmp_path / "state")}
    running = mcptask.start("call", "forever", "--cancel-on-interrupt", "--url", ext_http.url, env=env)
    task_id = running.wait_for_stderr(r"mcptask result (\S+)").group(1)
    running.signal(signal.SIGINT)
    assert running.finish().code == 130
    got = expect(mcptask("get", task_id, "--json", "--url", ext_http.url, env=env), 0).json_lines()
    assert got[0]["status"] == "cancelled"
