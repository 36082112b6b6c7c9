"""Creates N finished tasks on a server (one session, a few in flight at a time), for the list benchmark.

    python seed_tasks.py URL N
"""

import sys
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)

import anyio  # noqa: E402
from mcp import ClientSession  # noqa: E402
from mcp.client.streamable_http import streamable_http_client  # noqa: E402


async def main(url: str, n: int) -> None:
    async with streamable_http_client(url) as (read, write, _):
        async with ClientSession(read, write) as session:
            await session.initialize()
            limiter = anyio.Semaphore(16)

            async def one() -> None:
                async with limiter:
                    await session.experimental.call_tool_as_task("sleep", {"ms": 0}, ttl=3_600_000)

            async with anyio.create_task_group() as group:
                for _ in range(n):
                    group.start_soon(one)


if __name__ == "__main__":
    anyio.run(main, sys.argv[1], int(sys.argv[2]))
