"""Text helpers shared by several formats: numbers, markdown tables, rich tables, error words.

Each exists once; a format module that needs one imports it from here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pathplan.errors import (
    AvoidedRolesError,
    CalendarError,
    ForeignFilesError,
    InputPathError,
    MaxStepError,
    MissingRoleError,
    NoDeclaredPathError,
    NoRouteError,
    PathplanError,
    Problem,
    SearchStoppedError,
    StopLike,
    UnknownFormatError,
    UnknownNameError,
    ViaCombinationError,
    ViaUnreachableError,
    ViaWithoutMoveError,
    quoted,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from pathplan.model import Framework
    from pathplan.planner.results import Reason, RouteResult

PIPE_WIDTH = 1000  # piped text never wraps, and is the same on every machine


@dataclass(frozen=True)
class Screen:
    """Where text will be shown: in colour or not, and how wide a terminal (None: piped)."""

    color: bool = False
    width: int | None = None


# What a data file must not put into a terminal or a CI log: C0 and C1 controls (escape
# sequences, carriage returns, line breaks, bells), DEL, Unicode line and paragraph separators,
# and the bidirectional controls that reorder what is shown ("Trojan Source").
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# GitHub's runner reads a log line as a workflow command when it starts with "::" (after
# blanks) or holds "##[" anywhere. A word joiner (U+2060, invisible, never a line break) in
# the middle keeps the text as it looks and the runner from reading it.
_COMMANDS = re.compile(r":(?=:)|#(?=#\[)")
JOINER = "\u2060"


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """`printable` for text laid out in lines: line breaks kept, everything else made safe."""
    if "\n" not in text:
        return printable(text)
    return "\n".join(printable(line) for line in text.split("\n"))


def printable(text: str) -> str:
    r"""Text from a data file made safe for one line of a terminal or a CI log.

    Control characters show as escapes (`\x1b`, `\n`, `\u202e`) instead of acting, and
    workflow-command markers are broken (see `_COMMANDS`): a name holding an escape sequence,
    a line break and `::add-mask::` prints as a name, on its line.
    """
    if text.isprintable() and "::" not in text and "##[" not in text:
        return text  # the common case, checked fast
    return _COMMANDS.sub(lambda m: m.group() + JOINER, _CONTROLS.sub(_visible, text))


def hours(value: float, *, grouped: bool = False) -> str:
    """Hours for people, to a tenth at most.

    Plans and routes print `1234` (and group only past a million); the team and candidates
    views, which sum many people's hours, group thousands: `1,234`.
    """
    rounded = round(value, 1)
    if grouped:
        return f"{rounded:,.0f}" if rounded == int(rounded) else f"{rounded:,.1f}"
    return f"{rounded:g}" if rounded < 1e6 else f"{rounded:,.0f}"


def level(fw: Framework, value: int) -> str:
    """A level number with its name."""
    return f"{value} {fw.levels[value - 1]}" if value > 0 else "0"


# Markdown's inline syntax: emphasis, code, links and images, tables, strikethrough, escapes.
_MARKDOWN = re.compile(r"([\\`*_\[\]|~!])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def markdown_text(text: str) -> str:
    """Text from a data file made inert in Markdown: shown as written, never as markup.

    HTML becomes entities (`<script>` shows, never runs); emphasis, code, link and table
    characters are escaped (`[x](javascript:...)` is text, `|` never ends a cell); control
    characters and workflow-command markers go as `printable` says, so the text is one line.
    """
    text = printable(text)
    text = _MARKDOWN.sub(r"\\\1", text)
    return "".join(_ENTITIES.get(char, char) for char in text) if _has_entity(text) else text


def _has_entity(text: str) -> bool:
    return "&" in text or "<" in text or ">" in text


def resource_text(title: str, url: str | None, hours_: float | None) -> str:
    """A learning resource in one line: its title, its hours when known, then its link."""
    text = title + (f" ({hours(hours_)} h)" if hours_ is not None else "")
    return f"{text} {url}" if url else text


class Markdown(str):
    """Text that is Markdown already (a link pathplan built): a table cell takes it as it is."""

    __slots__ = ()


# What may stay as it is in a link's address; everything else (spaces, brackets, pipes,
# quotes, backticks, backslashes, controls, non-ASCII) is percent-encoded, so the address can
# neither end the link nor the table cell early.
_URL_SAFE = ":/?#@!$&'*+,;=%~-._"


def markdown_link(title: str, url: str | None) -> Markdown:
    """`[title](url)` for a web link; the title alone for anything else (no `javascript:`).

    The title is text (`markdown_text`); the address is percent-encoded where it would break.
    """
    from urllib.parse import quote

    label = markdown_text(title)
    if not url or not url.lower().startswith(("https://", "http://")):
        return Markdown(label)
    return Markdown(f"[{label}]({quote(url, safe=_URL_SAFE)})")


def markdown_table(
    header: Sequence[str], rows: Iterable[Sequence[str]], right: Collection[int | str] = ()
) -> str:
    """A GitHub-flavoured Markdown table; columns in `right` (by index or name) right-aligned.

    Cells are plain text, each escaped with `markdown_text`, unless they are `Markdown`.
    """
    align = ["---:" if i in right or h in right else "---" for i, h in enumerate(header)]
    lines = [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "|" + "|".join(align) + "|",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text if isinstance(text, Markdown) else markdown_text(text)


def to_text(*renderables: RenderableType, color: bool, width: int | None = None) -> str:
    """Render rich renderables to a string: ANSI-styled for a terminal, plain otherwise.

    Whatever a data file put in a name prints as text: no markup (`[link=...]`), no emoji codes
    (`:100:`), and control characters and workflow-command markers made harmless (`terminal`)
    in every piece of text before the styles are added, so only pathplan's own styles reach
    the terminal.
    """
    from rich.color import ColorSystem
    from rich.console import Console

    console = Console(
        file=io.StringIO(),
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width or PIPE_WIDTH,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )
    parts: list[str] = []
    for renderable in renderables:
        for segment in console.render(renderable, console.options):
            if segment.control:
                continue  # rich's own cursor moves; none is wanted in text for a file
            safe = terminal(segment.text)
            if color and segment.style:
                safe = segment.style.render(safe, color_system=ColorSystem.STANDARD)
            parts.append(safe)
    text = "".join(parts)
    if color:
        return text
    # rich pads every line to the table's width; plain text should not end lines in blanks.
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _listed(kind: str) -> str:
    """Where the known names of `kind` ("role", "skill", "role or skill") are listed."""
    commands = [f"'pathplan {each}s'" for each in kind.split(" or ")]
    return " or ".join(commands) + " lists them"


def problem_hint(problem: Problem) -> str | None:
    """A problem's hint; else where the known names are listed, or where the format is told."""
    if problem.hint is None and problem.listed is not None:
        return _listed(problem.listed)
    if problem.hint is None and problem.described is not None:
        return f"'pathplan docs {problem.described}' describes the format"
    return problem.hint


def problem_text(problem: Problem) -> str:
    """One problem as `file:line:column: message (hint)`."""
    hint = problem_hint(problem)
    text = f"{problem.file}:{problem.line}:{problem.column}: {problem.message}"
    return f"{text} ({hint})" if hint else text


# The names a front end gives the options of a request, e.g. "--via" on the command line and
# "via" in a batch file. `explain` words errors with them.
OptionNames = Mapping[str, str]


def explain(error: PathplanError, names: OptionNames) -> tuple[str, str | None]:
    """The message and hint for `error`, naming options as `names` spells them.

    `names` maps via, avoid, max_step, from, to and profile to the front end's spelling of each,
    `direct_on` to how to switch direct moves on, `request` to what a request is called (plan,
    query), `time_limit` and `memory_limit` to the search budget's options and, where there is
    one, `roster_format` to the roster format option.
    """
    if isinstance(error, NoRouteError):
        return _no_route(error, names)
    if isinstance(error, UnknownNameError):
        return error.message, error.hint or _listed(error.kind)
    if isinstance(error, InputPathError) and error.reason == "csv-profile":
        roster = names.get("roster")
        return error.message, f"a CSV roster goes to {roster}" if roster else None
    if isinstance(error, CalendarError) and "start" in names:
        return error.message, f"give an earlier {names['start']} or more {names['pace']}"
    if isinstance(error, MissingRoleError):
        return _missing_role(error, names)
    if isinstance(error, ForeignFilesError) and "force" in names:
        return error.message, f"write to another folder, or give {names['force']} to replace them"
    if isinstance(error, ViaWithoutMoveError):
        return f"{names['via']} needs a route between two different roles", None
    if isinstance(error, UnknownFormatError) and error.given is None:
        option = names.get("roster_format")
        if option is None:
            return error.message, "name it .yaml or .csv"
        return (
            error.message,
            f"name it .yaml or .csv, or give {option} ({', '.join(error.formats)})",
        )
    return error.message, error.hint


_DIRECT_ALLOWS = "to allow the direct move and moves between related roles"


def _widen(direct: bool, names: OptionNames) -> str:
    return "" if direct else f", or {names['direct_on']} {_DIRECT_ALLOWS}"


def _no_route(error: NoRouteError, names: OptionNames) -> tuple[str, str | None]:
    route = f"from '{error.start}' to '{error.target}'"
    if isinstance(error, NoDeclaredPathError):
        return (
            f"no declared moves lead {route}",
            f"{names['direct_on']} {_DIRECT_ALLOWS}",
        )
    if isinstance(error, AvoidedRolesError):
        return (
            f"every route {route} passes through {quoted(error.avoid)} ({names['avoid']})",
            "avoid fewer roles" + _widen(error.direct, names),
        )
    if isinstance(error, ViaUnreachableError):
        return (
            f"no route {route} passes through '{error.stop}' ({names['via']})",
            f"drop that {names['via']}" + _widen(error.direct, names),
        )
    if isinstance(error, ViaCombinationError):
        return (
            f"no simple route {route} passes through {quoted(error.via)} ({names['via']})",
            f"drop a {names['via']}" + _widen(error.direct, names),
        )
    if isinstance(error, MaxStepError):
        limit = f"{names['max_step']} {error.max_step:g}"
        if error.cheapest is None or error.largest is None:
            return f"no route {route} with {limit}", None
        return (
            f"no route {route} keeps every move within {limit}",
            f"the cheapest route without it, {' -> '.join(error.cheapest.roles)}, has a move of "
            f"{error.largest:g} h ({names['max_step']} {error.largest:g} allows it)"
            + _widen(error.direct, names),
        )
    assert isinstance(error, SearchStoppedError)
    return stopped_words(error.stop, error.bound, names, route=route)


def stopped_words(
    stop: StopLike, bound: float | None, names: OptionNames, *, route: str
) -> tuple[str, str]:
    """A route search that ran out of budget with no route: what it ran out of, what helps.

    `route` is "from 'a' to 'b'".
    """
    return (
        f"the route search {route} ran out of {_spent(stop)} without finding an allowed route",
        _known(bound, "route") + _more(stop, names) + ", or narrow it with "
        f"{names['via']} or {names['avoid']}, or raise {names['max_step']}",
    )


def _spent(stop: StopLike) -> str:
    budget = stop.budget
    if stop.reason == "time" and budget.seconds is not None:
        return f"its {budget.seconds:g} s"
    if budget.memory_mib is not None:
        return f"its {budget.memory_mib:g} MiB of memory after {stop.elapsed:.1f} s"
    return f"its budget after {stop.elapsed:.1f} s"


def _more(stop: StopLike, names: OptionNames) -> str:
    if stop.reason == "time":
        return f"allow more time with {names['time_limit']}"
    return f"allow more memory with {names['memory_limit']}"


def _known(bound: float | None, what: str) -> str:
    return f"no {what} takes less than {hours(bound)} h; " if bound is not None else ""


def stop_note(stop: StopLike, bound: float | None, names: OptionNames, what: str) -> str:
    """The note on an answer whose search ran out of budget (`what`: route or plan).

    With a `bound`, the answer is the best found but not proven the least; without, it is
    proven and only alternatives may be missing.
    """
    if bound is None:
        return (
            f"The search ran out of {_spent(stop)} before it had every alternative asked for; "
            f"the first {what} is still the least: {_more(stop, names)}."
        )
    return (
        f"The search ran out of {_spent(stop)}: this is the best {what} found, not proven the "
        f"least. {_known(bound, what).capitalize()}{_more(stop, names)}."
    )


def reason_text(fw: Framework, reason: Reason) -> str:
    """Why a step is in its plan, briefly, for a table or tree that names the role already."""
    from pathplan.planner.results import Requirement

    if isinstance(reason, Requirement):
        if not reason.options:
            return "required"
        return "one of " + ", ".join(fw.skills[s].name for s in reason.options)
    first, *rest = (fw.skills[s].name for s in reason.chain)
    return f"prerequisite of {first}" + (f", for {' → '.join(rest)}" if rest else "")


def route_notes(fw: Framework, result: RouteResult, names: OptionNames) -> list[str]:
    """What a route's reader should know beyond its moves, naming options as `names` does."""
    start, target = fw.roles[result.start].name, fw.roles[result.target].name
    notes = []
    if result.best.qualified:
        notes.append(f"Already qualified: {start} meets every requirement of {target}.")
    if result.stop is not None:
        notes.append(stop_note(result.stop, result.bound, names, "route"))
    if result.direct_hours is not None:
        best = result.best.hours
        notes.append(
            f"The direct move {start} → {target} costs {hours(result.direct_hours)} h, "
            f"{hours(best - result.direct_hours)} h less than this route through declared "
            f"moves ({hours(best)} h): {names['direct_on']} to take it."
        )
    return notes


def _missing_role(error: MissingRoleError, names: OptionNames) -> tuple[str, str | None]:
    if error.which == "holder":
        return (
            f"say who the {names['request']} is for",
            f"give {names['from']} or {names['profile']}",
        )
    if error.which == "start":
        return "no start role", f"give {names['from']} (the profile names no role)"
    if error.which == "target":
        return "no target role", f"give {names['to']} (the profile names no role)"
    return error.message, "every person in a roster needs a role"
