"""The pathplan error family: typed exceptions that carry the cause and its numbers.

The core (loader, graph, planner) raises these with data; it never words them for a command
line. `str(error)` is a plain description for Python callers; the CLI (`pathplan.cli.output`)
and the batch renderer choose their own words, naming their own options.

    PathplanError
    ├── UsageError            a request the framework cannot answer as asked
    │   ├── UnknownNameError      a role or skill name the framework does not have
    │   ├── InvalidValueError     a value out of range (also a ValueError)
    │   ├── MissingRoleError      a role the request needs was not given
    │   ├── AvoidedEndError       a role both avoided and an end of the route
    │   ├── ViaWithoutMoveError   via roles on a route from a role to itself
    │   ├── UnknownFormatError    a file whose format cannot be told
    │   ├── InputPathError        a path given to read that is not a readable file or folder
    │   ├── CalendarError         a schedule that would run past the last date there is
    │   ├── MissingExtraError     a feature whose optional dependencies are not installed
    │   ├── ClusterError          a Dask scheduler that cannot be reached
    │   ├── WorkerLostError       a local worker process that ended before it answered
    │   └── ForeignFilesError     writing would replace files pathplan did not write
    ├── DataError             invalid framework, profile, roster or batch data (every Problem)
    └── NoRouteError          no route satisfies the request; subclasses say which constraint
        ├── NoDeclaredPathError, AvoidedRolesError, ViaUnreachableError, ViaCombinationError
        ├── MaxStepError          carries the cheapest route without the limit and its largest move
        └── SearchStoppedError    the search ran out of its budget before it found a route
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol


class _Move(Protocol):
    @property
    def hours(self) -> float: ...


class RouteLike(Protocol):
    """What an error needs of a route (`pathplan.planner.results.Route` is one)."""

    @property
    def roles(self) -> tuple[str, ...]: ...

    @property
    def moves(self) -> Sequence[_Move]: ...


class _Budget(Protocol):
    @property
    def seconds(self) -> float | None: ...

    @property
    def memory_mib(self) -> float | None: ...


class StopLike(Protocol):
    """What an error needs of a search's stop (`pathplan.planner.budget.Stop` is one)."""

    @property
    def reason(self) -> str: ...

    @property
    def budget(self) -> _Budget: ...

    @property
    def elapsed(self) -> float: ...

    @property
    def explored(self) -> int: ...


@dataclass(frozen=True)
class Problem:
    """One problem found in a data file, at a place a person can jump to.

    `listed` names the kind of thing ("role", "skill") when the problem is an unknown name with
    no close match: the CLI then says where the known ones are listed. `described` names the
    document that describes the file's format ("data", "rosters"): the CLI says how to read it.
    """

    file: str
    line: int
    column: int
    message: str
    hint: str | None = None
    listed: str | None = None
    described: str | None = None

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class PathplanError(Exception):
    """Base of every error a user can cause.

    `message` and `hint` describe it plainly, without command-line words; subclasses carry the
    data a caller needs to say it their own way.
    """

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self) -> tuple[object, ...]:
        # Errors travel between processes with their results (parallel batches, Dask). Pickle
        # rebuilds an exception by calling it with `args`, but subclasses take data, not the
        # message: rebuild from the fields instead.
        return (_rebuild, (type(self), self.__dict__))


def _rebuild(cls: type[PathplanError], fields: dict[str, object]) -> PathplanError:
    error = cls.__new__(cls)
    error.__dict__.update(fields)
    error.args = (error.message,)
    return error


class UsageError(PathplanError):
    """A request that cannot be answered as asked: a bad name, value or combination."""


class UnknownNameError(UsageError):
    """A role or skill name that the framework does not have; `suggestions` are close ones."""

    def __init__(self, kind: str, name: str, known: Iterable[str] | Mapping[str, str]) -> None:
        self.kind = kind
        self.name = name
        self.suggestions = closest(name, known, limit=3)
        hint = f"did you mean {or_list(self.suggestions)}?" if self.suggestions else None
        super().__init__(f"unknown {kind} '{name}'", hint)


class InvalidValueError(UsageError, ValueError):
    """A value outside what it may be: `what` names the quantity, `value` is as given."""

    def __init__(self, what: str, value: object, message: str, hint: str | None = None) -> None:
        self.what = what
        self.value = value
        super().__init__(message, hint)


class MissingRoleError(UsageError):
    """A role the request needs was not given.

    `which` is "holder" (neither a role nor a profile), "start", "target", or "person" (a
    roster's person with no role; `who` is the person's id).
    """

    def __init__(self, which: str, who: str | None = None) -> None:
        self.which = which
        self.who = who
        text = {
            "holder": "no role or profile says who the plan is for",
            "start": "no start role",
            "target": "no target role",
        }.get(which, f"person '{who}' has no role")
        super().__init__(text)


class AvoidedEndError(UsageError):
    """A route whose start or target is also among the roles to avoid."""

    def __init__(self, role: str) -> None:
        self.role = role
        super().__init__(f"'{role}' is both avoided and an end of the route")


class ViaWithoutMoveError(UsageError):
    """Via roles asked for on a route from a role to itself, which has no moves to pass them."""

    def __init__(self, role: str) -> None:
        self.role = role
        super().__init__("via roles need a route between two different roles")


class UnknownFormatError(UsageError):
    """A file whose format is neither given nor told by its extension; `formats` are known."""

    def __init__(self, path: str, formats: tuple[str, ...], given: str | None = None) -> None:
        self.path = path
        self.formats = formats
        self.given = given
        if given is not None:
            message = f"unknown roster format '{given}'"
        else:
            message = f"cannot tell the format of roster '{path}' from its extension"
        super().__init__(message, f"choose one of: {', '.join(formats)}")


class InputPathError(UsageError):
    """`path` cannot be read as what it was given for; `reason` says why.

    Reasons: "missing", "folder" (a file was wanted), "not-folder" (a folder was wanted),
    "special" (a device or socket: reading it could never end), "stalled" (a pipe that sent
    nothing for `seconds`), "csv-profile" (a CSV file given as a profile), "denied" and "error"
    (the system's words are in `detail`).
    """

    WORDS: ClassVar[dict[str, str]] = {
        "missing": "it does not exist",
        "folder": "it is a folder",
        "not-folder": "it is not a folder",
        "special": "it is not a regular file",
        "stalled": "nothing came through it",
        "csv-profile": "a profile is YAML, not CSV",
        "denied": "permission denied",
    }

    def __init__(
        self, path: str, reason: str, detail: str | None = None, seconds: float | None = None
    ) -> None:
        self.path = path
        self.reason = reason
        self.detail = detail
        self.seconds = seconds
        words = self.WORDS.get(reason) or detail or reason
        if reason == "stalled" and seconds is not None:
            words = f"nothing came through it in {seconds:g} s"
        super().__init__(f"cannot read '{path}': {words}")


class CalendarError(UsageError):
    """A schedule from `start` at `hours_per_week` would end after the last date there is."""

    def __init__(self, start: object, hours_per_week: float, last: object) -> None:
        self.start = start
        self.hours_per_week = hours_per_week
        self.last = last
        super().__init__(f"the schedule runs past {last}", "start earlier or learn more a week")


class ForeignFilesError(UsageError):
    """Writing into `folder` would replace `files` (names in it), which pathplan did not write."""

    def __init__(self, folder: str, files: tuple[str, ...]) -> None:
        self.folder = folder
        self.files = files
        super().__init__(
            f"'{folder}' holds {quoted(files)}, which pathplan did not write",
            "write to another folder, or move them away",
        )


class MissingExtraError(UsageError):
    """A feature needs optional dependencies that are not installed (`extra`: their name)."""

    def __init__(self, feature: str, extra: str) -> None:
        self.feature = feature
        self.extra = extra
        super().__init__(
            f"{feature} needs the optional '{extra}' dependencies",
            f'install them: pip install "pathplan[{extra}]"',
        )


class ClusterError(UsageError):
    """The Dask scheduler at `address` could not be reached (`reason` says why)."""

    def __init__(self, address: str, reason: str) -> None:
        self.address = address
        self.reason = reason
        super().__init__(
            f"cannot reach the Dask scheduler at '{address}': {reason}",
            "check the address (tcp://HOST:8786) and that the scheduler is running",
        )


class WorkerLostError(UsageError):
    """A local worker process ended before it answered (`reason` says what was seen)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(
            f"a worker process ended before it answered: {reason}",
            "it may have run out of memory or been stopped: run again, with fewer workers if "
            "it happens again",
        )


class DataError(PathplanError):
    """Invalid framework, profile, roster or batch data; carries every problem found."""

    # Problems kept at most: past this, the rest are counted in one last problem. A file that
    # repeats one mistake (or an alias bomb around it) must not bury the first ones.
    LIMIT = 1000

    def __init__(self, problems: list[Problem], more: int = 0) -> None:
        """`more`: problems found but not kept (a reader streaming a long file counts them)."""
        found = sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.message))
        count = len(found) + more
        if count > self.LIMIT and len(found) > self.LIMIT:
            first, rest = found[self.LIMIT], f"{count - self.LIMIT:,} more problems from here"
            tail = Problem(first.file, first.line, first.column, rest)
            found = [*found[: self.LIMIT], tail]
        self.problems = found
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the data")


class NoRouteError(PathplanError):
    """No route from `start` to `target` satisfies the request.

    `direct` says whether moves between any two roles were already allowed (so widening to them
    is no remedy). Subclasses say which constraint cut every route.
    """

    def __init__(self, start: str, target: str, *, direct: bool, message: str) -> None:
        self.start = start
        self.target = target
        self.direct = direct
        super().__init__(message)


class NoDeclaredPathError(NoRouteError):
    """No chain of declared next/adjacent moves leads from start to target."""

    def __init__(self, start: str, target: str) -> None:
        super().__init__(
            start,
            target,
            direct=False,
            message=f"no declared moves lead from '{start}' to '{target}'",
        )


class AvoidedRolesError(NoRouteError):
    """Every route passes through one of the `avoid` roles."""

    def __init__(self, start: str, target: str, avoid: tuple[str, ...], *, direct: bool) -> None:
        self.avoid = avoid
        super().__init__(
            start,
            target,
            direct=direct,
            message=f"every route from '{start}' to '{target}' passes through {quoted(avoid)}",
        )


class ViaUnreachableError(NoRouteError):
    """No route passes through the via role `stop`."""

    def __init__(self, start: str, target: str, stop: str, *, direct: bool) -> None:
        self.stop = stop
        super().__init__(
            start,
            target,
            direct=direct,
            message=f"no route from '{start}' to '{target}' passes through '{stop}'",
        )


class ViaCombinationError(NoRouteError):
    """Each via role is reachable, but no simple route passes through all of them."""

    def __init__(self, start: str, target: str, via: tuple[str, ...], *, direct: bool) -> None:
        self.via = via
        super().__init__(
            start,
            target,
            direct=direct,
            message=f"no simple route from '{start}' to '{target}' passes through {quoted(via)}",
        )


class MaxStepError(NoRouteError):
    """Every route has a move over `max_step` hours.

    `cheapest` is the cheapest route without the limit (None when there is none either) and
    `largest` the hours of its largest move: the limit that would allow it.
    """

    def __init__(
        self,
        start: str,
        target: str,
        max_step: float,
        *,
        direct: bool,
        cheapest: RouteLike | None = None,
    ) -> None:
        self.max_step = max_step
        self.cheapest = cheapest
        self.largest = max(m.hours for m in cheapest.moves) if cheapest is not None else None
        super().__init__(
            start,
            target,
            direct=direct,
            message=f"no route from '{start}' to '{target}' keeps every move within {max_step:g} h",
        )


class SearchStoppedError(NoRouteError):
    """The route search ran out of its budget before it found an allowed route.

    `stop` says which limit (`reason`: time or memory), the budget, and how far the search got;
    `bound` is the fewest hours any allowed route can take, as far as the search proved (None
    when it proved nothing).
    """

    def __init__(
        self, start: str, target: str, stop: StopLike, bound: float | None, *, direct: bool
    ) -> None:
        self.stop = stop
        self.bound = bound
        limit = "time" if stop.reason == "time" else "memory"
        super().__init__(
            start,
            target,
            direct=direct,
            message=f"the route search from '{start}' to '{target}' ran out of {limit} after "
            f"{stop.explored:,} steps without finding an allowed route",
        )


def quoted(names: Iterable[str]) -> str:
    """Names quoted and joined by commas: 'a', 'b'."""
    return ", ".join(f"'{n}'" for n in names)


def _suggest(name: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Close matches for a mistyped name, best first; none when nothing is close.

    Close means a few typing slips away: one edit (a letter wrong, missing, extra, or two
    swapped) for names up to 4 letters, two up to 8, three beyond. difflib finds candidates
    fast; the edit count keeps only real near-misses ('nope' is not 'netops').
    """
    lowered = {k.lower(): k for k in known}
    typed = name.lower()
    allowed = 1 if len(typed) <= 4 else 2 if len(typed) <= 8 else 3
    hits = difflib.get_close_matches(typed, list(lowered), n=max(3 * limit, 10), cutoff=0.6)
    near = [(edits(typed, h, allowed), i, h) for i, h in enumerate(hits)]
    return [lowered[h] for d, _, h in sorted(near) if d <= allowed][:limit]


def edits(a: str, b: str, most: int) -> int:
    """Typing slips between `a` and `b` (optimal string alignment), or `most + 1` if over `most`."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > most:
            return most + 1
        before, row = row, current
    return min(row[-1], most + 1)


def closest(name: str, known: Iterable[str] | Mapping[str, str], limit: int = 1) -> list[str]:
    """Close matches for a mistyped name; with a mapping of spellings to ids, ids, each once."""
    if isinstance(known, Mapping):
        # Several spellings (id, alias, name) lead to one thing: suggest each thing once.
        hits = _suggest(name, known, limit=2 * limit + 3)
        return list(dict.fromkeys(known[h] for h in hits))[:limit]
    return _suggest(name, known, limit)


def did_you_mean(
    name: str,
    known: Iterable[str] | Mapping[str, str],
    otherwise: str | None = None,
    limit: int = 1,
) -> str | None:
    """The hint for a mistyped name: "did you mean ...?", or `otherwise` when nothing is close."""
    found = closest(name, known, limit)
    return f"did you mean {or_list(found)}?" if found else otherwise


def or_list(items: list[str]) -> str:
    """'a', 'b' or 'c'."""
    quoted_items = [f"'{i}'" for i in items]
    if len(quoted_items) == 1:
        return quoted_items[0]
    return ", ".join(quoted_items[:-1]) + " or " + quoted_items[-1]
