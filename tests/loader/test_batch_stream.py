"""Batch files read as a stream: the same queries and problems as a whole read, none held."""

from __future__ import annotations

import json
import os
from itertools import islice
from pathlib import Path

import pytest

from pathplan.errors import DataError
from pathplan.loader import batchfile
from pathplan.loader.batchfile import open_batch, read_batch
from pathplan.loader.yaml import MAX_ALIAS_NODES, parse_yaml

QUERIES = [
    {"kind": "route", "from": "dev", "to": "se", "id": "0123"},
    {"kind": "gap", "from": "dev", "to": "se", "min_coverage": "50%"},
    {"kind": "adjacent", "role": "dev", "top": 2},
    {"kind": "route", "from": "dev", "to": "se", "via": ["devops"], "max_hours": 300},
]


def write(tmp_path: Path, text: str, name: str = "queries.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        open_batch(path).close()
    return [str(p) for p in caught.value.problems]


def rows(count: int, bad_at: int | None = None, bad: str = "{kind: gap, form: dev}") -> str:
    """A long YAML batch file of gap queries, one bad row where asked."""
    lines = [f"- {{kind: gap, from: dev, to: se, id: q{i}}}\n" for i in range(count)]
    if bad_at is not None:
        lines[bad_at] = f"- {bad}\n"
    return "".join(lines)


def test_a_streamed_file_gives_the_queries_a_whole_read_gives(tmp_path: Path) -> None:
    block = write(
        tmp_path,
        "- kind: route\n  from: dev\n  to: se\n  id: 0123\n"
        "- kind: gap\n  from: dev\n  to: se\n  min_coverage: 50%\n"
        "- {kind: adjacent, role: dev, top: 2}\n"
        "- kind: route\n  from: dev\n  to: se\n  via:\n    - devops\n  max_hours: 300\n",
        "block.yaml",
    )
    flow = write(tmp_path, "".join(f"- {json.dumps(q)}\n" for q in QUERIES), "flow.yaml")
    lines = write(tmp_path, "".join(json.dumps(q) + "\n" for q in QUERIES), "q.jsonl")
    array = write(tmp_path, json.dumps(QUERIES, indent=1), "q.json")
    expected = read_batch(block)
    assert [q.kind for q in expected] == ["route", "gap", "adjacent", "route"]
    assert expected[0].id == "0123"  # text as written
    for path in (flow, lines, array):
        with open_batch(path) as batch:
            assert len(batch) == len(QUERIES)
            assert list(batch) == expected
            assert list(batch) == expected  # read again: the same


def test_json_lines_skip_blank_lines_and_number_queries_by_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '{"kind": "gap", "from": "dev"}\n\n   \n{"kind": "gap", "form": "dev"}\n',
        "q.jsonl",
    )
    assert problems(path) == [
        f"{path}:4:17: [1].form: unknown option for 'gap' (did you mean 'from'?)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"kind": "gap", "from": "dev"\n', ":1:30: JSON syntax: Expecting ',' delimiter"),
        ('{"kind": "gap", "kind": "route"}\n', ":1:17: duplicate key 'kind'"),
        ("[1, 2]\n", ":1:1: [0]: a query must be a mapping with a 'kind'"),
        ('{"kind": "gap", "from": true}\n', ":1:17: [0].from: "),
        ('{"kind": "gap", "max_hours": NaN}\n', "[0].max_hours"),
        ("\n\n", ":1:1: file is empty"),
        ('{"kind": "gap"}\n' + "[" * 5000 + "]" * 5000 + "\n", ":2:"),
    ],
)
def test_every_bad_json_line_is_located(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text, "q.jsonl")
    found = problems(path)
    assert any(expected in p for p in found), found
    assert all(p.startswith(f"{path}:") for p in found)


def test_a_json_line_too_long_is_refused_without_holding_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batchfile, "MAX_LINE", 100)
    path = write(
        tmp_path,
        '{"kind": "gap", "from": "dev"}\n{"kind": "gap", "id": "' + "x" * 500 + '"}\n'
        '{"kind": "gap", "from": "dev"}\n',
        "q.jsonl",
    )
    assert problems(path) == [f"{path}:2:1: a line longer than 100 characters"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- {kind: gap}\n- &a {kind: gap}\n- &a {kind: gap}\n",
            ":3:3: YAML syntax: found duplicate",
        ),
        ("- {kind: gap}\n- *nowhere\n", ":2:3: YAML syntax: found undefined alias"),
        ("- {kind: gap}\n---\n- {kind: gap}\n", ":2:1: YAML syntax: expected a single document"),
        ("- {kind: gap}\n- {kind: gap, id: 'a\x01'}\n", ":2:21: YAML: control characters"),
        ("- {kind: gap}\n- {kind: gap, kind: gap}\n", ":2:15: duplicate key 'kind'"),
        ("- {kind: gap}\n- {kind: !!binary gap}\n", ":2:10: tag '!!binary' is not allowed"),
        ("{kind: gap}\n", ":1:1: expected a list of queries at the top of the file"),
        ("# nothing\n", ":1:1: file is empty"),
    ],
)
def test_every_bad_yaml_item_is_located_as_a_whole_read_would(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path, text)
    found = problems(path)
    assert any(expected in p for p in found), found
    try:
        parse_yaml(text, str(path))
    except DataError as whole:
        assert found == [str(p) for p in whole.problems]  # what reading it whole says


def test_syntax_problems_come_alone_as_the_whole_file_reader_gives_them(tmp_path: Path) -> None:
    # Row 1 has a schema problem, row 3 a duplicate key: the YAML reader's problem alone.
    path = write(tmp_path, "- {kind: gap, form: dev}\n- {kind: gap}\n- {kind: gap, to: a, to: b}\n")
    assert problems(path) == [
        f"{path}:3:22: duplicate key 'to' (first defined on line 3; keep one)"
    ]
    with pytest.raises(DataError) as whole:
        parse_yaml(path.read_text(), str(path))
    assert [str(p) for p in whole.value.problems] == problems(path)


def test_not_utf8_in_the_middle_of_a_long_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "queries.yaml"
    path.write_bytes(rows(5000).encode() + b"- {kind: gap, id: caf\xe9}\n")
    assert problems(path) == [f"{path}:5001:22: not valid UTF-8 (save the file as UTF-8)"]


def test_a_bad_row_far_down_a_long_file_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, rows(3000, bad_at=899))
    assert problems(path) == [
        f"{path}:900:15: [899].form: unknown option for 'gap' (did you mean 'from'?)"
    ]


def test_problems_past_the_limit_are_counted_not_kept(tmp_path: Path) -> None:
    text = "".join("- {kind: gap, form: dev}\n" for _ in range(2 * DataError.LIMIT + 500))
    path = write(tmp_path, text)
    with pytest.raises(DataError) as caught:
        open_batch(path)
    found = caught.value.problems
    assert len(found) == DataError.LIMIT + 1
    assert found[-1].message == f"{DataError.LIMIT + 500:,} more problems from here"
    assert str(caught.value) == f"{2 * DataError.LIMIT + 500} problems in the data"
    assert found[-1].line == DataError.LIMIT + 1


def test_aliases_across_items_count_against_one_budget(tmp_path: Path) -> None:
    wide = "[" + ", ".join(["x"] * 1000) + "]"
    uses = MAX_ALIAS_NODES // 1000 + 2
    text = f"- {{kind: gap, id: a, via: &w {wide}}}\n" + "- {kind: gap, via: *w}\n" * uses
    found = problems(write(tmp_path, text))
    assert any("aliases expand to more than 1,000,000 nodes" in p for p in found), found[:3]


def test_an_alias_to_an_earlier_query_is_that_query_again(tmp_path: Path) -> None:
    path = write(tmp_path, "- &q {kind: route, from: dev, to: se}\n- *q\n")
    first, second = read_batch(path)
    assert first == second


def test_a_file_changed_after_its_check_is_not_read_as_checked(tmp_path: Path) -> None:
    path = write(tmp_path, rows(3))
    with open_batch(path) as batch:
        with path.open("a", encoding="utf-8") as more:
            more.write("- {kind: gap, form: dev}\n")
        os.utime(path, ns=(1, 1))
        with pytest.raises(DataError) as caught:
            list(batch)
    assert "changed while it was being read" in str(caught.value.problems[0])


def test_a_pipe_is_read_whole_and_twice(tmp_path: Path) -> None:
    fifo = tmp_path / "queries.yaml"
    os.mkfifo(fifo)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the writer
        with fifo.open("w") as out:
            out.write(rows(3))
        os._exit(0)
    try:
        with open_batch(fifo) as batch:
            assert len(batch) == 3
            assert [q.id for q in batch] == ["q0", "q1", "q2"]
    finally:
        os.waitpid(pid, 0)


@pytest.mark.parametrize("block", [1, 7, 1 << 16])
@pytest.mark.parametrize("indent", [None, 0, 2])
def test_a_json_list_read_as_json_gives_what_the_yaml_reader_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int, indent: int | None
) -> None:
    # Blocks of 1 and 7 characters end inside every kind of token: strings, numbers, keys.
    monkeypatch.setattr(batchfile, "_BLOCK", block)
    many = [*QUERIES, {"kind": "route", "from": "d\u00e9v", "to": "se", "max_hours": 1.5e2}] * 3
    text = json.dumps(many, indent=indent)
    as_json = write(tmp_path, text, "q.json")
    with open_batch(as_json) as batch:
        assert batch._plain  # the quick reader took it
        assert len(batch) == len(many)
        assert list(batch) == read_batch(write(tmp_path, text, "q.yaml"))


@pytest.mark.parametrize(
    "text",
    [
        '[{"kind": "route", "from": "dev", "too": "se"}]',  # a problem in a query
        '[{"kind": "route", "from": "dev", "to": "se", "to": "qa"}]',  # a key twice
        '[{"kind": "route", "from": "dev", "to": "se", "max_hours": NaN}]',  # not JSON
        '[{"kind": "route", "from": "dev", "to": "se"},]',  # YAML's flow list allows it
        '[{"kind": "route", "from": "dev", "to": "se"}] trailing',
        '[{"kind": "route", "from": "dev", "to": "se"}',
        '[{"kind": "route" "from": "dev"}]',
        '{"kind": "route", "from": "dev", "to": "se"}',
        "[]",
        "",
    ],
)
def test_a_json_file_with_anything_wrong_is_read_as_the_yaml_reader_reads_it(
    tmp_path: Path, text: str
) -> None:
    def outcome(path: Path) -> list[str] | list[batchfile.Query]:
        try:
            return read_batch(path)
        except DataError as e:
            return [str(p).replace(path.name, "FILE") for p in e.problems]

    assert outcome(write(tmp_path, text, "q.json")) == outcome(write(tmp_path, text, "q.yaml"))


@pytest.mark.parametrize("name", ["queries.yaml", "queries.jsonl", "queries.json"])
def test_reading_holds_one_query_at_a_time(tmp_path: Path, name: str) -> None:
    # Each query comes while most of the file is still unread: none is held ahead of time.
    path = tmp_path / name
    with path.open("w", encoding="utf-8") as out:
        for i in range(20_000):
            query = {"kind": "gap", "from": "dev", "to": "se", "id": f"q{i}"}
            if name.endswith(".json"):
                out.write(("[" if i == 0 else ",\n") + json.dumps(query))
            else:
                out.write(json.dumps(query) + "\n" if name.endswith("jsonl") else f"- {query}\n")
        if name.endswith(".json"):
            out.write("]\n")
    size = path.stat().st_size
    with path.open("rb") as source:
        batch = batchfile.Batch(path, source)
        batch.check()
        assert len(batch) == 20_000
        queries = iter(batch)
        assert next(queries).id == "q0"
        assert source.tell() < size / 10
        assert [q.id for q in islice(queries, 9_999)][-1] == "q9999"
        assert size / 3 < source.tell() < size * 2 / 3
