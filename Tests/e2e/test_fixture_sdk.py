"""The fixture server checked with the Python SDK's own client (no mcptask involved).

If one of these fails, the fixture is wrong and mcptask's failures elsewhere say nothing about mcptask.
"""

from __future__ import annotations

import base64
import contextlib
import json
import time
import warnings

import anyio
import httpx
import pytest

from conftest import POLL_MS, PYTHON, TASK_SERVER, initialize_messages, raw_exchange

warnings.filterwarnings("ignore", category=DeprecationWarning)

import mcp.types as types  # noqa: E402
from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402
from mcp.client.streamable_http import streamable_http_client  # noqa: E402
from mcp.shared.exceptions import McpError  # noqa: E402

ALL_TOOLS = {
    "quick": "optional", "sleep": "optional", "slow": "required", "typed": "optional", "structured": "optional",
    "image": "optional", "big": "optional", "fail": "required", "tool_error": "optional", "forever": "required",
    "die": "required", "echo": None, "ask": "required", "escape": "optional",
}


def make_elicitation(action: str, content: dict | None = None):
    async def callback(context, params: types.ElicitRequestParams) -> types.ElicitResult:
        callback.seen.append(params.message)
        return types.ElicitResult(action=action, content=content)

    callback.seen = []
    return callback


@contextlib.asynccontextmanager
async def connect(transport: str, url: str | None = None, elicitation=None, server_args=()):
    if transport == "stdio":
        params = StdioServerParameters(command=PYTHON, args=[str(TASK_SERVER), "--poll-interval", str(POLL_MS),
                                                             *server_args])
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write, elicitation_callback=elicitation) as session:
                await session.initialize()
                yield session
    else:
        async with streamable_http_client(url) as (read, write, _):
            async with ClientSession(read, write, elicitation_callback=elicitation) as session:
                await session.initialize()
                yield session


async def run_task(session: ClientSession, name: str, args: dict | None = None, ttl: int = 60000):
    created = await session.experimental.call_tool_as_task(name, args or {}, ttl=ttl)
    seen = [created.task]
    async for status in session.experimental.poll_task(created.task.taskId):
        seen.append(status)
    result = await session.experimental.get_task_result(created.task.taskId, types.CallToolResult)
    return created, seen, result


def run(fn, *args):
    return anyio.run(fn, *args)


@pytest.fixture(params=["stdio", "http"])
def transport(request):
    if request.param == "stdio":
        return ("stdio", None)
    return ("http", request.getfixturevalue("http_server").url)


def test_initialize_and_tools(transport):
    async def main():
        async with connect(*transport) as session:
            caps = session.get_server_capabilities()
            assert caps.tasks is not None and caps.tasks.list is not None and caps.tasks.cancel is not None
            assert caps.tasks.requests.tools.call is not None
            tools = (await session.list_tools()).tools
            modes = {t.name: (t.execution.taskSupport if t.execution else None) for t in tools}
            assert modes == ALL_TOOLS
            structured = next(t for t in tools if t.name == "structured")
            assert structured.outputSchema["required"] == ["answer", "items"]

    run(main)


def test_task_mode_violations_are_jsonrpc_errors(transport):
    async def main():
        async with connect(*transport) as session:
            with pytest.raises(McpError) as plain_required:
                await session.call_tool("slow", {})
            assert plain_required.value.error.code == types.METHOD_NOT_FOUND
            with pytest.raises(McpError) as task_forbidden:
                await session.experimental.call_tool_as_task("echo", {"text": "x"})
            assert task_forbidden.value.error.code == types.METHOD_NOT_FOUND

    run(main)


def test_plain_calls(transport):
    async def main():
        async with connect(*transport) as session:
            echo = await session.call_tool("echo", {"text": "hi there"})
            assert echo.content[0].text == "hi there" and not echo.isError
            args = {"count": 3, "ratio": 0.5, "flag": True, "tags": ["a", "b"], "opts": {"k": [1]}, "name": "007"}
            typed = await session.call_tool("typed", args)
            assert typed.structuredContent == args
            assert typed.content[0].text == json.dumps(args, sort_keys=True, separators=(",", ":"))
            structured = await session.call_tool("structured", {})
            assert structured.content == [] and structured.structuredContent == {"answer": 42, "items": ["a", "b"]}
            image = await session.call_tool("image", {})
            png = base64.b64decode(image.content[0].data)
            assert image.content[0].mimeType == "image/png" and png.startswith(b"\x89PNG") and len(png) == 67
            assert str(image.content[1].resource.uri) == "file:///tmp/report.txt"
            big = await session.call_tool("big", {"kilobytes": 64})
            text = big.content[0].text
            assert len(text) == 64 * 1024 and text.splitlines()[-1].startswith("line 001024 ")
            error = await session.call_tool("tool_error", {})
            assert error.isError and error.content[0].text == "the linter found 3 problems"
            escape = await session.call_tool("escape", {"ms": 0})
            assert escape.content[0].text == "red \x1b[31mALERT\x1b[0m done\x07 \x1b]0;pwned\x07end"

    run(main)


def test_tasks_lifecycle(transport):
    async def main():
        async with connect(*transport) as session:
            created, seen, result = await run_task(session, "quick", {"text": "hello"})
            assert created.task.pollInterval == POLL_MS and created.task.ttl == 60000
            assert seen[-1].status == "completed" and result.content[0].text == "hello"

            _, seen, result = await run_task(session, "slow", {"seconds": 1.5, "steps": 3})
            messages = [s.statusMessage for s in seen if s.status == "working" and s.statusMessage]
            assert "step 1/3" in messages and "step 3/3" in messages
            assert result.content[0].text == "slow finished after 3 steps"

            created = await session.experimental.call_tool_as_task("fail", {})
            seen = [s async for s in session.experimental.poll_task(created.task.taskId)]
            assert seen[-1].status == "failed" and seen[-1].statusMessage == "deliberate failure"
            # SDK defect 7: tasks/result of a failed task holds only _meta (no content, no JSON-RPC error)
            payload = await session.experimental.get_task_result(created.task.taskId, types.GetTaskPayloadResult)
            assert payload.model_dump(by_alias=True, exclude_none=True) == {
                "_meta": {"io.modelcontextprotocol/related-task": {"taskId": created.task.taskId}}}

            _, seen, result = await run_task(session, "tool_error")
            assert seen[-1].status == "completed" and result.isError

            created = await session.experimental.call_tool_as_task("forever", {})
            await anyio.sleep(1.3)
            ticking = await session.experimental.get_task(created.task.taskId)
            assert ticking.status == "working" and ticking.statusMessage.startswith("tick ")
            cancelled = await session.experimental.cancel_task(created.task.taskId)
            assert cancelled.status == "cancelled"
            await anyio.sleep(1.3)
            later = await session.experimental.get_task(created.task.taskId)
            assert later.status == "cancelled" and later.lastUpdatedAt == cancelled.lastUpdatedAt  # work stopped
            with pytest.raises(McpError) as again:
                await session.experimental.cancel_task(created.task.taskId)
            assert again.value.error.code == types.INVALID_PARAMS
            with pytest.raises(McpError) as unknown:
                await session.experimental.get_task("no-such-task")
            assert unknown.value.error.code == types.INVALID_PARAMS

            _, seen, _ = await run_task(session, "escape", {"ms": 800})
            assert any(s.statusMessage and "\x1b[31m" in s.statusMessage for s in seen)

    run(main)


@pytest.mark.parametrize("action,content,expected", [
    ("decline", None, "kept X (action: decline)"),
    ("accept", {"confirm": True}, "deleted X"),
    ("accept", {"confirm": False}, "kept X (action: accept)"),
])
def test_ask_elicits_through_tasks_result(transport, action, content, expected):
    async def main():
        callback = make_elicitation(action, content)
        async with connect(*transport, elicitation=callback) as session:
            created = await session.experimental.call_tool_as_task("ask", {})
            with anyio.fail_after(20):
                while (await session.experimental.get_task(created.task.taskId)).status != "input_required":
                    await anyio.sleep(0.1)
                result = await session.experimental.get_task_result(created.task.taskId, types.CallToolResult)
            assert callback.seen == ["Are you sure you want to delete X?"]
            assert result.content[0].text == expected

    run(main)


def test_tasks_outlive_their_http_session(http_server):
    async def main():
        async with connect("http", http_server.url) as first:
            created = await first.experimental.call_tool_as_task("sleep", {"ms": 1200})
            forever = await first.experimental.call_tool_as_task("forever", {})
        # the first session is gone (DELETE sent); its tasks go on and are visible to any later session
        async with connect("http", http_server.url) as second:
            got = await second.experimental.get_task(created.task.taskId)
            assert got.status == "working"
            listed = {t.taskId for t in (await second.experimental.list_tasks()).tasks}
            assert created.task.taskId in listed
            result = await second.experimental.get_task_result(created.task.taskId, types.CallToolResult)
            assert result.content[0].text == "slept 1200 ms"
            assert (await second.experimental.get_task(created.task.taskId)).status == "completed"
        async with connect("http", http_server.url) as third:
            ticking = await third.experimental.get_task(forever.task.taskId)
            assert ticking.status == "working" and ticking.statusMessage.startswith("tick ")
            assert (await third.experimental.cancel_task(forever.task.taskId)).status == "cancelled"

    run(main)


def test_list_pages(new_http_server):
    server = new_http_server("--page-size", "3", "--poll-interval", "100")

    async def main():
        async with connect("http", server.url) as session:
            ids = [(await session.experimental.call_tool_as_task("quick", {"text": str(i)})).task.taskId
                   for i in range(8)]
            pages, cursor, listed = 0, None, []
            while True:
                page = await session.experimental.list_tasks(cursor)
                pages += 1
                listed += [t.taskId for t in page.tasks]
                assert len(page.tasks) <= 3
                if page.nextCursor is None:
                    break
                assert page.nextCursor not in ids  # opaque, not a task id
                cursor = page.nextCursor
            assert pages == 3 and listed == ids
            with pytest.raises(McpError) as bad:
                await session.experimental.list_tasks("bogus!")
            assert bad.value.error.code == types.INVALID_PARAMS

    run(main)


def test_ttl_expiry_and_default_ttl(new_http_server):
    server = new_http_server("--default-ttl", "90000")

    async def main():
        async with connect("http", server.url) as session:
            short = await session.experimental.call_tool_as_task("quick", {}, ttl=500)
            assert short.task.ttl == 500
            await anyio.sleep(1.2)
            with pytest.raises(McpError):
                await session.experimental.get_task(short.task.taskId)
            # a request without ttl gets the server's default
            response = await session.send_request(
                types.ClientRequest(types.CallToolRequest(params=types.CallToolRequestParams(
                    name="quick", arguments={}, task=types.TaskMetadata()))),
                types.CreateTaskResult)
            assert response.task.ttl == 90000

    run(main)


def test_failed_result_error_mode():
    async def main():
        async with connect("stdio", server_args=["--failed-result-error"]) as session:
            created = await session.experimental.call_tool_as_task("fail", {})
            with pytest.raises(McpError) as failed:
                await session.experimental.get_task_result(created.task.taskId, types.CallToolResult)
            assert failed.value.error.code == types.INTERNAL_ERROR
            assert failed.value.error.message == "deliberate failure"

    run(main)


def test_default_ttl_none_omits_ttl_on_the_wire():
    """The SDK's exclude_none drops a null ttl (a peer defect mcptask must tolerate); seen on the raw stdio wire."""
    call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "quick", "arguments": {}, "task": {}}}
    for default, expected in (("none", None), ("1234", 1234)):
        answer = raw_exchange(["--default-ttl", default, "--no-notify"], [*initialize_messages(), call], 2)
        task = answer["result"]["task"]
        assert task.get("ttl") == expected and (expected is not None or "ttl" not in task), answer


def test_session_bound_mode(new_http_server):
    server = new_http_server("--session-bound")

    async def main():
        async with connect("http", server.url) as first:
            created = await first.experimental.call_tool_as_task("sleep", {"ms": 100})
            assert (await first.experimental.get_task(created.task.taskId)).taskId == created.task.taskId
            assert [t.taskId for t in (await first.experimental.list_tasks()).tasks] == [created.task.taskId]
        async with connect("http", server.url) as second:
            with pytest.raises(McpError):
                await second.experimental.get_task(created.task.taskId)
            assert (await second.experimental.list_tasks()).tasks == []

    run(main)


def test_die_kills_the_server(new_http_server):
    server = new_http_server()

    async def main():
        async with connect("http", server.url) as session:
            await session.experimental.call_tool_as_task("die", {})
            await anyio.sleep(1.5)

    with contextlib.suppress(Exception, BaseException):
        run(main)
    deadline = time.monotonic() + 10
    while server.alive and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.proc.returncode == 3


def test_auth_token(new_http_server):
    server = new_http_server("--auth-token", "s3cret")
    body = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}
    headers = {"accept": "application/json, text/event-stream"}
    assert httpx.post(server.url, json=body, headers=headers).status_code == 401
    assert httpx.post(server.url, json=body, headers={**headers, "authorization": "Bearer nope"}).status_code == 403
    ok = httpx.post(server.url, json=body, headers={**headers, "authorization": "Bearer s3cret"})
    assert ok.status_code == 200 and "2025-11-25" in ok.text


def test_many_sessions_keep_working(http_server):
    """Every mcptask process is a new session: sessions coming and going must not break task support."""

    async def main():
        ids: list[str] = []
        for i in range(15):
            async with connect("http", http_server.url) as session:
                ids.append((await session.experimental.call_tool_as_task("sleep", {"ms": 300})).task.taskId)
        await anyio.sleep(0.6)
        async with connect("http", http_server.url) as session:
            statuses = {(await session.experimental.get_task(i)).status for i in ids}
            assert statuses == {"completed"}

    run(main)
