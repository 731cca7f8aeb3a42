"""stream_roster: the people read_roster reads, in file order; a wide CSV a row at a time."""

from __future__ import annotations

from pathlib import Path

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


def test_other_formats_are_read_whole_with_the_same_result(tmp_path: Path) -> None:
    fw = load_framework(MINI)
    file = tmp_path / "people.csv"
    file.write_text("person,role,skill,level\nana,dev,python,3\nana,dev,git,2\n", "utf-8")
    assert list(stream_roster(file, fw)) == list(read_roster(file, fw).items())


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
