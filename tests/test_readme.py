"""The README's quick start, followed as a publicist would: the commands it gives, in a fresh
folder, make the files it tells them to send, and the kit it shows has nothing left to fix."""

from __future__ import annotations

import re
import shlex

from click.testing import CliRunner

from conftest import ROOT
from presskit.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")
QUICK_START = README[README.index("## Quick start, for publicists"):README.index("## Set-up")]


def test_the_quick_start_builds_what_it_says_to_send(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    [init] = re.findall(r"^\s*(presskit init .*)$", QUICK_START, re.MULTILINE)
    [kit] = re.findall(r"```yaml\n(.*?)```", QUICK_START, re.DOTALL)
    kit = "\n".join(line.removeprefix("   ") for line in kit.splitlines())
    assert len(kit.splitlines()) == 10  # "these ten lines"
    runner = CliRunner()
    assert runner.invoke(main, shlex.split(init)[1:]).exit_code == 0
    (tmp_path / "my-film" / "kit" / "presskit.yaml").write_text(kit, encoding="utf-8")
    built = runner.invoke(main, ["build", "my-film"])
    assert (built.exit_code, built.stderr) == (0, "")
    named = re.findall(r"`(my-film/dist/[^`]+?)/?`", QUICK_START)
    assert len(named) == 6 and all((tmp_path / path).exists() for path in named), named
    made = {line.split()[0] for line in built.stdout.splitlines()}
    assert made == {path.rstrip("/") for path in named}
    checked = runner.invoke(main, ["check", "my-film", "--strict"])
    assert checked.exit_code == 0, checked.output
