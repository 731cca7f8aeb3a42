"""Names wherever a person types: skills by id, alias or name; levels by number or name.

Profiles, YAML and CSV rosters, and the profiles a batch file points to all resolve names with
the framework's one set of lookups (`find_role`, `find_skill`, `find_level`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pathplan.cli.main import app
from pathplan.errors import DataError
from pathplan.loader.framework import load_framework
from pathplan.loader.profile import read_profile
from pathplan.loader.roster import read_roster
from pathplan.model import Framework
from tests.conftest import ROOT, write_framework


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(ROOT / "data")


@pytest.mark.parametrize(
    ("typed", "skill"),
    [
        ("data-visualization", "data-visualization"),
        ("Data Visualisation", "data-visualization"),
        ("data visualization", "data-visualization"),  # the id with spaces
        ("DATA_VISUALISATION", "data-visualization"),
        ("dataviz", "data-visualization"),  # an alias
        ("Excel", "spreadsheets"),
        ("  k8s ", "kubernetes"),
        ("Spreadsheets (Excel, Google Sheets)", "spreadsheets"),
    ],
)
def test_a_skill_is_found_by_id_alias_or_name(fw: Framework, typed: str, skill: str) -> None:
    assert fw.find_skill(typed) == skill
    assert fw.skill_id(typed) == skill


def test_roles_fold_word_breaks_too(fw: Framework) -> None:
    assert fw.find_role("data analyst") == "data-analyst"
    assert fw.find_role("Data_Analyst") == "data-analyst"
    assert fw.find_role("data scientist senior") == "data-scientist-senior"
    assert fw.find_role("no such role") is None


@pytest.mark.parametrize(
    ("typed", "level"),
    [
        (3, 3),
        ("3", 3),
        ("3.0", 3),
        (2.0, 2),
        ("working", 2),
        ("Practitioner", 3),
        (" EXPERT ", 5),
        ("none", 0),
        (9, 9),  # out of range comes back as it is, for the caller to say so
        ("-1", -1),
        ("2.5", None),
        (2.5, None),
        ("expret", None),
        (True, None),
        (None, None),
    ],
)
def test_levels_by_number_or_name(fw: Framework, typed: object, level: int | None) -> None:
    assert fw.find_level(typed) == level  # type: ignore[arg-type]


def test_a_profile_may_name_skills_and_levels(fw: Framework, tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(
        "role: Data Analyst\n"
        "skills:\n"
        "  SQL: practitioner\n"
        "  Data Visualisation: 3\n"
        "  excel: Advanced\n"
        "  python: working\n"
        "  statistics: none\n",
        encoding="utf-8",
    )
    holder = read_profile(path, fw)
    assert holder.role == "data-analyst"
    assert dict(holder.levels) == {
        "sql": 3,
        "data-visualization": 3,
        "spreadsheets": 4,
        "python": 2,
    }
    assert read_profile(path, fw, keep_zero=True).levels["statistics"] == 0


def test_a_profile_naming_a_skill_twice_is_refused_with_both_names(
    fw: Framework, tmp_path: Path
) -> None:
    path = tmp_path / "me.yaml"
    path.write_text("skills:\n  excel: 2\n  spreadsheets: 3\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_profile(path, fw)
    (problem,) = caught.value.problems
    assert problem.line == 3
    assert "the same skill as 'excel' (spreadsheets)" in problem.message


def test_a_yaml_roster_may_name_skills_and_levels(fw: Framework, tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(
        "people:\n"
        "  ana: {role: developer, skills: {Python: Practitioner, version-control: 2}}\n"
        "  ben: {role: Data Scientist, skills: {scikit learn: 1}}\n",
        encoding="utf-8",
    )
    roster = read_roster(path, fw)
    assert dict(roster["ana"].levels) == {"python": 3, "git": 2}
    assert roster["ben"].role == "data-scientist"
    assert dict(roster["ben"].levels) == {"scikit-learn": 1}


def test_a_csv_roster_uses_the_same_lookups(fw: Framework, tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text(
        "person,role,skill,level\nana,Data Analyst,Excel,Advanced\nana,Data Analyst,dataviz,2\n",
        encoding="utf-8",
    )
    assert dict(read_roster(path, fw)["ana"].levels) == {
        "spreadsheets": 4,
        "data-visualization": 2,
    }


def test_a_batch_profile_may_use_names(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "me.yaml").write_text(
        "role: data analyst\nskills: {Excel: expert, SQL: practitioner}\n", encoding="utf-8"
    )
    batch = tmp_path / "batch.yaml"
    batch.write_text("- {kind: gap, profile: me.yaml, to: Data Scientist}\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(batch), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"status": "ok"' in result.stdout


def test_skill_aliases_must_name_one_skill(tmp_path: Path, runner: CliRunner) -> None:
    folder = write_framework(
        tmp_path,
        "skills:\n"
        "  git: {name: Git, hours: 4, aliases: [vcs]}\n"
        "  svn: {name: Subversion, hours: 4, aliases: [vcs, git]}\n",
        "roles:\n  dev: {requires: {git: 1}}\n",
    )
    result = runner.invoke(app, ["validate", "--data", str(folder)])
    assert result.exit_code == 3
    assert "skills.svn.aliases: 'vcs' is already an alias of 'git'" in result.stdout
    assert "skills.svn.aliases: 'git' is already a skill id" in result.stdout


def test_search_finds_skills_by_any_word(runner: CliRunner) -> None:
    result = runner.invoke(app, ["skills", "--search", "excel"])
    assert result.exit_code == 0
    assert result.stdout.split("\n")[3].split()[0] == "spreadsheets"
    result = runner.invoke(app, ["skills", "--search", "visualization", "-f", "json"])
    found = [s["id"] for s in __import__("json").loads(result.stdout)["skills"]]
    assert found[0] == "data-visualization"


def test_search_ranks_names_before_descriptions(fw: Framework) -> None:
    from pathplan.planner.search import search_roles, search_skills

    assert [r.id for r in search_roles(fw, "data scientist")][:2] == [
        "data-scientist",
        "data-scientist-senior",
    ]
    # every word must match somewhere
    assert search_skills(fw, "python nosuchword") == []
    assert "pandas" in [s.id for s in search_skills(fw, "tabular")]  # from the description


def test_roles_filter_by_family_and_skills_by_category(runner: CliRunner) -> None:
    result = runner.invoke(app, ["roles", "--family", "DATA", "-f", "json"])
    roles = __import__("json").loads(result.stdout)["roles"]
    assert roles and {r["family"] for r in roles} == {"data"}
    result = runner.invoke(app, ["skills", "--category", "ml", "--search", "learning"])
    assert "machine-learning" in result.stdout and "sql " not in result.stdout


def test_an_unknown_family_is_a_usage_error_with_a_close_suggestion(runner: CliRunner) -> None:
    result = runner.invoke(app, ["roles", "--family", "dta"])
    assert result.exit_code == 2
    assert "no family 'dta'" in result.stderr and "did you mean 'data'?" in result.stderr
    result = runner.invoke(app, ["skills", "--category", "zzz"])
    assert result.exit_code == 2 and "the categories: architecture, cloud" in result.stderr


def test_no_match_says_so_and_suggests_only_what_is_close(runner: CliRunner) -> None:
    result = runner.invoke(app, ["skills", "--search", "pyhton"])
    assert result.exit_code == 0 and result.stdout == ""
    assert "no skill matches 'pyhton'; did you mean 'python'?" in result.stderr
    result = runner.invoke(app, ["roles", "--search", "astronaut"])
    assert result.stdout == "" and "no role matches 'astronaut'" in result.stderr
    assert "did you mean" not in result.stderr


def test_show_shows_ids_beside_names(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "Data Analyst"])
    assert result.exit_code == 0
    assert "Data Visualisation                    data-visualization" in result.stdout
    assert "next: Senior Data Analyst (data-analyst-senior)" in result.stdout
    skill = runner.invoke(app, ["show", "excel"])
    assert skill.stdout.startswith("Spreadsheets (Excel, Google Sheets) (spreadsheets)")
