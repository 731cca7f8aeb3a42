"""What the importers share: reading delimited files with locations, ids, aliases, hour curves."""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pathplan.errors import DataError, InputPathError, Problem
from pathplan.loader.files import decode_utf8, read_bytes

__all__ = [
    "LEARNING_HOURS_PER_YEAR",
    "MAX_PROBLEMS_PER_FILE",
    "PREPARATION_YEARS",
    "Imported",
    "Problems",
    "ProgressFn",
    "Row",
    "doubling_curve",
    "fit_scale",
    "pick_aliases",
    "read_table",
    "slugify",
    "unique_ids",
]

# (label, rows done, rows in all) — called now and then while a file is read.
ProgressFn = Callable[[str, int, int], None]

MAX_PROBLEMS_PER_FILE = 20
# Hours of deliberate learning in a year: 12 h a week for 48 weeks, the convention the bundled
# framework's hours were set by (data/README.md, "How hours were set").
LEARNING_HOURS_PER_YEAR = 576.0
# Years of preparation an occupation of each O*NET Job Zone needs: a value inside the zone's
# SVP range in `Job Zone Reference.txt` (zone 1: SVP below 4, up to 3 months; 2: SVP 4 to <6,
# 3 months to 1 year; 3: SVP 6, 1-2 years; 4: SVP 7, 2-4 years; 5: SVP 8+, over 4 years).
PREPARATION_YEARS = {1: 0.25, 2: 0.75, 3: 1.5, 4: 3.0, 5: 6.0}
MAX_ID_LENGTH = 64


@dataclass(frozen=True)
class Imported:
    """A framework read from a taxonomy: file contents as plain data, plus what to say about it."""

    source: str  # e.g. "O*NET 30.1": for messages
    skills: dict[str, Any]  # the content of skills.yaml
    roles: dict[str, Any]  # the content of roles.yaml
    attribution: str  # the licence text the source asks for, one paragraph
    readme: str  # Markdown for OUT/README.md: attribution and the parameters used
    notes: tuple[str, ...] = ()  # what was dropped or defaulted, for the user


@dataclass(frozen=True)
class Row:
    """One data row of a table: its line in the file, and its fields by column name."""

    line: int
    fields: Mapping[str, str]
    columns: Mapping[str, int]  # column name -> 1-based character column of the field (or 1)


class Problems:
    """Collects problems per file, and stops a file's report after MAX_PROBLEMS_PER_FILE."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.per_file: dict[str, int] = {}

    def add(self, file: str, line: int, column: int, message: str, hint: str | None = None) -> None:
        """Record one problem (silently, once the file has had its share)."""
        count = self.per_file.get(file, 0) + 1
        self.per_file[file] = count
        if count <= MAX_PROBLEMS_PER_FILE:
            self.items.append(Problem(file, line, column, message, hint))
        elif count == MAX_PROBLEMS_PER_FILE + 1:
            self.items.append(
                Problem(file, line, column, f"more problems from here on ({message}, ...)")
            )

    def at(self, row: Row, file: str, column: str, message: str, hint: str | None = None) -> None:
        """A problem in `column` of `row`."""
        self.add(file, row.line, row.columns.get(column, 1), message, hint)

    def raise_if_any(self) -> None:
        """DataError with everything collected so far, if anything was."""
        if self.items:
            raise DataError(list(self.items))


def _release_text(path: Path, problems: Problems) -> str | None:
    """A release file's text; None, with the reason in `problems`, if it cannot be read.

    A release's missing file is one of its problems, reported with the others.
    """
    file = str(path)
    try:
        # Releases are large and read once: no size limit but the release's own.
        raw = read_bytes(path, max_bytes=None)
        return decode_utf8(raw, file, "the releases are UTF-8; re-download it")
    except InputPathError as e:
        missing = e.reason == "missing"
        message = "file not found" if missing else e.message.split(": ", 1)[-1]
        hint = f"a release has '{path.name}' in its folder" if missing else None
        problems.add(file, 1, 1, message, hint)
    except DataError as e:
        for p in e.problems:
            problems.add(p.file, p.line, p.column, p.message, p.hint)
    return None


def read_table(
    path: Path,
    columns: Sequence[str],
    problems: Problems,
    *,
    delimiter: str,
    progress: ProgressFn | None = None,
) -> list[Row]:
    """The rows of a delimited UTF-8 file with one header row, keeping only `columns`.

    A missing file, a missing column, a bad encoding or a row with too few fields is reported in
    `problems` with the file and line; the rows that could be read are returned.
    """
    file = str(path)
    text = _release_text(path, problems)
    if text is None:
        return []
    tabbed = delimiter == "\t"
    # O*NET's tab files do not quote; ESCO's CSV does (and has line breaks inside fields).
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=delimiter,
        quoting=csv.QUOTE_NONE if tabbed else csv.QUOTE_MINIMAL,
        strict=not tabbed,
    )
    total = text.count("\n") or 1
    rows: list[Row] = []
    try:
        header = next(reader, None)
        if not header:
            problems.add(file, 1, 1, "file is empty", f"expected the columns {_quoted(columns)}")
            return []
        index = {name.strip(): i for i, name in enumerate(header)}
        missing = [c for c in columns if c not in index]
        for name in missing:
            problems.add(
                file, 1, 1, f"missing column '{name}'", f"the header has {_quoted(list(index))}"
            )
        if missing:
            return []
        wanted = [(c, index[c]) for c in columns]
        width = max(i for _, i in wanted) + 1
        start = reader.line_num + 1
        for values in reader:
            line, start = start, reader.line_num + 1
            if not values or values == [""]:
                continue
            if len(values) < width:
                problems.add(
                    file,
                    line,
                    1,
                    f"row has {len(values)} fields; the header has {len(header)}",
                    "a field or separator is missing",
                )
                continue
            at: dict[str, int] = {}
            if tabbed:
                offsets = _offsets(values)
                at = {c: offsets[i] for c, i in wanted}
            rows.append(Row(line, {c: values[i].strip() for c, i in wanted}, at))
            if progress is not None and len(rows) % 5000 == 0:
                progress(path.name, line, total)
    except csv.Error as e:
        problems.add(file, reader.line_num, 1, f"malformed CSV: {e}", "check the quoting")
    if progress is not None:
        progress(path.name, total, total)
    return rows


def _offsets(values: list[str]) -> list[int]:
    out, column = [], 1
    for value in values:
        out.append(column)
        column += len(value) + 1
    return out


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def number(
    row: Row, file: str, column: str, low: float, high: float, problems: Problems
) -> float | None:
    """The number in `column` of `row`, or None (and a problem) if it is not one in [low, high]."""
    text = row.fields[column]
    try:
        value = float(text)
    except ValueError:
        problems.at(row, file, column, f"{column}: '{text}' is not a number")
        return None
    if not (low <= value <= high) or math.isnan(value):
        problems.at(row, file, column, f"{column}: {text} is outside {low:g}..{high:g}")
        return None
    return value


_SYMBOLS = (("c++", "c plus plus"), ("c#", "c sharp"), ("f#", "f sharp"), ("&", " and "))
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = MAX_ID_LENGTH) -> str:
    """A readable id: ASCII, lowercase, hyphens; cut at a hyphen to at most `max_length`.

    Accents are dropped (é -> e) and a few symbols spelt out (C++ -> c-plus-plus, & -> and), so
    that different names rarely meet; text with no ASCII letters or digits gives ''.
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    for symbol, words in _SYMBOLS:
        plain = plain.replace(symbol, f" {words} ")
    slug = _NOT_SLUG.sub("-", plain).strip("-")
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[: cut if cut > 0 else max_length].strip("-")
    return slug


def short_hash(text: str) -> str:
    """Six hex digits naming `text`: the same on every run and machine."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


def unique_ids(
    names: Mapping[str, str], suffix: Callable[[str], str], taken: Iterable[str] = ()
) -> dict[str, str]:
    """A unique slug id for each key of `names` (key -> display text).

    Keys whose slugs meet are ordered by (text, key): the first keeps the plain slug, the others
    get `-<suffix(key)>`. Texts that give no slug use the suffix alone, after 'x-'. The result
    depends only on the input, never on dict order or run.
    """
    used = set(taken)
    out: dict[str, str] = {}
    for key in sorted(names, key=lambda k: (slugify(names[k]), names[k], k)):
        base = slugify(names[key])
        candidate = base if base and base not in used else ""
        if not candidate:
            tail = slugify(suffix(key), 40) or short_hash(key)
            candidate = f"{base}-{tail}" if base else f"x-{tail}"
            n = 2
            while candidate in used:
                candidate = f"{base or 'x'}-{tail}-{n}"
                n += 1
        used.add(candidate)
        out[key] = candidate
    return out


def pick_aliases(
    candidates: Mapping[str, Sequence[str]], reserved: Iterable[str], limit: int
) -> dict[str, list[str]]:
    """Up to `limit` alias slugs per role, in candidate order, each naming one role only.

    A slug that several roles offer, or that is `reserved` (a role or skill id), is dropped for
    every role: an alias must say which role it means.
    """
    claims: dict[str, set[str]] = {}
    for rid, texts in candidates.items():
        for text in texts:
            slug = slugify(text, 200)
            if slug:
                claims.setdefault(slug, set()).add(rid)
    blocked = set(reserved)
    out: dict[str, list[str]] = {}
    for rid, texts in candidates.items():
        picked: list[str] = []
        for text in texts:
            slug = slugify(text, 200)
            if slug and slug not in blocked and claims[slug] == {rid} and slug not in picked:
                picked.append(slug)
            if len(picked) == limit:
                break
        out[rid] = picked
    return out


def doubling_curve(scale: float, levels: int) -> list[int]:
    """Hours per level step: scale, 2·scale, 4·scale, ... rounded to whole hours (at least 1)."""
    return [max(1, round(scale * 2**k)) for k in range(levels)]


def cumulative_units(level: int) -> float:
    """Hours from 0 to `level` on a doubling curve of scale 1: 1, 3, 7, 15, 31."""
    return float(2**level - 1)


def fit_scale(samples: Iterable[tuple[float, float]], default: float) -> float:
    """The scale s minimising the squared relative error of s·units against target hours.

    `samples` are (units, target) pairs, one per role: units = sum of `cumulative_units` of its
    requirements, target = its preparation hours. Closed form: s = Σ(u/t) / Σ(u/t)². With no
    usable sample, `default`.
    """
    ratios = [u / t for u, t in samples if u > 0 and t > 0]
    squares = sum(r * r for r in ratios)
    return sum(ratios) / squares if squares > 0 else default


def iter_progress(items: Sequence[Any], label: str, progress: ProgressFn | None) -> Iterator[Any]:
    """Yield `items`, reporting progress every 500 of them."""
    total = len(items)
    for i, item in enumerate(items, 1):
        yield item
        if progress is not None and (i % 500 == 0 or i == total):
            progress(label, i, total)
