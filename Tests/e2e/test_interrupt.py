"""Ctrl-C (SIGINT) during a foreground `mcptask call`."""

from __future__ import annotations

import signal

import pytest

from conftest import RESUME_HINT, TASK_ID_IN_TEXT, expect


def interrupt_forever(mcptask, target, *extra):
    call = mcptask.start("call", "forever", *extra, target=target)
    try:
        pattern = RESUME_HINT.pattern if target.name == "http" else f"({TASK_ID_IN_TEXT.pattern})"
        task_id = call.wait_for_stderr(pattern).group(1)
        call.wait_for_stderr(r"tick 1", timeout=20)  # the wait loop is running
        before = len(call.err)
        call.signal(signal.SIGINT)
        r = call.finish(timeout=20)
    finally:
        call.kill()
    return task_id, r, r.err[before:]


@pytest.mark.parametrize("extra", [[], ["--cancel-on-interrupt"]], ids=["plain", "cancel-on-interrupt"])
def test_sigint_exits_130_naming_the_task(mcptask, target, extra):
    task_id, r, after = interrupt_forever(mcptask, target, *extra)
    expect(r, 130)
    if target.name == "http":
        assert f"mcptask result {task_id}" in after, f"the resume hint is printed after the interrupt\n{r.describe()}"
    else:  # the task ends with the stdio server: nothing to resume, but say which task it was
        assert task_id in after, f"the task id is printed after the interrupt\n{r.describe()}"
    assert r.out == ""


def test_sigint_leaves_the_task_running(mcptask, http):
    task_id, r, _ = interrupt_forever(mcptask, http)
    expect(r, 130)
    [task] = expect(mcptask("get", task_id, "--json", target=http), 0).json_lines()
    assert task["status"] == "working", "without --cancel-on-interrupt the task goes on"
    expect(mcptask("cancel", task_id, target=http), 0)


def test_sigint_with_cancel_on_interrupt_cancels_the_task(mcptask, http):
    task_id, r, _ = interrupt_forever(mcptask, http, "--cancel-on-interrupt")
    expect(r, 130)
    [task] = expect(mcptask("get", task_id, "--json", target=http), 0).json_lines()
    assert task["status"] == "cancelled"


def test_sigint_while_waiting_on_result(mcptask, http):
    call = mcptask.start("call", "forever", "--detach", target=http)
    task_id = call.finish(timeout=30).out.strip()
    waiting = mcptask.start("result", task_id, target=http)
    try:
        waiting.wait_for_stderr(r"tick \d", timeout=20)
        waiting.signal(signal.SIGINT)
        r = waiting.finish(timeout=20)
    finally:
        waiting.kill()
    expect(r, 130)
    assert f"mcptask result {task_id}" in r.err
    expect(mcptask("cancel", task_id, target=http), 0)
