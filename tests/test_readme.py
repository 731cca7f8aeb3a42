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
    "pathplan route --from dev --to ai-engineer",
    "pathplan gap --from dev --to dev-senior",
    "pathplan route --from dev --to sales-eng --direct --max-step 250",
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
