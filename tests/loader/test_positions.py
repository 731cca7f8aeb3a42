"""Positions looked up on demand are the ones a full walk of the file records.

The loader used to record the (line, column) of every key and item while building the data;
it now looks a position up in the node tree only when a problem needs one. This walks the tree
the old way and checks that every path gets the same answer.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from pathplan.cli.app import bundled_data
from pathplan.loader.yaml import Path_, parse_yaml, read_yaml

_SCALARS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


def recorded_marks(node: yaml.Node) -> dict[Path_, tuple[int, int]]:
    """Every path's position, recorded the way the loader's builder used to."""
    marks: dict[Path_, tuple[int, int]] = {}

    def walk(node: yaml.Node, path: Path_) -> None:
        marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
            for i, item in enumerate(node.value):
                walk(item, (*path, i))
        elif isinstance(node, yaml.MappingNode) and node.tag == "tag:yaml.org,2002:map":
            seen: set[str] = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALARS:
                    continue
                key: Any = key_node.value  # keys are the text as written
                if key in seen:
                    continue
                seen.add(key)
                marks[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                walk(value_node, (*path, key))

    walk(node, ())
    return marks


def nearest(marks: dict[Path_, tuple[int, int]], path: Path_) -> tuple[int, int]:
    while path:
        if path in marks:
            return marks[path]
        path = path[:-1]
    return marks.get((), (1, 1))


TEXTS = [
    "a: 1\nb:\n  - x\n  - {c: 2, d: [3, 4]}\n  -\n    e: f\n",
    "base: &b {x: 1, y: [1, 2]}\none: *b\ntwo: *b\n",
    "1: int key\ntrue: bool key\n~: null key\n0x10: hex key\n1.5: float key\n",
    "- - - deep\n    - list\n- plain\n",
    "roles:\n  dev:\n    requires: {python: 3}\n  ops:\n    requires:\n      git: 2\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_positions_match_a_full_walk(text: str) -> None:
    doc = parse_yaml(text, "t.yaml")
    assert doc.root is not None
    marks = recorded_marks(doc.root)
    for path in marks:
        assert doc.where(path) == marks[path], path
        # A path below or beside a real one falls back to the nearest ancestor.
        for extra in ("missing", 99):
            assert doc.where((*path, extra)) == nearest(marks, (*path, extra))


@pytest.mark.parametrize("name", ["skills.yaml", "roles.yaml"])
def test_positions_in_the_bundled_framework(name: str) -> None:
    doc = read_yaml(bundled_data() / name)
    assert doc.root is not None
    marks = recorded_marks(doc.root)
    assert len(marks) > 1000
    assert all(doc.where(path) == mark for path, mark in marks.items())


def test_scalars_have_yaml_1_2_core_values() -> None:
    # YAML 1.2's core schema: no sexagesimals, digit separators, yes/no or timestamps (text),
    # and a leading zero is a decimal, not an octal.
    text = (
        "a: [1, -2, +3, 0, 1_000, 0x1F, 0o17, 017, 1.5, -.5, 1e3, 1.0e+3, .inf, 1:30, yes, ~,"
        " null, true, False, 2024-02-30, s]\n"
    )
    assert parse_yaml(text, "t.yaml").data == {
        "a": [1, -2, 3, 0, "1_000", 31, 15, 17, 1.5, -0.5, 1000.0, 1000.0, float("inf"),
              "1:30", "yes", None, None, True, False, "2024-02-30", "s"]
    }  # fmt: skip
