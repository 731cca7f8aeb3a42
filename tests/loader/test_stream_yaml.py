"""A YAML roster streams a person at a time, with the problems `read_roster` reports, as it does."""

from __future__ import annotations

from pathlib import Path

import pytest

from pathplan.errors import DataError
from pathplan.loader.framework import load_framework
from pathplan.loader.roster import read_roster, stream_roster
from pathplan.model import Framework
from tests.conftest import MINI

GOOD = """\
# a team
people:
  ana:
    name: Ana Lima
    role: dev
    hours_per_week: 6
    skills: {python: 3, git: 3, testing: practitioner}
  1042: {role: sales-eng, skills: {discovery: 2}}
  0042: {role: devops, skills: {}}
  yes: &base {role: dev, skills: {python: 2}}
  bo: *base
"""

# Every kind of problem a YAML roster can have, each alone (as a careful user would meet them).
BAD = {
    "unknown role": "people:\n  ana: {role: deev}\n",
    "unknown skill": "people:\n  ana: {role: dev, skills: {pyhton: 3}}\n",
    "level too high": "people:\n  ana: {role: dev, skills: {python: 9}}\n",
    "no role": "people:\n  ana: {skills: {python: 3}}\n",
    "null person": "people:\n  ana:\n",
    "unknown field in a person": "people:\n  ana: {role: dev, skils: {}}\n",
    "bad hours": "people:\n  ana: {role: dev, hours_per_week: 0}\n",
    "duplicate person": "people:\n  ana: {role: dev}\n  bo: {role: dev}\n  ana: {role: devops}\n",
    "unknown top-level field": "people:\n  ana: {role: dev}\nteam: x\n",
    "unknown field before people": "teams: x\npeople:\n  ana: {role: dev}\n",
    "people twice": "people:\n  ana: {role: dev}\npeople:\n  bo: {role: dev}\n",
    "no people key": "team:\n  ana: {role: dev}\n",
    "people null": "people:\n",
    "people a list": "people:\n  - ana\n",
    "people empty": "# nobody\npeople: {}\n",
    "top a list": "- ana\n",
    "top a text": "just text\n",
    "empty file": "",
    "only a comment": "# nothing\n",
    "syntax error after people": "people:\n  ana: {role: dev}\n  bo: {role: dev\n",
    "tab indentation": "people:\n\tana: {role: dev}\n",
    "two documents": "people:\n  ana: {role: dev}\n---\npeople:\n  bo: {role: dev}\n",
    "undefined alias": "people:\n  ana: *nobody\n",
    "duplicate anchor": "people:\n  ana: &a {role: dev}\n  bo: &a {role: dev}\n",
    "a tag": "people:\n  ana: {role: !!binary aGk=}\n",
    "a merge key": "people:\n  ana: {<<: {role: dev}}\n",
    "a control character": "people:\n  ana: {role: d\x01ev}\n",
    "a non-text key": "people:\n  [a, b]: {role: dev}\n",
    "deep nesting": "people:\n  ana: " + "[" * 200 + "]" * 200 + "\n",
}


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(MINI)


def _write(tmp_path: Path, text: str | bytes) -> Path:
    file = tmp_path / "team.yaml"
    if isinstance(text, str):
        text = text.encode("utf-8")
    file.write_bytes(text)
    return file


def test_a_yaml_roster_streams_the_people_read_roster_reads(tmp_path: Path, fw: Framework) -> None:
    file = _write(tmp_path, GOOD)
    people = list(stream_roster(file, fw))
    assert people == list(read_roster(file, fw).items())
    assert [pid for pid, _ in people] == ["ana", "1042", "0042", "yes", "bo"]


@pytest.mark.parametrize(
    "text",
    [
        "people: !!map\n  ana: {role: dev}\n",  # tagged as what it is
        "---\npeople:\n  ana: {role: dev}\n...\n",  # one document, marked
        "\ufeffpeople:\n  ana: {role: dev}\n",  # a byte-order mark
        "people:\r\n  ana: {role: dev}\r\n",  # Windows line ends
        '{"people": {"ana": {"role": "dev"}, "bo": {"role": "devops"}}}',  # JSON
    ],
)
def test_other_ways_to_write_a_roster_stream_alike(
    tmp_path: Path, fw: Framework, text: str
) -> None:
    file = _write(tmp_path, text)
    assert list(stream_roster(file, fw)) == list(read_roster(file, fw).items())


@pytest.mark.parametrize("case", sorted(BAD))
def test_every_bad_yaml_roster_gives_the_problems_read_roster_gives(
    tmp_path: Path, fw: Framework, case: str
) -> None:
    file = _write(tmp_path, BAD[case])
    with pytest.raises(DataError) as whole:
        read_roster(file, fw)
    with pytest.raises(DataError) as streamed:
        list(stream_roster(file, fw))
    expected = [str(p) for p in whole.value.problems]
    assert [str(p) for p in streamed.value.problems] == expected
    assert all(f"{file}:" in line for line in expected)  # file:line:column, every one


ALIAS_BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(7)
    )
    + "people:\n  ana: {role: dev}\n"
)


def test_an_alias_bomb_stops_the_stream_as_it_stops_read_roster(
    tmp_path: Path, fw: Framework
) -> None:
    # Both stop at the budget of aliases; the stream has reported the pieces before it too.
    file = _write(tmp_path, ALIAS_BOMB)
    for read in (lambda: read_roster(file, fw), lambda: list(stream_roster(file, fw))):
        with pytest.raises(DataError) as caught:
            read()
        assert any(
            p.message == "aliases expand to more than 1,000,000 nodes"
            for p in caught.value.problems
        )


def test_bad_utf8_deep_in_a_yaml_roster_is_located(tmp_path: Path, fw: Framework) -> None:
    body = "".join(f"  p{i}: {{role: dev, skills: {{python: 2}}}}\n" for i in range(30_000))
    file = _write(tmp_path, ("people:\n" + body).encode() + b"  zed: {role: d\xffv}\n")
    with pytest.raises(DataError) as whole:
        read_roster(file, fw)
    with pytest.raises(DataError) as streamed:
        list(stream_roster(file, fw))
    assert [str(p) for p in streamed.value.problems] == [str(p) for p in whole.value.problems]
    assert streamed.value.problems[0].line == 30_002


def test_a_person_comes_out_before_later_entries_are_read(tmp_path: Path, fw: Framework) -> None:
    # Streaming, shown structurally: ana is yielded although the file breaks further on (a
    # roster read whole raises before yielding anyone); the break is reported at the end.
    file = _write(tmp_path, "people:\n  ana: {role: dev}\n  bo: {role: dev\n")
    stream = stream_roster(file, fw)
    assert next(stream)[0] == "ana"
    with pytest.raises(DataError) as caught:
        list(stream)
    assert caught.value.problems[0].message.startswith("YAML syntax:")
