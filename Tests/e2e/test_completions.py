"""The shell completions in completions/ are generated from the parser and must match the built binary."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import REPO


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script_is_fresh(mcptask_bin, shell):
    generated = subprocess.run([str(mcptask_bin), "--generate-completion-script", shell],
                               capture_output=True, text=True, timeout=30, check=True).stdout
    committed = (REPO / "completions" / f"mcptask.{shell}").read_text()
    assert generated == committed, (f"completions/mcptask.{shell} is stale: run scripts/generate-completions "
                                    "and commit the result")
    for command in ("tools", "call", "get", "result", "list", "cancel"):
        assert command in generated


@pytest.mark.parametrize("shell,check", [("bash", ["bash", "-n"]), ("zsh", ["zsh", "-n"]), ("fish", ["fish", "-n"])])
def test_completion_script_parses(shell, check):
    if shutil.which(check[0]) is None:
        pytest.fail(f"{check[0]} is not installed (.ci/run installs it)")
    path = REPO / "completions" / f"mcptask.{shell}"
    result = subprocess.run(check + [str(path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_bash_completion_offers_subcommands(mcptask_bin):
    # Load the script in a real bash and ask for completions of "mcptask ca".
    script = REPO / "completions" / "mcptask.bash"
    probe = (f"source {script}; COMP_WORDS=(mcptask ca); COMP_CWORD=1; COMP_LINE='mcptask ca'; COMP_POINT=10; "
             "_mcptask mcptask ca mcptask; printf '%s\\n' \"${COMPREPLY[@]}\"")
    out = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=30,
                         env={"PATH": f"{mcptask_bin.parent}:/usr/bin:/bin"}).stdout.split()
    assert "call" in out and "cancel" in out and "tools" not in out
