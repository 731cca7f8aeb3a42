"""Formats per command: help lists each command's own, any case, CSV, JSON errors and gates."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

from pathplan.cli.main import app
from pathplan.loader.framework import load_framework
from pathplan.render import (
    BATCH_FORMATS,
    GRAPH_FORMATS,
    LISTING_FORMATS,
    NEIGHBOUR_FORMATS,
    PLAN_FORMATS,
    ROSTER_FORMATS,
    SCHEMA_FORMATS,
    SHOW_FORMATS,
    VALIDATE_FORMATS,
    OutputFormat,
)
from tests.conftest import ROOT

COMMANDS = {
    "gap": PLAN_FORMATS,
    "route": PLAN_FORMATS,
    "adjacent": NEIGHBOUR_FORMATS,
    "roles": LISTING_FORMATS,
    "skills": LISTING_FORMATS,
    "show": SHOW_FORMATS,
    "validate": VALIDATE_FORMATS,
    "graph": GRAPH_FORMATS,
    "team": ROSTER_FORMATS,
    "candidates": ROSTER_FORMATS,
    "batch": BATCH_FORMATS,
    "schema": SCHEMA_FORMATS,
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_help_lists_only_the_formats_the_command_prints(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    text = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stdout).split())
    found = re.search(r"Output format: (.*?) \(any case\)\. Default: (\w+)\.", text)
    assert found, text
    listed = re.split(r", | or ", found.group(1))
    formats = COMMANDS[command]
    assert listed == [f.value for f in formats]
    assert found.group(2) == formats[0].value
    for other in set(OutputFormat) - set(formats):
        assert f" {other.value}," not in found.group(0) and f" {other.value} " not in found.group(0)


@pytest.mark.parametrize("spelling", ["JSON", "Json", "json"])
def test_format_names_are_any_case(runner: CliRunner, spelling: str) -> None:
    after = runner.invoke(app, ["route", "--from", "dev", "--to", "sales-eng", "-f", spelling])
    before = runner.invoke(app, ["--format", spelling, "roles"])
    assert after.exit_code == 0 and json.loads(after.stdout)["kind"] == "route"
    assert before.exit_code == 0 and json.loads(before.stdout)["kind"] == "roles"


def test_a_format_the_command_does_not_print_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "dev", "--format", "CSV"])
    assert result.exit_code == 2
    assert "'show' cannot print --format csv" in result.stderr
    assert "choose one of: table, json" in result.stderr


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_gap_csv_lists_requirements_then_steps(runner: CliRunner) -> None:
    args = ["gap", "--from", "dev", "--to", "sales-eng"]
    table = rows(runner.invoke(app, [*args, "-f", "csv", "--hours-per-week", "5"]).stdout)
    doc = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    requirements = [r for r in table if r["section"] == "requirement"]
    steps = [r for r in table if r["section"] == "step"]
    assert [r["skill"] for r in requirements] == [r["skill"] for r in doc["requirements"]]
    assert [(s["skill"], int(s["to_level"])) for s in steps] == [
        (s["skill"], s["to_level"]) for s in doc["steps"]
    ]
    assert sum(float(s["hours"]) for s in steps) == doc["total_hours"]
    assert all(s["start_date"] and s["name"] for s in steps)  # scheduled, named


def test_route_csv_has_a_row_per_step_of_every_route(runner: CliRunner) -> None:
    args = ["route", "--from", "dev", "--to", "sales-eng", "-k", "1", "--direct"]
    table = rows(runner.invoke(app, [*args, "-f", "csv"]).stdout)
    doc = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    for n, route in enumerate([doc, *doc["alternatives"]], 1):
        mine = [r for r in table if r["route"] == str(n)]
        assert sum(float(r["hours"] or 0) for r in mine) == route["total_hours"]
        assert {r["to_role"] for r in mine} == {m["to"] for m in route["moves"]}


@pytest.mark.parametrize(
    ("args", "key", "count"),
    [
        (["adjacent", "dev", "--top", "4"], "role", 4),
        (["roles", "--family", "data"], "id", None),
        (["skills", "--search", "excel"], "id", 1),
    ],
)
def test_listings_as_csv(runner: CliRunner, args: list[str], key: str, count: int | None) -> None:
    table = rows(runner.invoke(app, [*args, "-f", "csv"]).stdout)
    doc = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    items = doc.get("candidates") or doc.get("roles") or doc.get("skills")
    assert [r[key] for r in table] == [i[key] for i in items]
    assert count is None or len(table) == count
    assert all(r["name"] for r in table)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["gap", "--from", "dev", "--to", "sales-egn"], 2, "unknown role 'sales-egn'"),
        (["route", "--from", "dev", "--to", "sales-eng", "--max-step", "10"], 1, "no route"),
        (["--format", "json", "show", "nothing-like-it"], 2, "unknown role or skill"),
    ],
)
def test_an_error_with_format_json_is_one_json_object_on_stdout(
    runner: CliRunner, args: list[str], code: int, message: str
) -> None:
    if "--format" not in args:
        args = [*args, "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == code
    doc = json.loads(result.stdout)
    assert list(doc)[:2] == ["kind", "version"] and doc["kind"] == "error"
    assert doc["exit_code"] == code and message in doc["message"] and "hint" in doc
    assert f"error: {doc['message']}" in result.stderr  # and the words on stderr, as ever


def test_an_error_without_json_leaves_stdout_empty(runner: CliRunner) -> None:
    result = runner.invoke(app, ["gap", "--from", "dev", "--to", "sales-egn"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "did you mean 'sales-eng'?" in result.stderr


def test_invalid_data_as_json_carries_every_problem(runner: CliRunner, tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "skills.yaml").write_text("skills:\n  git: {name: Git, hours: -1}\n")
    (folder / "roles.yaml").write_text("roles:\n  dev: {requires: {gti: 1}}\n")
    result = runner.invoke(app, ["roles", "--data", str(folder), "-f", "json"])
    assert result.exit_code == 3
    doc = json.loads(result.stdout)
    assert doc["kind"] == "error" and len(doc["problems"]) == 2
    assert {p["file"].rsplit("/", 1)[-1] for p in doc["problems"]} == {"skills.yaml", "roles.yaml"}


@pytest.mark.parametrize("command", ["gap", "route"])
def test_json_carries_the_gates(runner: CliRunner, command: str) -> None:
    args = [command, "--from", "dev", "--to", "sales-eng", "-f", "json"]
    crossed = runner.invoke(app, [*args, "--max-hours", "100", "--min-coverage", "5%"])
    assert crossed.exit_code == 1
    gates = {g["gate"]: g for g in json.loads(crossed.stdout)["gates"]}
    assert gates["max-hours"]["passed"] is False and gates["max-hours"]["limit"] == 100
    assert gates["max-hours"]["actual"] == json.loads(crossed.stdout)["total_hours"]
    assert gates["min-coverage"]["passed"] is True and gates["min-coverage"]["limit"] == 0.05
    assert "gate crossed" in crossed.stderr
    passed = runner.invoke(app, [*args, "--max-hours", "10000"])
    assert passed.exit_code == 0
    assert json.loads(passed.stdout)["gates"] == [
        {
            "gate": "max-hours",
            "limit": 10000,
            "actual": json.loads(passed.stdout)["total_hours"],
            "passed": True,
        }
    ]
    plain = runner.invoke(app, args)
    assert "gates" not in json.loads(plain.stdout)  # no gates asked for: none reported


def test_json_names_skills_beside_their_ids(runner: CliRunner) -> None:
    fw = load_framework(ROOT / "data")
    doc = json.loads(
        runner.invoke(
            app,
            ["gap", "--from", "dev", "--to", "sales-eng", "-f", "json", "--hours-per-week", "5"],
        ).stdout
    )
    named = [*doc["requirements"], *doc["steps"], *doc["schedule"]["steps"]]
    assert named and all(item["name"] == fw.skills[item["skill"]].name for item in named)
    adjacent = json.loads(runner.invoke(app, ["adjacent", "dev", "-f", "json"]).stdout)
    missing = [m for c in adjacent["candidates"] for m in c["missing"]]
    assert missing and all(m["name"] == fw.skills[m["skill"]].name for m in missing)
