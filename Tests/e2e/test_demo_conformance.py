"""`mcptask demo-server` checked as an MCP 2025-11-25 task server.

Most tests drive it with the Python SDK's own client (mcp==1.30.0), over stdio and over Streamable HTTP, so a
failure here says the demo server is wrong, not mcptask's client. A few speak raw JSON-RPC (stdio lines, HTTP
requests) for what the SDK cannot express, and a few run the mcptask CLI against the demo server.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import threading
import time
import warnings
from pathlib import Path

import anyio
import httpx
import pytest

from conftest import REPO, binary_path, expect

warnings.filterwarnings("ignore", category=DeprecationWarning)

import mcp.types as types  # noqa: E402
from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402
from mcp.client.streamable_http import streamable_http_client  # noqa: E402
from mcp.shared.exceptions import McpError  # noqa: E402

POLL_MS = 100
TOOLS = {
    "deploy": "required", "countdown": "optional", "confirm_delete": "required", "flaky_job": "required",
    "lint": "optional", "watch_forever": "required", "generate_report": "optional", "echo": "forbidden",
    "sleep": "optional",
}
RELATED = "io.modelcontextprotocol/related-task"


def demo_command(*extra) -> list[str]:
    return [str(binary_path()), "demo-server", "--poll-interval", str(POLL_MS), *map(str, extra)]


@pytest.fixture(scope="module", autouse=True)
def built_binary():
    path = binary_path()
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"mcptask binary not found or not executable: {path} (build it, or set MCPTASK_BIN)")


class DemoHttpServer:
    """`mcptask demo-server --http 127.0.0.1:0` in the background; the URL comes from its LISTENING line."""

    def __init__(self, *extra):
        self.proc = subprocess.Popen([*demo_command(*extra), "--http", "127.0.0.1:0"], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
        found: list[str] = []

        def read():
            assert self.proc.stdout is not None
            for raw in self.proc.stdout:
                line = raw.decode(errors="replace").strip()
                if line.startswith("LISTENING "):
                    found.append(line.split(" ", 1)[1])
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(20)
        if not found:
            self.stop()
            raise AssertionError("demo-server did not print LISTENING <url> within 20 s")
        self.url = found[0]

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


@pytest.fixture(scope="module")
def demo_http():
    server = DemoHttpServer()
    yield server
    assert server.alive, "the shared demo HTTP server died during the tests"
    server.stop()


@pytest.fixture
def new_demo_http():
    servers: list[DemoHttpServer] = []

    def start(*extra) -> DemoHttpServer:
        servers.append(DemoHttpServer(*extra))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(params=["stdio", "http"])
def transport(request):
    if request.param == "stdio":
        return ("stdio", None)
    return ("http", request.getfixturevalue("demo_http").url)


@contextlib.asynccontextmanager
async def connect(transport: str, url: str | None = None, elicitation=None, server_args=(), message_handler=None):
    if transport == "stdio":
        command = demo_command(*server_args)
        params = StdioServerParameters(command=command[0], args=command[1:])
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write, elicitation_callback=elicitation,
                                     message_handler=message_handler) as session:
                await session.initialize()
                yield session
    else:
        async with streamable_http_client(url) as (read, write, _):
            async with ClientSession(read, write, elicitation_callback=elicitation,
                                     message_handler=message_handler) as session:
                await session.initialize()
                yield session


def answering(action: str, content: dict | None = None):
    """An elicitation callback that answers every question the same way and remembers what it was asked."""
    async def callback(context, params: types.ElicitRequestParams) -> types.ElicitResult:
        callback.seen.append(params)
        return types.ElicitResult(action=action, content=content)

    callback.seen = []
    return callback


async def poll(session: ClientSession, task_id: str) -> list[types.GetTaskResult]:
    with anyio.fail_after(30):
        return [status async for status in session.experimental.poll_task(task_id)]


async def wait_for_status(session: ClientSession, task_id: str, status: str) -> types.GetTaskResult:
    with anyio.fail_after(20):
        while True:
            got = await session.experimental.get_task(task_id)
            if got.status == status:
                return got
            await anyio.sleep(0.05)


def run(fn, *args):
    return anyio.run(fn, *args)


# ------------------------------------------------------------------------------------------------------------------
# Through the Python SDK client


def test_initialize_and_tools(transport):
    async def main():
        async with connect(*transport) as session:
            caps = session.get_server_capabilities()
            assert caps.tools is not None
            assert caps.tasks is not None and caps.tasks.list is not None and caps.tasks.cancel is not None
            assert caps.tasks.requests.tools.call is not None
            tools = (await session.list_tools()).tools
            assert {t.name: t.execution.taskSupport for t in tools} == TOOLS
            for tool in tools:
                assert tool.description and len(tool.description) > 40, tool.name
                assert tool.inputSchema["type"] == "object", tool.name
            sleep = next(t for t in tools if t.name == "sleep")
            assert sleep.inputSchema["properties"]["ms"]["type"] == "integer"
            assert sleep.outputSchema["required"] == ["sleptMs", "finishedAt"]
            await session.send_ping()

    run(main)


def test_countdown_reports_status_each_second(transport):
    async def main():
        async with connect(*transport) as session:
            created = await session.experimental.call_tool_as_task("countdown", {"seconds": 2}, ttl=60000)
            task = created.task
            assert task.status == "working" and task.pollInterval == POLL_MS and task.ttl == 60000
            assert task.createdAt is not None and task.lastUpdatedAt is not None
            seen = await poll(session, task.taskId)
            messages = [s.statusMessage for s in seen if s.status == "working"]
            assert "2…" in messages and "1…" in messages
            assert seen[-1].status == "completed"
            result = await session.experimental.get_task_result(task.taskId, types.CallToolResult)
            assert result.content[0].text == "Liftoff!" and not result.isError
            assert result.meta[RELATED] == {"taskId": task.taskId}

    run(main)


def test_status_notifications_carry_the_whole_task(transport):
    async def main():
        notes: list[types.TaskStatusNotificationParams] = []

        async def on_message(message):
            if isinstance(message, types.ServerNotification) and isinstance(message.root, types.TaskStatusNotification):
                notes.append(message.root.params)

        async with connect(*transport, message_handler=on_message) as session:
            created = await session.experimental.call_tool_as_task("countdown", {"seconds": 1})
            # Holding tasks/result open gives the server a stream for the notifications (over HTTP, too).
            await session.experimental.get_task_result(created.task.taskId, types.CallToolResult)
            with anyio.fail_after(5):
                while not any(n.status == "completed" for n in notes):
                    await anyio.sleep(0.02)
        mine = [n for n in notes if n.taskId == created.task.taskId]
        assert [n.statusMessage for n in mine if n.status == "working"] == ["1…"]
        assert mine[-1].status == "completed" and mine[-1].ttl == 60000 and mine[-1].createdAt

    run(main)


@pytest.mark.parametrize("action,content,expected", [
    ("accept", {"confirm": True}, "Deleted report.txt."),
    ("accept", {"confirm": False}, "Kept report.txt."),
    ("decline", None, "Kept report.txt."),
    ("cancel", None, "Kept report.txt."),
])
def test_confirm_delete_asks_through_tasks_result(transport, action, content, expected):
    async def main():
        callback = answering(action, content)
        async with connect(*transport, elicitation=callback) as session:
            created = await session.experimental.call_tool_as_task("confirm_delete", {})
            waiting = await wait_for_status(session, created.task.taskId, "input_required")
            assert "report.txt" in (waiting.statusMessage or "")
            with anyio.fail_after(20):
                result = await session.experimental.get_task_result(created.task.taskId, types.CallToolResult)
            assert [p.message for p in callback.seen] == ["Are you sure you want to delete report.txt?"]
            asked = callback.seen[0].model_dump(by_alias=True, exclude_none=True)
            assert asked["_meta"][RELATED] == {"taskId": created.task.taskId}
            assert asked["requestedSchema"]["properties"]["confirm"]["type"] == "boolean"
            assert result.content[0].text == expected and not result.isError
            assert (await session.experimental.get_task(created.task.taskId)).status == "completed"

    run(main)


def test_deploy_asks_with_a_form_then_walks_the_steps(transport):
    async def main():
        callback = answering("accept", {"environment": "production", "version": "1.2.3", "notify": False})
        async with connect(*transport, elicitation=callback) as session:
            created = await session.experimental.call_tool_as_task("deploy", {"service": "api"})
            await wait_for_status(session, created.task.taskId, "input_required")
            async with anyio.create_task_group() as group:
                seen: list[types.GetTaskResult] = []

                async def watch():
                    seen.extend(await poll(session, created.task.taskId))

                group.start_soon(watch)
                result = await session.experimental.get_task_result(created.task.taskId, types.CallToolResult)
            assert result.content[0].text == "Deployed api v1.2.3 to production; nobody was notified."
            assert result.structuredContent == {"service": "api", "environment": "production", "version": "v1.2.3",
                                                "notified": False}
            messages = [s.statusMessage for s in seen if s.status == "working" and s.statusMessage]
            assert any(m.startswith("Building api v1.2.3") for m in messages) or any(
                m.startswith("Switching traffic") for m in messages), messages
            schema = callback.seen[0].requestedSchema
            assert schema["properties"]["environment"]["oneOf"] == [
                {"const": "staging", "title": "Staging"}, {"const": "production", "title": "Production"}]
            assert schema["properties"]["notify"]["default"] is True
            assert schema["required"] == ["environment", "version"]

    run(main)


def test_deploy_declined_is_a_completed_task(transport):
    async def main():
        async with connect(*transport, elicitation=answering("decline")) as session:
            created = await session.experimental.call_tool_as_task("deploy", {})
            with anyio.fail_after(20):
                result = await session.experimental.get_task_result(created.task.taskId, types.CallToolResult)
            assert result.content[0].text.startswith("Deployment cancelled: ") and not result.isError
            assert (await session.experimental.get_task(created.task.taskId)).status == "completed"

    run(main)


def test_deploy_without_elicitation_fails_clearly(transport):
    async def main():
        async with connect(*transport) as session:  # no callback: the client declares no elicitation capability
            created = await session.experimental.call_tool_as_task("deploy", {})
            seen = await poll(session, created.task.taskId)
            assert seen[-1].status == "failed" and "cannot answer questions" in seen[-1].statusMessage
            with pytest.raises(McpError) as failed:
                await session.experimental.get_task_result(created.task.taskId, types.CallToolResult)
            assert "cannot answer questions" in failed.value.error.message

    run(main)


def test_flaky_job_fails_with_its_jsonrpc_error(transport):
    async def main():
        async with connect(*transport) as session:
            created = await session.experimental.call_tool_as_task("flaky_job", {})
            seen = await poll(session, created.task.taskId)
            assert seen[-1].status == "failed"
            assert seen[-1].statusMessage == "flaky_job failed: the build cache is corrupted"
            with pytest.raises(McpError) as failed:
                await session.experimental.get_task_result(created.task.taskId, types.CallToolResult)
            assert failed.value.error.code == types.INTERNAL_ERROR
            assert failed.value.error.message == "flaky_job failed: the build cache is corrupted"

    run(main)


def test_lint_is_a_tool_error_in_a_completed_task(transport):
    async def main():
        async with connect(*transport) as session:
            created = await session.experimental.call_tool_as_task("lint", {})
            seen = await poll(session, created.task.taskId)
            assert seen[-1].status == "completed"
            result = await session.experimental.get_task_result(created.task.taskId, types.CallToolResult)
            assert result.isError
            assert result.content[0].text.startswith("lint found 3 problems")
            assert len(result.content[0].text.splitlines()) == 4

    run(main)


def test_cancel_watch_forever(transport):
    async def main():
        async with connect(*transport) as session:
            created = await session.experimental.call_tool_as_task("watch_forever", {})
            task_id = created.task.taskId
            with anyio.fail_after(10):
                while not ((await session.experimental.get_task(task_id)).statusMessage or "").startswith("watching… 1"):
                    await anyio.sleep(0.1)
            cancelled = await session.experimental.cancel_task(task_id)
            assert cancelled.status == "cancelled" and cancelled.taskId == task_id
            await anyio.sleep(1.3)
            later = await session.experimental.get_task(task_id)
            assert later.status == "cancelled" and later.lastUpdatedAt == cancelled.lastUpdatedAt  # work stopped
            with pytest.raises(McpError) as again:
                await session.experimental.cancel_task(task_id)
            assert again.value.error.code == types.INVALID_PARAMS
            with pytest.raises(McpError):
                await session.experimental.get_task_result(task_id, types.CallToolResult)
            for call in (session.experimental.get_task, session.experimental.cancel_task):
                with pytest.raises(McpError) as unknown:
                    await call("no-such-task")
                assert unknown.value.error.code == types.INVALID_PARAMS
            listed = {t.taskId: t.status for t in (await session.experimental.list_tasks()).tasks}
            assert listed[task_id] == "cancelled"

    run(main)


def test_plain_calls(transport):
    async def main():
        async with connect(*transport) as session:
            echo = await session.call_tool("echo", {"text": "hi there"})
            assert echo.content[0].text == "hi there" and not echo.isError
            before = time.time()
            slept = await session.call_tool("sleep", {"ms": 50})
            assert slept.structuredContent["sleptMs"] == 50
            assert before + 0.04 <= slept.structuredContent["finishedAt"] <= time.time() + 0.01
            report = await session.call_tool("generate_report", {"kilobytes": 64})
            text = report.content[0].text
            assert len(text.encode()) == 64 * 1024 and all(len(line) == 63 for line in text.splitlines())
            assert (await session.call_tool("countdown", {"seconds": 0})).content[0].text == "Liftoff!"
            assert (await session.call_tool("lint", {})).isError

    run(main)


def test_large_task_result(transport):
    async def main():
        async with connect(*transport) as session:
            created = await session.experimental.call_tool_as_task("generate_report", {"kilobytes": 4096})
            result = await session.experimental.get_task_result(created.task.taskId, types.CallToolResult)
            text = result.content[0].text
            assert len(text) == 4096 * 1024 and text.splitlines()[-1].startswith("065536  ")

    run(main)


def test_task_mode_and_argument_errors(transport):
    async def main():
        async with connect(*transport) as session:
            with pytest.raises(McpError) as plain_required:
                await session.call_tool("deploy", {})
            assert plain_required.value.error.code == types.METHOD_NOT_FOUND
            with pytest.raises(McpError) as task_forbidden:
                await session.experimental.call_tool_as_task("echo", {"text": "x"})
            assert task_forbidden.value.error.code == types.METHOD_NOT_FOUND
            with pytest.raises(McpError) as unknown:
                await session.call_tool("no_such_tool", {})
            assert unknown.value.error.code == types.INVALID_PARAMS
            for name, args in (("countdown", {"seconds": "soon"}), ("echo", {}), ("sleep", {"ms": -1}),
                               ("countdown", {"secs": 1})):
                with pytest.raises(McpError) as invalid:
                    await session.call_tool(name, args)
                assert invalid.value.error.code == types.INVALID_PARAMS, (name, args)
            with pytest.raises(McpError) as invalid_task:
                await session.experimental.call_tool_as_task("countdown", {"seconds": 1.5})
            assert invalid_task.value.error.code == types.INVALID_PARAMS

    run(main)


def test_list_pages(new_demo_http):
    server = new_demo_http("--page-size", "2")

    async def main():
        async with connect("http", server.url) as session:
            ids = [(await session.experimental.call_tool_as_task("sleep", {"ms": 10})).task.taskId for _ in range(5)]
            pages, cursor, listed = [], None, []
            while True:
                page = await session.experimental.list_tasks(cursor)
                pages.append(len(page.tasks))
                listed += [t.taskId for t in page.tasks]
                if page.nextCursor is None:
                    break
                assert page.nextCursor not in ids  # opaque, not a task id
                cursor = page.nextCursor
            assert pages == [2, 2, 1] and listed == ids
            for bad in ("bogus!", "bW9yZQ"):  # (the SDK drops an empty cursor; the raw stdio test sends one)
                with pytest.raises(McpError) as invalid:
                    await session.experimental.list_tasks(bad)
                assert invalid.value.error.code == types.INVALID_PARAMS

    run(main)


def test_ttl_is_capped_and_honoured():
    async def main():
        async with connect("stdio", server_args=["--max-ttl", "500"]) as session:
            created = await session.experimental.call_tool_as_task("watch_forever", {}, ttl=60000)
            assert created.task.ttl == 500
            short = await session.experimental.call_tool_as_task("sleep", {"ms": 0}, ttl=200)
            assert short.task.ttl == 200
            await anyio.sleep(0.8)
            for task_id in (created.task.taskId, short.task.taskId):
                with pytest.raises(McpError) as gone:
                    await session.experimental.get_task(task_id)
                assert gone.value.error.code == types.INVALID_PARAMS
            assert (await session.experimental.list_tasks()).tasks == []

    run(main)


def test_http_tasks_are_bound_to_their_session(demo_http):
    async def main():
        async with connect("http", demo_http.url) as first:
            created = await first.experimental.call_tool_as_task("sleep", {"ms": 2000})
            async with connect("http", demo_http.url) as second:
                with pytest.raises(McpError) as hidden:
                    await second.experimental.get_task(created.task.taskId)
                assert hidden.value.error.code == types.INVALID_PARAMS
                with pytest.raises(McpError):
                    await second.experimental.cancel_task(created.task.taskId)
                assert created.task.taskId not in {t.taskId for t in (await second.experimental.list_tasks()).tasks}
            assert (await first.experimental.get_task(created.task.taskId)).status == "working"

    run(main)


def test_http_shared_tasks(new_demo_http):
    server = new_demo_http("--shared-tasks")

    async def main():
        async with connect("http", server.url) as first:
            created = await first.experimental.call_tool_as_task("sleep", {"ms": 600})
        # the first session is gone (DELETE): shared tasks live on and any session reaches them
        async with connect("http", server.url) as second:
            assert (await second.experimental.get_task(created.task.taskId)).status == "working"
            result = await second.experimental.get_task_result(created.task.taskId, types.CallToolResult)
            assert result.structuredContent["sleptMs"] == 600

    run(main)


# ------------------------------------------------------------------------------------------------------------------
# Raw JSON-RPC over stdio


class RawStdio:
    def __init__(self, *extra):
        self.proc = subprocess.Popen(demo_command(*extra), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=REPO)
        self.lines: list[dict] = []
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            message = json.loads(raw)  # every stdout line must be JSON
            with self.cond:
                self.lines.append(message)
                self.cond.notify_all()

    def send(self, *messages):
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"".join((m if isinstance(m, bytes) else json.dumps(m).encode()) + b"\n" for m in messages))
        self.proc.stdin.flush()

    def wait_for(self, predicate, timeout=10.0) -> dict:
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for message in self.lines:
                    if predicate(message):
                        return message
                left = deadline - time.monotonic()
                assert left > 0, f"no matching message within {timeout}s; got {self.lines[-10:]}"
                self.cond.wait(left)

    def answer(self, request_id, timeout=10.0) -> dict:
        return self.wait_for(lambda m: m.get("id") == request_id and "method" not in m, timeout)

    def close(self) -> int:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            return self.proc.wait(10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def initialize(protocol="2025-11-25", capabilities=None) -> list[dict]:
    return [{"jsonrpc": "2.0", "id": "init", "method": "initialize",
             "params": {"protocolVersion": protocol, "capabilities": capabilities or {},
                        "clientInfo": {"name": "raw", "version": "1"}}},
            {"jsonrpc": "2.0", "method": "notifications/initialized"}]


def test_stdio_bad_input_gets_jsonrpc_errors():
    raw = RawStdio()
    try:
        raw.send(*initialize())
        raw.answer("init")
        raw.send(b"this is not json", b"[]", b'{"jsonrpc":"2.0","id":7}', b'{"jsonrpc": "2.0", "id": 8, "method": "nope"}',
                 b'{"jsonrpc":"2.0","id":9,"method":"tasks/get","params":[]}',
                 b'{"jsonrpc":"2.0","id":10,"method":"tasks/get","params":{"taskId":5}}', b"\xff\xfe{",
                 b'{"jsonrpc":"2.0","id":12,"method":"tasks/list","params":{"cursor":""}}',
                 b'{"jsonrpc":"2.0","id":11,"method":"ping"}')
        raw.answer(11)
        errors = [m for m in raw.lines if "error" in m]
        codes = sorted(((m["id"], m["error"]["code"]) for m in errors), key=lambda c: (str(c[0]), c[1]))
        assert codes == sorted( [(None, -32700), (None, -32600), (7, -32600), (8, -32601), (9, -32602), (10, -32602),
                         (None, -32700), (12, -32602)], key=lambda c: (str(c[0]), c[1])), codes
        assert raw.answer(11)["result"] == {}
    finally:
        assert raw.close() == 0


def test_stdio_older_protocol_has_no_tasks():
    raw = RawStdio()
    try:
        raw.send(*initialize("2025-06-18"), {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
                 {"jsonrpc": "2.0", "id": 3, "method": "tasks/list"},
                 {"jsonrpc": "2.0", "id": 4, "method": "tools/call",
                  "params": {"name": "countdown", "arguments": {"seconds": 0}, "task": {}}})
        init = raw.answer("init")["result"]
        assert init["protocolVersion"] == "2025-06-18" and "tasks" not in init["capabilities"]
        assert init["serverInfo"]["name"] == "mcptask-demo"
        assert all("execution" not in t for t in raw.answer(2)["result"]["tools"])
        assert raw.answer(3)["error"]["code"] == -32601
        assert raw.answer(4)["result"]["content"][0]["text"] == "Liftoff!"  # task metadata ignored
    finally:
        raw.close()


def test_stdio_overlapping_results_deliver_each_question_once():
    raw = RawStdio()
    try:
        raw.send(*initialize(capabilities={"elicitation": {}}),
                 {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                  "params": {"name": "confirm_delete", "arguments": {"item": "x.txt"}, "task": {}}})
        task_id = raw.answer(2)["result"]["task"]["taskId"]
        raw.send(*({"jsonrpc": "2.0", "id": i, "method": "tasks/result", "params": {"taskId": task_id}} for i in (3, 4)))
        asked = raw.wait_for(lambda m: m.get("method") == "elicitation/create")
        assert asked["params"]["_meta"][RELATED] == {"taskId": task_id}
        assert asked["params"]["message"] == "Are you sure you want to delete x.txt?"
        time.sleep(0.3)
        assert sum(m.get("method") == "elicitation/create" for m in raw.lines) == 1
        status = raw.wait_for(lambda m: m.get("method") == "notifications/tasks/status"
                              and m["params"]["status"] == "input_required")
        assert status["params"]["taskId"] == task_id and "createdAt" in status["params"]
        raw.send({"jsonrpc": "2.0", "id": asked["id"], "result": {"action": "accept", "content": {"confirm": True}}})
        for i in (3, 4):
            result = raw.answer(i)["result"]
            assert result["content"][0]["text"] == "Deleted x.txt." and result["_meta"][RELATED] == {"taskId": task_id}
        raw.wait_for(lambda m: m.get("method") == "notifications/tasks/status" and m["params"]["status"] == "completed")
    finally:
        raw.close()


def test_stdio_eof_stops_running_work():
    raw = RawStdio()
    raw.send(*initialize(), {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                             "params": {"name": "watch_forever", "arguments": {}, "task": {}}},
             {"jsonrpc": "2.0", "id": 3, "method": "ping"})
    raw.answer(3)
    started = time.monotonic()
    assert raw.close() == 0
    assert time.monotonic() - started < 2
    assert raw.proc.stderr is not None and raw.proc.stderr.read() == b""


# ------------------------------------------------------------------------------------------------------------------
# Raw Streamable HTTP


class RawHttp:
    ACCEPT = "application/json, text/event-stream"

    def __init__(self, url: str):
        self.url = url
        self.client = httpx.Client(timeout=20)
        response = self.client.post(url, json=initialize(capabilities={"elicitation": {}})[0],
                                    headers={"accept": self.ACCEPT})
        assert response.status_code == 200, response.text
        self.session = response.headers["mcp-session-id"]
        assert response.headers["content-type"].startswith("text/event-stream")
        self.post({"jsonrpc": "2.0", "method": "notifications/initialized"}, expect=202)

    def headers(self, **extra) -> dict:
        return {"accept": self.ACCEPT, "mcp-session-id": self.session, "mcp-protocol-version": "2025-11-25", **extra}

    def post(self, message, expect=200, **headers) -> httpx.Response:
        response = self.client.post(self.url, json=message, headers=self.headers(**headers))
        assert response.status_code == expect, (response.status_code, response.text)
        return response

    def call(self, method, params=None, id=1):
        response = self.post({"jsonrpc": "2.0", "id": id, "method": method, "params": params or {}})
        events = sse_events(response.text)
        answer = json.loads([e for e in events if e["data"]][-1]["data"])
        return answer

    def close(self):
        self.client.close()


def sse_events(text: str) -> list[dict]:
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if not block.strip():
            continue
        event = {"id": None, "data": ""}
        for line in block.split("\n"):
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "id":
                event["id"] = value
            elif field == "data":
                event["data"] += value
        events.append(event)
    return events


def iter_sse(response: httpx.Response):
    """Events of a streamed response as they arrive."""
    buffer = ""
    for chunk in response.iter_text():
        buffer += chunk
        while "\n\n" in buffer:
            block, buffer = buffer.split("\n\n", 1)
            yield from sse_events(block + "\n\n")


def test_http_transport_rules(demo_http):
    url = demo_http.url
    ping = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
    raw = RawHttp(url)
    try:
        plain = {"accept": RawHttp.ACCEPT}
        assert httpx.post(url, json=ping, headers=plain).status_code == 400  # no session id
        assert httpx.post(url, json=ping, headers={**plain, "mcp-session-id": "unknown"}).status_code == 404
        assert raw.post(ping, expect=400, **{"mcp-protocol-version": "1999-01-01"}).json()["error"]["code"] == -32600
        assert raw.post({"jsonrpc": "2.0", "id": 5, "result": {}}, expect=202).content == b""
        bad = raw.client.post(url, content=b"{oops", headers=raw.headers(**{"content-type": "application/json"}))
        assert bad.status_code == 400 and bad.json()["error"]["code"] == -32700 and bad.json()["id"] is None
        json_only = raw.post(ping, accept="application/json")
        assert json_only.headers["content-type"].startswith("application/json") and json_only.json()["result"] == {}
        sse = raw.post(ping)
        assert sse.headers["content-type"].startswith("text/event-stream")
        events = sse_events(sse.text)
        assert events[0]["data"] == "" and events[0]["id"]  # priming event
        assert json.loads(events[-1]["data"]) == {"jsonrpc": "2.0", "id": 1, "result": {}}
        assert len({e["id"] for e in events}) == len(events)
        huge = raw.client.post(url, content=b" " * (17 << 20), headers=raw.headers(**{"content-type": "application/json"}))
        assert huge.status_code == 413
        assert raw.client.get(url, headers={"accept": "text/event-stream"}).status_code == 400
        assert raw.client.put(url, headers=raw.headers()).status_code == 405
        assert raw.client.post(url.replace("/mcp", "/other"), json=ping, headers=raw.headers()).status_code == 404
        evil = raw.client.post(url, json=ping, headers=raw.headers(origin="https://evil.example"))
        assert evil.status_code == 403
        assert raw.client.post(url, json=ping, headers=raw.headers(origin="http://localhost:3000")).status_code == 200
        assert raw.client.delete(url, headers=raw.headers()).status_code == 200
        assert raw.post(ping, expect=404).status_code == 404
        assert raw.client.delete(url, headers=raw.headers()).status_code == 404
    finally:
        raw.close()


def test_http_get_stream_carries_status_notifications(demo_http):
    raw = RawHttp(demo_http.url)
    try:
        with raw.client.stream("GET", demo_http.url, headers=raw.headers(accept="text/event-stream")) as stream:
            assert stream.status_code == 200
            conflict = raw.client.get(demo_http.url, headers=raw.headers(accept="text/event-stream"))
            assert conflict.status_code == 409
            task = raw.call("tools/call", {"name": "countdown", "arguments": {"seconds": 1}, "task": {}})["result"]["task"]
            statuses = []
            for event in iter_sse(stream):
                if not event["data"]:
                    continue
                message = json.loads(event["data"])
                assert message["method"] == "notifications/tasks/status" and "id" not in message
                statuses.append((message["params"]["status"], message["params"].get("statusMessage")))
                if message["params"]["status"] == "completed":
                    break
            assert statuses == [("working", "1…"), ("completed", None)]
            assert message["params"]["taskId"] == task["taskId"]
    finally:
        raw.close()


def test_http_resume_a_broken_result_stream(demo_http):
    raw = RawHttp(demo_http.url)
    try:
        task = raw.call("tools/call", {"name": "sleep", "arguments": {"ms": 800}, "task": {}})["result"]["task"]
        request = {"jsonrpc": "2.0", "id": 2, "method": "tasks/result", "params": {"taskId": task["taskId"]}}
        with raw.client.stream("POST", demo_http.url, json=request, headers=raw.headers()) as stream:
            first = next(iter_sse(stream))
            assert first["data"] == "" and first["id"]
        # the connection is gone before the answer; resume the stream where it broke
        resumed = raw.client.get(demo_http.url, headers=raw.headers(accept="text/event-stream",
                                                                     **{"last-event-id": first["id"]}))
        assert resumed.status_code == 200
        answers = [json.loads(e["data"]) for e in sse_events(resumed.text) if e["data"]]
        final = [a for a in answers if a.get("id") == 2]
        assert len(final) == 1 and final[0]["result"]["structuredContent"]["sleptMs"] == 800
        # resuming from the last event again replays nothing but still ends cleanly
        last = [e for e in sse_events(resumed.text) if e["data"]][-1]["id"]
        again = raw.client.get(demo_http.url, headers=raw.headers(accept="text/event-stream", **{"last-event-id": last}))
        assert again.status_code == 200 and [e for e in sse_events(again.text) if e["data"]] == []
        assert raw.client.get(demo_http.url, headers=raw.headers(accept="text/event-stream",
                                                                 **{"last-event-id": "999-1"})).status_code == 400
    finally:
        raw.close()


def test_http_unanswered_question_goes_to_the_next_tasks_result(demo_http):
    raw = RawHttp(demo_http.url)
    try:
        task = raw.call("tools/call", {"name": "confirm_delete", "arguments": {}, "task": {}})["result"]["task"]
        request = {"jsonrpc": "2.0", "id": 2, "method": "tasks/result", "params": {"taskId": task["taskId"]}}
        with raw.client.stream("POST", demo_http.url, json=request, headers=raw.headers()) as stream:
            asked = next(json.loads(e["data"]) for e in iter_sse(stream)
                         if e["data"] and json.loads(e["data"]).get("method") == "elicitation/create")
        # that stream broke without an answer: a new tasks/result gets the same question
        request["id"] = 3
        with raw.client.stream("POST", demo_http.url, json=request, headers=raw.headers()) as stream:
            events = iter_sse(stream)
            again = next(json.loads(e["data"]) for e in events
                         if e["data"] and json.loads(e["data"]).get("method") == "elicitation/create")
            assert again["id"] == asked["id"] and again["params"] == asked["params"]
            raw.post({"jsonrpc": "2.0", "id": asked["id"], "result": {"action": "accept", "content": {"confirm": True}}},
                     expect=202)
            final = next(json.loads(e["data"]) for e in events if e["data"] and json.loads(e["data"]).get("id") == 3)
        assert final["result"]["content"][0]["text"] == "Deleted report.txt."
    finally:
        raw.close()


# ------------------------------------------------------------------------------------------------------------------
# The mcptask CLI against the demo server


def test_cli_against_the_demo_server(mcptask, demo_http):
    stdio = ["--", str(binary_path()), "demo-server", "--poll-interval", str(POLL_MS)]
    url = ["--url", demo_http.url]
    tools = expect(mcptask("tools", *stdio), 0)
    assert all(name in tools.out for name in TOOLS), tools.describe()
    countdown = expect(mcptask("call", "countdown", "seconds=1", *stdio), 0)
    assert countdown.out == "Liftoff!\n", countdown.describe()
    flaky = expect(mcptask("call", "flaky_job", *url), 2)
    assert "the build cache is corrupted" in flaky.err
    lint = expect(mcptask("call", "lint", *url), 1)
    assert "lint found 3 problems" in lint.out
    slept = expect(mcptask("call", "sleep", "ms=20", "--json", *url), 0).json_object()
    assert slept["result"]["structuredContent"]["sleptMs"] == 20 and slept["task"]["status"] == "completed"
    plain = expect(mcptask("call", "echo", "text=hello", *url), 0)
    assert plain.out == "hello\n"


def test_cli_detach_then_cancel_from_another_process(mcptask, new_demo_http):
    server = new_demo_http("--shared-tasks")
    url = ["--url", server.url]
    task_id = expect(mcptask("call", "watch_forever", "--detach", *url), 0).out.strip()
    cancelled = expect(mcptask("cancel", task_id, *url), 0)
    assert cancelled.code == 0
    [task] = expect(mcptask("get", task_id, "--json", *url), 0).json_lines()
    assert task["status"] == "cancelled"
