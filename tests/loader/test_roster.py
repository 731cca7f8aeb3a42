"""Roster reading: YAML, long and wide CSV, and every bad row reported at its file:line:column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pathplan.errors import DataError, InputPathError, UsageError
from pathplan.loader.framework import load_framework
from pathplan.loader.roster import detect_format, read_roster
from pathplan.model import Framework, Holder
from tests.conftest import MINI, ROOT

DATA = ROOT / "data"

TEAM = {
    "ada": Holder({"python": 3, "git": 3, "programming-basics": 2}, "dev", "Ada L", 5.0),
    "bo": Holder({"linux": 2, "git": 3}, "devops", None, None),
    "cy": Holder({}, "trainer", "Cy", None),
}

YAML = """\
people:
  ada:
    name: Ada L
    role: swe
    hours_per_week: 5
    skills: {python: 3, git: 3, programming-basics: 2, testing: 0}
  bo:
    role: devops
    skills: {linux: 2, git: 3}
  cy:
    name: Cy
    role: trainer
"""

LONG = """\
person,role,skill,level,name,hours_per_week
ada,swe,python,3,Ada L,5
ada,dev,Git,practitioner,,
ada,,programming-basics,2.0,Ada L,
ada,dev,testing,0,,
bo,DevOps,linux,2,,
bo,devops,git,3,,
cy,trainer,,,Cy,
"""

WIDE = """\
Person,Role,Name,Hours per week,Python,git,programming-basics,linux,testing
ada,swe,Ada L,5,3,3,2,,0
bo,devops,,,,3,,2,
cy,trainer,Cy,,,,,,
"""


@pytest.fixture(scope="module")
def mini() -> Framework:
    return load_framework(MINI)


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "text"), [("t.yaml", YAML), ("t.csv", LONG), ("t.csv", WIDE)])
def test_every_form_reads_the_same_team(
    mini: Framework, tmp_path: Path, name: str, text: str
) -> None:
    roster = read_roster(write(tmp_path, name, text), mini)
    assert roster == TEAM
    assert list(roster) == ["ada", "bo", "cy"]  # file order


def test_csv_variants_spreadsheets_write(mini: Framework, tmp_path: Path) -> None:
    # byte-order mark, semicolons, CRLF, comments above the header, trailing cells dropped
    text = (
        "\ufeff# exported 2026-11-01\r\nperson;role;python;git\r\nada;dev;3\r\n\r\nbo;devops;;2\r\n"
    )
    roster = read_roster(write(tmp_path, "t.csv", text.encode("utf-8")), mini)
    assert roster == {
        "ada": Holder({"python": 3}, "dev", None, None),
        "bo": Holder({"git": 2}, "devops", None, None),
    }
    tabs = "person\trole\tskill\tlevel\nada\tdev\tgit\t2\n"
    assert read_roster(write(tmp_path, "t.tsv", tabs), mini)["ada"].levels == {"git": 2}


def test_quoted_cells_keep_commas_and_lines(mini: Framework, tmp_path: Path) -> None:
    text = 'person,name,role,git\nada,"Lovelace, Ada\nCountess",dev,2\nbo,Bo,dev,"x"\n'
    with pytest.raises(DataError) as e:
        read_roster(write(tmp_path, "t.csv", text), mini)
    # bo's row starts on line 4: the quoted line break in ada's name is counted
    assert [str(p) for p in e.value.problems] == [
        f"{tmp_path / 't.csv'}:4:4: bo: git: level 'x' is not a whole number from 0 to 5"
        " (or a level name: awareness, working, practitioner, advanced, expert)"
    ]


def test_format_detection_and_override(mini: Framework, tmp_path: Path) -> None:
    assert detect_format(["person", "role", "skill", "level"]) == "csv-long"
    assert detect_format(["Person", " Role ", "SKILL", "Level", "name"]) == "csv-long"
    assert detect_format(["person", "role", "python", "git"]) == "csv-wide"
    path = write(tmp_path, "export.dat", WIDE)
    with pytest.raises(UsageError, match="cannot tell the format"):
        read_roster(path, mini)
    assert read_roster(path, mini, "csv-wide") == TEAM
    # forced long on a wide file: the header is checked as a long one
    with pytest.raises(DataError) as e:
        read_roster(path, mini, "csv-long")
    assert any("lacks columns skill, level" in p.message for p in e.value.problems)
    with pytest.raises(UsageError, match="unknown roster format"):
        read_roster(path, mini, "xlsx")


def test_bundled_examples_agree(tmp_path: Path) -> None:
    fw = load_framework(DATA)
    from_yaml = read_roster(DATA / "examples" / "roster.yaml", fw)
    from_csv = read_roster(DATA / "examples" / "roster.csv", fw)
    assert from_yaml == from_csv
    assert 6 <= len(from_yaml) <= 8
    assert all(h.role in fw.roles and h.name and h.hours_per_week for h in from_yaml.values())


# (name, file name, text, [(line, column, message regex), ...]): every problem, in order.
BAD = [
    (
        "long: unknown role",
        "r.csv",
        "person,role,skill,level\nada,deev,git,2\n",
        [(2, 2, r"ada: unknown role 'deev' \(did you mean 'dev'\?\)")],
    ),
    (
        "long: unknown skill",
        "r.csv",
        "person,role,skill,level\nada,dev,gti,2\n",
        [(2, 3, r"ada: unknown skill 'gti' \(did you mean 'git'\?\)")],
    ),
    (
        "long: level above the top",
        "r.csv",
        "person,role,skill,level\nada,dev,git,6\n",
        [(2, 4, r"ada: git: level 6 is above the top level 5")],
    ),
    (
        "long: negative level",
        "r.csv",
        "person,role,skill,level\nada,dev,git,-1\n",
        [(2, 4, r"ada: git: level -1 is below 0")],
    ),
    (
        "long: level not a number",
        "r.csv",
        "person,role,skill,level\nada,dev,git,2.5\n",
        [(2, 4, r"ada: git: level '2.5' is not a whole number from 0 to 5")],
    ),
    (
        "long: empty level",
        "r.csv",
        "person,role,skill,level\nada,dev,git,\n",
        [(2, 4, r"ada: git: level is empty")],
    ),
    (
        "long: level without skill",
        "r.csv",
        "person,role,skill,level\nada,dev,,3\n",
        [(2, 3, r"ada: a level with no skill")],
    ),
    (
        "long: duplicate person and skill",
        "r.csv",
        "person,role,skill,level\nada,dev,git,2\nada,dev,Git,3\n",
        [(3, 3, r"ada: skill 'git' is listed twice \(first on line 2\)")],
    ),
    (
        "long: two roles for one person",
        "r.csv",
        "person,role,skill,level\nada,dev,git,2\nada,devops,linux,1\n",
        [(3, 2, r"ada: role 'devops' differs from 'dev' on line 2")],
    ),
    (
        "long: no role",
        "r.csv",
        "person,role,skill,level\nada,,git,2\n",
        [(2, 1, r"ada: no role")],
    ),
    (
        "long: empty person",
        "r.csv",
        "person,role,skill,level\n,dev,git,2\n",
        [(2, 1, r"person is empty")],
    ),
    (
        "long: extra cell",
        "r.csv",
        "person,role,skill,level\nada,dev,git,2,oops\n",
        [(2, 5, r"row has 5 cells but the header has 4")],
    ),
    (
        "long: unknown column",
        "r.csv",
        "person,role,skill,level,team\nada,dev,git,2,blue\n",
        [(1, 5, r"unknown column 'team' in a long-form roster")],
    ),
    (
        "long: bad hours per week",
        "r.csv",
        "person,role,skill,level,hours_per_week\nada,dev,git,2,0\n",
        [(2, 5, r"ada: hours_per_week '0' is not a number from 0.1 to 168")],
    ),
    (
        "long: two names",
        "r.csv",
        "person,role,skill,level,name\nada,dev,git,2,Ada\nada,dev,linux,1,Bob\n",
        [(3, 5, r"ada: name 'Bob' differs from 'Ada' on line 2")],
    ),
    (
        "wide: unknown role",
        "r.csv",
        "person,role,git\nada,deev,2\n",
        [(2, 2, r"ada: unknown role 'deev'")],
    ),
    (
        "wide: unknown skill column",
        "r.csv",
        "person,role,gti,linux\nada,dev,2,1\n",
        [(1, 3, r"header: unknown skill 'gti' \(did you mean 'git'\?\)")],
    ),
    (
        "wide: level out of range",
        "r.csv",
        "person,role,git,linux\nada,dev,9,1\n",
        [(2, 3, r"ada: git: level 9 is above the top level 5")],
    ),
    (
        "wide: duplicate person",
        "r.csv",
        "person,role,git\nada,dev,2\nbo,dev,1\nada,dev,3\n",
        [(4, 1, r"duplicate person 'ada' \(first on line 2\)")],
    ),
    (
        "wide: value under no header",
        "r.csv",
        "person,role,,git\nada,dev,5,2\n",
        [(2, 3, r"a value in column 3, which has no name in the header")],
    ),
    (
        "wide: a skill twice",
        "r.csv",
        "person,role,git,Git\nada,dev,2,2\n",
        [(1, 4, r"skill 'git' has two columns \(3 and 4\)")],
    ),
    (
        "wide: no role column",
        "r.csv",
        "person,git\nada,2\n",
        [(1, 1, r"header lacks column role")],
    ),
    (
        "csv: no people",
        "r.csv",
        "person,role,git\n",
        [(1, 1, r"the roster has no people")],
    ),
    (
        "yaml: unknown role",
        "r.yaml",
        "people:\n  ada:\n    role: deev\n",
        [(3, 5, r"ada: unknown role 'deev' \(did you mean 'dev'\?\)")],
    ),
    (
        "yaml: unknown skill",
        "r.yaml",
        "people:\n  ada:\n    role: dev\n    skills: {gti: 2}\n",
        [(4, 14, r"ada: unknown skill 'gti'")],
    ),
    (
        "yaml: level out of range",
        "r.yaml",
        "people:\n  ada:\n    role: dev\n    skills: {git: 6}\n",
        [(4, 14, r"ada: skills.git: level 6 is above the top level 5")],
    ),
    (
        "yaml: duplicate person",
        "r.yaml",
        "people:\n  ada:\n    role: dev\n  ada:\n    role: devops\n",
        [(4, 3, r"duplicate key 'ada' \(first defined on line 2")],
    ),
    (
        "yaml: no role",
        "r.yaml",
        "people:\n  ada:\n    skills: {git: 2}\n",
        [(2, 3, r"ada: no role")],
    ),
    (
        "yaml: unknown field",
        "r.yaml",
        "people:\n  ada:\n    role: dev\n    skils: {git: 2}\n",
        [(4, 5, r"people.ada.skils: unknown field \(did you mean 'skills'\?\)")],
    ),
    (
        "yaml: misspelt people",
        "r.yaml",
        "peple:\n  ada: {role: dev}\n",
        [(1, 1, r"'people' missing"), (1, 1, r"peple: unknown field \(did you mean 'people'")],
    ),
    ("yaml: no people", "r.yaml", "people: {}\n", [(1, 1, r"the roster has no people")]),
    ("yaml: empty file", "r.yaml", "", [(1, 1, r"file is empty")]),
]


@pytest.mark.parametrize(("name", "file", "text", "expected"), BAD, ids=[case[0] for case in BAD])
def test_bad_roster_names_file_line_and_column(
    mini: Framework,
    tmp_path: Path,
    name: str,
    file: str,
    text: str,
    expected: list[tuple[int, int, str]],
) -> None:
    path = write(tmp_path, file, text)
    with pytest.raises(DataError) as e:
        read_roster(path, mini)
    problems = e.value.problems
    assert len(problems) == len(expected), [str(p) for p in problems]
    for problem, (line, column, pattern) in zip(problems, expected, strict=True):
        assert problem.file == str(path)
        assert (problem.line, problem.column) == (line, column), str(problem)
        assert re.search(pattern, str(problem)), str(problem)


def test_every_bad_row_is_reported_none_dropped(mini: Framework, tmp_path: Path) -> None:
    text = (
        "person,role,skill,level\n"
        "ada,deev,git,2\n"  # unknown role
        "bo,dev,gti,2\n"  # unknown skill
        "cy,dev,git,7\n"  # level out of range
        "dee,dev,git,2\n"  # fine
        "dee,dev,git,3\n"  # duplicate
        "eve,dev,linux,x\n"  # not a level
    )
    with pytest.raises(DataError) as e:
        read_roster(write(tmp_path, "r.csv", text), mini)
    assert [p.line for p in e.value.problems] == [2, 3, 4, 6, 7]
    yaml_text = (
        "people:\n"
        "  ada: {role: deev}\n"
        "  bo: {role: dev, skills: {gti: 2}}\n"
        "  ada: {role: dev}\n"
        "  cy: {role: dev, skills: {git: 7}}\n"
    )
    with pytest.raises(DataError) as e:
        read_roster(write(tmp_path, "r.yaml", yaml_text), mini)
    assert [p.line for p in e.value.problems] == [2, 3, 4, 5]


def test_unreadable_files(mini: Framework, tmp_path: Path) -> None:
    with pytest.raises(InputPathError) as missing:
        read_roster(tmp_path / "missing.csv", mini)
    assert missing.value.reason == "missing"
    bad = write(tmp_path, "r.csv", b"person,role\n\xff\xfe,dev\n")
    with pytest.raises(DataError) as e:
        read_roster(bad, mini)
    assert str(e.value.problems[0]).startswith(f"{bad}:2:1: not valid UTF-8")
    huge = write(tmp_path, "h.csv", "person,role\nada,dev\n" + "x" * 200_000 + ",dev\n")
    with pytest.raises(DataError) as e:
        read_roster(huge, mini)
    assert [(p.line, p.message) for p in e.value.problems] == [
        (3, "CSV: field larger than field limit (131072)")
    ]
