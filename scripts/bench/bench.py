"""mcptask benchmarks: start-up, a 0 ms task call beside the Python SDK client, completion delay with a slow
pollInterval, and `list` over many tasks (time and peak RSS). Prints numbers; asserts nothing.

Each measurement runs against two servers: the Python SDK fixture (Tests/fixtures/task_server.py) and
mcptask's own demo server (`mcptask demo-server`), so the client's cost shows apart from the server's.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = os.environ.get("MCPTASK_BIN", str(REPO / ".build" / "release" / "mcptask"))
PY = sys.executable
HERE = Path(__file__).resolve().parent


def run_timed(argv: list[str]) -> tuple[float, int, str, int]:
    """Runs argv; returns (seconds, exit code, stdout, peak RSS in KiB of that process)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out, _ = proc.communicate()
    _, status, usage = os.wait4(proc.pid, 0) if proc.returncode is None else (0, 0, None)
    elapsed = time.perf_counter() - start
    rss = usage.ru_maxrss if usage else -1
    return elapsed, proc.returncode, out, rss


def run_with_rss(argv: list[str]) -> tuple[float, int, int]:
    """Like run_timed but measures peak RSS with wait4 (stdout discarded)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, os.waitstatus_to_exitcode(status), usage.ru_maxrss


def median_ms(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    q = lambda p: ms[min(len(ms) - 1, int(p * len(ms)))]  # noqa: E731
    return f"median {statistics.median(ms):7.1f} ms  (min {ms[0]:.1f}, p90 {q(0.9):.1f}, n={len(ms)})"


def start_server(kind: str, poll_ms: int, page_size: int = 100) -> tuple[subprocess.Popen, str]:
    if kind == "python":
        argv = [PY, str(REPO / "Tests/fixtures/task_server.py"), "--http", "0", "--poll-interval", str(poll_ms),
                "--page-size", str(page_size), "--default-ttl", "3600000"]
    else:
        argv = [BIN, "demo-server", "--http", "127.0.0.1:0", "--shared-tasks", "--poll-interval", str(poll_ms),
                "--page-size", str(page_size)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        line = proc.stdout.readline()
        match = re.search(r"LISTENING (\S+)", line or "")
        if match:
            return proc, match.group(1)
        if proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit(f"could not start the {kind} server: {' '.join(argv)}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()


def bench_startup(n: int) -> None:
    samples = [run_timed([BIN, "--version"])[0] for _ in range(n)]
    print(f"mcptask --version                      {median_ms(samples)}")


def bench_call(kind: str, url: str, n: int, sdk_n: int) -> float:
    samples = []
    for _ in range(n):
        elapsed, code, _, _ = run_timed([BIN, "call", "sleep", "ms=0", "--url", url])
        if code != 0:
            raise SystemExit(f"mcptask call failed with {code}")
        samples.append(elapsed)
    print(f"  mcptask call sleep ms=0 ({kind:6})      {median_ms(samples)}")
    sdk = []
    for _ in range(sdk_n):
        elapsed, code, _, _ = run_timed([PY, str(HERE / "sdk_task_call.py"), url, "0"])
        if code != 0:
            raise SystemExit(f"the SDK client failed with {code}")
        sdk.append(elapsed)
    print(f"  Python SDK client, same call ({kind:6}) {median_ms(sdk)}")
    ratio = statistics.median(sdk) / statistics.median(samples)
    print(f"  -> mcptask is {ratio:.1f}x faster than a fresh Python SDK client process")
    return statistics.median(samples)


def bench_completion_delay(kind: str, url: str, work_ms: int, n: int) -> None:
    """Two estimates of how long after the task finished mcptask printed its result."""
    direct, indirect = [], []
    base = statistics.median(run_timed([BIN, "call", "sleep", "ms=0", "--url", url])[0] for _ in range(5))
    for _ in range(n):
        start = time.time()
        proc = subprocess.Popen([BIN, "call", "sleep", f"ms={work_ms}", "--json", "--url", url],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        first = proc.stdout.readline()
        printed = time.time()
        proc.communicate()
        indirect.append((printed - start) - work_ms / 1000 - base)
        try:
            finished = json.loads(first)["result"]["structuredContent"]["finishedAt"]
            direct.append(printed - finished)
        except (KeyError, TypeError, ValueError):
            pass
    if direct:
        print(f"  completion delay ({kind:6}, finishedAt->stdout) {median_ms(direct)}")
    print(f"  completion delay ({kind:6}, wall - work - 0ms call) {median_ms(indirect)}")


def bench_list(kind: str, url: str, count: int) -> None:
    t0 = time.perf_counter()
    subprocess.run([PY, str(HERE / "seed_tasks.py"), url, str(count)], check=True, stderr=subprocess.DEVNULL)
    seeded = time.perf_counter() - t0
    elapsed, code, rss = run_with_rss([BIN, "list", "--url", url])
    elapsed_json, code_json, rss_json = run_with_rss([BIN, "list", "--json", "--url", url])
    print(f"  mcptask list, {count} tasks ({kind:6}): table {elapsed * 1000:.0f} ms, peak RSS {rss / 1024:.1f} MiB; "
          f"--json {elapsed_json * 1000:.0f} ms, peak RSS {rss_json / 1024:.1f} MiB  (exit {code}/{code_json}; "
          f"seeding took {seeded:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--servers", default="demo,python")
    args = parser.parse_args()
    n = 10 if args.quick else 30
    sizes = [200, 2000] if args.quick else [1000, 10000]
    print(f"binary: {BIN}")
    print(f"machine: {os.cpu_count()} cores, {os.uname().release}")
    bench_startup(50 if args.quick else 200)
    for kind in args.servers.split(","):
        print(f"\n[{kind} server]")
        server, url = start_server(kind, poll_ms=500)
        try:
            bench_call(kind, url, n, 5 if args.quick else 10)
        finally:
            stop(server)
        server, url = start_server(kind, poll_ms=2000)
        try:
            bench_completion_delay(kind, url, 1500, 5 if args.quick else 10)
        finally:
            stop(server)
        for size in sizes:
            server, url = start_server(kind, poll_ms=500, page_size=100)
            try:
                bench_list(kind, url, size)
            finally:
                stop(server)


if __name__ == "__main__":
    main()
