"""Read a roster (many people) from YAML or from CSV as HR and skills tools export it.

Every bad row is reported, with file, line and column, in one DataError: a roster is fixed in a
spreadsheet, and a fix-one-rerun-find-the-next loop over thousands of rows is no way to work.
Formats are described in docs/rosters.md.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from pathplan.errors import DataError, Problem, UnknownFormatError, did_you_mean
from pathplan.loader.files import decode_utf8, open_input, read_bytes, utf8_problem
from pathplan.loader.profile import BadLevel, check_profile, read_level
from pathplan.loader.validate import mapping_at, validate_partial
from pathplan.loader.yaml import Document, read_yaml, stream_entries
from pathplan.model import (
    MAX_HOURS_PER_WEEK,
    MIN_HOURS_PER_WEEK,
    Framework,
    Holder,
    Profile,
)

__all__ = [
    "LONG_COLUMNS",
    "META_COLUMNS",
    "ROSTER_FORMATS",
    "Roster",
    "detect_format",
    "read_roster",
    "roster_from_csv",
    "roster_from_document",
    "stream_roster",
]

# person id -> what they hold, their role, name and hours per week; in file order.
Roster = dict[str, Holder]

ROSTER_FORMATS = ("yaml", "csv-long", "csv-wide")
LONG_COLUMNS = ("person", "role", "skill", "level")
# Optional in both CSV forms: a display name and weekly learning hours per person.
META_COLUMNS = ("name", "hours_per_week")
_EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".tsv": "csv", ".txt": "csv"}


def read_roster(path: str | Path, framework: Framework, fmt: str | None = None) -> Roster:
    """Read and check a roster file; `fmt` is one of ROSTER_FORMATS or None (by extension).

    Raises DataError listing every problem in the file, UnknownFormatError when the format is
    unknown or cannot be told from the extension.
    """
    path = Path(path)
    if fmt is not None and fmt not in ROSTER_FORMATS:
        raise UnknownFormatError(str(path), ROSTER_FORMATS, given=fmt)
    kind = fmt or _EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        raise UnknownFormatError(str(path), ROSTER_FORMATS)
    if kind == "yaml":
        problems: list[Problem] = []
        doc = read_yaml(path, problems=problems)
        return roster_from_document(doc, framework, problems)
    text = decode_utf8(read_bytes(path), str(path), "export the file as 'CSV UTF-8'")
    return roster_from_csv(text, str(path), framework, None if kind == "csv" else kind)


# --- YAML --------------------------------------------------------------------------------------


def roster_from_document(
    doc: Document, framework: Framework, problems: list[Problem] | None = None
) -> Roster:
    """A roster from a YAML document `people: {id: profile}`; DataError lists every problem.

    `problems` may already hold problems found while reading (duplicate people, say); they are
    reported together with these.
    """
    problems = list(problems or [])
    roster = dict(_people_of(doc, framework, problems))
    if not roster and not problems:
        problems.append(doc.problem(("people",), "the roster has no people"))
    if problems:
        raise DataError(problems)
    return roster


def _people_of(
    doc: Document, framework: Framework, problems: list[Problem], *, whole: bool = True
) -> Iterator[tuple[str, Holder]]:
    """The people of a document (or, not `whole`, of a piece of one) that have no problem.

    A piece (`yaml.stream_entries`) may have no `people`: then only its other keys are checked.
    """
    if isinstance(doc.data, dict):
        for key in doc.data:
            if key != "people":
                hint = did_you_mean(str(key), ["people"], "a roster has only 'people'")
                problems.append(doc.problem((key,), f"{key}: unknown field", hint))
        if not whole and "people" not in doc.data:
            return
    people = mapping_at(doc, "people", problems)
    for pid, data in people.items():
        at = ("people", pid)
        # A person with a bad field still has the rest checked: every problem in one run.
        profile, found, bad = validate_partial(doc, Profile, data if data is not None else {}, at)
        problems.extend(found)
        if profile is None:
            continue
        if profile.role is None and "role" not in bad:
            problems.append(
                doc.problem(at, f"{pid}: no role", "every person in a roster needs a role")
            )
        try:
            holder = check_profile(profile, doc, at, framework)
            if found:
                continue
        except DataError as e:
            # check_profile speaks of one profile; in a roster, say whose it is.
            problems.extend(
                dataclasses.replace(p, message=f"{pid}: {p.message}") for p in e.problems
            )
            continue
        yield pid, holder


def _stream_yaml(path: Path, framework: Framework) -> Iterator[tuple[str, Holder]]:
    """A YAML roster's people as they are read (`yaml.stream_entries`); DataError at the end.

    The same people and problems as `read_roster`, which reads the file whole.
    """
    file = str(path)
    problems: list[Problem] = []
    found = False  # anyone without a problem
    people: Document | None = None  # the last piece with `people`, to locate "no people"
    last: Document | None = None  # the last piece: the top mapping, when the file ended well
    with open_input(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            for item in stream_entries(text, file, "people"):
                problems.extend(item.problems)
                piece = Document(file, item.data, root=item.node)
                if isinstance(item.data, dict) and "people" in item.data:
                    people = piece
                for pid, holder in _people_of(piece, framework, problems, whole=False):
                    found = True
                    yield pid, holder
                last = piece
        except UnicodeDecodeError:
            problems.extend(utf8_problem(raw, file, "save the file as UTF-8").problems)
            last = None
        except DataError as e:
            problems.extend(e.problems)
            last = None
    if people is None and last is not None and isinstance(last.data, dict):
        mapping_at(last, "people", problems)  # "'people' missing", located at the top
    elif not found and not problems and people is not None:
        problems.append(people.problem(("people",), "the roster has no people"))
    if problems:
        raise DataError(problems)


# --- CSV ---------------------------------------------------------------------------------------


def detect_format(header: list[str]) -> str:
    """csv-long when the header has `skill` and `level` columns, else csv-wide."""
    names = {_meta(h) for h in header}
    return "csv-long" if {"skill", "level"} <= names else "csv-wide"


def _meta(cell: str) -> str:
    # "Hours per week", "hours-per-week" and "HOURS_PER_WEEK" are one column.
    return "_".join(cell.strip().lower().replace("-", " ").split())


@dataclass
class _Row:
    line: int
    cells: list[str]  # stripped; rows after the header padded with "" to the header's width


@dataclass
class _Person:
    """What the rows so far say about one person, and where each thing was said."""

    line: int
    role: str | None = None
    role_line: int = 0
    name: str | None = None
    name_line: int = 0
    hours: float | None = None
    hours_line: int = 0
    role_given: bool = False  # a role cell was filled in, even if with an unknown role
    last_meta: tuple[str, ...] = ()  # the row's role, name and hours cells, as last checked
    levels: dict[str, int] = field(default_factory=dict)
    skill_lines: dict[str, int] = field(default_factory=dict)


class _Csv:
    """Checks rows of one CSV roster, collecting every problem; cells come stripped."""

    def __init__(self, file: str, framework: Framework) -> None:
        self.file = file
        self.fw = framework
        self.problems: list[Problem] = []
        self.people: dict[str, _Person] = {}
        self.lines: dict[str, int] = {}  # every person's first line, also once streamed out

    def fail(
        self,
        line: int,
        column: int,
        message: str,
        hint: str | None = None,
        listed: str | None = None,
        described: str | None = None,
    ) -> None:
        self.problems.append(Problem(self.file, line, column, message, hint, listed, described))

    def role(self, cell: str, line: int, column: int, pid: str) -> str | None:
        found = self.fw.find_role(cell)
        if found is None:
            hint = did_you_mean(cell, self.fw.role_names)
            self.fail(line, column, f"{pid}: unknown role '{cell}'", hint, listed="role")
        return found

    def skill(self, cell: str, line: int, column: int, who: str) -> str | None:
        found = self.fw.find_skill(cell)
        if found is None:
            hint = did_you_mean(cell, self.fw.skill_names)
            self.fail(line, column, f"{who}unknown skill '{cell}'", hint, listed="skill")
        return found

    def level(self, cell: str, line: int, column: int, what: str) -> int | None:
        found = read_level(self.fw, cell)
        if isinstance(found, BadLevel):
            self.fail(line, column, f"{what}: {found.message}", found.hint)
            return None
        return found

    def hours(self, cell: str, line: int, column: int, pid: str) -> float | None:
        try:
            value = float(cell)
        except ValueError:
            value = float("nan")
        # The range of a profile's hours_per_week and of --hours-per-week (NaN fails it too).
        if not MIN_HOURS_PER_WEEK <= value <= MAX_HOURS_PER_WEEK:
            self.fail(
                line,
                column,
                f"{pid}: hours_per_week '{cell}' is not a number from"
                f" {MIN_HOURS_PER_WEEK:g} to {MAX_HOURS_PER_WEEK:g}",
            )
            return None
        return value

    def person(self, pid: str, line: int) -> _Person:
        if pid not in self.people:
            self.people[pid] = _Person(line)
            self.lines.setdefault(pid, line)
        return self.people[pid]

    def same(
        self,
        pid: str,
        field: str,
        value: Any,
        line: int,
        column: int,
        earlier: tuple[Any, int],
    ) -> bool:
        """Whether `value` agrees with what an earlier row said (reporting it if not)."""
        before, before_line = earlier
        if before is None or before == value:
            return True
        self.fail(
            line,
            column,
            f"{pid}: {field} '{value}' differs from '{before}' on line {before_line}",
            "a person has one " + field,
        )
        return False


def roster_from_csv(text: str, file: str, framework: Framework, fmt: str | None = None) -> Roster:
    """A roster from CSV text, long (`person,role,skill,level`) or wide (a column per skill).

    `fmt` is "csv-long", "csv-wide" or None to tell from the header. Problems are located at
    the row's line and the 1-based field number; DataError lists every one.
    """
    checker = _Csv(file, framework)
    rows = _rows(io.StringIO(text, newline=""), checker)
    header = next(rows, None)
    if header is None:
        raise DataError(checker.problems or [Problem(file, 1, 1, "the roster has no header row")])
    roster = dict(_holders(checker, header, rows, fmt))
    if not checker.lines and not checker.problems:
        checker.fail(header.line, 1, "the roster has no people")
    if checker.problems:
        raise DataError(checker.problems)
    return roster


def _holders(
    checker: _Csv, header: _Row, rows: Iterator[_Row], fmt: str | None
) -> Iterator[tuple[str, Holder]]:
    """Each person with no problem, as soon as their last row is read; problems are collected."""
    kind = fmt or detect_format(header.cells)
    people = _long(checker, header, rows) if kind == "csv-long" else _wide(checker, header, rows)
    for pid in people:
        holder = _holder(checker, pid, checker.people.pop(pid))
        if holder is not None:
            yield pid, holder


def _rows(stream: TextIO, checker: _Csv) -> Iterator[_Row]:
    """Non-empty rows with the line each starts on; comment lines before the header are skipped.

    `stream` is read once to find the header line (for the delimiter), then from its start.
    """
    first = next((ln for ln in stream if ln.strip() and not ln.lstrip().startswith("#")), "")
    stream.seek(0)
    # Semicolons and tabs: what spreadsheets in many locales, and .tsv exports, separate with.
    delimiter = max(",;\t", key=lambda d: (first.count(d), d == ","))
    reader = csv.reader(stream, delimiter=delimiter)
    line = 1
    width = 0
    try:
        for raw in reader:
            start, line = line, reader.line_num + 1
            cells = [c.strip() for c in raw]
            if not any(cells):
                continue  # blank lines and rows of empty cells carry nothing
            if not width:
                if cells[0].startswith("#"):
                    continue  # a comment above the header
                width = len(cells)
            elif len(cells) < width:  # spreadsheets drop trailing empty cells
                cells += [""] * (width - len(cells))
            yield _Row(start, cells)
    except csv.Error as e:
        checker.fail(reader.line_num, 1, f"CSV: {e}")


def _columns(checker: _Csv, header: _Row, known: tuple[str, ...]) -> dict[str, int]:
    """Index of each named column of `known` in the header; duplicates reported."""
    found: dict[str, int] = {}
    for i, cell in enumerate(header.cells):
        name = _meta(cell)
        if name in known:
            if name in found:
                checker.fail(header.line, i + 1, f"column '{name}' appears twice")
            else:
                found[name] = i
    return found


def _require(checker: _Csv, header: _Row, found: dict[str, int], needed: tuple[str, ...]) -> bool:
    missing = [c for c in needed if c not in found]
    if missing:
        checker.fail(
            header.line,
            1,
            f"header lacks column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            described="rosters",
        )
    return not missing


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None else ""


def _meta_cells(checker: _Csv, row: _Row, cols: dict[str, int], pid: str, who: _Person) -> None:
    """Role, name and hours per week of one row, checked against earlier rows of the person."""
    raw = (
        row.cells[cols["role"]],
        _cell(row.cells, cols.get("name")),
        _cell(row.cells, cols.get("hours_per_week")),
    )
    if raw == who.last_meta:
        return  # a long roster repeats these on every row of a person: checked once is enough
    who.last_meta = raw
    cell = _cell(row.cells, cols["role"])
    if cell:
        who.role_given = True
        role = checker.role(cell, row.line, cols["role"] + 1, pid)
        if role is not None and checker.same(
            pid, "role", role, row.line, cols["role"] + 1, (who.role, who.role_line)
        ):
            who.role, who.role_line = role, who.role_line or row.line
    name = _cell(row.cells, cols.get("name"))
    if name and checker.same(
        pid, "name", name, row.line, cols["name"] + 1, (who.name, who.name_line)
    ):
        who.name, who.name_line = name, who.name_line or row.line
    cell = _cell(row.cells, cols.get("hours_per_week"))
    if cell:
        column = cols["hours_per_week"] + 1
        hours = checker.hours(cell, row.line, column, pid)
        if hours is not None and checker.same(
            pid, "hours_per_week", hours, row.line, column, (who.hours, who.hours_line)
        ):
            who.hours, who.hours_line = hours, who.hours_line or row.line


def _stray(checker: _Csv, row: _Row, header: _Row, read: set[int]) -> bool:
    """Report a value in a column that is not read (past the header, or unnamed): never drop it."""
    if len(row.cells) == len(read):
        return False  # every cell is in a column that is read
    for i, cell in enumerate(row.cells):
        if i not in read and cell:
            if i >= len(header.cells):
                message = f"row has {len(row.cells)} cells but the header has {len(header.cells)}"
                hint = "a comma inside a value needs quotes"
            else:
                message, hint = f"a value in column {i + 1}, which has no name in the header", None
            checker.fail(row.line, i + 1, message, hint)
            return True
    return False


def _long(checker: _Csv, header: _Row, rows: Iterator[_Row]) -> Iterator[str]:
    """Check a long roster's rows, yielding each person's id once their last row is read.

    A person's rows must be together (one after another, as exports sorted by person are), so
    that a roster of millions is read in bounded memory: rows of a person who reappears after
    other people's rows are reported, once per person, and not read.
    """
    cols = _columns(checker, header, (*LONG_COLUMNS, *META_COLUMNS))
    read = set(cols.values())
    for i, cell in enumerate(header.cells):
        if cell.strip() and _meta(cell) not in (*LONG_COLUMNS, *META_COLUMNS):
            read.add(i)  # reported here, once, rather than on every row
            checker.fail(
                header.line,
                i + 1,
                f"unknown column '{cell.strip()}' in a long-form roster",
                f"columns are {', '.join(LONG_COLUMNS + META_COLUMNS)}",
            )
    if not _require(checker, header, cols, LONG_COLUMNS):
        return
    current: str | None = None  # the person whose rows are being read
    split: set[str] = set()  # people reported for rows apart
    for row in rows:
        if _stray(checker, row, header, read):
            continue
        pid = _cell(row.cells, cols["person"])
        if not pid:
            checker.fail(row.line, cols["person"] + 1, "person is empty")
            continue
        if pid != current:
            if current is not None:
                yield current
            current = None
            if pid in checker.lines:  # read already, and other people's rows came since
                if pid not in split:
                    split.add(pid)
                    checker.fail(
                        row.line,
                        cols["person"] + 1,
                        f"{pid}: this row is apart from the person's other rows"
                        f" (first on line {checker.lines[pid]}; other people's rows between)",
                        "keep each person's rows together: sort the file by person",
                    )
                continue
            current = pid
        who = checker.person(pid, row.line)
        _meta_cells(checker, row, cols, pid, who)
        _long_skill(checker, row, cols, pid, who)
    if current is not None:
        yield current


def _long_skill(checker: _Csv, row: _Row, cols: dict[str, int], pid: str, who: _Person) -> None:
    """The skill and level of one row of a long roster, added to what the person holds."""
    skill_cell = _cell(row.cells, cols["skill"])
    level_cell = _cell(row.cells, cols["level"])
    if not skill_cell:
        if level_cell:
            checker.fail(row.line, cols["skill"] + 1, f"{pid}: a level with no skill")
        return  # a person with no skills listed on this row
    sid = checker.skill(skill_cell, row.line, cols["skill"] + 1, f"{pid}: ")
    if not level_cell:
        checker.fail(row.line, cols["level"] + 1, f"{pid}: {skill_cell}: level is empty")
        return
    level = checker.level(level_cell, row.line, cols["level"] + 1, f"{pid}: {skill_cell}")
    if sid is None or level is None:
        return
    if sid in who.skill_lines:
        checker.fail(
            row.line,
            cols["skill"] + 1,
            f"{pid}: skill '{sid}' is listed twice (first on line {who.skill_lines[sid]})",
            "keep one row per person and skill",
        )
        return
    who.skill_lines[sid] = row.line
    who.levels[sid] = level


def _wide(checker: _Csv, header: _Row, rows: Iterator[_Row]) -> Iterator[str]:
    """Check a wide roster's rows, yielding each person's id once their row is read."""
    cols = _columns(checker, header, ("person", "role", *META_COLUMNS))
    read = set(cols.values())
    skills: dict[int, str] = {}
    seen: dict[str, int] = {}
    for i, cell in enumerate(header.cells):
        name = _meta(cell)
        if name in ("person", "role", *META_COLUMNS) or not cell.strip():
            continue
        read.add(i)  # a bad skill column is reported here, once, rather than on every row
        sid = checker.skill(cell, header.line, i + 1, "header: ")
        if sid is None:
            continue
        if sid in seen:
            checker.fail(
                header.line, i + 1, f"skill '{sid}' has two columns ({seen[sid] + 1} and {i + 1})"
            )
            continue
        seen[sid] = i
        skills[i] = sid
    if not _require(checker, header, cols, ("person", "role")):
        return
    for row in rows:
        if _stray(checker, row, header, read):
            continue
        pid = _cell(row.cells, cols["person"])
        if not pid:
            checker.fail(row.line, cols["person"] + 1, "person is empty")
            continue
        if pid in checker.lines:
            first = checker.lines[pid]
            checker.fail(
                row.line,
                cols["person"] + 1,
                f"duplicate person '{pid}' (first on line {first})",
                "keep one row per person",
            )
            continue
        who = checker.person(pid, row.line)
        _meta_cells(checker, row, cols, pid, who)
        # Most cells are empty (level 0, not held): visit only the filled ones.
        for i, cell in [(i, c) for i, c in enumerate(row.cells) if c]:
            sid = skills.get(i)
            if sid is not None:
                level = checker.level(cell, row.line, i + 1, f"{pid}: {sid}")
                if level is not None:
                    who.levels[sid] = level
        yield pid


def _holder(checker: _Csv, pid: str, who: _Person) -> Holder | None:
    """What a person holds, once all their rows are read; None (reported) without a role."""
    if who.role is None:
        if not who.role_given:  # an unknown role was reported where it was written
            checker.fail(who.line, 1, f"{pid}: no role", "every person in a roster needs a role")
        return None
    levels = {sid: level for sid, level in who.levels.items() if level > 0}
    return Holder(levels, who.role, who.name, who.hours)


def stream_roster(
    path: str | Path, framework: Framework, fmt: str | None = None
) -> Iterator[tuple[str, Holder]]:
    """The people of a roster in file order, each as soon as it is read: the same as `read_roster`.

    A CSV is read a row at a time, YAML a person at a time, in bounded memory and without
    `read_roster`'s size limit: only each person's id and first line are kept (to report
    duplicates and, in long CSV, a person whose rows are apart). Problems are collected as
    they are read and raised together as one DataError at the end, after the people read
    before them: act on none until the end. Raises UnknownFormatError as `read_roster`.
    """
    path = Path(path)
    if fmt is not None and fmt not in ROSTER_FORMATS:
        raise UnknownFormatError(str(path), ROSTER_FORMATS, given=fmt)
    kind = fmt or _EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        raise UnknownFormatError(str(path), ROSTER_FORMATS)
    if kind == "yaml":
        yield from _stream_yaml(path, framework)
        return
    checker = _Csv(str(path), framework)
    header: _Row | None = None
    # A regular file is read as it is, at any size; a pipe whole, within bounds; a device
    # (/dev/zero would never end) is refused.
    with open_input(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        rows = _rows(text, checker)
        try:
            header = next(rows, None)
            if header is not None:
                yield from _holders(checker, header, rows, None if kind == "csv" else kind)
        except UnicodeDecodeError:
            # Text is decoded ahead of the rows read: find the bad byte itself.
            found = utf8_problem(raw, str(path), "export the file as 'CSV UTF-8'")
            checker.problems.extend(found.problems)
    if not checker.problems:
        if header is None:
            checker.fail(1, 1, "the roster has no header row")
        elif not checker.lines:
            checker.fail(header.line, 1, "the roster has no people")
    if checker.problems:
        raise DataError(checker.problems)
