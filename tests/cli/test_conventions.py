"""The conventions people expect of a command line: -V, --quiet, global options anywhere,
flags without types in help, one error style, completion of names, headers that name people."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pathplan import __version__
from pathplan.cli.main import app
from tests.conftest import MINI, ROOT

COMMANDS = [
    ["gap"],
    ["route"],
    ["adjacent"],
    ["roles"],
    ["skills"],
    ["show"],
    ["validate"],
    ["graph"],
    ["team"],
    ["candidates"],
    ["batch"],
    ["schema"],
    ["profile", "init"],
    ["import", "onet"],
    ["import", "esco"],
    ["docs"],
    ["example"],
    [],
]


@pytest.mark.parametrize("flag", ["--version", "-V"])
@pytest.mark.parametrize("where", ["before", "after"])
def test_version_before_or_after_a_command(runner: CliRunner, flag: str, where: str) -> None:
    args = [flag, "gap"] if where == "before" else ["gap", "--from", "dev", flag]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and result.stdout == f"pathplan {__version__}\n"


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_the_console_script_answers_version_without_the_cli(flag: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys; sys.argv=['pathplan','{flag}']; "
            "from pathplan.cli.launcher import main; main(); print('typer' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == f"pathplan {__version__}\nFalse\n"


@pytest.mark.parametrize(
    "option", [["--no-cache"], ["--quiet"], ["--no-pager"], ["--no-color"], ["-q"]]
)
def test_global_options_work_before_and_after_the_command(
    runner: CliRunner, option: list[str]
) -> None:
    before = runner.invoke(app, [*option, "roles", "--data", str(MINI), "-f", "json"])
    after = runner.invoke(app, ["roles", "--data", str(MINI), "-f", "json", *option])
    assert before.exit_code == after.exit_code == 0, before.output + after.output
    assert before.stdout == after.stdout and json.loads(after.stdout)["kind"] == "roles"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "pathplan")
def test_help_shows_no_type_after_flags_or_named_values(
    runner: CliRunner, command: list[str]
) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "<bool>" not in result.stdout and "<str>" not in result.stdout
    assert "<path>" not in result.stdout and "<list[str]>" not in result.stdout
    for flag in ("--help", "--quiet", "--version"):
        line = next(ln for ln in result.stdout.splitlines() if re.match(rf"│ +{flag}\b", ln))
        assert re.search(rf"{flag}\s+(-\w\s+)?[A-Z]", line), line  # straight to the help


def test_help_paragraphs_wrap_to_the_terminal(runner: CliRunner) -> None:
    result = runner.invoke(app, ["route", "--help"], env={"COLUMNS": "200"})
    # The docstring breaks its lines after "never"; help lays the paragraph out afresh.
    assert "(skills are never lost)" in result.stdout


def test_no_arguments_shows_the_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 0 and "Usage: pathplan" in result.stdout


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["gap", "--frm", "dev"], "error: no such option: --frm", "did you mean '--from'?"),
        (
            ["gap", "--from", "dev", "--min-coverage", "abc"],
            "error: invalid value for '--min-coverage': coverage 'abc' is not a number",
            "'pathplan gap -h' shows how to use it",
        ),
        (["rols"], "error: no such command 'rols'", "did you mean 'roles'?"),
        (["frobnicate"], "error: no such command 'frobnicate'", "'pathplan -h' lists the commands"),
        (
            ["route", "--from", "dev", "--to", "qa", "--max-step", "-3"],
            "error: invalid value for '--max-step'",
            "'pathplan route -h'",
        ),
    ],
)
def test_usage_errors_have_the_one_error_style(
    runner: CliRunner, args: list[str], message: str, hint: str
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr and f"hint: {hint}" in result.stderr, result.stderr
    assert "╭" not in result.stderr and "Usage:" not in result.stderr
    assert result.stdout == ""


def test_usage_errors_with_format_json_are_json_on_stdout_too(runner: CliRunner) -> None:
    result = runner.invoke(app, ["gap", "--frm", "dev", "--format", "JSON"])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["kind"] == "error" and doc["exit_code"] == 2
    assert doc["message"] == "no such option: --frm" and doc["hint"] == "did you mean '--from'?"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "profile.yaml",
            "role: dev\nskills: {python: [2]}\n",
            "skills.python: expected a number or text",
        ),
        ("profile.yaml", "role: dev\nhours_per_week: lots\n", "hours_per_week: expected a number"),
        ("profile.yaml", "role: dev\nhours_per_week: 0\n", "hours_per_week: must be at least 0.1"),
        ("profile.yaml", "name: ''\n", "name: must not be empty"),
        ("team.yaml", "people:\n  ana: [1]\n", "people.ana: expected a mapping"),
    ],
)
def test_schema_errors_speak_plainly(
    runner: CliRunner, tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    args = ["gap", "--profile"] if name == "profile.yaml" else ["team", "--roster"]
    result = runner.invoke(app, [*args, str(path)])
    assert result.exit_code == 3
    assert expected in result.stderr, result.stderr
    for pydantic in ("Input should", "Value error", "valid dictionary", "instance of", "int_type"):
        assert pydantic not in result.stderr


def test_a_batch_with_a_bad_gate_speaks_plainly(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("- {kind: gap, from: dev, to: qa, min_coverage: 3}\n- {kind: rout}\n")
    result = runner.invoke(app, ["batch", str(path)])
    assert result.exit_code == 3
    assert "[0].min_coverage: must be at most 1" in result.stderr
    assert "[1].kind: unknown kind 'rout' (did you mean 'route'?)" in result.stderr


def test_quiet_keeps_only_the_result_and_errors(runner: CliRunner, tmp_path: Path) -> None:
    noisy = runner.invoke(app, ["skills", "--search", "pyhton"])
    assert "did you mean 'python'?" in noisy.stderr
    quiet = runner.invoke(app, ["skills", "--search", "pyhton", "--quiet"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    batch = tmp_path / "b.yaml"
    batch.write_text("- {kind: route, from: dev, to: sales-eng, max_step: 1}\n")
    failing = runner.invoke(app, ["-q", "batch", str(batch)])
    assert failing.exit_code == 1 and failing.stderr == ""  # the code and stdout still say it
    assert '"status":"no-route"' in failing.stdout
    error = runner.invoke(app, ["-q", "gap", "--from", "nobody"])
    assert error.exit_code == 2 and "error: unknown role 'nobody'" in error.stderr


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("pathplan gap --to data-sc", ["data-scientist", "data-scientist-senior"]),
        ("pathplan route --from dev --via sal", ["sales-eng", "sales-eng-senior"]),
        ("pathplan show exc", ["excel"]),
        ("pathplan candidates da", ["da", "data-analyst", "data-analyst-junior"]),
        ("pathplan --data {mini} gap --from d", ["dev", "dev-senior", "developer", "devops"]),
        ("pathplan route --format m", ["markdown", "mermaid"]),
    ],
)
def test_completion_offers_names_from_the_framework(
    runner: CliRunner, words: str, expected: list[str]
) -> None:
    words = words.format(mini=MINI)
    env = {
        "_PATHPLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    result = runner.invoke(app, [], env=env, prog_name="pathplan")
    offered = result.stdout.split()
    assert offered[: len(expected)] == expected or set(expected) <= set(offered), offered


def test_install_completion_is_offered(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout


def test_headers_name_the_person_a_profile_is_for(runner: CliRunner) -> None:
    profile = str(ROOT / "data" / "examples" / "profile.yaml")
    route = runner.invoke(app, ["route", "--profile", profile, "--to", "sales-eng"]).stdout
    assert route.startswith("Route for Alex Example: Software Developer → Sales Engineer")
    adjacent = runner.invoke(app, ["adjacent", "--profile", profile]).stdout
    assert adjacent.startswith("Next moves for Alex Example from Software Developer")
    md = runner.invoke(app, ["route", "--profile", profile, "--to", "se", "-f", "markdown"])
    assert md.stdout.startswith("## Route for Alex Example: ")
    gap = runner.invoke(app, ["gap", "--profile", profile]).stdout
    assert gap.startswith("Gap Alex Example → Software Developer")
    anonymous = runner.invoke(app, ["route", "--from", "dev", "--to", "sales-eng"]).stdout
    assert anonymous.startswith("Route Software Developer → Sales Engineer")
