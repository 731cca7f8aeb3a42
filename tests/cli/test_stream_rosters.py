"""team and candidates stream a roster: the same output as the whole roster, in bounded memory."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from pathplan.cli.main import app
from pathplan.loader.framework import load_framework
from pathplan.loader.roster import read_roster
from pathplan.model import Framework
from pathplan.planner.levels import start_levels
from pathplan.planner.team import candidates, team
from pathplan.render import ROSTER_FORMATS, OutputFormat, dispatch
from pathplan.render.text import Screen
from tests.conftest import ROOT

BUNDLED = ROOT / "data"
PEOPLE = 60  # more than a heatmap of people (12) and than a capped people list (20)


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(BUNDLED)


def _people(fw: Framework, count: int = PEOPLE) -> list[tuple[str, str, dict[str, int]]]:
    roles, skills = sorted(fw.roles), sorted(fw.skills)
    rng = random.Random(11)
    out = []
    for i in range(count):
        levels = dict(start_levels(fw, rng.choice(roles)))
        levels[rng.choice(skills)] = rng.randint(1, 4)
        out.append((f"p{i:04}", rng.choice(roles), {s: k for s, k in levels.items() if k}))
    return out


def write(tmp_path: Path, fw: Framework, form: str, count: int = PEOPLE) -> Path:
    """The same people as a wide CSV, a long CSV or YAML."""
    people = _people(fw, count)
    if form == "csv-wide":
        columns = sorted(fw.skills)
        rows = [",".join(["person", "role", *columns])]
        rows += [",".join([p, r, *(str(lv.get(s, "")) for s in columns)]) for p, r, lv in people]
        text = "\n".join(rows) + "\n"
    elif form == "csv-long":
        rows = ["person,role,skill,level"]
        rows += [f"{p},{r},{s},{k}" for p, r, lv in people for s, k in lv.items()]
        text = "\n".join(rows) + "\n"
    else:
        text = "people:\n" + "".join(
            f"  {p}: {{role: {r}, skills: {json.dumps(lv)}}}\n" for p, r, lv in people
        )
    file = tmp_path / ("people.yaml" if form == "yaml" else f"{form}.csv")
    file.write_text(text, encoding="utf-8")
    return file


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("form", ["csv-wide", "csv-long", "yaml"])
@pytest.mark.parametrize("fmt", list(ROSTER_FORMATS))
def test_a_streamed_team_prints_what_the_whole_team_renders(
    runner: CliRunner, tmp_path: Path, fw: Framework, form: str, fmt: OutputFormat
) -> None:
    file = write(tmp_path, fw, form)
    whole = team(fw, read_roster(file, fw))
    for people in ("5", "0"):
        code, out, err = run(runner, "team", "-r", str(file), "-f", fmt.value, "--people", people)
        assert code == 0, err
        expected = dispatch.team(fmt, fw, whole, top=10, people=int(people))(Screen())
        assert out == expected


def test_team_lines_are_the_json_people(runner: CliRunner, tmp_path: Path, fw: Framework) -> None:
    file = write(tmp_path, fw, "csv-wide")
    _, out, _ = run(runner, "team", "-r", str(file), "-f", "json")
    _, lines, _ = run(runner, "team", "-r", str(file), "-f", "jsonl")
    docs = [json.loads(line) for line in lines.splitlines()]
    assert {(d["kind"], d["version"]) for d in docs} == {("team-member", 1)}
    people = [{k: v for k, v in d.items() if k not in ("kind", "version")} for d in docs]
    assert people == json.loads(out)["people"] and len(people) == PEOPLE


@pytest.mark.parametrize("max_hours", [None, "300"])
def test_candidate_lines_are_everyone_the_ranking_lists_in_roster_order(
    runner: CliRunner, tmp_path: Path, fw: Framework, max_hours: str | None
) -> None:
    file = write(tmp_path, fw, "csv-long")
    limit = ["--max-hours", max_hours] if max_hours else []
    role = "sales-eng"
    code, lines, err = run(runner, "candidates", role, "-r", str(file), "-f", "jsonl", *limit)
    assert code == 0, err
    docs = [json.loads(line) for line in lines.splitlines()]
    ranked = candidates(
        fw, read_roster(file, fw), role, max_hours=float(max_hours) if max_hours else None
    )
    by_id = {c.id: c for c in (*ranked.ranked, *ranked.in_role)}
    order = list(read_roster(file, fw))
    assert [d["id"] for d in docs] == [pid for pid in order if pid in by_id]
    for d in docs:
        c = by_id[d["id"]]
        assert d["kind"] == "candidate" and "rank" not in d
        assert d["in_role"] == (c.rank == 0) == (c.holder.role == role)
        assert (d["hours"], d["qualified"]) == (round(c.gap.plan.hours, 2), c.qualified)
        assert len(d["steps"]) == len(c.gap.plan.steps)
    if max_hours:
        assert len(docs) < PEOPLE  # the limit left some out


def test_candidate_lines_refuse_top(runner: CliRunner, tmp_path: Path, fw: Framework) -> None:
    file = write(tmp_path, fw, "csv-wide")
    code, out, err = run(runner, "candidates", "dev", "-r", str(file), "-f", "jsonl", "--top", "3")
    assert code == 2 and out == "" and "--top does not apply" in err
    code, out, _ = run(runner, "candidates", "dev", "-r", str(file), "-f", "jsonl", "--top", "0")
    assert code == 0 and len(out.splitlines()) == PEOPLE


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_bad_row_at_the_end_comes_after_the_lines_before_it(
    runner: CliRunner, tmp_path: Path, fw: Framework, fmt: str
) -> None:
    # Lines are printed as people are read, a chunk (512) at a time: the earlier people are
    # out before the bad row at the end is reached (streaming, shown by the output, not by
    # timing); the exit code still says 3.
    count = 1100
    file = write(tmp_path, fw, "csv-wide", count)
    with file.open("a", encoding="utf-8") as stream:
        stream.write("zed,no-such-role\n")
    code, out, err = run(runner, "team", "-r", str(file), "-f", fmt)
    assert code == 3
    assert f"{file}:{count + 2}:2: zed: unknown role 'no-such-role'" in err
    people = [row for row in out.splitlines() if "p0" in row or "p1" in row]
    assert "p0000" in people[0] and "zed" not in out
    assert 512 <= len({row.split(",")[0] for row in people} if fmt == "csv" else people) < count


def test_output_file_is_left_as_it_was_on_a_bad_roster(
    runner: CliRunner, tmp_path: Path, fw: Framework
) -> None:
    file = write(tmp_path, fw, "csv-wide")
    with file.open("a", encoding="utf-8") as stream:
        stream.write("zed,dev,9\n")  # level 9 in the first skill column
    target = tmp_path / "team.jsonl"
    target.write_text("old\n", encoding="utf-8")
    code, out, _ = run(runner, "-o", str(target), "team", "-r", str(file), "-f", "jsonl")
    assert code == 3 and out == "" and target.read_text(encoding="utf-8") == "old\n"
    good = write(tmp_path, fw, "csv-wide")
    code, _, err = run(runner, "-o", str(target), "team", "-r", str(good), "-f", "jsonl")
    assert code == 0, err
    assert len(target.read_text(encoding="utf-8").splitlines()) == PEOPLE


def test_a_real_process_streams_the_same_lines(
    runner: CliRunner, tmp_path: Path, fw: Framework
) -> None:
    file = write(tmp_path, fw, "csv-long")
    for args in (["team"], ["candidates", "devops"]):
        command = [*args, "-r", str(file), "-f", "jsonl"]
        done = subprocess.run(
            [sys.executable, "-m", "pathplan", *command],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == run(runner, *command)[1]
        assert len(done.stdout.splitlines()) == PEOPLE


@pytest.mark.parametrize("command", [["team"], ["candidates", "dev"]])
def test_a_device_as_a_csv_roster_is_refused_at_once(tmp_path: Path, command: list[str]) -> None:
    roster = tmp_path / "people.csv"
    roster.symlink_to("/dev/zero")  # streaming it would never end
    done = subprocess.run(
        [sys.executable, "-m", "pathplan", *command, "--roster", str(roster), "-f", "jsonl"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "it is not a regular file" in done.stderr


def test_a_csv_roster_from_a_pipe_is_read(tmp_path: Path, fw: Framework) -> None:
    file = write(tmp_path, fw, "csv-long", 5)
    done = subprocess.run(
        [sys.executable, "-m", "pathplan", "team", "--roster", "/dev/stdin", "-f", "jsonl"],
        input=file.read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "--roster-format" in done.stderr  # no extension to go by
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pathplan",
            "team",
            "-r",
            "/dev/stdin",
            "--roster-format",
            "csv-long",
            "-f",
            "jsonl",
        ],
        input=file.read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == [
        f"p{i:04}" for i in range(5)
    ]


def test_team_lines_match_the_team_schema_people(
    runner: CliRunner, tmp_path: Path, fw: Framework
) -> None:
    # A line is the team document's person (schema: docs/schema/team.schema.json), with the
    # kind and version every pathplan document carries.
    team_schema = json.loads((ROOT / "docs" / "schema" / "team.schema.json").read_text())
    person = {"$defs": team_schema["$defs"], **team_schema["properties"]["people"]["items"]}
    file = write(tmp_path, fw, "yaml", 20)
    _, lines, _ = run(runner, "team", "-r", str(file), "-f", "jsonl")
    for line in lines.splitlines():
        doc = json.loads(line)
        assert (doc.pop("kind"), doc.pop("version")) == ("team-member", 1)
        jsonschema.validate(doc, person)


def test_a_reader_that_stops_stops_the_run(tmp_path: Path, fw: Framework) -> None:
    # `pathplan team -f jsonl | head -1`: the first line arrives while the run goes on (3,000
    # people's lines are far more than a pipe holds), and when the reader goes away the run
    # ends with 141, as `cat` does, instead of planning the rest for nobody.
    file = write(tmp_path, fw, "csv-wide", 3000)
    with subprocess.Popen(
        [sys.executable, "-m", "pathplan", "team", "-r", str(file), "-f", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        first = json.loads(process.stdout.readline())
        process.stdout.close()
        assert process.wait(timeout=120) == 141
    assert first["id"] == "p0000"
