"""Every bad input DESIGN.md lists: exit 3, naming the file and line, in bounded time."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pathplan.cli.main import app
from pathplan.errors import DataError
from pathplan.loader.yaml import read_yaml
from tests.conftest import write_framework

SKILLS = """\
skills:
  python:
    name: Python
    hours: [10, 30, 60, 120, 240]
    requires: {basics: 1}
  basics:
    name: Basics
    hours: [5, 10, 20, 40, 80]
  git:
    name: Git
    hours: 4
"""
ROLES = """\
roles:
  dev:
    name: Developer
    aliases: [swe]
    requires: {python: 3}
    adjacent: [ops]
  ops:
    name: Operations
    requires: {git: 2}
"""

# (name, file broken, its text, expected line, message pattern)
CASES = [
    ("yaml syntax", "skills.yaml", SKILLS.replace("hours: 4", "hours: [4, 5"), 12, r"YAML syntax"),
    (
        "duplicate key",
        "roles.yaml",
        ROLES + "  dev:\n    name: Again\n",
        10,
        r"duplicate key 'dev'.*line 2",
    ),
    (
        "unknown field",
        "skills.yaml",
        SKILLS.replace("name: Basics", "nmae: Basics"),
        7,
        r"unknown field.*did you mean 'name'",
    ),
    (
        "wrong type",
        "roles.yaml",
        ROLES.replace("aliases: [swe]", "aliases: swe"),
        4,
        r"aliases: expected a list",
    ),
    (
        "level out of range",
        "roles.yaml",
        ROLES.replace("{python: 3}", "{python: 9}"),
        5,
        r"level 9 is above the top level 5",
    ),
    (
        "level zero",
        "roles.yaml",
        ROLES.replace("{python: 3}", "{python: 0}"),
        5,
        r"must be at least 1",
    ),
    (
        "negative hours",
        "skills.yaml",
        SKILLS.replace("[5, 10,", "[-5, 10,"),
        8,
        r"hours\[0\].*must be at least 0",
    ),
    ("non-numeric hours", "skills.yaml", SKILLS.replace("hours: 4", "hours: lots"), 11, r"hours"),
    ("nan hours", "skills.yaml", SKILLS.replace("hours: 4", "hours: .nan"), 11, r"hours"),
    (
        "too few hours",
        "skills.yaml",
        SKILLS.replace("[5, 10, 20, 40, 80]", "[5, 10]"),
        8,
        r"expected 5 numbers",
    ),
    (
        "unknown skill",
        "roles.yaml",
        ROLES.replace("{python: 3}", "{pyhton: 3}"),
        5,
        r"unknown skill 'pyhton'.*did you mean 'python'",
    ),
    (
        "unknown prerequisite",
        "skills.yaml",
        SKILLS.replace("{basics: 1}", "{basic: 1}"),
        5,
        r"unknown skill 'basic'.*did you mean 'basics'",
    ),
    (
        "unknown role",
        "roles.yaml",
        ROLES.replace("adjacent: [ops]", "adjacent: [opz]"),
        6,
        r"unknown role 'opz'.*did you mean 'ops'",
    ),
    (
        "unknown extends",
        "roles.yaml",
        ROLES + "  lead:\n    extends: deve\n",
        11,
        r"unknown role 'deve'",
    ),
    (
        "prerequisite cycle",
        "skills.yaml",
        SKILLS.replace("name: Basics", "name: Basics\n    requires: {python: 1}"),
        8,
        r"prerequisite cycle: basics -> python -> basics",
    ),
    (
        "self prerequisite",
        "skills.yaml",
        SKILLS.replace("name: Git", "name: Git\n    requires: {git: 1}"),
        11,
        r"prerequisite cycle: git -> git",
    ),
    (
        "extends cycle",
        "roles.yaml",
        ROLES.replace("name: Operations", "name: Operations\n    extends: dev").replace(
            "name: Developer", "name: Developer\n    extends: ops"
        ),
        4,
        r"extends cycle: dev -> ops -> dev",
    ),
    (
        "self adjacency",
        "roles.yaml",
        ROLES.replace("adjacent: [ops]", "adjacent: [ops, dev]"),
        6,
        r"cannot move to itself",
    ),
    ("empty file", "roles.yaml", "", 1, r"file is empty"),
    ("comments only", "roles.yaml", "# nothing yet\n", 1, r"file is empty"),
    (
        "python tag",
        "skills.yaml",
        SKILLS.replace("name: Git", "name: !!python/object/apply:os.system [echo]"),
        10,
        r"tag '!!python/object/apply:os.system' is not allowed",
    ),
    (
        "alias collides with id",
        "roles.yaml",
        ROLES.replace("aliases: [swe]", "aliases: [ops]"),
        4,
        r"'ops' is already a role id",
    ),
    (
        "invalid id",
        "skills.yaml",
        SKILLS.replace("  git:", "  Git Tool:"),
        9,
        r"'Git Tool' is not a valid id",
    ),
    (
        "duplicate name",
        "skills.yaml",
        SKILLS.replace("name: Git", "name: Python"),
        10,
        r"also the name of 'python'",
    ),
    (
        "top-level typo",
        "roles.yaml",
        ROLES.replace("roles:", "role:"),
        1,
        r"did you mean 'roles'|'roles' missing",
    ),
    ("not a mapping", "skills.yaml", "- just\n- a list\n", 1, r"expected a mapping"),
    ("multiple documents", "roles.yaml", ROLES + "---\nroles: {}\n", 10, r"single document"),
    (
        "merge key",
        "roles.yaml",
        ROLES.replace("    name: Operations", "    <<: {name: Ops}"),
        8,
        r"merge keys",
    ),
    (
        "level rating above the top level",
        "roles.yaml",
        ROLES.replace("name: Operations", "name: Operations\n    level_ratings: {git: 5.5}"),
        9,
        r"level_ratings.git: rating 5.5 is above the top level 5",
    ),
    (
        "level rating of an unknown skill",
        "roles.yaml",
        ROLES.replace("name: Operations", "name: Operations\n    level_ratings: {gti: 2.5}"),
        9,
        r"unknown skill 'gti'.*did you mean 'git'",
    ),
    (
        "negative level rating",
        "roles.yaml",
        ROLES.replace("name: Operations", "name: Operations\n    level_ratings: {git: -1}"),
        9,
        r"must be at least 0",
    ),
    (
        "activity id with spaces",
        "roles.yaml",
        ROLES.replace("name: Operations", "name: Operations\n    activities: [run the servers]"),
        9,
        r"activities\[0\]: not a valid id.*like 4.A.2.a.4.I09.D03",
    ),
    (
        "titles not a list",
        "roles.yaml",
        ROLES.replace("name: Operations", "name: Operations\n    titles: Sysadmin"),
        9,
        r"titles: expected a list",
    ),
    (
        "empty technology name",
        "roles.yaml",
        ROLES.replace("name: Operations", "name: Operations\n    technology: ['']"),
        9,
        r"technology\[0\]: must not be empty",
    ),
    (
        "wrong seniority",
        "roles.yaml",
        ROLES.replace("name: Operations", "name: Operations\n    seniority: 9"),
        9,
        r"seniority",
    ),
]


def _write(tmp_path: Path, broken: str, text: str) -> Path:
    files = {"skills.yaml": SKILLS, "roles.yaml": ROLES, broken: text}
    return write_framework(tmp_path / "fw", files["skills.yaml"], files["roles.yaml"])


def test_similarity_data_is_accepted(tmp_path: Path, runner: CliRunner) -> None:
    roles = ROLES.replace(
        "name: Operations",
        "name: Operations\n    level_ratings: {git: 2.75, python: 0.4}"
        "\n    titles: [Site Reliability Engineer, Sysadmin]"
        "\n    activities: [4.A.3.b.1.I02.D01]\n    technology: [Git, Ansible]",
    )
    folder = write_framework(tmp_path / "fw", SKILLS, roles)
    result = runner.invoke(app, ["validate", "--data", str(folder)])
    assert result.exit_code == 0, result.output


def test_base_framework_is_valid(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--data", str(_write(tmp_path, "roles.yaml", ROLES))])
    assert result.exit_code == 0, result.output
    assert "3 skills, 2 roles" in result.output


@pytest.mark.parametrize(
    ("name", "broken", "text", "line", "pattern"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_input_exits_3_naming_file_and_line(
    tmp_path: Path, runner: CliRunner, name: str, broken: str, text: str, line: int, pattern: str
) -> None:
    folder = _write(tmp_path, broken, text)
    result = runner.invoke(app, ["validate", "--data", str(folder)])
    assert result.exit_code == 3, result.output
    assert re.search(rf"{broken}:{line}:\d+: .*({pattern})", result.output), result.output
    # the same data on a planning command: exit 3, message on stderr, no traceback
    result = runner.invoke(app, ["route", "--from", "dev", "--to", "ops", "--data", str(folder)])
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    assert f"{broken}:{line}:" in result.stderr


def test_validate_reports_every_problem_at_once(tmp_path: Path, runner: CliRunner) -> None:
    skills = SKILLS.replace("name: Basics", "nmae: Basics").replace("hours: 4", "hours: -4")
    roles = ROLES.replace("{python: 3}", "{pyhton: 3}").replace(
        "adjacent: [ops]", "adjacent: [dev]"
    )
    result = runner.invoke(
        app, ["validate", "--data", str(write_framework(tmp_path, skills, roles))]
    )
    assert result.exit_code == 3
    assert "5 problems" in result.output  # the typo also leaves `name` missing
    for needle in ("skills.yaml:7:", "skills.yaml:11:", "roles.yaml:5:", "roles.yaml:6:"):
        assert needle in result.output, result.output


def test_validate_json_lists_problems(tmp_path: Path, runner: CliRunner) -> None:
    import json

    folder = _write(tmp_path, "roles.yaml", ROLES.replace("{python: 3}", "{pyhton: 3}"))
    result = runner.invoke(app, ["validate", "--data", str(folder), "--format", "json"])
    assert result.exit_code == 3
    doc = json.loads(result.stdout)
    assert doc["kind"] == "validation" and doc["valid"] is False
    assert (
        doc["problems"][0]["line"] == 5 and doc["problems"][0]["hint"] == "did you mean 'python'?"
    )


def test_non_utf8_is_reported_with_its_line(tmp_path: Path, runner: CliRunner) -> None:
    folder = _write(tmp_path, "roles.yaml", ROLES)
    (folder / "roles.yaml").write_bytes(ROLES.encode() + b"  x:\n    name: caf\xe9\n")
    result = runner.invoke(app, ["validate", "--data", str(folder)])
    assert result.exit_code == 3
    assert re.search(r"roles.yaml:11:\d+: not valid UTF-8", result.output), result.output


def test_missing_file_is_named(tmp_path: Path, runner: CliRunner) -> None:
    folder = _write(tmp_path, "roles.yaml", ROLES)
    (folder / "roles.yaml").unlink()
    result = runner.invoke(app, ["validate", "--data", str(folder)])
    assert result.exit_code == 2  # a path that is not there: usage, as for any file given
    assert f"error: cannot read '{folder / 'roles.yaml'}': it does not exist" in result.stderr


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_alias_bomb_is_rejected_quickly(tmp_path: Path, runner: CliRunner) -> None:
    folder = _write(tmp_path, "roles.yaml", BOMB + "roles: {dev: {name: D, aliases: *i}}\n")
    began = time.process_time()
    result = runner.invoke(app, ["validate", "--data", str(folder)])
    assert result.exit_code == 3
    assert "aliases expand to more than" in result.output
    # 10**9 nodes if expanded: the budget stops it after about a million, far below that
    assert time.process_time() - began < 60


def test_small_aliases_are_fine(tmp_path: Path, runner: CliRunner) -> None:
    roles = "roles:\n  dev:\n    requires: &core {python: 3}\n  ops:\n    requires: *core\n"
    result = runner.invoke(
        app, ["validate", "--data", str(write_framework(tmp_path, SKILLS, roles))]
    )
    assert result.exit_code == 0, result.output


def test_file_over_the_size_limit_is_refused_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "skills.yaml"
    big.write_text("skills: {}\n" + "# padding\n" * 1000)
    with pytest.raises(DataError) as info:
        read_yaml(big, max_bytes=1000)
    assert "the limit is" in str(info.value.problems[0])


def test_deep_nesting_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    folder = _write(tmp_path, "roles.yaml", "roles: " + "[" * 2000 + "]" * 2000 + "\n")
    result = runner.invoke(app, ["validate", "--data", str(folder)])
    assert result.exit_code == 3
    assert "roles.yaml:1:" in result.output


PROFILE_CASES = [
    (
        "unknown skill",
        "role: dev\nskills: {pyton: 2}\n",
        2,
        r"unknown skill 'pyton'.*did you mean 'python'",
    ),
    (
        "level out of range",
        "role: dev\nskills: {python: 8}\n",
        2,
        r"level 8 is above the top level 5",
    ),
    ("unknown role", "role: deev\nskills: {}\n", 1, r"unknown role 'deev'.*did you mean 'dev'"),
    (
        "unknown field",
        "role: dev\nskils: {python: 2}\n",
        2,
        r"unknown field.*did you mean 'skills'",
    ),
    ("negative level", "role: dev\nskills: {python: -1}\n", 2, r"level -1 is below 0"),
    ("fractional level", "role: dev\nskills: {python: 2.5}\n", 2, r"'2.5' is not a whole number"),
    ("empty level", "role: dev\nskills:\n  python:\n", 3, r"python: no level given"),
    (
        "misspelt level name",
        "role: dev\nskills: {python: expret}\n",
        2,
        r"level 'expret' is not a whole number from 0 to 5 \(or a level name: awareness",
    ),
    (
        "one skill twice",
        "role: dev\nskills:\n  python: 2\n  Python: 3\n",
        4,
        r"skills.Python: the same skill as 'python'",
    ),
    (
        "hours per week",
        "role: dev\nhours_per_week: 0\n",
        2,
        r"hours_per_week: must be at least 0.1",
    ),
    (
        "over 168 hours",
        "role: dev\nhours_per_week: 169\n",
        2,
        r"hours_per_week: must be at most 168",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "line", "pattern"), PROFILE_CASES, ids=[c[0] for c in PROFILE_CASES]
)
def test_bad_profile_exits_3(
    tmp_path: Path, runner: CliRunner, name: str, text: str, line: int, pattern: str
) -> None:
    folder = _write(tmp_path, "roles.yaml", ROLES)
    profile = tmp_path / "me.yaml"
    profile.write_text(text)
    result = runner.invoke(app, ["gap", "--profile", str(profile), "--data", str(folder)])
    assert result.exit_code == 3, result.output
    assert re.search(rf"me.yaml:{line}:\d+: .*({pattern})", result.stderr), result.stderr
