"""The README's examples are real output: each `$ pathplan ...` shown is run and compared.

Examples that show a part of the output mark the cut with a `...` line; the parts shown must
appear in the real output, in order. Sections with their own checks (team, batch) and examples
that need files the reader makes (`-o`, `--data framework`) are left to those.

After an intended change of output, `PATHPLAN_UPDATE_README=1 pytest tests/test_readme.py`
rewrites each part from the real output (a part is found by its first line's first words, and
keeps its number of lines); review the diff.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pathplan.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
CHECKED = (
    "pathplan route --from dev --to sales-eng",
    "pathplan route --from security-engineer --to security-architect",
    "pathplan gap --from dev --to dev-senior",
    "pathplan route --from dev --to sales-eng --max-step 550",
    "pathplan route --from dev --to sales-eng --direct --max-step 450",
    "pathplan route --from dev --to sales-eng --max-step 150",
    "pathplan adjacent dev --top 5",
    "pathplan gap --profile data/examples/profile.yaml --start 2027-01-04",
)


def shown(command: str) -> str:
    """The output the README shows under `$ command`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^\$ {re.escape(command)}\n(.*?)(?=^\$ |^```)", text, re.M | re.S)
    assert match, f"README no longer shows `{command}`"
    return match.group(1)


@pytest.mark.parametrize("command", CHECKED)
def test_readme_example_is_real_output(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, shlex.split(command)[1:])
    real = result.stdout if result.exit_code == 0 else result.stderr
    parts = [p.strip("\n") for p in re.split(r"^\.\.\.$", shown(command), flags=re.M)]
    if os.environ.get("PATHPLAN_UPDATE_README"):
        refresh(command, parts, real)
        return
    at = 0
    for part in filter(None, parts):
        found = real.find(part, at)
        assert found >= 0, f"`{command}` no longer prints:\n{part}\n--- it prints:\n{real}"
        at = found + len(part)


def refresh(command: str, parts: list[str], real: str) -> None:
    """Rewrite the README's parts shown for `command` from its real output."""
    lines = real.splitlines()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    old = shown(command)
    new = old
    at = 0
    for part in filter(None, parts):
        wanted = part.splitlines()
        anchor = " ".join(wanted[0].split()[:3])
        start = next(
            i for i in range(at, len(lines)) if " ".join(lines[i].split()).startswith(anchor)
        )
        fresh = "\n".join(lines[start : start + len(wanted)])
        new = new.replace(part, fresh, 1)
        at = start + len(wanted)
    (ROOT / "README.md").write_text(text.replace(old, new, 1), encoding="utf-8")


# The answers of the quick start's data analyst, in the order the questions come (name, hours,
# then skill levels); `d` finishes at the related skills.
PERSONA = ["Sam", "6", "3", "4", "3", "2", "3", "3", "2", "1", "1", "2", "2", "3", "3", "0"]
PERSONA += ["2", "0", "2", "1", "2", "1", "0", "0", "1", "2", "d"]


def test_the_quick_start_profile_flow_is_real(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    command = re.search(r"^pathplan profile init .*$", quick, re.M)
    assert command, "the quick start no longer shows `pathplan profile init`"
    transcript = re.search(r"```console\n(\[1/.*?)```", quick, re.S)
    assert transcript, "the quick start no longer shows the first question"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")  # the width the README shows
    argv = [*shlex.split(command.group(0))[1:], "--interactive"]
    result = runner.invoke(app, argv, input="\n".join(PERSONA) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "Done: me.yaml holds" in result.stderr
    at = 0
    for line in transcript.group(1).splitlines():
        line = re.sub(r"\]: \S+$", "]:", line)  # the answer typed is not output
        found = result.stderr.find(line, at)
        assert found >= 0, (
            f"profile init no longer prints:\n{line}\n--- it prints:\n{result.stderr}"
        )
        at = found + len(line)
    # The gap shown next is that profile's.
    gap = "pathplan gap --profile me.yaml --to data-scientist"
    real = runner.invoke(app, shlex.split(gap)[1:]).stdout
    parts = [p.strip("\n") for p in re.split(r"^\.\.\.$", shown(gap), flags=re.M)]
    if os.environ.get("PATHPLAN_UPDATE_README"):
        refresh(gap, parts, real)
        return
    for part in filter(None, parts):
        assert part in real, f"`{gap}` no longer prints:\n{part}\n--- it prints:\n{real}"
