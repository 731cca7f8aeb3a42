"""CI support: gates on gap and route, GitHub annotations, JSON Schemas, atomic --output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from pathplan.cli.main import app
from pathplan.errors import Problem, UsageError
from pathplan.loader.schema import NAMES, schema
from pathplan.model import coverage_limit
from pathplan.planner.gates import Limits, Violation, check
from pathplan.render import github
from tests.conftest import ROOT, run, write_framework

# ---------------------------------------------------------------- gates (pure)


@pytest.mark.parametrize(
    ("limits", "hours", "coverage", "crossed"),
    [
        (Limits(), 1e9, 0.0, []),
        (Limits(max_hours=100), 100, None, []),
        (Limits(max_hours=100), 100.01, None, ["max-hours"]),
        (Limits(min_coverage=0.5), 0, 0.5, []),
        (Limits(min_coverage=0.5), 0, 0.4999, ["min-coverage"]),
        (Limits(min_coverage=0.5), 0, None, []),  # not measured: nothing to judge
        (Limits(10, 0.9), 11, 0.1, ["max-hours", "min-coverage"]),
    ],
)
def test_check_crosses_a_gate_only_beyond_its_limit(
    limits: Limits, hours: float, coverage: float | None, crossed: list[str]
) -> None:
    assert [v.gate for v in check(limits, hours=hours, coverage=coverage)] == crossed


def test_violation_messages_say_what_crossed() -> None:
    assert Violation("max-hours", 100, 198).message == (
        "max-hours: needs 198 h, over the limit of 100 h"
    )
    assert Violation("min-coverage", 0.8, 0.795).message == (
        "min-coverage: coverage 79.5% is under the limit of 80%"
    )


@pytest.mark.parametrize(
    ("given", "fraction"),
    [("80%", 0.8), (" 12.5 % ", 0.125), ("0.8", 0.8), (1, 1.0), ("0", 0.0), ("100%", 1.0)],
)
def test_coverage_limits_are_fractions_or_percentages(given: str | float, fraction: float) -> None:
    assert coverage_limit(given) == pytest.approx(fraction)


@pytest.mark.parametrize("given", ["80", "1.01", "-0.1", "101%", "lots", "nan"])
def test_ambiguous_or_out_of_range_coverage_is_refused(given: str) -> None:
    with pytest.raises(UsageError):
        coverage_limit(given)


def test_limits_merge_with_the_override_winning() -> None:
    assert Limits(100, 0.5).merged(Limits(max_hours=200)) == Limits(200, 0.5)
    assert Limits(100, None).merged(Limits(min_coverage=0.1)) == Limits(100, 0.1)


# ---------------------------------------------------------------- gates on route and gap
# mini: dev -> sales-eng needs 198 h, and dev meets 1 of sales-eng's 4 requirements (25%).


@pytest.mark.parametrize(
    ("command", "gate", "code", "needle"),
    [
        ("route", ("--max-hours", "198"), 0, ""),
        ("route", ("--max-hours", "197"), 1, "max-hours: needs 198 h, over the limit of 197 h"),
        ("route", ("--min-coverage", "25%"), 0, ""),
        (
            "route",
            ("--min-coverage", "0.26"),
            1,
            "min-coverage: coverage 25% is under the limit of 26%",
        ),
        ("gap", ("--max-hours", "198"), 0, ""),
        ("gap", ("--max-hours", "0"), 1, "max-hours: needs 198 h"),
        ("gap", ("--min-coverage", "0.25"), 0, ""),
        (
            "gap",
            ("--min-coverage", "30%"),
            1,
            "min-coverage: coverage 25% is under the limit of 30%",
        ),
    ],
)
def test_gates_exit_1_after_printing_the_result(
    runner: CliRunner,
    mini_dir: Path,
    command: str,
    gate: tuple[str, str],
    code: int,
    needle: str,
) -> None:
    got, out, err = run(
        runner, mini_dir, command, "--from", "dev", "--to", "se", "-f", "json", *gate
    )
    assert got == code, err
    assert json.loads(out)["total_hours"] == 198  # the result is printed either way
    if code:
        assert f"gate crossed: {command} to sales-eng: {needle}" in err
    else:
        assert err == ""


def test_both_gates_are_reported_when_both_cross(runner: CliRunner, mini_dir: Path) -> None:
    code, _, err = run(
        runner, mini_dir, "gap", "--from", "dev", "--to", "se", "--max-hours", "1",
        "--min-coverage", "90%",
    )  # fmt: skip
    assert code == 1
    assert err.count("gate crossed") == 2


@pytest.mark.parametrize("value", ["80", "150%", "abc"])
def test_a_bad_coverage_option_is_a_usage_error(
    runner: CliRunner, mini_dir: Path, value: str
) -> None:
    code, _, err = run(runner, mini_dir, "gap", "--from", "dev", "--min-coverage", value)
    assert code == 2 and "--min-coverage" in err


# ---------------------------------------------------------------- GitHub annotations


def test_annotation_escaping() -> None:
    assert github.escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert github.command("error", "x: y, z", file="a,b.yaml", line=3) == (
        "::error file=a%2Cb.yaml,line=3::x: y, z"
    )


def test_problem_paths_are_relative_to_the_current_directory(tmp_path: Path) -> None:
    inside = tmp_path / "fw" / "roles.yaml"
    assert github.relative(str(inside), tmp_path) == "fw/roles.yaml"
    assert github.relative("/elsewhere/roles.yaml", tmp_path) == "/elsewhere/roles.yaml"
    line = github.problems([Problem(str(inside), 4, 7, "50% bad\nvalue", "fix it")], None, tmp_path)
    assert line == (
        "::error file=fw/roles.yaml,line=4,col=7,title=pathplan validate::"
        "50%25 bad%0Avalue (hint: fix it)\n"
    )


def test_validate_format_github_annotates_every_problem(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_framework(
        tmp_path / "fw",
        "skills:\n  git: {name: Git, hours: 4}\n  Bad Id: {name: Bad, hours: 4}\n",
        "roles:\n  dev:\n    requires: {gti: 2}\n    adjacent: [dev]\n",
    )
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "--data", "fw", "--format", "github"])
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert len(lines) >= 3
    assert all(
        line.startswith("::error file=fw/") and ",line=" in line and ",col=" in line
        for line in lines
    )
    assert any(
        line.startswith("::error file=fw/skills.yaml,line=3,col=3,") and "not a valid id" in line
        for line in lines
    )
    assert any("roles.yaml,line=3," in line and "unknown skill 'gti'" in line for line in lines)
    assert folder.is_dir()


def test_validate_format_github_on_valid_data_is_one_notice(
    runner: CliRunner, mini_dir: Path
) -> None:
    code, out, _ = run(runner, mini_dir, "validate", "--format", "github")
    assert code == 0
    assert out == "::notice title=pathplan validate::framework valid: 10 skills, 5 roles\n"


# ---------------------------------------------------------------- JSON Schemas


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _validator(name: str) -> jsonschema.Draft202012Validator:
    body = schema(name)
    jsonschema.Draft202012Validator.check_schema(body)
    return jsonschema.Draft202012Validator(body)


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("skills", "data/skills.yaml"),
        ("roles", "data/roles.yaml"),
        ("profile", "data/examples/profile.yaml"),
        ("skills", "tests/fixtures/mini/skills.yaml"),  # has a scalar `hours`
        ("roles", "tests/fixtures/mini/roles.yaml"),
        ("batch", "docs/examples/batch.yaml"),
    ],
)
def test_shipped_files_validate_against_their_schema(name: str, file: str) -> None:
    errors = list(_validator(name).iter_errors(_yaml(ROOT / file)))
    assert errors == [], [e.message for e in errors]


def test_a_roster_of_the_example_profile_validates() -> None:
    roster = {"people": {"alex": _yaml(ROOT / "data/examples/profile.yaml")}}
    assert list(_validator("roster").iter_errors(roster)) == []


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("skills", {"skills": {"git": {"name": "Git", "hours": -1}}}),
        ("skills", {"skills": {"git": {"name": "Git", "hours": 4, "requries": {}}}}),
        ("skills", {"skills": {"Not A Slug": {"name": "Git", "hours": 4}}}),
        ("roles", {"roles": {"dev": {"requires": {"git": 0}}}}),
        ("profile", {"role": "dev", "skills": {"git": [2]}}),  # level names: per framework
        ("roster", {"people": {"ada": {"rol": "dev"}}}),
        ("batch", [{"kind": "route", "from": "dev", "too": "se"}]),
        ("batch", [{"kind": "gap", "from": "dev", "min_coverage": "eighty"}]),
        ("batch", [{"kind": "rout", "from": "dev", "to": "se"}]),
    ],
)
def test_the_schemas_reject_what_pathplan_rejects(name: str, data: Any) -> None:
    assert list(_validator(name).iter_errors(data)) != []


@pytest.mark.parametrize("name", NAMES)
def test_schema_command_prints_the_schema_and_docs_hold_the_same(
    runner: CliRunner, name: str
) -> None:
    result = runner.invoke(app, ["schema", name])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == schema(name)
    assert (ROOT / "docs" / "schema" / f"{name}.json").read_text(encoding="utf-8") == (
        result.stdout
    ), f"docs/schema/{name}.json is stale: run `pathplan schema {name} -o docs/schema/{name}.json`"


def test_schema_names_match_the_command_choices() -> None:
    from pathplan.cli.schema import SchemaName

    assert tuple(SchemaName) == NAMES


def test_schema_refuses_other_formats_and_names(runner: CliRunner) -> None:
    assert runner.invoke(app, ["schema", "skills", "-f", "table"]).exit_code == 2
    assert runner.invoke(app, ["schema", "skill"]).exit_code == 2


# ---------------------------------------------------------------- atomic --output


@pytest.mark.parametrize(
    "args",
    [
        ["batch", "QUERIES"],
        ["schema", "roles"],
        ["route", "--from", "dev", "--to", "se"],
        ["validate", "--format", "github"],
    ],
)
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    runner: CliRunner,
    mini_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
) -> None:
    queries = tmp_path / "in" / "queries.yaml"
    queries.parent.mkdir()
    queries.write_text("- {kind: route, from: dev, to: se}\n")
    args = [str(queries) if a == "QUERIES" else a for a in args]
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report.txt"
    target.write_text("old")

    def fail(self: Path, other: Any) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", fail)
    data = [] if args[0] == "schema" else ["--data", str(mini_dir)]
    result = runner.invoke(app, [*args, *data, "--output", str(target)])
    code, stdout, err = result.exit_code, result.stdout, result.stderr
    assert code == 74, err  # the disk's fault, not the command's: EX_IOERR
    assert err == f"error: cannot write '{target}': No space left on device\n"
    assert stdout == ""
    assert target.read_text() == "old"
    assert [p.name for p in out.iterdir()] == ["report.txt"]


def test_a_renderer_that_fails_leaves_the_old_file(
    runner: CliRunner, mini_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathplan.render import json as rjson

    queries = tmp_path / "queries.yaml"
    queries.write_text("- {kind: route, from: dev, to: se}\n")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "results.jsonl"
    target.write_text("old")

    def broken(*args: Any) -> str:
        raise RuntimeError("renderer broke half way")

    monkeypatch.setattr(rjson, "line", broken)  # each result's line, as it comes
    result = runner.invoke(
        app, ["batch", str(queries), "--output", str(target), "--data", str(mini_dir)]
    )
    assert isinstance(result.exception, RuntimeError)
    assert target.read_text() == "old"
    assert [p.name for p in out.iterdir()] == ["results.jsonl"]


def test_batch_output_file_is_written_even_when_a_gate_is_crossed(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    queries = tmp_path / "queries.yaml"
    queries.write_text("- {kind: route, from: dev, to: se}\n")
    target = tmp_path / "results.jsonl"
    code, out, _ = run(
        runner, mini_dir, "batch", str(queries), "--max-hours", "1", "-o", str(target)
    )
    assert code == 1 and out == ""
    assert json.loads(target.read_text())["status"] == "gate"


# ---------------------------------------------------------------- pre-commit hook


def test_pre_commit_hook_is_declared_for_other_repositories() -> None:
    hooks = _yaml(ROOT / ".pre-commit-hooks.yaml")
    hook = next(h for h in hooks if h["id"] == "pathplan-validate")
    assert hook["entry"] == "pathplan validate"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    import re

    files = re.compile(hook["files"])
    assert files.search("framework/skills.yaml") and files.search("roles.yml")
    assert not files.search("profile.yaml")


def test_output_files_get_normal_permissions(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    old = os.umask(0o022)
    try:
        new = tmp_path / "new.json"
        assert runner.invoke(app, ["schema", "roles", "-o", str(new)]).exit_code == 0
        assert new.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
        kept = tmp_path / "kept.json"
        kept.write_text("old")
        kept.chmod(0o600)
        assert runner.invoke(app, ["schema", "roles", "-o", str(kept)]).exit_code == 0
        assert kept.stat().st_mode & 0o777 == 0o600 and kept.read_text() != "old"
    finally:
        os.umask(old)


@pytest.mark.parametrize("command", ["batch", "schema"])
def test_new_commands_show_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and f"pathplan {command}" in result.output
