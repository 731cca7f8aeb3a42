"""Batch files: the schema of a query of each kind, and the reader that checks a whole file.

A batch file is a YAML (or JSON, which is YAML) list of queries, or JSON Lines (`.jsonl`: one
query, a JSON object, per line); each has a `kind` and the options of the command of that
name. `open_batch` validates the whole file up front, so a typo is invalid data with
file:line, before any query runs (`pathplan.planner.batch` runs them); it keeps no query, and
reading the queries again streams them, so a file of millions is read in bounded memory.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Annotated, Any, BinaryIO, Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints, field_validator

from pathplan.errors import DataError, Problem, closest, did_you_mean
from pathplan.loader.files import open_input, utf8_problem
from pathplan.loader.validate import validate
from pathplan.loader.yaml import Document, Path_, parse_yaml, stream_list
from pathplan.model import coverage_limit

__all__ = [
    "SCHEMAS",
    "AdjacentQuery",
    "Batch",
    "BatchFile",
    "CandidatesQuery",
    "GapQuery",
    "GatedQuery",
    "Query",
    "QueryBase",
    "RouteQuery",
    "open_batch",
    "read_batch",
]

Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
FilePath = Annotated[str, StringConstraints(min_length=1, max_length=4096)]
Percent = Annotated[str, StringConstraints(pattern=r"^\s*\d+(\.\d+)?\s*%\s*$")]
Fraction = Annotated[float, Field(ge=0, le=1)]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]


class QueryBase(BaseModel):
    """What every query has."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    id: Name | None = Field(default=None, description="A label echoed in the result.")


class GatedQuery(QueryBase):
    """A query whose result the CI gates look at."""

    max_hours: NonNegative | None = Field(
        default=None, description="Gate: the result may need at most this many hours."
    )
    min_coverage: Fraction | Percent | None = Field(
        default=None,
        description="Gate: the holder must already meet this share of the target role's "
        "requirements, as a fraction 0..1 or a percentage like '80%'.",
    )

    @field_validator("min_coverage")
    @classmethod
    def _in_range(cls, value: float | str | None) -> float | str | None:
        if value is not None:
            coverage_limit(value)  # an InvalidValueError is a ValueError: pydantic reports it
        return value


class SearchQuery(GatedQuery):
    """A query that searches: its budget of time and memory (`route` and `gap` have one)."""

    time_limit: Positive | None = Field(
        default=None,
        description="Stop the search after this many seconds, with the best answer found so "
        "far [default: 20].",
    )
    memory_limit: Positive | None = Field(
        default=None,
        description="Stop the search once it has added this many MiB of memory [default: 512].",
    )


class RouteQuery(SearchQuery):
    """`pathplan route`: the least-hours route between two roles."""

    kind: Literal["route"]
    start: Name | None = Field(
        default=None, alias="from", description="Start role [default: the profile's role]."
    )
    to: Name = Field(description="Target role.")
    profile: FilePath | None = Field(
        default=None, description="Profile YAML, relative to the batch file."
    )
    direct: bool = Field(
        default=False,
        description="Also allow the direct move, and moves to related roles (similar work at a "
        "close level), not only declared ones.",
    )
    max_step: NonNegative | None = None
    via: list[Name] = Field(default_factory=list)
    avoid: list[Name] = Field(default_factory=list)
    alternatives: Annotated[int, Field(ge=0, le=100)] = 0


class GapQuery(SearchQuery):
    """`pathplan gap`: what a role asks that is not yet held, and the plan to close it."""

    kind: Literal["gap"]
    start: Name | None = Field(default=None, alias="from", description="Hold this role's skills.")
    to: Name | None = Field(default=None, description="Target role [default: the holder's role].")
    profile: FilePath | None = Field(
        default=None, description="Profile YAML, relative to the batch file."
    )


class AdjacentQuery(QueryBase):
    """`pathplan adjacent`: roles ranked as realistic next moves from a role."""

    kind: Literal["adjacent"]
    role: Name
    top: Annotated[int, Field(ge=1)] | None = None


class CandidatesQuery(QueryBase):
    """`pathplan candidates`: people in a roster ranked for an open role."""

    kind: Literal["candidates"]
    role: Name
    roster: FilePath = Field(description="Roster YAML, relative to the batch file.")
    top: Annotated[int, Field(ge=1)] | None = None


Query = RouteQuery | GapQuery | AdjacentQuery | CandidatesQuery


class BatchFile(RootModel[list[Annotated[Query, Field(discriminator="kind")]]]):
    """A batch file: a list of queries (the JSON Schema of `pathplan schema batch`)."""


# Query kind -> its schema. A new kind needs an entry here, a runner in planner/batch.py and a
# renderer entry in render/json.py (tests check the three agree).
SCHEMAS: dict[str, type[QueryBase]] = {
    "route": RouteQuery,
    "gap": GapQuery,
    "adjacent": AdjacentQuery,
    "candidates": CandidatesQuery,
}


def _fields(model: type[QueryBase]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _check(doc: Document, index: int, item: Any, problems: list[Problem]) -> QueryBase | None:
    at = (index,)
    kinds = ", ".join(SCHEMAS)
    if not isinstance(item, dict):
        problems.append(doc.problem(at, f"[{index}]: a query must be a mapping with a 'kind'"))
        return None
    kind = item.get("kind")
    if kind is None:
        problems.append(doc.problem(at, f"[{index}]: missing 'kind'", f"one of: {kinds}"))
        return None
    if not isinstance(kind, str) or kind not in SCHEMAS:
        problems.append(
            doc.problem(
                (*at, "kind"),
                f"[{index}].kind: unknown kind '{kind}'",
                did_you_mean(str(kind), list(SCHEMAS), f"one of: {kinds}"),
            )
        )
        return None
    model = SCHEMAS[kind]
    known = _fields(model)
    unknown = [k for k in item if k not in known]
    meant: set[str] = set()
    for name in unknown:
        close = closest(str(name), known)
        meant.update(close)
        problems.append(
            doc.problem(
                (*at, name),
                f"[{index}].{name}: unknown option for '{kind}'",
                f"did you mean '{close[0]}'?" if close else f"options: {', '.join(known)}",
            )
        )
    query, found = validate(doc, model, {k: v for k, v in item.items() if k not in unknown}, at)
    # `too: x` already says "did you mean 'to'?"; "to: is required" as well would be noise.
    noise = {f"[{index}].{name}: is required" for name in meant}
    problems.extend(p for p in found if p.message not in noise)
    return None if unknown else query


def read_batch(path: Path) -> list[Query]:
    """Read and validate a batch file; DataError lists every problem with file:line:column.

    Holds every query: for a long file, iterate over `open_batch` instead.
    """
    with open_batch(path) as batch:
        return list(batch)


# Problems kept while checking a file; past this they are only counted (DataError reports the
# first DataError.LIMIT and counts the rest), so a file of a million bad rows stays small.
_KEPT = 2 * DataError.LIMIT
# A JSON Lines line longer than this (characters) is refused rather than held.
MAX_LINE = 1 << 20
_JSON_LINES = (".jsonl", ".ndjson")
_EXPECTED = (
    "expected a list of queries at the top of the file",
    "each item a mapping like {kind: route, from: dev, to: sales-eng}",
)
_ENCODING = "save the file as UTF-8"


def open_batch(path: Path) -> Batch:
    """Open and check a batch file: every query validated, none kept (see `Batch`).

    Raises DataError listing every problem with file:line:column (the first DataError.LIMIT,
    and how many more), InputPathError for a path that cannot be read. Close the Batch (or use
    it as a context manager) when done.
    """
    batch = Batch(path, open_input(path))
    try:
        batch.check()
    except BaseException:
        batch.close()
        raise
    return batch


class Batch:
    """A checked batch file: `len()` queries, read again and validated as they are iterated.

    Reading is a stream (a YAML list an item at a time, JSON Lines a line at a time): only the
    query being read is held. A file changed between the check and the reading is a DataError.
    """

    def __init__(self, path: Path, source: BinaryIO) -> None:
        self.path = path
        self.file = str(path)
        self._source = source
        self._lines = path.suffix.lower() in _JSON_LINES
        self._plain = False  # read as plain JSON (`_json_items`), not by the YAML reader
        self._count = 0
        self._seen = self._identity()

    def __len__(self) -> int:
        return self._count

    def __enter__(self) -> Batch:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the file."""
        self._source.close()

    def check(self) -> None:
        """Validate every query, keeping none; DataError with every problem (see `open_batch`)."""
        if self.path.suffix.lower() == ".json":
            # JSON's own reader, about 8 times the YAML reader's speed; a file with anything
            # wrong is read again by the YAML reader, which words its problems, located.
            self._plain = True
            try:
                self._count = self._check_plain()
                return
            except _NotPlain:
                self._plain = False
        # Problems of the file's syntax (tags, duplicate keys) come alone, as read_yaml gives
        # them: the queries of a file the reader could not build are not checked.
        syntax: list[Problem] = []
        problems: list[Problem] = []
        counted = [0, 0]  # problems past _KEPT, of each list
        count = 0
        for index, (doc, data, found) in enumerate(self._items()):
            count = index + 1
            if found:
                _keep(syntax, found, counted, 0)
            elif not syntax:
                kept: list[Problem] = []
                _check(doc, index, data, kept)
                _keep(problems, kept, counted, 1)
        if syntax:
            raise DataError(syntax, counted[0])
        if problems:
            raise DataError(problems, counted[1])
        self._count = count

    def _check_plain(self) -> int:
        count = 0
        for index, (doc, data, _) in enumerate(self._items()):
            problems: list[Problem] = []
            if _check(doc, index, data, problems) is None or problems:
                raise _NotPlain
            count = index + 1
        return count

    def __iter__(self) -> Iterator[Query]:
        """The queries, in file order, each validated again as it is read."""
        if self._identity() != self._seen:
            raise DataError([Problem(self.file, 1, 1, "the file changed while it was being read")])
        for index, (doc, data, found) in enumerate(self._items()):
            problems = list(found)
            query = _check(doc, index, data, problems)
            if problems or query is None:  # the file changed under us after all
                raise DataError(problems)
            yield query  # type: ignore[misc]

    def _identity(self) -> tuple[int, int] | None:
        try:
            info = os.fstat(self._source.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            return None  # read whole into memory: it cannot change
        return info.st_size, info.st_mtime_ns

    def _items(self) -> Iterator[tuple[Document, Any, tuple[Problem, ...]]]:
        """Each item of the file from its start: a Document locating it, its data, problems."""
        self._source.seek(0)
        text = io.TextIOWrapper(self._source, encoding="utf-8-sig", newline=None)
        try:
            if self._lines:
                yield from self._json_lines(text)
            elif self._plain:
                for data in _json_items(text):
                    yield _One(self.file, data), data, ()
            else:
                for item in stream_list(text, self.file, _EXPECTED):
                    yield _One(self.file, item.data, root=item.node), item.data, item.problems
        except UnicodeDecodeError:
            raise utf8_problem(self._source, self.file, _ENCODING) from None
        finally:
            if not self._source.closed:  # (a reading left part-way may end after close())
                text.detach()  # the Batch keeps its file open for the next reading

    def _json_lines(
        self, text: io.TextIOWrapper
    ) -> Iterator[tuple[Document, Any, tuple[Problem, ...]]]:
        number = 0
        empty = True
        while line := text.readline(MAX_LINE + 1):
            number += 1
            if len(line) > MAX_LINE and not line.endswith("\n"):
                problem = Problem(
                    self.file, number, 1, f"a line longer than {MAX_LINE:,} characters"
                )
                while (rest := text.readline(MAX_LINE)) and not rest.endswith("\n"):
                    pass  # the rest of the line, read in bounded pieces and dropped
                yield _One(self.file, None), None, (problem,)
                continue
            if not line.strip():
                continue  # blank lines (a trailing newline, say) hold no query
            empty = False
            doc = _One(self.file, None, text=line, offset=number - 1)
            try:
                data = json.loads(line.rstrip("\r\n"), object_pairs_hook=_unique)
            except (ValueError, RecursionError) as e:
                yield doc, None, (self._json_problem(line, number, e),)
                continue
            doc.data = data
            yield doc, data, ()
        if empty:
            raise DataError([Problem(self.file, 1, 1, "file is empty", described="data")])

    def _json_problem(self, line: str, number: int, error: Exception) -> Problem:
        """Why a line is not one JSON object, located.

        JSON's words for its syntax, else the YAML reader's (a duplicate key, nesting too
        deep), as a YAML file would get them.
        """
        if isinstance(error, json.JSONDecodeError):
            return Problem(self.file, number, error.colno, f"JSON syntax: {error.msg}")
        found: list[Problem] = []
        try:
            parse_yaml(line, self.file, problems=found)
        except DataError as e:
            found = e.problems
        first = found[0] if found else Problem(self.file, 1, 1, str(error))
        return replace(first, line=first.line + number - 1)


class _NotPlain(Exception):
    """A .json batch file left to the YAML reader: a problem in it, or not plainly a JSON list."""


def _not_plain(*_: Any) -> Any:
    raise _NotPlain


_SPACE = re.compile(r"[ \t\n\r]*")
_BLOCK = 1 << 16  # characters read at a time


def _json_items(text: TextIO) -> Iterator[Any]:
    """Each item of the JSON list `text` holds, read a block at a time (bounded memory).

    _NotPlain for anything but a non-empty list of JSON values (a syntax error, NaN, a key
    written twice, an item longer than MAX_LINE): the YAML reader reads those as it always did.
    """
    decoder = json.JSONDecoder(object_pairs_hook=_unique, parse_constant=_not_plain)
    buffer, at, ended = "", 0, False

    def more() -> None:
        nonlocal buffer, at, ended
        piece = text.read(_BLOCK)
        buffer, at, ended = buffer[at:] + piece, 0, not piece

    def next_mark() -> str:
        """The next character that is not white space ("" at the end), left unread."""
        nonlocal at
        while True:
            at = _SPACE.match(buffer, at).end()  # type: ignore[union-attr] # * always matches
            if at < len(buffer) or ended:
                return buffer[at : at + 1]
            more()

    more()
    if next_mark() != "[":
        raise _NotPlain
    at += 1
    if next_mark() == "]":
        raise _NotPlain  # an empty list: the YAML reader words it
    while True:
        next_mark()
        try:
            item, end = decoder.raw_decode(buffer, at)
        except json.JSONDecodeError:  # the item may go on in the next block
            end = len(buffer)
        except (ValueError, RecursionError):
            raise _NotPlain from None
        if end == len(buffer):  # incomplete, or a number that may go on
            if ended or end - at > MAX_LINE:
                raise _NotPlain
            more()
            continue
        at = end
        yield item
        mark = next_mark()
        at += 1
        if mark == "]":
            break
        if mark != ",":
            raise _NotPlain
    if next_mark():
        raise _NotPlain  # something after the list


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's keys as a dict, refusing a key written twice (json keeps the last)."""
    found = dict(pairs)
    if len(found) != len(pairs):
        raise ValueError("duplicate key")
    return found


def _keep(kept: list[Problem], found: Any, counted: list[int], which: int) -> None:
    room = max(0, _KEPT - len(kept))
    found = list(found)
    kept.extend(found[:room])
    counted[which] += len(found[room:])


@dataclass
class _One(Document):
    """One query of a batch file as a Document: paths start with its index, as in the file.

    An item of a YAML list has its node (`root`, positions as in the file); a JSON Lines line
    has its `text`, composed only when a position is asked for, its lines `offset` by the
    line's number.
    """

    text: str | None = None
    offset: int = 0

    def where(self, path: Path_) -> tuple[int, int]:
        if self.root is None and self.text is not None:
            try:
                self.root = parse_yaml(self.text, self.file).root
            except DataError:
                self.text = None  # not YAML after all: the line's start
        if self.root is None:
            return self.offset + 1, 1
        line, column = self._locate(path)
        return line + self.offset, column

    def written_number(self, path: Path_) -> str | None:
        self.where(())
        return super().written_number(path)

    def _walk(self, path: Path_) -> tuple[Any, Any]:
        return super()._walk(path[1:])
