"""Tasks that outlive one command (issue 5): named servers from configuration files, HTTP session reuse, the
local task registry, and its safety under concurrent and killed processes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time

import pytest

from conftest import PYTHON, TASK_SERVER, TASK_ID_IN_TEXT, HttpServer, expect, free_port


@pytest.fixture
def state_env(tmp_path):
    return {"MCPTASK_STATE_DIR": str(tmp_path / "state")}


def local_entries(mcptask, env) -> list[dict]:
    return expect(mcptask("list", "--local", "--json", env=env), 0).json_lines()


def test_session_bound_tasks_across_processes(mcptask, new_http_server, state_env):
    """The Python SDK fixture binds tasks to their session: every later process reuses the remembered session."""
    server = new_http_server("--session-bound", "--poll-interval", "200")
    url = ["--url", server.url]
    task_id = expect(mcptask("call", "forever", "--detach", *url, env=state_env), 0).out.strip()
    quick_id = expect(mcptask("call", "quick", "text=kept", "--detach", *url, env=state_env), 0).out.strip()
    got = expect(mcptask("get", task_id, "--json", *url, env=state_env), 0).json_lines()
    assert got[0]["status"] == "working"
    # list joins the server's tasks with the registry: the TOOL column names the tool that started each.
    table = expect(mcptask("list", *url, env=state_env), 0)
    header = table.out.splitlines()[0].split()
    assert header[:3] == ["ID", "STATUS", "TOOL"], table.describe()
    rows = {line.split()[0]: line.split()[2] for line in table.out.splitlines()[1:]}
    assert rows.get(task_id) == "forever" and rows.get(quick_id) == "quick", table.describe()
    result = expect(mcptask("result", quick_id, *url, env=state_env), 0)
    assert result.out == "kept\n"
    waiting = mcptask.start("result", task_id, *url, env=state_env)
    waiting.wait_for_stderr("working")
    expect(mcptask("cancel", task_id, *url, env=state_env), 0)
    assert waiting.finish().code == 3
    # A fresh state directory means a new session, which cannot see the task.
    fresh = {"MCPTASK_STATE_DIR": state_env["MCPTASK_STATE_DIR"] + "-fresh"}
    expect(mcptask("get", task_id, *url, env=fresh), 4)
    entries = {e["taskId"]: e for e in local_entries(mcptask, state_env)}
    assert entries[task_id]["tool"] == "forever" and entries[task_id]["status"] == "cancelled"
    assert entries[quick_id]["status"] == "completed"


def test_config_file_with_stdio_and_http_servers_and_env_expansion(mcptask, http_server, tmp_path, state_env):
    project = tmp_path / "project"
    project.mkdir()
    (project / ".mcp.json").write_text(json.dumps({"mcpServers": {
        "local": {"command": PYTHON, "args": [str(TASK_SERVER), "--poll-interval", "${POLL}"]},
        "remote": {"url": "${REMOTE_URL}", "headers": {"Authorization": "Bearer ${TOKEN}"}},
    }}))
    env = dict(state_env, POLL="200", REMOTE_URL=http_server.url, TOKEN="very-secret-token")

    listed = expect(mcptask("servers", "--json", env=env, cwd=project), 0).json_lines()
    assert {s["name"]: s["transport"] for s in listed} == {"local": "stdio", "remote": "http"}
    shown = expect(mcptask("servers", env=env, cwd=project), 0)
    assert "very-secret-token" not in shown.out + shown.err and "very-secret-token" not in json.dumps(listed)

    r = expect(mcptask("call", "quick", "text=from-stdio", "-s", "local", env=env, cwd=project), 0)
    assert r.out == "from-stdio\n"
    r = expect(mcptask("call", "quick", "text=from-http", "-s", "remote", env=env, cwd=project), 0)
    assert r.out == "from-http\n" and "-s remote" in r.err, r.describe()
    # MCPTASK_SERVER selects a server when no flag does.
    r = expect(mcptask("tools", env=dict(env, MCPTASK_SERVER="remote"), cwd=project), 0)
    assert "quick" in r.out
    # A missing variable is an error naming it.
    missing = {k: v for k, v in env.items() if k != "TOKEN"}
    r = expect(mcptask("tools", "-s", "remote", env=missing, cwd=project), 64)
    assert "TOKEN" in r.err and "remote" in r.err, r.describe()
    r = expect(mcptask("tools", "-s", "nowhere", env=env, cwd=project), 64)
    assert "nowhere" in r.err and "local" in r.err and "remote" in r.err, r.describe()
    state_files = list((tmp_path / "state").iterdir())
    assert state_files and all("very-secret-token" not in f.read_text(errors="replace") for f in state_files)


def test_state_files_are_private(mcptask, http, state_env):
    expect(mcptask("call", "quick", "--detach", *http.args, env=state_env), 0)
    directory = state_env["MCPTASK_STATE_DIR"]
    assert os.stat(directory).st_mode & 0o777 == 0o700
    for name in os.listdir(directory):
        assert os.stat(os.path.join(directory, name)).st_mode & 0o777 == 0o600, name


def test_twenty_concurrent_detached_calls_lose_no_entry(mcptask_bin, http, state_env):
    env = dict(os.environ, **state_env)
    procs = [subprocess.Popen([str(mcptask_bin), "call", "sleep", "ms=0", "--detach", *http.args], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
             for _ in range(20)]
    ids = set()
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
        ids.add(out.decode().strip())
    assert len(ids) == 20
    listed = subprocess.run([str(mcptask_bin), "list", "--local", "--json"], env=env, capture_output=True,
                            text=True, timeout=30)
    assert listed.returncode == 0, listed.stderr
    assert ids <= {json.loads(line)["taskId"] for line in listed.stdout.splitlines()}


def test_kill_9_during_registry_writes_leaves_a_readable_registry(mcptask_bin, http, state_env):
    """Writers killed at random moments (some inside a registry write) never corrupt what others wrote."""
    env = dict(os.environ, **state_env)
    rng = random.Random(7)
    survivors = set()
    for round_ in range(6):
        procs = [subprocess.Popen([str(mcptask_bin), "call", "sleep", "ms=0", "--detach", *http.args], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
                 for _ in range(6)]
        time.sleep(rng.uniform(0.005, 0.06))
        for proc in procs[::2]:
            proc.send_signal(signal.SIGKILL)
        for proc in procs:
            out, _ = proc.communicate(timeout=60)
            if proc.returncode == 0:
                survivors.add(out.decode().strip())
    listed = subprocess.run([str(mcptask_bin), "list", "--local", "--json"], env=env, capture_output=True,
                            text=True, timeout=30)
    assert listed.returncode == 0, listed.stderr
    seen = {json.loads(line)["taskId"] for line in listed.stdout.splitlines()}
    assert survivors and survivors <= seen
    # And the registry still takes writes.
    after = subprocess.run([str(mcptask_bin), "call", "sleep", "ms=0", "--detach", *http.args], env=env,
                           capture_output=True, text=True, timeout=60)
    assert after.returncode == 0
    relisted = subprocess.run([str(mcptask_bin), "list", "--local", "--json"], env=env, capture_output=True,
                              text=True, timeout=30)
    assert after.stdout.strip() in {json.loads(line)["taskId"] for line in relisted.stdout.splitlines()}


def test_a_forgotten_session_is_replaced_and_its_tasks_marked_unreachable(mcptask, server_logs, state_env):
    port = free_port()
    server = subprocess.Popen([PYTHON, str(TASK_SERVER), "--http", str(port), "--session-bound"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        assert b"LISTENING" in server.stdout.readline()
        url = ["--url", f"http://127.0.0.1:{port}/mcp"]
        task_id = expect(mcptask("call", "forever", "--detach", *url, env=state_env), 0).out.strip()
    finally:
        server.terminate()
        server.wait(10)
    server = subprocess.Popen([PYTHON, str(TASK_SERVER), "--http", str(port), "--session-bound"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        assert b"LISTENING" in server.stdout.readline()
        r = expect(mcptask("tools", *url, env=state_env), 0)
        assert "no longer knows session" in r.err, r.describe()
        again = expect(mcptask("tools", *url, env=state_env), 0)
        assert "no longer knows" not in again.err, again.describe()
    finally:
        server.terminate()
        server.wait(10)
    entry = next(e for e in local_entries(mcptask, state_env) if e["taskId"] == task_id)
    assert entry["unreachable"] is True


def test_session_close_ends_the_session(mcptask, new_http_server, state_env):
    server = new_http_server("--session-bound")
    url = ["--url", server.url]
    task_id = expect(mcptask("call", "forever", "--detach", *url, env=state_env), 0).out.strip()
    r = expect(mcptask("session", "close", *url, env=state_env), 0)
    assert "closed session" in r.err and "unreachable" in r.err, r.describe()
    expect(mcptask("get", task_id, *url, env=state_env), 4)
    entry = next(e for e in local_entries(mcptask, state_env) if e["taskId"] == task_id)
    assert entry["unreachable"] is True


def test_list_local_works_offline(mcptask, http, state_env):
    task_id = expect(mcptask("call", "quick", "text=x", "--detach", *http.args, env=state_env), 0).out.strip()
    r = expect(mcptask("list", "--local", env=state_env), 0)
    assert task_id in r.out and "quick" in r.out and "local registry" in r.err, r.describe()
    # With a server given, only that server's tasks (an unreachable URL is fine: nothing is contacted).
    r = expect(mcptask("list", "--local", "--json", "--url", "http://127.0.0.1:9/none", env=state_env), 0)
    assert r.json_lines() == []
