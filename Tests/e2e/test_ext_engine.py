"""The 2026-07-28 fixture server (Tests/fixtures/ext_server.py, fastmcp 4.1.4 + fastmcp-tasks 4.1.4) checked with raw
HTTP and stdio messages, without mcptask: if these fail, the fixture (or the runtime under it) is wrong, not mcptask.

They also pin down what mcptask's 2026-07-28 engine relies on: the shapes of `server/discover`, task creation,
`tasks/get` with inline result/error/inputRequests, `tasks/update`, `tasks/cancel`, multi round-trip requests, the
routing headers, -32021, and how a legacy server (task_server.py, mcp 1.30.0) answers the `server/discover` probe.

The server runs from <repo>/.venv-ext (scripts/setup-venv-ext); this suite runs in .venv like the rest.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from conftest import FIXTURES, PYTHON, REPO, TASK_SERVER

EXT_SERVER = FIXTURES / "ext_server.py"
EXT_PYTHON = REPO / ".venv-ext" / "bin" / "python"
VERSION = "2026-07-28"
TASKS = "io.modelcontextprotocol/tasks"
POLL_MS = 200
FULL_CAPS = {"extensions": {TASKS: {}}, "elicitation": {"form": {}, "url": {}}}
NAME_METHODS = {"tools/call": "name", "prompts/get": "name", "resources/read": "uri",
                "tasks/get": "taskId", "tasks/update": "taskId", "tasks/cancel": "taskId"}


def ext_python() -> Path:
    if not (EXT_PYTHON.is_file() and os.access(EXT_PYTHON, os.X_OK)):
        pytest.fail(f"{EXT_PYTHON} is missing: run scripts/setup-venv-ext (fastmcp + fastmcp-tasks for ext_server.py)")
    return EXT_PYTHON


def meta(caps: dict | None = None) -> dict:
    return {"io.modelcontextprotocol/protocolVersion": VERSION,
            "io.modelcontextprotocol/clientInfo": {"name": "pytest", "version": "0"},
            "io.modelcontextprotocol/clientCapabilities": FULL_CAPS if caps is None else caps}


def message(method: str, params: dict | None = None, caps: dict | None = None, id: int = 1) -> dict:
    p = dict(params or {})
    p["_meta"] = meta(caps)
    return {"jsonrpc": "2.0", "id": id, "method": method, "params": p}


class ExtServer:
    """ext_server.py --http 0 in the background, with a small 2026-07-28 client."""

    def __init__(self, log_dir: Path, *extra: str):
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"ext_server-{os.getpid()}-{time.monotonic_ns()}.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([str(ext_python()), str(EXT_SERVER), "--http", "0", *extra],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._log, cwd=REPO)
        self.url = self._wait_listening(60)
        self.http = httpx.Client(timeout=30)

    def _wait_listening(self, timeout: float) -> str:
        found: list[str] = []

        def read() -> None:
            for raw in self.proc.stdout:
                line = raw.decode(errors="replace").strip()
                if line.startswith("LISTENING "):
                    found.append(line.split(" ", 1)[1])
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout)
        if not found:
            self.stop()
            raise RuntimeError(f"ext_server.py did not print LISTENING within {timeout}s; log:\n"
                               f"{self.log_path.read_text(errors='replace')[-3000:]}")
        return found[0]

    def post(self, method: str, params: dict | None = None, *, caps: dict | None = None,
             headers: dict | None = None, raw_headers: bool = False) -> httpx.Response:
        """POST one request with the 2026-07-28 headers (unless `raw_headers`: then only `headers`)."""
        body = message(method, params, caps)
        h = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
        if not raw_headers:
            h["MCP-Protocol-Version"] = VERSION
            h["Mcp-Method"] = method
            key = NAME_METHODS.get(method)
            if key and params and key in params:
                h["Mcp-Name"] = params[key]
        h.update(headers or {})
        return self.http.post(self.url, json=body, headers=h)

    def rpc(self, method: str, params: dict | None = None, **kw) -> dict:
        """The JSON-RPC response object (result or error) of one request."""
        response = self.post(method, params, **kw)
        return decode_body(response)

    def result(self, method: str, params: dict | None = None, **kw) -> dict:
        answer = self.rpc(method, params, **kw)
        assert "result" in answer, answer
        return answer["result"]

    def call(self, tool: str, arguments: dict | None = None, **kw) -> dict:
        return self.result("tools/call", {"name": tool, "arguments": arguments or {}}, **kw)

    def get(self, task_id: str) -> dict:
        return self.result("tasks/get", {"taskId": task_id})

    def wait(self, task_id: str, until=lambda t: t["status"] in ("completed", "failed", "cancelled"),
             timeout: float = 30) -> tuple[dict, list[dict]]:
        seen: list[dict] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            task = self.get(task_id)
            seen.append(task)
            if until(task):
                return task, seen
            time.sleep(task.get("pollIntervalMs", 500) / 1000)
        raise AssertionError(f"task {task_id} did not get there in {timeout}s; last: {seen[-1:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()


def decode_body(response: httpx.Response) -> dict:
    """A JSON body, or the last `message` event of an SSE body."""
    ctype = response.headers.get("content-type", "")
    if ctype.startswith("text/event-stream"):
        data = [line[5:].strip() for line in response.text.splitlines() if line.startswith("data:")]
        assert data, response.text
        return json.loads(data[-1])
    return response.json()


@pytest.fixture(scope="module")
def ext(tmp_path_factory):
    server = ExtServer(tmp_path_factory.mktemp("ext-logs"), "--poll-interval", str(POLL_MS))
    yield server
    server.stop()


def start_task(ext: ExtServer, tool: str, arguments: dict | None = None) -> dict:
    created = ext.call(tool, arguments)
    assert created["resultType"] == "task", created
    return created


# ---------------------------------------------------------------------------------------------------------------------
# Discovery and task creation


def test_discover(ext):
    response = ext.post("server/discover")
    assert response.status_code == 200
    result = decode_body(response)["result"]
    assert result["resultType"] == "complete"
    assert VERSION in result["supportedVersions"]
    assert TASKS in result["capabilities"]["extensions"]
    assert result["_meta"]["io.modelcontextprotocol/serverInfo"]["name"] == "ext-fixture"
    # Quirks mcptask copes with: no caching allowed, and an extra extension it ignores.
    assert result["ttlMs"] == 0
    assert "io.modelcontextprotocol/ui" in result["capabilities"]["extensions"]


def test_task_created_flat_with_ms_fields(ext):
    created = start_task(ext, "quick", {"text": "hi"})
    assert set(created) >= {"taskId", "status", "createdAt", "lastUpdatedAt", "ttlMs", "pollIntervalMs"}
    assert created["status"] == "working"
    assert created["pollIntervalMs"] == POLL_MS
    assert "ttl" not in created and "pollInterval" not in created and "task" not in created
    task, _ = ext.wait(created["taskId"])
    assert task["status"] == "completed"
    assert task["resultType"] == "complete"
    assert task["result"]["content"] == [{"type": "text", "text": "hi"}]
    assert task["result"]["isError"] is False


def test_only_a_declaring_client_gets_a_task(ext):
    for caps in ({}, {"elicitation": {"form": {}}}):
        result = ext.call("quick", {"text": "plain"}, caps=caps)
        assert result["resultType"] == "complete", result
        assert result["content"] == [{"type": "text", "text": "plain"}]
    # A tool that is never a task answers plainly even to a declaring client.
    result = ext.call("echo", {"text": "e"})
    assert result["resultType"] == "complete"
    assert result["content"][0]["text"] == "e"


def test_required_task_tool_refuses_a_non_declaring_client(ext):
    response = ext.post("tools/call", {"name": "must_task", "arguments": {}}, caps={})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == -32021
    assert error["data"] == {"requiredCapabilities": {"extensions": {TASKS: {}}}}


# ---------------------------------------------------------------------------------------------------------------------
# Following tasks


def test_slow_reports_status_messages(ext):
    created = start_task(ext, "slow", {"seconds": 1.6, "steps": 4})
    task, seen = ext.wait(created["taskId"])
    assert task["status"] == "completed"
    messages = [t.get("statusMessage") for t in seen if t["status"] == "working"]
    assert any(m and m.startswith("step ") for m in messages), messages
    assert task["result"]["content"][0]["text"] == "slept 1.6s in 4 steps"


def test_fail_ends_failed_with_inline_error(ext):
    created = start_task(ext, "fail", {"message": "boom"})
    task, _ = ext.wait(created["taskId"])
    assert task["status"] == "failed"
    assert task["error"] == {"code": -32603, "message": "boom"}
    assert task["statusMessage"] == "boom"
    assert "result" not in task


def test_tool_error_ends_completed_with_is_error(ext):
    created = start_task(ext, "tool_error", {"message": "bad input"})
    task, _ = ext.wait(created["taskId"])
    assert task["status"] == "completed"
    assert task["result"]["isError"] is True
    assert task["result"]["content"][0]["text"] == "bad input"


def test_cancel_is_an_ack_and_the_task_ends_cancelled(ext):
    created = start_task(ext, "forever")
    task_id = created["taskId"]
    assert ext.get(task_id)["status"] == "working"
    ack = ext.result("tasks/cancel", {"taskId": task_id})
    assert ack["resultType"] == "complete"
    assert "taskId" not in ack and "status" not in ack
    task, _ = ext.wait(task_id, timeout=10)
    assert task["status"] == "cancelled"
    # Cancelling again is still an ack; an unknown task is -32602.
    assert ext.result("tasks/cancel", {"taskId": task_id})["resultType"] == "complete"
    assert ext.rpc("tasks/cancel", {"taskId": "nope"})["error"]["code"] == -32602


def test_input_inside_a_task(ext):
    created = start_task(ext, "ask", {"question": "Your name?"})
    task_id = created["taskId"]
    first, _ = ext.wait(task_id, until=lambda t: t["status"] == "input_required")
    requests = first["inputRequests"]
    assert len(requests) == 1
    key, request = next(iter(requests.items()))
    assert key.startswith(task_id + ":"), "keys are minted per task by the runtime"
    assert request["method"] == "elicitation/create"
    assert request["params"]["mode"] == "form"
    assert request["params"]["message"] == "Your name?"
    assert request["params"]["requestedSchema"]["required"] == ["name"]
    # Polling again shows the same key (the client must deduplicate).
    assert list(ext.get(task_id)["inputRequests"]) == [key]
    # An answer under an unknown key is acknowledged and ignored.
    ack = ext.result("tasks/update", {"taskId": task_id, "inputResponses": {"name": {"action": "accept", "content": {"name": "x"}}}})
    assert ack["resultType"] == "complete"
    assert ext.get(task_id)["status"] == "input_required"
    ack = ext.result("tasks/update", {"taskId": task_id,
                                      "inputResponses": {key: {"action": "accept", "content": {"name": "Luca"}}}})
    assert ack["resultType"] == "complete"
    task, _ = ext.wait(task_id)
    assert task["status"] == "completed"
    assert task["result"]["content"][0]["text"] == "Hello, Luca!"
    assert "inputRequests" not in task


def test_url_input_inside_a_task_has_no_elicitation_id(ext):
    created = start_task(ext, "ask_url")
    task, _ = ext.wait(created["taskId"], until=lambda t: t["status"] == "input_required")
    key, request = next(iter(task["inputRequests"].items()))
    assert request["params"]["mode"] == "url"
    assert request["params"]["url"] == "https://example.com/authorise"
    assert "elicitationId" not in request["params"]
    ext.result("tasks/update", {"taskId": created["taskId"], "inputResponses": {key: {"action": "decline"}}})
    done, _ = ext.wait(created["taskId"])
    assert done["result"]["content"][0]["text"] == "url elicitation: decline"


def test_declined_input_inside_a_task(ext):
    created = start_task(ext, "ask")
    task, _ = ext.wait(created["taskId"], until=lambda t: t["status"] == "input_required")
    key = next(iter(task["inputRequests"]))
    ext.result("tasks/update", {"taskId": created["taskId"], "inputResponses": {key: {"action": "decline"}}})
    done, _ = ext.wait(created["taskId"])
    assert done["result"]["content"][0]["text"] == "no name given (decline)"


# ---------------------------------------------------------------------------------------------------------------------
# Multi round-trip requests


def test_plain_multi_round_trip(ext):
    first = ext.call("confirm", {"question": "Go?"})
    assert first["resultType"] == "input_required"
    assert list(first["inputRequests"]) == ["confirm"]
    assert first["inputRequests"]["confirm"]["params"]["message"] == "Go?"
    state = first["requestState"]
    assert state.startswith("v1."), "the runtime seals requestState"
    done = ext.result("tools/call", {
        "name": "confirm", "arguments": {"question": "Go?"}, "requestState": state,
        "inputResponses": {"confirm": {"action": "accept", "content": {"ok": True}}}})
    assert done["resultType"] == "complete"
    assert done["content"][0]["text"] == "confirmed=True state=round-1"
    # A tampered state is refused.
    bad = ext.rpc("tools/call", {"name": "confirm", "arguments": {}, "requestState": "round-1",
                                 "inputResponses": {"confirm": {"action": "accept", "content": {"ok": True}}}})
    assert bad["error"]["code"] == -32602


def test_task_tool_without_the_extension_asks_by_multi_round_trip(ext):
    first = ext.call("ask", {}, caps={"elicitation": {"form": {}}})
    assert first["resultType"] == "input_required"
    assert list(first["inputRequests"]) == ["name"]
    retry = {"name": "ask", "arguments": {}, "inputResponses": {"name": {"action": "accept", "content": {"name": "Ada"}}}}
    if "requestState" in first:
        retry["requestState"] = first["requestState"]
    done = ext.result("tools/call", retry, caps={"elicitation": {"form": {}}})
    assert done["content"][0]["text"] == "Hello, Ada!"


# ---------------------------------------------------------------------------------------------------------------------
# Headers, errors and what is not there


def test_headers_are_checked(ext):
    created = start_task(ext, "quick")
    wrong = ext.post("tasks/get", {"taskId": created["taskId"]}, headers={"Mcp-Name": "other"})
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == -32020
    no_name = ext.post("tools/call", {"name": "echo", "arguments": {}}, headers={"Mcp-Name": ""})
    assert no_name.status_code == 400 and no_name.json()["error"]["code"] == -32020
    no_method = ext.post("server/discover", raw_headers=True, headers={"MCP-Protocol-Version": VERSION})
    assert no_method.status_code == 400 and no_method.json()["error"]["code"] == -32020


def test_protocol_errors(ext):
    body = message("server/discover")
    body["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"] = "2099-01-01"
    response = ext.http.post(ext.url, json=body, headers={"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
                                                          "MCP-Protocol-Version": "2099-01-01", "Mcp-Method": "server/discover"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == -32022
    assert response.json()["error"]["data"]["supported"] == [VERSION]
    # tasks/* without the extension in the request's capabilities: -32021.
    created = start_task(ext, "quick")
    assert ext.rpc("tasks/get", {"taskId": created["taskId"]}, caps={})["error"]["code"] == -32021
    assert ext.rpc("tasks/get", {"taskId": "nope"})["error"]["code"] == -32602


@pytest.mark.parametrize("method", ["tasks/list", "tasks/result", "subscriptions/listen"])
def test_absent_methods_are_404_method_not_found(ext, method):
    params = {"taskId": "x"} if method == "tasks/result" else {"notifications": {"taskIds": ["x"]}} if method == "subscriptions/listen" else {}
    response = ext.post(method, params)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == -32601


def test_dual_era_initialize_has_no_tasks(ext):
    """The same endpoint serves initialize (2025-11-25) too, without tasks: auto-detection must probe first."""
    response = ext.http.post(ext.url, headers={"Content-Type": "application/json", "Accept": "application/json, text/event-stream"},
                             json={"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                   "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "c", "version": "1"}}})
    result = decode_body(response)["result"]
    assert result["protocolVersion"] == "2025-11-25"
    assert "tasks" not in result["capabilities"]


def test_completion_delay(ext):
    """A quick task is visible as completed within a few poll intervals (the in-memory worker is prompt)."""
    created = start_task(ext, "quick")
    start = time.monotonic()
    task, _ = ext.wait(created["taskId"], timeout=15)
    assert task["status"] == "completed"
    assert time.monotonic() - start < 10


# ---------------------------------------------------------------------------------------------------------------------
# stdio, and the legacy server's answer to the probe


def stdio_exchange(argv: list[str], messages: list[dict], timeout: float = 60) -> list[dict]:
    """Sends `messages` (one line each, waiting for each answer), returns the answers."""
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=REPO)
    answers: list[dict] = []
    try:
        deadline = time.monotonic() + timeout
        for m in messages:
            proc.stdin.write((json.dumps(m) + "\n").encode())
            proc.stdin.flush()
            while time.monotonic() < deadline:
                line = proc.stdout.readline()
                assert line, "the server closed stdout"
                answer = json.loads(line)
                if answer.get("id") == m["id"]:
                    answers.append(answer)
                    break
    finally:
        proc.stdin.close()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    return answers


def test_stdio_discover_and_task():
    answers = stdio_exchange([str(ext_python()), str(EXT_SERVER), "--poll-interval", str(POLL_MS)], [
        message("server/discover", id=1),
        message("tools/call", {"name": "quick", "arguments": {"text": "over stdio"}}, id=2),
    ])
    assert VERSION in answers[0]["result"]["supportedVersions"]
    created = answers[1]["result"]
    assert created["resultType"] == "task"
    # Another process does not know the task: the runtime keeps tasks in memory, per process.
    other = stdio_exchange([str(ext_python()), str(EXT_SERVER)], [message("tasks/get", {"taskId": created["taskId"]}, id=3)])
    assert other[0]["error"]["code"] == -32602


def test_stdio_task_to_completion():
    argv = [str(ext_python()), str(EXT_SERVER), "--poll-interval", str(POLL_MS)]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=REPO)
    try:
        def ask(m: dict) -> dict:
            proc.stdin.write((json.dumps(m) + "\n").encode())
            proc.stdin.flush()
            while True:
                line = proc.stdout.readline()
                assert line, "the server closed stdout"
                answer = json.loads(line)
                if answer.get("id") == m["id"]:
                    return answer
        created = ask(message("tools/call", {"name": "quick", "arguments": {"text": "s"}}, id=1))["result"]
        for i in range(100):
            task = ask(message("tasks/get", {"taskId": created["taskId"]}, id=100 + i))["result"]
            if task["status"] == "completed":
                break
            time.sleep(POLL_MS / 1000)
        assert task["status"] == "completed"
        assert task["result"]["content"][0]["text"] == "s"
    finally:
        proc.stdin.close()
        proc.wait(10)


def test_legacy_server_answers_the_probe_with_a_non_modern_error(tmp_path):
    """What mcptask's detection sees from the 2025-11-25 fixture: stdio -32602, HTTP 400 with -32600."""
    answers = stdio_exchange([PYTHON, str(TASK_SERVER)], [message("server/discover", id=1)])
    assert answers[0]["error"]["code"] not in (-32020, -32021, -32022)
    log = open(tmp_path / "legacy.log", "wb")
    proc = subprocess.Popen([PYTHON, str(TASK_SERVER), "--http", "0"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=log, cwd=REPO)
    try:
        line = proc.stdout.readline().decode().strip()
        assert line.startswith("LISTENING "), line
        url = line.split(" ", 1)[1]
        response = httpx.post(url, json=message("server/discover"), timeout=30, headers={
            "Content-Type": "application/json", "Accept": "application/json, text/event-stream",
            "MCP-Protocol-Version": VERSION, "Mcp-Method": "server/discover"})
        assert response.status_code == 400
        assert response.json()["error"]["code"] == -32600
        # The SDK mints a session id even on this rejection: a client must not reuse the probe's transport.
        assert response.headers.get("mcp-session-id")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)
        log.close()
