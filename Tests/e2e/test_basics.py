"""mcptask --version / --help, usage errors, and `mcptask tools`."""

from __future__ import annotations

import re

import pytest

from conftest import assert_no_crash, expect, raw_tools_list

COMMANDS = ["tools", "call", "get", "result", "list", "cancel"]

TOOL_MODES = {
    "quick": "optional", "sleep": "optional", "slow": "required", "typed": "optional", "structured": "optional",
    "image": "optional", "big": "optional", "fail": "required", "tool_error": "optional", "forever": "required",
    "die": "required", "echo": "forbidden", "ask": "required", "escape": "optional",
}


def test_version(mcptask):
    r = expect(mcptask("--version"), 0)
    lines = r.out.strip().splitlines()
    assert len(lines) == 1 and re.search(r"\d+\.\d+", lines[0]), r.describe()


def test_top_level_help_lists_commands(mcptask):
    r = expect(mcptask("--help"), 0)
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\b", r.out, re.M), f"{command} missing from --help\n{r.describe()}"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_on_every_command(mcptask, command):
    r = expect(mcptask(command, "--help"), 0)
    assert "usage" in r.out.lower() and command in r.out, r.describe()
    for option in ("--json", "--timeout", "--verbose", "--url"):
        assert option in r.out, f"{option} not in `{command} --help`\n{r.describe()}"


@pytest.mark.parametrize("argv", [
    ["frobnicate"],
    ["call"],
    ["get"],
    ["call", "quick", "--ttl", "soon"],
    ["tools", "--no-such-option"],
])
def test_usage_errors_exit_64(mcptask, argv):
    r = mcptask(*argv, "--url", "http://127.0.0.1:9/mcp")
    assert r.code == 64, r.describe()
    assert_no_crash(r)


def test_tools_text(mcptask, target):
    r = expect(mcptask("tools", target=target), 0)
    for name, mode in TOOL_MODES.items():
        rows = [line for line in r.out.splitlines() if line.split() and line.split()[0] == name]
        assert len(rows) == 1, f"expected one line for tool {name}\n{r.describe()}"
        assert re.search(rf"\b{mode}\b", rows[0]), f"{name} should show {mode}: {rows[0]!r}"
    quick = next(line for line in r.out.splitlines() if line.startswith("quick"))
    assert "Return the given text at once." in quick
    assert "In task mode" not in r.out, "only the first line of a description belongs in the table"


def test_tools_json_is_what_the_server_sent(mcptask, target):
    r = expect(mcptask("tools", "--json", target=target), 0)
    assert r.json_lines() == raw_tools_list()


def test_verbose_keeps_stdout_clean(mcptask, target):
    plain = expect(mcptask("tools", "--json", target=target), 0)
    verbose = expect(mcptask("tools", "--json", "--verbose", target=target), 0)
    assert verbose.out == plain.out
