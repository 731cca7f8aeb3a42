"""The pathplan error family: typed exceptions that carry location and hint.

The core raises these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in a data file, at a place a person can jump to."""

    file: str
    line: int
    column: int
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class PathplanError(Exception):
    """Base of every error a user can cause; `exit_code` is what the CLI exits with."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(PathplanError):
    """A bad option or argument on the command line."""

    exit_code = 2


class UnknownNameError(UsageError):
    """A role or skill name given on the command line that the framework does not have."""

    def __init__(self, kind: str, name: str, known: Iterable[str] | Mapping[str, str]) -> None:
        self.kind = kind
        self.name = name
        self.suggestions = closest(name, known, limit=3)
        hint = did_you_mean(name, known, f"'pathplan {kind}s' lists them", limit=3)
        super().__init__(f"unknown {kind} '{name}'", hint)


class DataError(PathplanError):
    """Invalid framework, profile or roster data; carries every problem found."""

    exit_code = 3

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.message))
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the data")


class NoRouteError(PathplanError):
    """No route satisfies the request; says which constraint cut it and what would help."""

    exit_code = 1


def _suggest(name: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Close matches for a mistyped name, best first."""
    lowered = {k.lower(): k for k in known}
    hits = difflib.get_close_matches(name.lower(), list(lowered), n=limit, cutoff=0.6)
    return [lowered[h] for h in hits]


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
    return f"did you mean {_or_list(found)}?" if found else otherwise


def _or_list(items: list[str]) -> str:
    quoted = [f"'{i}'" for i in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
