"""`pathplan profile init`: questions driven through CliRunner input, and the template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from pathplan.cli.main import app
from pathplan.loader.framework import load_framework
from pathplan.loader.profile import read_profile
from pathplan.model import Framework
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(ROOT / "data")


def init(runner: CliRunner, *args: str, answers: str = "") -> tuple[int, str, str]:
    result = runner.invoke(app, ["profile", "init", *args], input=answers)
    return result.exit_code, result.stdout, result.stderr


def questions(stderr: str) -> list[str]:
    """The skills asked about, in order, by the `[n/N] Name (id)` line of each question."""
    return re.findall(r"^\[\d+/\d+\] .*? \(([a-z0-9-]+)\)", stderr, flags=re.M)


def test_without_a_terminal_it_prints_a_template_of_the_roles_skills(
    runner: CliRunner, fw: Framework, tmp_path: Path
) -> None:
    code, out, _ = init(runner, "--role", "Data Analyst", "--to", "ds")
    assert code == 0
    role = fw.roles["data-analyst"]
    for sid in role.requires:
        line = next(ln for ln in out.splitlines() if ln.strip().startswith(f"{sid}:"))
        assert f"# {fw.skills[sid].name}: Data Analyst asks" in line  # id, name and level
    assert "  python: 0" in out  # the target's skills, right after
    assert re.search(
        r"^  # product-analytics: 0 +# Product Analytics: Senior Data Analyst", out, re.M
    )
    assert "# Levels: 0 none, 1 awareness, 2 working, 3 practitioner, 4 advanced, 5 expert" in out
    path = tmp_path / "me.yaml"
    path.write_text(out, encoding="utf-8")
    holder = read_profile(path, fw, keep_zero=True)  # a valid profile as it is
    assert holder.role == "data-analyst" and set(role.requires) <= set(holder.levels)


def test_the_template_without_a_role_lists_every_skill_commented_out(
    runner: CliRunner, fw: Framework, tmp_path: Path
) -> None:
    code, out, _ = init(runner, "--template")
    assert code == 0
    listed = re.findall(r"^  # ([a-z0-9-]+): 0 ", out, flags=re.M)
    assert sorted(listed) == sorted(fw.skills)
    assert yaml.safe_load(out) == {"skills": {}}  # valid: no role, nothing held yet


def test_the_template_goes_to_output_atomically(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "me.yaml"
    code, out, _ = init(runner, "--role", "qa", "--template", "-o", str(target))
    assert code == 0 and out == ""
    assert "role: qa" in target.read_text(encoding="utf-8")
    assert "pathplan gap --profile" in target.read_text(encoding="utf-8")


def test_questions_take_numbers_names_and_the_start_of_a_name(
    runner: CliRunner, fw: Framework, tmp_path: Path
) -> None:
    target = tmp_path / "me.yaml"
    answers = "Sam Rivera\ndata analyst\n5\n3\nPractitioner\nadv\n\nq\n"
    code, _, err = init(runner, "-i", "-o", str(target), answers=answers)
    assert code == 0, err
    asked = questions(err)
    assert asked[:4] == ["sql", "spreadsheets", "data-visualization", "statistics"]
    holder = read_profile(target, fw, keep_zero=True)
    assert (holder.name, holder.role, holder.hours_per_week) == ("Sam Rivera", "data-analyst", 5)
    assert dict(holder.levels) == {
        "sql": 3,
        "spreadsheets": 3,
        "data-visualization": 4,
        "statistics": 0,  # Enter: the value in brackets, 0 for a new skill
    }
    # Each question shows the levels and what they mean.
    assert "3 practitioner  works on their own on typical tasks" in err
    assert "Stopped." in err and "run the same command to carry on" in " ".join(err.split())


def test_a_wrong_answer_is_asked_again_and_b_goes_back(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "me.yaml"
    answers = "\n\n9\nexpret\n2\nb\n1\n?\ns\n3\nq\n"  # no name, no hours, then skills
    code, _, err = init(runner, "-i", "--role", "dev", "-o", str(target), answers=answers)
    assert code == 0, err
    assert "'9' is not a level: 0 to 5" in err and "'expret' is not a level" in err
    assert "b goes back one skill" in err  # the help, on ?
    asked = questions(err)
    a, b, c, d = asked[0], asked[3], asked[7], asked[8]
    # a: 9 and expret are asked again, 2; b: back to a, 1; b again: ? and s; c: 3; d: q.
    assert asked == [a, a, a, b, a, b, b, c, d]
    text = target.read_text(encoding="utf-8")
    assert re.search(rf"^  {a}: +1 ", text, re.M)
    assert re.search(rf"^  # {b}: 0 ", text, re.M)  # skipped: still to answer
    assert re.search(rf"^  {c}: +3 ", text, re.M)


def test_stopping_and_carrying_on_later(runner: CliRunner, fw: Framework, tmp_path: Path) -> None:
    target = tmp_path / "me.yaml"
    code, _, err = init(runner, "-i", "--role", "qa", "-o", str(target), answers="\n\n2\n1\nq\n")
    assert code == 0
    first_run = questions(err)
    assert len(first_run) == 3
    # The input ends (Ctrl-D) in the second run: also a stop, the answers so far kept.
    code, _, err = init(runner, "-i", "-o", str(target), answers="3\n")
    assert code == 0, err
    second_run = questions(err)
    assert second_run[0] != first_run[0] and second_run[0] not in first_run[:2]
    assert "answers 2 of" in err
    holder = read_profile(target, fw, keep_zero=True)
    assert holder.levels[first_run[0]] == 2 and holder.levels[first_run[1]] == 1
    assert holder.levels[second_run[0]] == 3
    assert holder.role == "qa"  # the role asked for the first time is kept


def test_finishing_says_what_to_run_next(runner: CliRunner, fw: Framework, tmp_path: Path) -> None:
    target = tmp_path / "me.yaml"
    code, _, err = init(
        runner, "-i", "--role", "qa", "-o", str(target), answers="\n\n" + "1\n" * 200
    )
    assert code == 0
    assert f"Done: {target} holds" in err
    assert f"\n  pathplan gap --profile {target}\n" in err
    result = runner.invoke(app, ["gap", "--profile", str(target)])
    assert result.exit_code == 0 and "→ QA Engineer" in result.stdout


def test_an_unknown_role_answer_lists_the_roles_that_match(
    runner: CliRunner, tmp_path: Path
) -> None:
    answers = "\nscien\nData Scientist\n\nq\n"
    code, _, err = init(runner, "-i", "-o", str(tmp_path / "me.yaml"), answers=answers)
    assert code == 0
    assert "No role is called 'scien'. Roles that match, by id:" in err
    assert re.search(r"^    data-scientist-senior +Senior Data Scientist$", err, re.M)
    assert "Data Scientist (data-scientist)" in err


def test_a_file_that_is_not_a_profile_is_never_overwritten(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "notes.yaml"
    target.write_text("- a shopping list\n", encoding="utf-8")
    code, _, err = init(runner, "-i", "--role", "dev", "-o", str(target), answers="3\n")
    assert code == 3 and "notes.yaml" in err
    assert target.read_text(encoding="utf-8") == "- a shopping list\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--template", "--interactive"), "--template and --interactive exclude each other"),
        (("--role", "astronot"), "unknown role 'astronot'"),
        (("-i", "--role", "dev", "-o", "-"), "the answers are saved to a file as they come"),
        (("--role", "dev", "--to", "nope"), "unknown role 'nope'"),
    ],
)
def test_bad_options_are_usage_errors(
    runner: CliRunner, args: tuple[str, ...], message: str
) -> None:
    code, _, err = init(runner, *args)
    assert code == 2 and message in err, err
