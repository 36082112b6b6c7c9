"""`mcptask call` against the fixture server, over stdio and Streamable HTTP."""

from __future__ import annotations

import json
import re

import pytest

from conftest import TASK_ID, assert_error_line, big_text, expect, http_target, stdio_target


def text_of(result: dict) -> str:
    return "".join(block["text"] for block in result["content"] if block["type"] == "text")


# -- task mode and output --------------------------------------------------------------------------------------------

def test_quick_task_prints_text_and_task_id(mcptask, target):
    r = expect(mcptask("call", "quick", "text=hello world", target=target), 0)
    assert r.out == "hello world\n" or r.out == "hello world", r.describe()
    assert TASK_ID.match(r.announced_id(target)), r.describe()


def test_quick_json(mcptask, target):
    r = expect(mcptask("call", "quick", "text=hello", "--json", target=target), 0)
    obj = r.json_object()
    assert set(obj) == {"task", "result"}, r.describe()
    task, result = obj["task"], obj["result"]
    assert TASK_ID.match(task["taskId"]) and task["status"] == "completed", r.describe()
    assert task["pollInterval"] == 250
    assert result["content"] == [{"type": "text", "text": "hello"}]
    assert result.get("isError", False) is False


def test_sleep(mcptask, target):
    r = expect(mcptask("call", "sleep", "ms=1200", target=target), 0)
    assert r.out.rstrip("\n") == "slept 1200 ms", r.describe()


def test_slow_reports_each_status_change_once(mcptask, target):
    r = expect(mcptask("call", "slow", "seconds=3", "steps=3", target=target), 0)
    assert r.out.rstrip("\n") == "slow finished after 3 steps", r.describe()
    lines = r.err.splitlines()
    positions = []
    for step in ("step 1/3", "step 2/3", "step 3/3"):
        # (the SDK keeps the last statusMessage on completion, so a final "completed: step 3/3" line may follow)
        hits = [i for i, line in enumerate(lines) if step in line and "working" in line]
        assert len(hits) == 1, f"'working: {step}' should be on exactly one stderr line\n{r.describe()}"
        positions.append(hits[0])
    assert positions == sorted(positions), r.describe()
    task_id = r.announced_id(target)
    first = next(i for i, line in enumerate(lines) if task_id in line)
    assert first < positions[0], "the task id is shown as soon as the task exists, before status lines"


def test_ttl_is_sent(mcptask, target):
    r = expect(mcptask("call", "sleep", "ms=10", "--ttl", "60000", "--json", target=target), 0)
    assert r.json_object()["task"]["ttl"] == 60000, r.describe()


def test_no_task_on_optional_tool_is_a_plain_call(mcptask, target):
    r = expect(mcptask("call", "quick", "text=plain", "--no-task", "--json", target=target), 0)
    obj = r.json_object()
    assert obj["task"] is None and text_of(obj["result"]) == "plain", r.describe()


def test_forbidden_tool_is_called_plainly(mcptask, target):
    r = expect(mcptask("call", "echo", "text=hi", "--json", target=target), 0)
    obj = r.json_object()
    assert obj == {"task": None, "result": obj["result"]} and text_of(obj["result"]) == "hi", r.describe()
    assert "mcptask result" not in r.err, "a plain call has no task to resume"
    r = expect(mcptask("call", "echo", "text=hi", target=target), 0)
    assert r.out.rstrip("\n") == "hi"


@pytest.mark.parametrize("argv,word", [
    (["call", "slow", "--no-task"], "--no-task"),
    (["call", "echo", "text=x", "--ttl", "1000"], "--ttl"),
    (["call", "echo", "text=x", "--detach"], "--detach"),
])
def test_task_mode_conflicts_are_usage_errors(mcptask, target, argv, word):
    r = expect(mcptask(*argv, target=target), 64)
    assert "mcptask result" not in r.err, "nothing may be started"
    line = assert_error_line(r)
    assert word in line or "task" in line.lower(), r.describe()


# -- arguments -------------------------------------------------------------------------------------------------------

TYPED = {"count": 3, "ratio": 0.5, "flag": True, "tags": ["a", "b"], "opts": {"k": 1}, "name": "007"}


def typed_call(mcptask, target, *args, **kw) -> dict:
    r = expect(mcptask("call", "typed", *args, "--json", target=target, **kw), 0)
    result = r.json_object()["result"]
    assert result.get("isError", False) is False, r.describe()
    assert text_of(result) == json.dumps(result["structuredContent"], sort_keys=True, separators=(",", ":"))
    return result["structuredContent"]


def test_key_value_coercion_follows_the_schema(mcptask, target):
    got = typed_call(mcptask, target, "count=3", "ratio=0.5", "flag=true", 'tags=["a","b"]', 'opts={"k":1}',
                     "name=007")
    assert got == TYPED
    assert type(got["count"]) is int and type(got["flag"]) is bool and type(got["name"]) is str


def test_raw_json_pairs(mcptask, target):
    got = typed_call(mcptask, target, "count:=5", 'opts:={"deep":[1,{"x":null}]}', "name=42", "flag=false")
    assert got == {"count": 5, "opts": {"deep": [1, {"x": None}]}, "name": "42", "flag": False}


@pytest.mark.parametrize("pair,field", [("count=abc", "count"), ("count=1.5", "count"), ("flag=maybe", "flag"),
                                        ("ratio=fast", "ratio"), ("tags=[1,", "tags")])
def test_value_not_fitting_the_schema_is_a_usage_error(mcptask, target, pair, field):
    r = expect(mcptask("call", "typed", pair, target=target), 64)
    assert field in assert_error_line(r), r.describe()


def test_args_json_is_the_base_and_pairs_override(mcptask, target):
    got = typed_call(mcptask, target, "count=2", "--args", '{"count": 1, "name": "x", "tags": []}')
    assert got == {"count": 2, "name": "x", "tags": []}


def test_args_from_file(mcptask, target, tmp_path):
    path = tmp_path / "args.json"
    path.write_text(json.dumps({"opts": {"from": "file"}, "ratio": 1.25}))
    assert typed_call(mcptask, target, "--args", f"@{path}") == {"opts": {"from": "file"}, "ratio": 1.25}


def test_args_from_stdin(mcptask, target):
    got = typed_call(mcptask, target, "flag=true", "--args", "-", input='{"flag": false, "name": "stdin"}\n')
    assert got == {"flag": True, "name": "stdin"}


def test_args_must_be_a_json_object(mcptask, target):
    expect(mcptask("call", "typed", "--args", "[1, 2", target=target), 64)
    expect(mcptask("call", "typed", "--args", "[1, 2]", target=target), 64)


# -- content rendering -----------------------------------------------------------------------------------------------

def test_structured_only_result_is_pretty_json(mcptask, target):
    r = expect(mcptask("call", "structured", target=target), 0)
    assert json.loads(r.out) == {"answer": 42, "items": ["a", "b"]}, r.describe()
    assert len(r.out.strip().splitlines()) > 1, f"expected pretty (multi-line) JSON\n{r.describe()}"


def test_image_and_resource_are_summarised(mcptask, target):
    r = expect(mcptask("call", "image", target=target), 0)
    lines = r.out.splitlines()
    assert len(lines) == 2, r.describe()
    assert lines[0] == "[image image/png 67 B]", r.describe()
    # the resource line may add details (mime type, size) after the uri
    assert re.fullmatch(r"\[resource file:///tmp/report\.txt( [^\]]*)?\]", lines[1]), r.describe()


def test_image_json_keeps_the_blocks(mcptask, target):
    r = expect(mcptask("call", "image", "--json", target=target), 0)
    content = r.json_object()["result"]["content"]
    assert [block["type"] for block in content] == ["image", "resource"]
    assert content[0]["mimeType"] == "image/png" and content[1]["resource"]["uri"] == "file:///tmp/report.txt"


def test_big_result_is_intact(mcptask, target):
    expected = big_text(5120)
    r = expect(mcptask("call", "big", target=target), 0)
    assert len(r.out.rstrip("\n")) == len(expected) - 1, f"length {len(r.out)} != {len(expected)}"
    assert r.out.rstrip("\n") == expected.rstrip("\n")
    assert r.out.rstrip("\n").rsplit("\n", 1)[-1] == "line 081920 " + "." * 51


def test_control_sequences_are_stripped(mcptask, target):
    r = expect(mcptask("call", "escape", target=target), 0)
    assert r.out.rstrip("\n") == "red ALERT done end", r.describe()
    for stream in (r.out, r.err):
        assert not any(ord(c) < 32 and c not in "\n\t" for c in stream), repr(stream)
    assert "working hard" in r.err, "the (sanitised) status message should still be shown"


def test_json_output_keeps_the_raw_text(mcptask, target):
    """--json is data, not terminal output: the text is JSON-escaped, not stripped."""
    r = expect(mcptask("call", "escape", "ms=0", "--json", target=target), 0)
    assert "\x1b" not in r.out
    assert text_of(r.json_object()["result"]) == "red \x1b[31mALERT\x1b[0m done\x07 \x1b]0;pwned\x07end"


# -- how calls end ---------------------------------------------------------------------------------------------------

def test_failed_task_exits_2(mcptask, target):
    r = expect(mcptask("call", "fail", target=target), 2)
    assert "deliberate failure" in r.err, r.describe()
    assert r.out == ""


def test_failed_task_with_jsonrpc_error_result_exits_2(mcptask, new_http_server):
    server = new_http_server("--failed-result-error", "--poll-interval", "250")
    r = expect(mcptask("call", "fail", target=http_target(server)), 2)
    assert "deliberate failure" in r.err, r.describe()


def test_tool_error_exits_1(mcptask, target):
    r = expect(mcptask("call", "tool_error", target=target), 1)
    assert "the linter found 3 problems" in r.out + r.err, r.describe()
    j = mcptask("call", "tool_error", "--json", target=target)
    assert j.code == 1, j.describe()
    obj = j.json_object()
    assert obj["result"]["isError"] is True and obj["task"]["status"] in ("completed", "failed")


def test_timeout_exits_7_naming_the_task(mcptask, target):
    r = expect(mcptask("call", "forever", "--timeout", "2", target=target), 7)
    task_id = r.announced_id(target)
    assert 1.5 < r.elapsed < 15, r.describe()
    assert task_id in assert_error_line(r), "the timeout message names the task"
    if target.name == "http":  # the task is still there; clean it up
        c = expect(mcptask("cancel", task_id, "--json", target=target), 0)
        assert c.json_lines()[0]["status"] == "cancelled"


def test_elicitation_is_declined(mcptask, target):
    r = expect(mcptask("call", "ask", target=target), 0)
    assert r.out.rstrip("\n") == "kept X (action: decline)", r.describe()
    r = expect(mcptask("call", "ask", "item=notes.txt", target=target), 0)
    assert r.out.rstrip("\n") == "kept notes.txt (action: decline)", r.describe()


@pytest.mark.parametrize("answers,stdin,expected", [
    (["--answer", "confirm=true"], None, "deleted X"),
    (["--answer", "confirm=false"], None, "kept X (action: accept)"),
    (["--answers", "-"], '{"confirm": true}', "deleted X"),
    (["--decline-all", "--answer", "confirm=true"], None, "kept X (action: decline)"),
    (["--no-input"], None, "kept X (action: decline)"),
])
def test_elicitation_answers(mcptask, target, answers, stdin, expected):
    r = expect(mcptask("call", "ask", *answers, target=target, input=stdin), 0)
    assert r.out.rstrip("\n") == expected, r.describe()


@pytest.mark.parametrize("transport", ["stdio", "http"])
def test_server_dying_mid_task_exits_5(mcptask, new_http_server, transport):
    target = stdio_target() if transport == "stdio" else http_target(new_http_server())
    r = expect(mcptask("call", "die", "--timeout", "30", target=target), 5)
    # the server dies 0.5 s in; the next poll finds it gone (connection refused / EOF) at once
    assert r.elapsed < 8, f"took {r.elapsed:.1f}s to notice the server died\n{r.describe()}"
    assert r.out == ""
