"""YAML with a location for every node: `Document`, and the safe reader that builds it.

Why not `yaml.safe_load`: it keeps no line numbers, accepts duplicate keys silently, expands
aliases without limit, and reads YAML 1.1, which rewrites text: `0123` is 83, `12:30` is 750,
`yes` is True, `2024-02-30` a date that does not exist (a crash). We compose with libyaml
(fast, keeps marks, caps nesting), resolve plain scalars by the YAML 1.2 core schema only
(null, bool, int, float; everything else is text) and construct plain data ourselves, so every
rule from DESIGN.md is enforced in one walk:

- Mapping keys (role, skill and person ids) are the text as written, whatever it looks like.
- A value whose tag does not fit its text (`!!int ten`) is a located problem, as is a tag
  beyond the core schema (`!!timestamp`, `!!binary`, `!!python/...`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from pathplan.errors import DataError, Problem
from pathplan.loader.files import MAX_FILE_BYTES, decode_utf8, no_gc, read_bytes

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "Document",
    "Item",
    "Path_",
    "parse_yaml",
    "read_yaml",
    "stream_entries",
    "stream_list",
    "yaml_from_bytes",
]

MAX_DEPTH = 64
# Aliases may be used, but expanding them may not grow a file past this many nodes beyond
# what it holds literally: a "billion laughs" file stops here instead of filling memory.
MAX_ALIAS_NODES = 1_000_000

Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SCALAR_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _CoreLoader(yaml.CSafeLoader):
    """libyaml's composer, resolving plain scalars by the YAML 1.2 core schema and no more."""

    # Its own table (not YAML 1.1's, which add_implicit_resolver would copy and extend).
    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class-level table


# The core schema's regular expressions (YAML 1.2.2, section 10.3.2).
_CoreLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CoreLoader.add_implicit_resolver(
    _NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_CoreLoader.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_CoreLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)


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
        mark = self._walk(path)[1]
        return mark.line + 1, mark.column + 1

    def _walk(self, path: Path_) -> tuple[yaml.Node | None, yaml.Mark]:
        """The node at `path` (None if the path leaves the tree) and where it is said.

        A mapping entry is where its key is; a list item where the item starts; the same
        positions the builder would have seen walking to `path`.
        """
        node = self.root
        assert node is not None
        mark = node.start_mark
        for part in path:
            if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
                entry = self._entries(node).get(part) if isinstance(part, str) else None
                if entry is None:
                    return None, mark
                mark, node = entry[0].start_mark, entry[1]
            elif isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
                if not isinstance(part, int) or not 0 <= part < len(node.value):
                    return None, mark
                node = node.value[part]
                mark = node.start_mark
            else:
                return None, mark
        return node, mark

    def written_number(self, path: Path_) -> str | None:
        """The text of the plain number at `path` as written (`0123`, `1.50`), else None.

        A text field given a plain number means the text: a skill named `1.50`, a batch id
        `0123`. The YAML reader made it a number; this is what the file says.
        """
        if self.root is None:
            return None
        node = self._walk(path)[0]
        if isinstance(node, yaml.ScalarNode) and not node.style and node.tag in (_INT, _FLOAT):
            return str(node.value)
        return None

    def _entries(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        found = self._keys.get(id(node))
        if found is None:
            found = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag in _SCALAR_TAGS:
                    found.setdefault(key_node.value, (key_node, value_node))
            self._keys[id(node)] = found
        return found

    def problem(
        self, path: Path_, message: str, hint: str | None = None, listed: str | None = None
    ) -> Problem:
        """A Problem located at `path` in this document."""
        line, column = self.where(path)
        return Problem(self.file, line, column, message, hint, listed)


_DECIMAL = re.compile(r"[-+]?[0-9]+\Z")
_OCTAL = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_NUMBER = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_SPECIAL_FLOATS = {
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), float("inf")),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), float("-inf")),
    **dict.fromkeys((".nan", ".NaN", ".NAN"), float("nan")),
}
_BOOLS = {**dict.fromkeys(("true", "True", "TRUE"), True)}
_BOOLS.update(dict.fromkeys(("false", "False", "FALSE"), False))
_NULLS = {"", "~", "null", "Null", "NULL"}


class _BadScalar(Exception):
    """A scalar whose text is not a value of its tag (`!!int ten`)."""


def tag_name(tag: str) -> str:
    """A tag as people write it: `!!int` for tag:yaml.org,2002:int."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _scalar_value(node: yaml.ScalarNode) -> Any:
    """The value of a scalar with a core tag; _BadScalar when its text is not one."""
    tag, text = node.tag, node.value
    if tag == _STR:
        return text
    try:
        if tag == _INT:
            if _DECIMAL.match(text):
                return int(text)  # ValueError past Python's digit limit (4,300)
            if _OCTAL.match(text) or _HEX.match(text):
                return int(text[2:], 8 if text[1] == "o" else 16)
        elif tag == _FLOAT:
            if _NUMBER.match(text):
                return float(text)
            if text in _SPECIAL_FLOATS:
                return _SPECIAL_FLOATS[text]
        elif tag == _BOOL:
            if text in _BOOLS:
                return _BOOLS[text]
        elif tag == _NULL and text in _NULLS:
            return None
    except ValueError:
        raise _BadScalar(f"the number '{text[:20]}...' has too many digits") from None
    shown = text if len(text) <= 40 else text[:40] + "..."
    raise _BadScalar(f"'{shown}' is not a valid {tag_name(tag)}")


class _Builder:
    """Turns a composed node tree into plain data, collecting problems."""

    def __init__(self, file: str, budget: int) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.budget = budget
        self.seen: set[int] = set()
        self.failed: set[tuple[int, str]] = set()

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> None:
        # Once per node and message: a bad node behind an alias is built once per use, and an
        # alias bomb around one would otherwise report it a million times.
        key = (id(node), message)
        if key in self.failed:
            return
        self.failed.add(key)
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
                self.fail(node, f"tag '{tag_name(node.tag)}' is not allowed", _CORE_HINT)
                return None
            try:
                return _scalar_value(node)
            except _BadScalar as e:
                self.fail(node, str(e))
                return None
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.fail(node, f"tag '{tag_name(node.tag)}' is not allowed", "plain lists only")
                return None
            return [self.child(item, depth + 1) for item in node.value]
        assert isinstance(node, yaml.MappingNode)
        if node.tag != _MAP:
            self.fail(node, f"tag '{tag_name(node.tag)}' is not allowed", "plain mappings only")
            return None
        out: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.fail(key_node, "mapping keys must be plain scalars")
                continue
            # Ids are the text as written: `0123`, `1_000`, `yes` and `007` are all text.
            key = key_node.value
            if key == "<<" and not key_node.style:  # plain ("" from libyaml)
                self.fail(key_node, "merge keys ('<<') are not supported", "write the keys out")
                continue
            if key in first_seen:
                self.fail(key_node, *_duplicate_key(key, first_seen[key]))
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


_CORE_HINT = "only the YAML 1.2 core types: text, numbers, true/false, null"
_ALIAS_BOMB = (
    f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes",
    "a YAML alias bomb? write the data out instead of nesting aliases",
)


def _duplicate_key(key: str, first_line: int) -> tuple[str, str]:
    """The words for a key written twice in one mapping."""
    return f"duplicate key '{key}'", f"first defined on line {first_line}; keep one"


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
    raw = read_bytes(path, max_bytes=max_bytes)
    return yaml_from_bytes(raw, str(path), problems=problems)


def yaml_from_bytes(raw: bytes, file: str, *, problems: list[Problem] | None = None) -> Document:
    """Decode and parse the bytes of a YAML file (see `read_yaml`)."""
    text = decode_utf8(raw, file, "save the file as UTF-8")
    return parse_yaml(text, file, problems=problems)


def parse_yaml(text: str, file: str, *, problems: list[Problem] | None = None) -> Document:
    """Parse YAML text (see `read_yaml`)."""
    try:
        with no_gc():
            node = yaml.compose(text, Loader=_CoreLoader)
    except yaml.YAMLError as e:
        raise DataError([_syntax_problem(e, file, text)]) from None
    if node is None:
        raise DataError([Problem(file, 1, 1, "file is empty", described="data")])
    builder = _Builder(file, MAX_ALIAS_NODES)
    try:
        with no_gc():
            data = builder.build(node)
    except _TooBig as e:
        builder.fail(e.node, *_ALIAS_BOMB)
        raise DataError(builder.problems) from None
    if builder.problems:
        if problems is None:
            raise DataError(builder.problems)
        problems.extend(builder.problems)
    return Document(file, data, root=node)


# --- a list streamed an item at a time --------------------------------------------------------


def _syntax_problem(error: yaml.YAMLError, file: str, text: str | TextIO) -> Problem:
    """A parser's error as a located Problem.

    A reader error (a control character) comes with a position only: `text` (or the stream,
    read again from its start up to there) gives its line and column.
    """
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(p for p in (error.context, error.problem) if p) or "invalid YAML"
        return Problem(file, line, column, f"YAML syntax: {message}")
    position = getattr(error, "position", 0) or 0
    if not isinstance(text, str):
        text.seek(0)
        text = text.read(position)
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    reason = getattr(error, "reason", None) or str(error).splitlines()[0]
    return Problem(file, line, column, f"YAML: {reason}")


@dataclass(frozen=True)
class Item:
    """One item of a list read by `stream_list`: its node (for positions), data and problems.

    `problems` are what `read_yaml` would report of the item (tags, duplicate keys): the data
    is still there, as `read_yaml` with `problems=` gives it.
    """

    node: yaml.Node
    data: Any
    problems: tuple[Problem, ...]


_TAGS_KEPT = 10_000  # scalar texts whose tags `_Events` remembers


class _Events(_CoreLoader):
    """libyaml's parser, its events composed here into nodes one list item at a time."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self.anchors: dict[str, yaml.Node] = {}
        self.earlier: dict[int, int] = {}  # id of an earlier item's anchored node -> its size
        self.added: list[yaml.Node] = []  # nodes anchored by the item being composed
        self._tags: dict[tuple[str, Any], str] = {}  # a plain scalar's text -> its tag

    def compose(self) -> tuple[yaml.Node, int]:
        """The next node, composed without recursion, and how many nodes it reuses.

        Reused: the size of every earlier item's node it names by alias, as building it
        visits them again (they count against the file's budget of aliases).
        """
        stack: list[list[Any]] = []  # [collection, pending key] of each open collection
        reused = 0
        while True:
            event: Any = self.get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                node: yaml.Node = self._scalar(event)
            elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                node = stack.pop()[0]
                node.end_mark = event.end_mark
            elif kind is yaml.AliasEvent:
                if event.anchor not in self.anchors:
                    mark: Any = event.start_mark
                    raise yaml.composer.ComposerError(None, None, "found undefined alias", mark)
                node = self.anchors[event.anchor]
                reused += self.earlier.get(id(node), 0)
            else:
                stack.append([self._collection(event), None])
                continue
            if not stack:
                return node, reused
            top = stack[-1]
            parent = top[0]
            if type(parent) is yaml.SequenceNode:
                parent.value.append(node)
            elif top[1] is None:
                top[1] = node
            else:
                parent.value.append((top[1], node))
                top[1] = None

    def _scalar(self, event: Any) -> yaml.Node:
        tag = event.tag
        if tag is None or tag == "!":
            # Most scalars of a long list repeat (kinds, role names): resolve each text once.
            key = (event.value, event.implicit)
            tag = self._tags.get(key)
            if tag is None:
                tag = self.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
                if len(self._tags) < _TAGS_KEPT:
                    self._tags[key] = tag
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        if event.anchor is not None:
            self._anchor(event, node)
        return node

    def _collection(self, event: Any) -> yaml.Node:
        sequence = type(event) is yaml.SequenceStartEvent
        kind: type[yaml.Node] = yaml.SequenceNode if sequence else yaml.MappingNode
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(kind, None, event.implicit)  # type: ignore[no-untyped-call]
        node: yaml.Node
        if sequence:
            node = yaml.SequenceNode(tag, [], event.start_mark, None, event.flow_style)
        else:
            node = yaml.MappingNode(tag, [], event.start_mark, None, event.flow_style)
        if event.anchor is not None:
            self._anchor(event, node)
        return node

    def _anchor(self, event: Any, node: yaml.Node) -> None:
        anchor = event.anchor
        if anchor in self.anchors:
            raise yaml.composer.ComposerError(
                "found duplicate anchor; first occurrence",  # libyaml's composer's words
                self.anchors[anchor].start_mark,
                "second occurrence",
                event.start_mark,
            )
        self.anchors[anchor] = node
        self.added.append(node)

    def remember(self) -> None:
        """Note the anchors the last item added: a later item that reuses one expands it."""
        for node in self.added:
            self.earlier[id(node)] = _size(node)
        self.added.clear()


def _size(node: yaml.Node) -> int:
    """How many nodes building `node` visits (an alias inside counts again each time)."""
    count, todo = 0, [node]
    while todo and count <= MAX_ALIAS_NODES:
        current = todo.pop()
        count += 1
        if isinstance(current, yaml.SequenceNode):
            todo.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            todo.extend(n for pair in current.value for n in pair)
    return count


def stream_list(stream: TextIO, file: str, expected: tuple[str, str]) -> Iterator[Item]:
    """The items of the list at the top of a YAML (or JSON) stream, one at a time.

    Only the item being read is held (and nodes named by anchors, which later items may use),
    so a list of millions of items is read in bounded memory. Every item is built as
    `read_yaml` builds it (core schema, tags, duplicate keys, depth), and aliases count against
    one budget for the whole file. Raises DataError for a syntax error, an empty file, an
    alias bomb, or a top level that is not a list (located there, with `expected`'s message
    and hint).
    """
    events = _Events(stream)
    with _one_document(events, file, stream):
        first: Any = events.peek_event()
        if not isinstance(first, yaml.SequenceStartEvent) or first.tag not in (None, "!", _SEQ):
            mark = first.start_mark
            raise DataError([Problem(file, mark.line + 1, mark.column + 1, *expected)])
        events.get_event()
        pieces = _Pieces(events, file)
        while not events.check_event(yaml.SequenceEndEvent):
            yield pieces.item(*events.compose())
        events.get_event()  # SequenceEnd


@contextmanager
def _one_document(events: _Events, file: str, stream: TextIO) -> Iterator[None]:
    """Read up to the one document's content, let the body read it, then check nothing follows.

    A YAML error anywhere inside becomes a DataError located in `file`; so is an empty stream.
    """
    try:
        with no_gc():
            events.get_event()  # StreamStart
            if events.check_event(yaml.StreamEndEvent):
                raise DataError([Problem(file, 1, 1, "file is empty", described="data")])
            events.get_event()  # DocumentStart
        yield
        events.get_event()  # DocumentEnd
        if not events.check_event(yaml.StreamEndEvent):
            second: Any = events.peek_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                None,
                "but found another document",
                second.start_mark,
            )
    except yaml.YAMLError as e:
        raise DataError([_syntax_problem(e, file, stream)]) from None


class _Pieces:
    """Items built from an `_Events`' nodes as `read_yaml` builds data, one alias budget for all."""

    def __init__(self, events: _Events, file: str) -> None:
        self.events = events
        self.file = file
        self.budget = MAX_ALIAS_NODES

    def item(self, node: yaml.Node, reused: int, found: tuple[Problem, ...] = ()) -> Item:
        """`node` built, with `found` and the builder's problems; DataError for an alias bomb."""
        self.budget -= reused
        builder = _Builder(self.file, self.budget)
        try:
            if self.budget < 0:
                raise _TooBig(node)
            with no_gc():
                data = builder.build(node)
        except _TooBig as e:
            builder.fail(e.node, *_ALIAS_BOMB)
            raise DataError(builder.problems) from None
        self.budget = builder.budget
        self.events.remember()
        return Item(node, data, (*found, *builder.problems))

    def repeated(self, key: yaml.Node, seen: dict[str, int]) -> tuple[Problem, ...]:
        """The problem of a key already in its mapping (`seen`: key -> line), else none."""
        if not isinstance(key, yaml.ScalarNode) or key.tag not in _SCALAR_TAGS:
            return ()  # the builder reports it
        name, mark = str(key.value), key.start_mark
        if name not in seen:
            seen[name] = mark.line + 1
            return ()
        words = _duplicate_key(name, seen[name])
        return (Problem(self.file, mark.line + 1, mark.column + 1, *words),)

    def section(self, key: yaml.Node, top: yaml.Mark, reused: int) -> Iterator[Item]:
        """A piece per entry of the mapping under `key` (an empty mapping: one empty piece)."""
        events = self.events
        opened: Any = events.get_event()  # MappingStart
        start = opened.start_mark
        seen: dict[str, int] = {}  # every entry's key and line: a million at most, not values
        empty = True
        while not events.check_event(yaml.MappingEndEvent):
            entry, more = events.compose()
            value, most = events.compose()
            found = self.repeated(entry, seen)
            inner = yaml.MappingNode(_MAP, [] if found else [(entry, value)], start, None)
            node = yaml.MappingNode(_MAP, [(key, inner)], top, None)
            yield self.item(node, reused + more + most, found)
            reused, empty = 0, False
        events.get_event()  # MappingEnd
        if empty:
            inner = yaml.MappingNode(_MAP, [], start, None)
            yield self.item(yaml.MappingNode(_MAP, [(key, inner)], top, None), reused)


def _is_mapping(event: Any) -> bool:
    return isinstance(event, yaml.MappingStartEvent) and event.tag in (None, "!", _MAP)


def stream_entries(stream: TextIO, file: str, section: str) -> Iterator[Item]:
    """The mapping at the top of a YAML stream, a piece at a time, in file order.

    Each piece is an Item whose node is a mapping of one top-level key and its value, except
    `section`, whose own mapping comes one entry per piece (`{section: {key: value}}`): a file
    of a million entries is read in bounded memory. Last comes a piece with no keys, at the
    top mapping's position (to locate what is missing from it). A top level that is not a
    mapping is one piece. Pieces are built and checked as `stream_list` builds its items; a
    key repeated in the top mapping or in `section` is reported as `read_yaml` reports it, and
    left out. Raises DataError as `stream_list` does.
    """
    events = _Events(stream)
    with _one_document(events, file, stream):
        yield from _top_pieces(_Pieces(events, file), section)


def _top_pieces(pieces: _Pieces, section: str) -> Iterator[Item]:
    events = pieces.events
    first: Any = events.peek_event()
    if not _is_mapping(first):
        yield pieces.item(*events.compose())
        return
    events.get_event()  # MappingStart
    top = first.start_mark
    seen: dict[str, int] = {}
    while not events.check_event(yaml.MappingEndEvent):
        key, reused = events.compose()
        found = pieces.repeated(key, seen)
        is_section = isinstance(key, yaml.ScalarNode) and key.value == section
        if is_section and not found and _is_mapping(events.peek_event()):
            yield from pieces.section(key, top, reused)
            continue
        value, more = events.compose()
        node = yaml.MappingNode(_MAP, [] if found else [(key, value)], top, None)
        yield pieces.item(node, reused + more, found)
    events.get_event()  # MappingEnd
    yield Item(yaml.MappingNode(_MAP, [], top, None), {}, ())
