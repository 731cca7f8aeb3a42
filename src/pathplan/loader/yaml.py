"""YAML with a location for every node: `Document`, and the safe reader that builds it.

Why not `yaml.safe_load`: it keeps no line numbers, accepts duplicate keys silently and expands
aliases without limit. We compose with libyaml (fast, keeps marks, caps nesting) and construct
plain data ourselves, so every rule from DESIGN.md is enforced in one walk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pathplan.errors import DataError, Problem
from pathplan.loader.files import MAX_FILE_BYTES, decode_utf8, no_gc, read_bytes

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "Document",
    "Path_",
    "parse_yaml",
    "read_yaml",
    "yaml_from_bytes",
]

MAX_DEPTH = 64
# Aliases may be used, but expanding them may not grow a file past this many nodes beyond
# what it holds literally: a "billion laughs" file stops here instead of filling memory.
MAX_ALIAS_NODES = 1_000_000

Path_ = tuple[str | int, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass
class Document:
    """Plain data read from one YAML file, and where in the file each key and item is.

    Positions are looked up on demand in the composed node tree (`root`): only a problem needs
    one, and recording every position up front costs more than the rest of a large load.
    Documents built from plain data have no tree; `marks` may give their positions instead.
    """

    file: str
    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    root: yaml.Node | None = field(default=None, repr=False, compare=False)
    _keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def where(self, path: Path_) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        if self.root is not None:
            return self._locate(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))

    def _locate(self, path: Path_) -> tuple[int, int]:
        # A mapping entry is where its key is; a list item where the item starts; the same
        # positions the builder would have seen walking to `path`.
        node = self.root
        assert node is not None
        mark = node.start_mark
        for part in path:
            if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
                entry = self._entries(node).get(part) if isinstance(part, str) else None
                if entry is None:
                    break
                mark, node = entry[0].start_mark, entry[1]
            elif isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
                if not isinstance(part, int) or not 0 <= part < len(node.value):
                    break
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        return mark.line + 1, mark.column + 1

    def _entries(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        found = self._keys.get(id(node))
        if found is None:
            found = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag in _SCALAR_TAGS:
                    key = _scalar_value(key_node)
                    key = key if isinstance(key, str) else str(key)
                    found.setdefault(key, (key_node, value_node))
            self._keys[id(node)] = found
        return found

    def problem(
        self, path: Path_, message: str, hint: str | None = None, listed: str | None = None
    ) -> Problem:
        """A Problem located at `path` in this document."""
        line, column = self.where(path)
        return Problem(self.file, line, column, message, hint, listed)


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
# Plain decimal spellings, whose YAML 1.1 value is what int()/float() give; the rest (0x1F,
# 1_000, 1:30, .inf) goes through PyYAML's constructor.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")


def _scalar_value(node: yaml.ScalarNode) -> Any:
    """The value of a scalar with an allowed tag: as PyYAML's SafeConstructor makes it, faster."""
    tag, value = node.tag, node.value
    if tag == _STR:
        return value
    if tag == _INT and _PLAIN_INT.match(value):
        return int(value)
    if tag == _FLOAT and _PLAIN_FLOAT.match(value):
        return float(value)
    # Not `construct_object`: it remembers every node it builds in `constructed_objects`, and on
    # this shared constructor that kept every file's nodes alive for the life of the process
    # (and made each garbage collection walk them). Scalar constructors need none of its state.
    return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)


class _Builder:
    """Turns a composed node tree into plain data, collecting problems."""

    def __init__(self, file: str, budget: int) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.budget = budget
        self.seen: set[int] = set()

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, message, hint))

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        if id(node) in self.seen:  # an alias: its expansion counts against the budget
            self.budget -= 1
            if self.budget < 0:
                raise _TooBig(node)
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.fail(node, f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                self.fail(node, f"tag '{node.tag}' is not allowed", "plain YAML values only")
                return None
            return _scalar_value(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.fail(node, f"tag '{node.tag}' is not allowed", "plain YAML lists only")
                return None
            return [self.child(item, depth + 1) for item in node.value]
        assert isinstance(node, yaml.MappingNode)
        if node.tag != _MAP:
            self.fail(node, f"tag '{node.tag}' is not allowed", "plain YAML mappings only")
            return None
        out: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "merge keys ('<<') are not supported", "write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.fail(key_node, "mapping keys must be plain scalars")
                continue
            key = _scalar_value(key_node)
            key = key if isinstance(key, str) else str(key)
            if key in first_seen:
                self.fail(
                    key_node,
                    f"duplicate key '{key}'",
                    f"first defined on line {first_seen[key]}; keep one",
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            out[key] = self.child(value_node, depth + 1)
        return out

    def child(self, node: yaml.Node, depth: int) -> Any:
        # Most nodes are plain strings: take them here, with the checks `build` would make.
        if (
            node.tag == _STR
            and depth <= MAX_DEPTH
            and type(node) is yaml.ScalarNode
            and id(node) not in self.seen
        ):
            self.seen.add(id(node))
            return node.value
        return self.build(node, depth)


class _TooBig(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def read_yaml(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES, problems: list[Problem] | None = None
) -> Document:
    """Read one YAML file into plain data with marks; DataError listing every problem.

    With `problems`, what the file still yields data despite (duplicate keys, tags) is appended
    there instead of raised, so a caller can report it together with its own checks.
    """
    raw = read_bytes(path, what="a YAML file", max_bytes=max_bytes)
    return yaml_from_bytes(raw, str(path), problems=problems)


def yaml_from_bytes(raw: bytes, file: str, *, problems: list[Problem] | None = None) -> Document:
    """Decode and parse the bytes of a YAML file (see `read_yaml`)."""
    text = decode_utf8(raw, file, "save the file as UTF-8")
    return parse_yaml(text, file, problems=problems)


def parse_yaml(text: str, file: str, *, problems: list[Problem] | None = None) -> Document:
    """Parse YAML text (see `read_yaml`)."""
    try:
        with no_gc():
            node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(p for p in (e.context, e.problem) if p) or "invalid YAML"
        raise DataError([Problem(file, line, column, f"YAML syntax: {message}")]) from None
    except yaml.YAMLError as e:
        position = getattr(e, "position", 0) or 0
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        reason = getattr(e, "reason", None) or str(e).splitlines()[0]
        raise DataError([Problem(file, line, column, f"YAML: {reason}")]) from None
    if node is None:
        raise DataError([Problem(file, 1, 1, "file is empty", described="data")])
    builder = _Builder(file, MAX_ALIAS_NODES)
    try:
        with no_gc():
            data = builder.build(node)
    except _TooBig as e:
        builder.fail(
            e.node,
            f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes",
            "a YAML alias bomb? write the data out instead of nesting aliases",
        )
        raise DataError(builder.problems) from None
    if builder.problems:
        if problems is None:
            raise DataError(builder.problems)
        problems.extend(builder.problems)
    return Document(file, data, root=node)
