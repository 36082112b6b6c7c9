"""The Python MCP SDK's own client doing what `mcptask call sleep ms=N` does, from a fresh process:
connect over Streamable HTTP, call the tool as a task, poll it to the end, fetch the result.

    python sdk_task_call.py URL [MS]
"""

import sys
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)

import anyio  # noqa: E402
import mcp.types as types  # noqa: E402
from mcp import ClientSession  # noqa: E402
from mcp.client.streamable_http import streamable_http_client  # noqa: E402


async def main(url: str, ms: int) -> None:
    async with streamable_http_client(url) as (read, write, _):
        async with ClientSession(read, write) as session:
            await session.initialize()
            created = await session.experimental.call_tool_as_task("sleep", {"ms": ms}, ttl=60000)
            async for _status in session.experimental.poll_task(created.task.taskId):
                pass
            result = await session.experimental.get_task_result(created.task.taskId, types.CallToolResult)
            print(result.content[0].text if result.content else result)


if __name__ == "__main__":
    anyio.run(main, sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0)
