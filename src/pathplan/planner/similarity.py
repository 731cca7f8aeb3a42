"""How alike two roles' work is, and each role's nearest roles by it.

A property of two roles, not of whoever holds them, and the same both ways: it can define a
graph of viable moves as well as rank `adjacent`. Four parts, each 0..1, from what the
framework holds (docs/adjacency.md has the reasons and the measurements):

- skills, what the roles ask. Where both carry ratings (`importance`, `level_ratings`: O*NET
  imports), how close all the ratings are: 1 - d / R, where d is the root mean square
  difference of the ratings (each as a fraction of its scale) and R the same for two roles
  picked at random from this framework, so 1 is the same ratings and 0 (the least) as far apart
  as a random pair. Otherwise the cosine of the requirement levels (level/N; each option of a
  `requires_any` group its share; `optional` at half weight), weighted by TF-IDF.
- activities: TF-IDF cosine of the work activities (`activities`, O*NET DWA ids).
- titles: TF-IDF cosine of the words of the names, aliases, `titles` and descriptions.
- technology: TF-IDF cosine of the technology skills (`technology`).

`total` is the weighted mean of the parts both roles have data for (WEIGHTS: half on what the
roles ask, half on what they do); a part either role lacks is left out, so a hand-written
framework is compared on its skills and titles. `level_fit` is separate: how close the two
roles' seniority and job zone are, also symmetric. `neighbours` ranks by
score = total + LEVEL_WEIGHT x level_fit.

The vectors of every role are built once per framework (an index, kept in memory for the
framework's lifetime and beside its cache entry between runs), so ranking all roles from one
costs a few milliseconds even for ESCO's 3,000.
"""

from __future__ import annotations

import heapq
import itertools
import marshal
import math
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import mul
from typing import Any

from pathplan.errors import UnknownNameError
from pathplan.model import Framework, Role
from pathplan.planner.memo import per_framework

__all__ = [
    "LEVEL_WEIGHT",
    "PARTS",
    "WEIGHTS",
    "Match",
    "Similarity",
    "level_fit",
    "neighbours",
    "similarity",
]

PARTS = ("skills", "activities", "titles", "technology")
# Half the weight on what the roles ask, half shared by the three descriptions of the work.
WEIGHTS: Mapping[str, float] = {"skills": 3.0, "activities": 1.0, "titles": 1.0, "technology": 1.0}
# Light: at most a tenth added, so seniority or job zone sorts among similar roles only.
LEVEL_WEIGHT = 0.1
# Same seniority or job zone 1, one apart 0.5, further 0; unknown on either side 0.5.
_LEVEL_FIT = {0: 1.0, 1: 0.5}
UNKNOWN_LEVEL_FIT = 0.5
OPTIONAL_WEIGHT = 0.5  # an optional skill counts half a required one
# Bump when the index's content or layout changes: an index stored by an older build is then
# rebuilt instead of misread.
INDEX_FORMAT = 1
_INDEX_NAME = f"similarity-{INDEX_FORMAT}"


@dataclass(frozen=True)
class Similarity:
    """How alike two roles' work is: each part 0..1, None where either role lacks its data."""

    skills: float | None
    activities: float | None
    titles: float | None
    technology: float | None
    total: float  # the weighted mean of the parts that are not None (0 if none is)

    def parts(self) -> dict[str, float]:
        """The parts both roles have data for, by name, in PARTS order."""
        return {name: v for name in PARTS if (v := getattr(self, name)) is not None}


@dataclass(frozen=True)
class Match:
    """One role as seen from another: how alike their work is, and how close their level."""

    role: str
    similarity: Similarity
    level_fit: float
    score: float  # similarity.total + LEVEL_WEIGHT * level_fit


def similarity(framework: Framework, a: str, b: str) -> Similarity:
    """How alike the work of roles `a` and `b` is (ids); the same as `similarity(fw, b, a)`.

    UnknownNameError if either is not a role of the framework.
    """
    index = _index_of(framework)
    i, j = index.position_of(framework, a), index.position_of(framework, b)
    values: dict[str, float | None] = {}
    for name in PARTS:
        part = index.parts[name]
        if name == "skills" and index.ratings is not None and index.ratings.both(i, j):
            values[name] = index.ratings.closeness(i, j)
        elif part.has(i) and part.has(j):
            values[name] = min(1.0, part.dot(i, j))
        else:
            values[name] = None
    return _similarity(list(values.values()))


def level_fit(a: Role, b: Role) -> float:
    """How close two roles' seniority and job zone are: 1 same, 0.5 one apart, else 0.

    The mean of the two where both are known on both roles; UNKNOWN_LEVEL_FIT where neither is.
    Symmetric: a step up and a step down count alike.
    """
    fits = []
    if a.seniority is not None and b.seniority is not None:
        fits.append(_LEVEL_FIT.get(abs(a.seniority - b.seniority), 0.0))
    if a.job_zone is not None and b.job_zone is not None:
        fits.append(_LEVEL_FIT.get(abs(a.job_zone - b.job_zone), 0.0))
    return sum(fits) / len(fits) if fits else UNKNOWN_LEVEL_FIT


def neighbours(framework: Framework, role: str, top: int | None = None) -> list[Match]:
    """Every other role, best first by score (then id), or only the first `top`.

    Scores all roles at once from the framework's index; only the roles returned get their
    parts spelled out. UnknownNameError if `role` is not a role of the framework.
    """
    index = _index_of(framework)
    i = index.position_of(framework, role)
    columns = _columns(index, i)
    # Column by column over all roles: the weighted sum of the parts present, and their weight.
    n = len(index.ids)
    sums, weights = [0.0] * n, [0.0] * n
    for name, column in zip(PARTS, columns, strict=True):
        w = WEIGHTS[name]
        sums = [t if v is None else t + w * v for t, v in zip(sums, column, strict=True)]
        weights = [t if v is None else t + w for t, v in zip(weights, column, strict=True)]
    origin = framework.roles[role]
    fits: dict[tuple[int | None, int | None], float] = {}
    scored = []
    for j, (rid, other) in enumerate(framework.roles.items()):
        if j == i:
            continue
        key = (other.seniority, other.job_zone)
        fit = fits.get(key)
        if fit is None:
            fit = fits[key] = level_fit(origin, other)
        total = sums[j] / weights[j] if weights[j] else 0.0
        scored.append((-(total + LEVEL_WEIGHT * fit), rid, j, fit))
    chosen = sorted(scored) if top is None else heapq.nsmallest(top, scored)
    return [
        Match(rid, _similarity([column[j] for column in columns]), fit, -negated)
        for negated, rid, j, fit in chosen
    ]


def _total(values: Sequence[float | None]) -> float:
    weight = total = 0.0
    for name, value in zip(PARTS, values, strict=True):
        if value is not None:
            weight += WEIGHTS[name]
            total += WEIGHTS[name] * value
    return total / weight if weight else 0.0


def _similarity(values: Sequence[float | None]) -> Similarity:
    skills, activities, titles, technology = values
    return Similarity(skills, activities, titles, technology, _total(values))


def _columns(index: _Index, i: int) -> list[list[float | None]]:
    """Each part of role i with every role (PARTS order; None where either lacks its data)."""
    n = len(index.ids)
    columns: list[list[float | None]] = []
    for part in index.parts.values():
        if not part.has(i):
            columns.append([None] * n)
            continue
        dots, present = part.dots(i), part.present
        columns.append([min(1.0, dots.get(j, 0.0)) if present[j] else None for j in range(n)])
    ratings = index.ratings
    if ratings is not None and ratings.has(i):
        # Where both carry ratings, the skills part is their closeness instead.
        row, skills = ratings.row(i), columns[0]
        for j in range(n):
            if ratings.rated[j]:
                skills[j] = ratings.closeness(i, j, row)
    return columns


# --- the index: every role's vectors, built once per framework --------------------------------


@dataclass(frozen=True)
class _Sparse:
    """Unit-length TF-IDF vectors of every role, by role (rows) and by term (postings).

    Compressed in flat arrays, which load from bytes at once: row i's terms are
    row_term[row_start[i]:row_start[i + 1]], term t's roles term_role[term_start[t]:...].
    """

    row_start: array[int]
    row_term: array[int]
    row_weight: array[float]
    term_start: array[int]
    term_role: array[int]
    term_weight: array[float]
    present: bytes  # 1 where the role has any term

    def has(self, i: int) -> bool:
        return bool(self.present[i])

    def dots(self, i: int) -> dict[int, float]:
        """Cosine of role i with every role sharing a term with it."""
        out: dict[int, float] = {}
        get = out.get
        start, roles, weights = self.term_start, self.term_role, self.term_weight
        for k in range(self.row_start[i], self.row_start[i + 1]):
            term, weight = self.row_term[k], self.row_weight[k]
            for p in range(start[term], start[term + 1]):
                j = roles[p]
                out[j] = get(j, 0.0) + weight * weights[p]
        return out

    def dot(self, i: int, j: int) -> float:
        """Cosine of roles i and j."""
        mine = {
            self.row_term[k]: self.row_weight[k]
            for k in range(self.row_start[i], self.row_start[i + 1])
        }
        return sum(
            mine.get(self.row_term[k], 0.0) * self.row_weight[k]
            for k in range(self.row_start[j], self.row_start[j + 1])
        )

    def plain(self) -> tuple[bytes, ...]:
        return (*(a.tobytes() for a in _sparse_arrays(self)), self.present)

    def valid(self, n: int) -> bool:
        """Whether these arrays can be what `_tfidf` makes for `n` roles.

        Every offset and index in range, every weight a finite number in [0, 1]: a stored
        index is checked before use.
        """
        rows, terms = self.row_start, self.term_start
        if len(rows) != n + 1 or len(self.present) != n or not terms:
            return False
        if not (_starts(rows, len(self.row_term)) and _starts(terms, len(self.term_role))):
            return False
        if len(self.row_weight) != len(self.row_term):
            return False
        if len(self.term_weight) != len(self.term_role):
            return False
        return (
            _within(self.row_term, 0, len(terms) - 2)
            and _within(self.term_role, 0, n - 1)
            and _unit(self.row_weight)
            and _unit(self.term_weight)
            and set(self.present) <= {0, 1}
        )

    @classmethod
    def from_plain(cls, plain: Sequence[bytes]) -> _Sparse:
        *raw, present = plain
        starts, terms, weights, term_starts, roles, term_weights = _arrays(_SPARSE_CODES, raw)
        return cls(starts, terms, weights, term_starts, roles, term_weights, present)


_SPARSE_CODES = ("i", "i", "f", "i", "i", "f")


def _sparse_arrays(part: _Sparse) -> tuple[array[Any], ...]:
    return (
        part.row_start,
        part.row_term,
        part.row_weight,
        part.term_start,
        part.term_role,
        part.term_weight,
    )


def _arrays(codes: Sequence[str], raw: Sequence[bytes]) -> list[array[Any]]:
    out = []
    for code, data in zip(codes, raw, strict=True):
        a = array(code)
        a.frombytes(data)
        out.append(a)
    return out


def _starts(starts: array[int], total: int) -> bool:
    """Offsets from 0 to `total`, never going back."""
    return (
        starts[0] == 0
        and starts[-1] == total
        and all(a <= b for a, b in itertools.pairwise(starts))
    )


def _within(values: array[int], low: int, high: int) -> bool:
    return not values or (min(values) >= low and max(values) <= high)


def _unit(weights: array[float]) -> bool:
    # fsum of a NaN or an infinity is not finite: one C-speed pass finds them.
    return not weights or (
        math.isfinite(math.fsum(weights)) and min(weights) >= 0 and max(weights) <= 1.0001
    )


def _tfidf(bags: Sequence[Mapping[str, float]]) -> _Sparse:
    """Rows of term weights scaled by idf = ln((1 + n) / (1 + df)) + 1, then to unit length."""
    n = len(bags)
    df = Counter(term for bag in bags for term in bag)
    number = {term: k for k, term in enumerate(sorted(df))}
    idf = {term: math.log((1 + n) / (1 + count)) + 1 for term, count in df.items()}
    row_start, row_term, row_weight = [0], [], []
    postings: list[list[tuple[int, float]]] = [[] for _ in number]
    for i, bag in enumerate(bags):
        row = sorted((number[t], w * idf[t]) for t, w in bag.items() if w > 0)
        norm = math.sqrt(sum(w * w for _, w in row))
        for k, w in row:
            row_term.append(k)
            row_weight.append(w / norm)
            postings[k].append((i, w / norm))
        row_start.append(len(row_term))
    term_start, term_role, term_weight = [0], [], []
    for plist in postings:
        term_role += [i for i, _ in plist]
        term_weight += [w for _, w in plist]
        term_start.append(len(term_role))
    return _Sparse(
        array("i", row_start),
        array("i", row_term),
        array("f", row_weight),
        array("i", term_start),
        array("i", term_role),
        array("f", term_weight),
        present=bytes(row_start[i + 1] > row_start[i] for i in range(n)),
    )


@dataclass(frozen=True)
class _Ratings:
    """Every rated role's ratings, as fractions of their scales, in one flat array."""

    dims: int
    rated: bytes  # 1 where the role has ratings
    values: array[float]  # roles x dims; zeros for unrated roles
    squares: array[float]  # each row's sum of squares
    spread: float  # R: the RMS difference of two roles picked at random

    def has(self, i: int) -> bool:
        return bool(self.rated[i])

    def both(self, i: int, j: int) -> bool:
        return self.has(i) and self.has(j)

    def row(self, i: int) -> array[float]:
        return self.values[i * self.dims : (i + 1) * self.dims]

    def closeness(self, i: int, j: int, row: array[float] | None = None) -> float:
        """1 - RMS difference / spread, at least 0 (`row` is row i, when already sliced)."""
        mine = self.row(i) if row is None else row
        d2 = self.squares[i] + self.squares[j] - 2 * sum(map(mul, mine, self.row(j)))
        return max(0.0, 1 - math.sqrt(max(0.0, d2) / self.dims) / self.spread)

    def plain(self) -> tuple[Any, ...]:
        return (self.dims, self.rated, self.values.tobytes(), self.squares.tobytes(), self.spread)

    def valid(self, n: int) -> bool:
        """Whether these are ratings of `n` roles, every number finite."""
        return (
            isinstance(self.dims, int)
            and self.dims >= 1
            and isinstance(self.rated, bytes)
            and len(self.rated) == n
            and len(self.values) == n * self.dims
            and len(self.squares) == n
            and isinstance(self.spread, float)
            and math.isfinite(self.spread)
            and self.spread > 0
            and math.isfinite(math.fsum(self.values) + math.fsum(self.squares))
        )

    @classmethod
    def from_plain(cls, plain: Sequence[Any]) -> _Ratings:
        dims, rated, raw_values, raw_squares, spread = plain
        values, squares = _arrays(("d", "d"), (raw_values, raw_squares))
        return cls(dims, rated, values, squares, spread)


def _ratings(roles: Sequence[Role], top: int) -> _Ratings | None:
    """The ratings of the roles that carry any; None unless at least two differ."""
    dims = sorted(
        {("importance", s) for r in roles for s in r.importance}
        | {("level", s) for r in roles for s in r.level_ratings}
    )
    raw: list[list[float | None] | None] = [
        [(r.importance if kind == "importance" else r.level_ratings).get(s) for kind, s in dims]
        if r.importance or r.level_ratings
        else None
        for r in roles
    ]
    scale = [5.0 if kind == "importance" else float(top) for kind, _ in dims]
    rated = [row for row in raw if row is not None]
    if len(rated) < 2:
        return None
    # An element a role has no rating for counts as the mean of the roles that rate it.
    means = []
    for d in range(len(dims)):
        seen = [v for row in rated if (v := row[d]) is not None]
        means.append(sum(seen) / len(seen) / scale[d] if seen else 0.0)
    rows = [
        [means[d] if v is None else v / scale[d] for d, v in enumerate(row)] if row else None
        for row in raw
    ]
    # The mean squared difference of two rows picked at random is twice their variance.
    full = [row for row in rows if row is not None]
    variance = 0.0
    for d in range(len(dims)):
        column = [row[d] for row in full]
        mean = sum(column) / len(column)
        variance += sum((x - mean) ** 2 for x in column) / len(column)
    spread = math.sqrt(2 * variance / len(dims))
    if spread == 0:
        return None
    values: list[float] = []
    for row in rows:
        values += row if row is not None else [0.0] * len(dims)
    return _Ratings(
        dims=len(dims),
        rated=bytes(row is not None for row in rows),
        values=array("d", values),
        squares=array("d", [sum(x * x for x in row) if row else 0.0 for row in rows]),
        spread=spread,
    )


# fmt: off
_STOP = frozenset({
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "other",
    "others", "the", "to", "with", "without", "except", "all", "any", "their", "them", "they",
    "this", "that", "these", "those", "its", "it", "is", "are", "be",
})
# fmt: on
_NOT_WORD = str.maketrans(dict.fromkeys("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~0123456789", " "))


def _stem(word: str) -> str:
    # Plurals only, so that "developers" meets "developer"; nothing cleverer is needed.
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _words(texts: Iterable[str], memo: dict[str, str]) -> dict[str, float]:
    """Word -> 1 + ln(count), stop words and digits out, plurals folded (`memo` caches stems)."""
    counts: dict[str, int] = {}
    for word, n in Counter(" ".join(texts).lower().translate(_NOT_WORD).split()).items():
        stem = memo.get(word)
        if stem is None:
            stem = memo[word] = "" if len(word) < 2 or word in _STOP else _stem(word)
        if stem:
            counts[stem] = counts.get(stem, 0) + n
    return {w: 1 + math.log(n) for w, n in counts.items()}


def _skill_bag(role: Role, top: int) -> dict[str, float]:
    bag: dict[str, float] = {}

    def add(sid: str, weight: float) -> None:
        bag[sid] = max(bag.get(sid, 0.0), weight)

    for sid, level in role.requires.items():
        add(sid, level / top)
    for group in role.requires_any:
        for sid, level in group.items():
            add(sid, level / top / len(group))
    for sid, level in role.optional.items():
        add(sid, OPTIONAL_WEIGHT * level / top)
    return bag


@dataclass(frozen=True)
class _Index:
    ids: tuple[str, ...]
    position: Mapping[str, int]
    ratings: _Ratings | None
    parts: Mapping[str, _Sparse]  # in PARTS order

    def position_of(self, framework: Framework, role: str) -> int:
        found = self.position.get(role)
        if found is None:
            raise UnknownNameError("role", role, framework.role_names)
        return found

    def to_bytes(self) -> bytes:
        ratings = None if self.ratings is None else self.ratings.plain()
        parts = [self.parts[name].plain() for name in PARTS]
        return marshal.dumps((INDEX_FORMAT, self.ids, ratings, parts))

    @classmethod
    def from_bytes(cls, raw: bytes) -> _Index | None:
        """The index `to_bytes` wrote, or None for anything else."""
        try:
            version, ids, ratings, parts = marshal.loads(raw)
            if version != INDEX_FORMAT:
                return None
            return cls(
                ids=tuple(ids),
                position={rid: i for i, rid in enumerate(ids)},
                ratings=None if ratings is None else _Ratings.from_plain(ratings),
                parts={name: _Sparse.from_plain(p) for name, p in zip(PARTS, parts, strict=True)},
            )
        except (ValueError, TypeError, EOFError):
            return None


def _build(framework: Framework) -> _Index:
    ids = tuple(framework.roles)
    roles = [framework.roles[rid] for rid in ids]
    top = framework.max_level
    memo: dict[str, str] = {}
    parts = {
        "skills": _tfidf([_skill_bag(r, top) for r in roles]),
        "activities": _tfidf([dict.fromkeys(r.activities, 1.0) for r in roles]),
        "titles": _tfidf(
            [_words([r.name, *r.aliases, *r.titles, r.description or ""], memo) for r in roles]
        ),
        "technology": _tfidf(
            [dict.fromkeys((t.lower() for t in r.technology), 1.0) for r in roles]
        ),
    }
    return _Index(ids, {rid: i for i, rid in enumerate(ids)}, _ratings(roles, top), parts)


def _index_of(framework: Framework) -> _Index:
    return per_framework(framework, "similarity index", lambda: _load(framework))


def _load(framework: Framework) -> _Index:
    index = _stored(framework)
    if index is None:
        index = _build(framework)
        if framework.derived is not None:
            framework.derived.write(_INDEX_NAME, index.to_bytes())
    return index


def _stored(framework: Framework) -> _Index | None:
    raw = framework.derived.read(_INDEX_NAME) if framework.derived is not None else None
    index = _Index.from_bytes(raw) if raw is not None else None
    # Keyed by the framework's content, so the ids match; checked all the same, with every
    # array in range: a damaged or forged index must not crash or mislead `adjacent`.
    if index is None or index.ids != tuple(framework.roles):
        return None
    n = len(index.ids)
    ratings_ok = index.ratings is None or index.ratings.valid(n)
    return index if ratings_ok and all(p.valid(n) for p in index.parts.values()) else None
