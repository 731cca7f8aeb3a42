"""`pathplan team` and `pathplan candidates` end to end."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from pathplan.cli.main import app
from pathplan.render import ROSTER_FORMATS, OutputFormat
from pathplan.render.views import HEAT_PEOPLE
from tests.conftest import ROOT

EXAMPLE_YAML = ROOT / "data" / "examples" / "roster.yaml"
EXAMPLE_CSV = ROOT / "data" / "examples" / "roster.csv"
SCHEMAS = ROOT / "docs" / "schema"

TEAM = """\
people:
  ada: {name: Ada, role: dev, hours_per_week: 5, skills: {python: 3, git: 3, testing: 2}}
  bo: {role: devops, skills: {linux: 3, git: 3}}
  cy: {name: Cy, role: sales-eng, skills: {presentation: 3, discovery: 2, communication: 2}}
  di: {role: dev, skills: {java: 3, git: 2, testing: 3, programming-basics: 2}}
"""


def run(runner: CliRunner, *args: str, data: Path | None = None) -> tuple[int, str, str]:
    extra = ["--data", str(data)] if data else []
    result = runner.invoke(app, [*args, *extra])
    return result.exit_code, result.stdout, result.stderr


def _row_by_label(table: str) -> dict[str, list[str]]:
    """Cells of a plain-text table by the row's first word (labels here are one word)."""
    rows = (line.split() for line in table.splitlines())
    return {cells[0]: cells[1:] for cells in rows if cells}


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "team.yaml"
    path.write_text(TEAM)
    return path


def test_team_json(runner: CliRunner, mini_dir: Path, roster: Path) -> None:
    code, out, err = run(runner, "team", "--roster", str(roster), "-f", "json", data=mini_dir)
    assert code == 0, err
    doc = json.loads(out)
    assert list(doc)[:2] == ["kind", "version"] and doc["kind"] == "team"
    people = {p["id"]: p for p in doc["people"]}
    assert list(people) == ["ada", "bo", "cy", "di"]
    # ada: testing 2 -> 3 (40 - 20 ... the mini curve: 6, 20, 40): 40 h; programming-basics is
    # a prerequisite of python only when python is started, and ada holds python already.
    assert people["ada"]["hours"] == 40
    assert [s["skill"] for s in people["ada"]["steps"]] == ["testing"]
    assert people["ada"]["next"][0]["role"] == "dev-senior"
    assert people["bo"]["hours"] == 0 and people["bo"]["next"] == []
    assert doc["total_hours"] == sum(p["hours"] for p in doc["people"])
    assert doc["qualified"] == 1
    dev = next(r for r in doc["roles"] if r["role"] == "dev")
    assert dev["people"] == 2
    testing = next(s for s in doc["skills"] if s["skill"] == "testing")
    assert testing["lacking"] == 1 and testing["lacking_by_role"] == {"dev": 1}


def test_team_table_markdown_csv(runner: CliRunner, mini_dir: Path, roster: Path) -> None:
    code, out, _ = run(runner, "team", "--roster", str(roster), data=mini_dir)
    assert code == 0
    assert out.startswith("Team: 4 people in 3 roles; ")
    for heading in ("Coverage by role", "Most-missing skills", "Heatmap", "People (largest"):
        assert heading in out, out
    # the heatmap has a column per person; a cell reads held/needed where short
    heat = _row_by_label(out.split("Heatmap", 1)[1])
    assert heat["Skill"] == ["ada", "bo", "cy", "di"]
    assert heat["Testing"] == ["2/3", "·", "·", "3"]  # di holds it; cy's role does not need it
    assert heat["Git"] == ["3", "3", "·", "2/3"]

    code, md, _ = run(runner, "team", "--roster", str(roster), "-f", "markdown", data=mini_dir)
    assert code == 0 and md.startswith("## Team: 4 people")
    assert "| Skill | ada | bo | cy | di |" in md

    code, text, _ = run(runner, "team", "--roster", str(roster), "-f", "csv", data=mini_dir)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["person"], r["kind"], r["target"]) for r in rows] == [
        ("ada", "own", "dev"),
        ("ada", "next", "dev-senior"),
        ("bo", "own", "devops"),
        ("cy", "own", "sales-eng"),
        ("di", "own", "dev"),
        ("di", "next", "dev-senior"),
    ]
    assert rows[0]["hours"] == "40" and rows[0]["plan"] == "testing 2→3"


def test_large_team_heatmap_groups_by_role(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    lines = ["person,role,git,testing,linux"]
    lines += [f"d{i:02d},dev,3,{i % 4},0" for i in range(HEAT_PEOPLE + 8)]
    lines += [f"o{i:02d},devops,{i % 4},0,3" for i in range(4)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n")
    code, out, err = run(runner, "team", "--roster", str(path), "--people", "3", data=mini_dir)
    assert code == 0, err
    assert "share of each role's people lacking the skill" in out
    assert re.search(r"Skill\s+dev \(20\)\s+devops \(4\)", out), out
    # dev: testing held 0..3 in turn, 3 needed -> 15 of 20 lack it; devops: git 0..3 -> 3 of 4
    heat = _row_by_label(out.split("Heatmap", 1)[1].split("People", 1)[0])
    assert heat["Testing"] == ["75%", "·"]
    assert heat["Git"] == ["·", "75%"]
    assert "21 more people (--people N, 0 for all)" in out


def test_candidates_ranking_and_marks(runner: CliRunner, mini_dir: Path, roster: Path) -> None:
    code, out, err = run(
        runner, "candidates", "se", "--roster", str(roster), "-f", "json", data=mini_dir
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["kind"] == "candidates" and doc["role"] == "sales-eng"
    hours = [c["hours"] for c in doc["candidates"]]
    assert hours == sorted(hours)
    # cy is a sales engineer already: listed apart, not ranked among those who would move.
    assert [c["id"] for c in doc["in_role"]] == ["cy"] and doc["considered"] == 3
    assert "cy" not in [c["id"] for c in doc["candidates"]]
    assert [c["rank"] for c in doc["candidates"]] == [1, 2, 3]

    code, out, _ = run(runner, "candidates", "devops", "--roster", str(roster), data=mini_dir)
    assert code == 0
    assert "3 people ranked by hours to qualify (0 already qualified); 1 person already in" in out
    assert "Already in the role, so not ranked: bo (100% met)" in out

    code, out, _ = run(
        runner,
        *("candidates", "devops", "--roster", str(roster), "--max-hours", "90", "-k", "1"),
        *("-f", "csv"),
        data=mini_dir,
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    # The best within 90 h, then the person in the role already (rank 0, not ranked).
    assert [(r["rank"], r["person"]) for r in rows] == [("1", "ada"), ("0", "bo")]
    assert rows[0]["qualified"] == "no" and rows[1]["qualified"] == "yes"


def test_candidates_default_top_depends_on_format(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("person,role,git\n" + "".join(f"p{i:02d},dev,{i % 4}\n" for i in range(30)))
    code, out, _ = run(runner, "candidates", "devops", "--roster", str(path))
    assert code == 0 and "10 more (--top N, 0 for all)" in out
    code, out, _ = run(runner, "candidates", "devops", "--roster", str(path), "-f", "json")
    assert len(json.loads(out)["candidates"]) == 30
    code, out, _ = run(runner, "candidates", "devops", "--roster", str(path), "--top", "0")
    assert "more (--top N" not in out and re.search(r"^\s*30\s", out, re.M)


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("candidates", "sales-engg"), 2, "did you mean 'sales-eng'?"),
        (("team", "--roster-format", "xlsx"), 2, "invalid value"),
        (("team", "--top", "-1"), 2, "invalid value"),
        (("candidates", "dev", "--max-hours", "-5"), 2, "invalid value"),
        (("team", "-f", "mermaid"), 2, "cannot print --format mermaid"),
        (("candidates", "dev", "-f", "dot"), 2, "cannot print --format dot"),
    ],
)
def test_usage_errors(
    runner: CliRunner, mini_dir: Path, roster: Path, args: tuple[str, ...], code: int, needle: str
) -> None:
    got, out, err = run(runner, *args, "--roster", str(roster), data=mini_dir)
    assert got == code, out + err
    assert needle in err and "Traceback" not in out + err


def test_missing_roster_option(runner: CliRunner) -> None:
    result = runner.invoke(app, ["team"])
    assert result.exit_code == 2 and "--roster" in result.stderr


def test_unknown_extension_is_a_usage_error(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "people.xlsx"
    path.write_text("person,role\nada,dev\n")
    code, _, err = run(runner, "team", "--roster", str(path), data=mini_dir)
    assert code == 2 and "--roster-format" in err
    code, _, err = run(
        runner, "team", "--roster", str(path), "--roster-format", "csv-wide", data=mini_dir
    )
    assert code == 0, err


def test_bad_roster_exits_3_with_every_problem(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    path.write_text("person,role,skill,level\nada,deev,git,2\nbo,dev,gti,2\nbo,dev,git,9\n")
    for args in (("team",), ("candidates", "dev")):
        code, out, err = run(runner, *args, "--roster", str(path), data=mini_dir)
        assert code == 3 and out == ""
        assert f"{path}:2:2: ada: unknown role 'deev'" in err
        assert f"{path}:3:3: bo: unknown skill 'gti'" in err
        assert f"{path}:4:4: bo: git: level 9 is above the top level 5" in err
        assert "3 problems in the data" in err and "Traceback" not in err


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_renders_or_is_refused(
    runner: CliRunner, mini_dir: Path, roster: Path, fmt: OutputFormat
) -> None:
    allowed = set(ROSTER_FORMATS)
    for args in (("team",), ("candidates", "dev")):
        code, out, err = run(runner, *args, "--roster", str(roster), "-f", fmt.value, data=mini_dir)
        if fmt in allowed:
            assert code == 0 and out.strip(), err
        else:
            assert code == 2 and f"cannot print --format {fmt.value}" in err


@pytest.mark.parametrize("command", ["team", "candidates"])
def test_help_shows_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and f"pathplan {command} " in result.output


def test_output_is_stable_and_formats_agree(runner: CliRunner) -> None:
    args = ("team", "--roster", str(EXAMPLE_YAML), "-f", "json")
    first = run(runner, *args)[1]
    assert first == run(runner, *args)[1]
    assert first == run(runner, "team", "--roster", str(EXAMPLE_CSV), "-f", "json")[1]


@pytest.mark.parametrize(
    ("kind", "args"),
    [
        ("team", ("team", "--roster", str(EXAMPLE_YAML))),
        ("candidates", ("candidates", "sales-eng", "--roster", str(EXAMPLE_CSV))),
        ("candidates", ("candidates", "dev", "--roster", str(EXAMPLE_YAML), "--max-hours", "9")),
    ],
)
def test_json_matches_its_schema(runner: CliRunner, kind: str, args: tuple[str, ...]) -> None:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    code, out, err = run(runner, *args, "-f", "json")
    assert code == 0, err
    jsonschema.validate(json.loads(out), schema)


def _readme_examples() -> list[tuple[str, str]]:
    """(command, output) pairs of this feature's README section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Team view and internal candidates", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```console\n(.*?)```", section, re.S)
    pairs = []
    for block in blocks:
        command, _, output = block.partition("\n")
        pairs.append((command.removeprefix("$ "), output))
    return pairs


def test_readme_examples_are_real_output(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    pairs = _readme_examples()
    assert len(pairs) >= 2
    for command, output in pairs:
        argv = shlex.split(command)
        assert argv[0] == "pathplan"
        result = runner.invoke(app, argv[1:])
        assert result.exit_code == 0, result.stderr
        assert result.stdout.rstrip() == output.rstrip(), command
