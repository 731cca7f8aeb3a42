"""stream_roster: the people read_roster reads, in file order; a wide CSV a row at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pathplan.errors import DataError
from pathplan.loader.framework import load_framework
from pathplan.loader.roster import read_roster, stream_roster
from pathplan.planner import parallel
from pathplan.planner.team import candidates, rank
from tests.conftest import MINI

WIDE = """# exported from the HR system
person,role,name,hours_per_week,python,git,testing,linux
ana,dev,Ana,5,3,3,3,
bo,devops,,,,3,,3
cy,dev,Cy,4,4,3,4,
dee,sales-eng,Dee,6,2,,,
"""


def test_a_wide_csv_streams_the_people_read_roster_reads(tmp_path: Path) -> None:
    fw = load_framework(MINI)
    file = tmp_path / "people.csv"
    file.write_text(WIDE, encoding="utf-8")
    assert list(stream_roster(file, fw)) == list(read_roster(file, fw).items())


LONG = """person,role,skill,level,name,hours_per_week
ana,dev,python,3,Ana Lima,6
ana,dev,git,3,,
ana,,testing,practitioner,,
femi,sales-eng,,,Femi Adeyemi,
bo,devops,linux,3,,
bo,,git,3,,
"""


@pytest.mark.parametrize("fmt", [None, "csv-long"])
def test_a_long_csv_streams_the_people_read_roster_reads(tmp_path: Path, fmt: str | None) -> None:
    fw = load_framework(MINI)
    file = tmp_path / "people.csv"
    file.write_text(LONG, encoding="utf-8")
    people = list(stream_roster(file, fw, fmt))
    assert people == list(read_roster(file, fw, fmt).items())
    assert [pid for pid, _ in people] == ["ana", "femi", "bo"]
    assert people[0][1].levels == {"python": 3, "git": 3, "testing": 3}


def test_a_person_is_yielded_before_later_rows_are_read(tmp_path: Path) -> None:
    # Streaming, shown structurally: ana comes out although a later row is bad (a roster read
    # whole raises before yielding anyone); the bad row is still reported, at the end.
    fw = load_framework(MINI)
    file = tmp_path / "people.csv"
    file.write_text(LONG + "zed,no-such-role,git,2\n", encoding="utf-8")
    stream = stream_roster(file, fw)
    assert next(stream)[0] == "ana"
    with pytest.raises(DataError) as caught:
        list(stream)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (8, "zed: unknown role 'no-such-role'")
    ]


@pytest.mark.parametrize("reader", [read_roster, lambda f, fw: dict(stream_roster(f, fw))])
def test_rows_of_a_person_apart_are_invalid_data(tmp_path: Path, reader: Any) -> None:
    fw = load_framework(MINI)
    file = tmp_path / "people.csv"
    file.write_text(
        "person,role,skill,level\nana,dev,python,3\nbo,devops,linux,3\nana,dev,git,3\n"
        "cy,dev,git,2\nana,dev,java,3\nbo,devops,git,3\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        reader(file, fw)
    found = [str(p) for p in caught.value.problems]
    hint = "(keep each person's rows together: sort the file by person)"
    assert found == [
        f"{file}:4:1: ana: this row is apart from the person's other rows (first on line 2; "
        f"other people's rows between) {hint}",
        f"{file}:7:1: bo: this row is apart from the person's other rows (first on line 3; "
        f"other people's rows between) {hint}",
    ]  # once per person, not for every row apart


@pytest.mark.parametrize("fmt", ["csv-long", "csv-wide"])
def test_bad_utf8_deep_in_a_streamed_csv_is_located(tmp_path: Path, fmt: str) -> None:
    fw = load_framework(MINI)
    file = tmp_path / "people.csv"
    head = "person,role,skill,level\n" if fmt == "csv-long" else "person,role,python\n"
    row = "p{},dev,python,3\n" if fmt == "csv-long" else "p{},dev,3\n"
    body = "".join(row.format(i) for i in range(60_000))  # past the first blocks decoded
    file.write_bytes((head + body).encode() + b"zed,d\xffv,python,3\n")
    with pytest.raises(DataError) as caught:
        list(stream_roster(file, fw))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column, problem.message) == (60_002, 6, "not valid UTF-8")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("person,role,python\nana,dev,3\nana,dev,2\n", "duplicate person 'ana' (first on line 2)"),
        ("person,role,python\nana,nope,3\n", "ana: unknown role 'nope'"),
        ("person,role,python\nana,,3\n", "ana: no role"),
        ("person,role,python\n", "the roster has no people"),
        ("person,role,python\nana,dev,9\n", "ana: python: level 9 is above the top level 5"),
    ],
)
def test_every_problem_is_raised_at_the_end(tmp_path: Path, text: str, message: str) -> None:
    fw = load_framework(MINI)
    file = tmp_path / "people.csv"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        list(stream_roster(file, fw, "csv-wide"))
    assert message in [p.message for p in caught.value.problems]


def test_streamed_candidates_rank_as_the_whole_roster(tmp_path: Path) -> None:
    fw = load_framework(MINI)
    file = tmp_path / "people.csv"
    file.write_text(WIDE, encoding="utf-8")
    whole = read_roster(file, fw)
    for role in fw.roles:
        for top in (None, 1, 2):
            expected = candidates(fw, whole, role, top=top, max_hours=400)
            for stream in (parallel.stream_gaps, parallel.stream_scores):
                scored = stream(parallel.InProcess(fw), stream_roster(file, fw), role, 2)
                assert rank(fw, scored, role, top=top, max_hours=400) == expected
