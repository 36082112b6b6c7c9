"""Tasks across mcptask processes (each one a new HTTP session): --detach, get, result, list, cancel."""

from __future__ import annotations

import time

import pytest

from conftest import RESUME_HINT, TASK_ID, assert_error_line, assert_no_crash, expect, http_target


def detach(mcptask, target, *args) -> str:
    r = expect(mcptask("call", *args, "--detach", target=target), 0)
    assert r.out.endswith("\n") and r.out.count("\n") == 1, f"--detach prints only the id\n{r.describe()}"
    task_id = r.out.strip()
    assert TASK_ID.match(task_id), r.describe()
    return task_id


def get_json(mcptask, target, *ids, code=0) -> list[dict]:
    r = expect(mcptask("get", *ids, "--json", target=target), code)
    return r.json_lines()


def test_detach_then_get_result_list(mcptask, http):
    task_id = detach(mcptask, http, "sleep", "ms=2500")
    [task] = get_json(mcptask, http, task_id)
    assert task["taskId"] == task_id and task["status"] == "working" and task["pollInterval"] == 250
    assert {"createdAt", "lastUpdatedAt"} <= set(task)

    listed = expect(mcptask("list", "--json", target=http), 0).json_lines()
    assert [t["status"] for t in listed if t["taskId"] == task_id] == ["working"]

    r = expect(mcptask("result", task_id, target=http), 0)
    assert r.out.rstrip("\n") == "slept 2500 ms", r.describe()
    [task] = get_json(mcptask, http, task_id)
    assert task["status"] == "completed"


def test_detach_json(mcptask, http):
    r = expect(mcptask("call", "sleep", "ms=200", "--detach", "--json", "--ttl", "120000", target=http), 0)
    obj = r.json_object()
    assert set(obj) == {"task"}, r.describe()
    assert obj["task"]["status"] == "working" and obj["task"]["ttl"] == 120000
    assert TASK_ID.match(obj["task"]["taskId"])


def test_result_json(mcptask, http):
    task_id = detach(mcptask, http, "quick", "text=later")
    obj = expect(mcptask("result", task_id, "--json", target=http), 0).json_object()
    assert obj["task"]["taskId"] == task_id and obj["task"]["status"] == "completed"
    assert obj["result"]["content"] == [{"type": "text", "text": "later"}]


@pytest.mark.parametrize("tool,code,text", [("fail", 2, "deliberate failure"),
                                            ("tool_error", 1, "the linter found 3 problems")])
def test_result_exit_code_follows_the_final_state(mcptask, http, tool, code, text):
    task_id = detach(mcptask, http, tool)
    r = expect(mcptask("result", task_id, target=http), code)
    assert text in r.out + r.err, r.describe()


def test_get_table(mcptask, http):
    running = detach(mcptask, http, "slow", "seconds=20", "steps=2")
    done = detach(mcptask, http, "quick")
    time.sleep(0.5)
    r = expect(mcptask("get", running, done, target=http), 0)
    rows = {task_id: [line for line in r.out.splitlines() if task_id in line] for task_id in (running, done)}
    assert len(rows[running]) == 1 and len(rows[done]) == 1, r.describe()
    assert "working" in rows[running][0] and "step 1/2" in rows[running][0], r.describe()
    assert "completed" in rows[done][0], r.describe()
    expect(mcptask("cancel", running, target=http), 0)


def test_get_unknown_id_exits_4_and_prints_the_others(mcptask, http):
    known = detach(mcptask, http, "quick")
    r = expect(mcptask("get", "no-such-task", target=http), 4)
    assert "no-such-task" in r.err
    r = expect(mcptask("get", known, "no-such-task", "--json", target=http), 4)
    assert [t["taskId"] for t in r.json_lines()] == [known], r.describe()
    assert "no-such-task" in assert_error_line(r) or "no-such-task" in r.err


def test_result_unknown_id_exits_4(mcptask, http):
    expect(mcptask("result", "no-such-task", target=http), 4)


def test_cancel_then_result_exits_3(mcptask, http):
    task_id = detach(mcptask, http, "forever")
    r = expect(mcptask("cancel", task_id, "--json", target=http), 0)
    [task] = r.json_lines()
    assert task["taskId"] == task_id and task["status"] == "cancelled"
    # Cancelling it again: the server answers -32602; mcptask treats "already cancelled" as done (exit 0, the task
    # shown as it is). Cancelling a task that *completed* is an error: test_cancel_completed_task_is_an_error.
    r = expect(mcptask("cancel", task_id, "--json", target=http), 0)
    assert [t["status"] for t in r.json_lines()] == ["cancelled"], r.describe()
    expect(mcptask("result", task_id, target=http), 3)
    [task] = get_json(mcptask, http, task_id)
    assert task["status"] == "cancelled"
    time.sleep(1.2)
    [again] = get_json(mcptask, http, task_id)
    assert again["lastUpdatedAt"] == task["lastUpdatedAt"], "the work stopped"


def test_cancel_text_and_many_ids(mcptask, http):
    first = detach(mcptask, http, "forever")
    second = detach(mcptask, http, "forever")
    r = expect(mcptask("cancel", first, second, target=http), 0)
    for task_id in (first, second):
        rows = [line for line in r.out.splitlines() if task_id in line]
        assert rows and "cancelled" in rows[0], r.describe()


def test_cancel_unknown_id_exits_4(mcptask, http):
    expect(mcptask("cancel", "no-such-task", target=http), 4)


def test_cancel_completed_task_is_an_error(mcptask, http):
    task_id = detach(mcptask, http, "quick")
    time.sleep(0.5)
    r = mcptask("cancel", task_id, target=http)
    assert_no_crash(r)
    assert r.code not in (0, 4), r.describe()
    assert "completed" in assert_error_line(r), r.describe()


def test_cancel_from_another_process_ends_a_waiting_result(mcptask, http):
    task_id = detach(mcptask, http, "forever")
    waiting = mcptask.start("result", task_id, target=http)
    try:
        waiting.wait_for_stderr(r"tick \d", timeout=20)
        expect(mcptask("cancel", task_id, target=http), 0)
        r = waiting.finish(timeout=20)
    finally:
        waiting.kill()
    expect(r, 3)
    assert "cancelled" in r.err, r.describe()


def test_foreground_call_ended_by_cancel_from_another_process(mcptask, http):
    call = mcptask.start("call", "forever", target=http)
    try:
        task_id = call.wait_for_stderr(RESUME_HINT.pattern).group(1)
        expect(mcptask("cancel", task_id, target=http), 0)
        r = call.finish(timeout=20)
    finally:
        call.kill()
    expect(r, 3)


def test_ttl_expiry_makes_the_task_unknown(mcptask, http):
    task_id = detach(mcptask, http, "quick", "--ttl", "1000")
    time.sleep(2.5)
    expect(mcptask("get", task_id, target=http), 4)


def test_list_walks_all_pages(mcptask, new_http_server):
    target = http_target(new_http_server("--page-size", "3", "--poll-interval", "250"))
    ids = [detach(mcptask, target, "quick", f"text={i}") for i in range(8)]
    busy = detach(mcptask, target, "forever")
    time.sleep(0.5)

    listed = expect(mcptask("list", "--json", target=target), 0).json_lines()
    assert [t["taskId"] for t in listed] == ids + [busy]
    assert {t["status"] for t in listed if t["taskId"] in ids} == {"completed"}

    working = expect(mcptask("list", "--status", "working", "--json", target=target), 0).json_lines()
    assert [t["taskId"] for t in working] == [busy]
    completed = expect(mcptask("list", "--status", "completed", "--json", target=target), 0).json_lines()
    assert sorted(t["taskId"] for t in completed) == sorted(ids)

    text = expect(mcptask("list", target=target), 0)
    for task_id in ids + [busy]:
        assert sum(task_id in line for line in text.out.splitlines()) == 1, text.describe()
    expect(mcptask("cancel", busy, target=target), 0)


def test_list_empty_server(mcptask, new_http_server):
    target = http_target(new_http_server())
    r = expect(mcptask("list", "--json", target=target), 0)
    assert r.out.strip() == ""


def test_unlimited_ttl_omitted_by_the_sdk_is_tolerated(mcptask, new_http_server):
    """SDK servers put an unlimited task on the wire without `ttl` (not `ttl: null`); mcptask must cope."""
    target = http_target(new_http_server("--default-ttl", "none", "--poll-interval", "250"))
    obj = expect(mcptask("call", "sleep", "ms=300", "--json", target=target), 0).json_object()
    assert obj["task"]["status"] == "completed" and obj["task"].get("ttl") is None
    task_id = detach(mcptask, target, "sleep", "ms=300")
    [task] = get_json(mcptask, target, task_id)
    assert task["taskId"] == task_id and task.get("ttl") is None
    expect(mcptask("get", task_id, target=target), 0)
    expect(mcptask("list", target=target), 0)
