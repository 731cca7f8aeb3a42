"""GitHub Actions workflow commands: each problem becomes an `::error` annotation on its line.

Format and escaping as the runner parses them (actions/toolkit, `core/src/command.ts`): the
message escapes `%`, CR and LF; property values escape those and `:` and `,` as well.
"""

from __future__ import annotations

from pathlib import Path

from pathplan.errors import Problem
from pathplan.model import Framework
from pathplan.render.text import printable, problem_hint


def escape_data(text: str) -> str:
    """Escape an annotation message: the runner's rules, and no other control character.

    A line break in a message from a data file would end the command and let the next line be
    one of its own (`::add-mask::`); the runner's escapes keep the message one line. Other
    control characters (escape sequences) show as `printable` writes them.
    """
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(text)


def escape_property(text: str) -> str:
    """Escape an annotation property value (file, title)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def relative(file: str, cwd: Path | None = None) -> str:
    """`file` relative to the current directory when it is inside it (as GitHub expects)."""
    here = (cwd or Path.cwd()).resolve()
    path = Path(file).resolve()
    if here in path.parents:
        return path.relative_to(here).as_posix()
    return file


def command(kind: str, message: str, **properties: str | int) -> str:
    """One workflow command line, e.g. `::error file=a.yaml,line=3,col=5::message`."""
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items())
    return f"::{kind}{' ' + props if props else ''}::{escape_data(message)}"


def problems(found: list[Problem], fw: Framework | None, cwd: Path | None = None) -> str:
    """One `::error` per problem; a `::notice` when the framework is valid."""
    if not found:
        counts = f"{len(fw.skills)} skills, {len(fw.roles)} roles" if fw else "no data"
        return command("notice", f"framework valid: {counts}", title="pathplan validate") + "\n"
    lines = [
        command(
            "error",
            p.message + (f" (hint: {hint})" if (hint := problem_hint(p)) else ""),
            file=relative(p.file, cwd),
            line=p.line,
            col=p.column,
            title="pathplan validate",
        )
        for p in found
    ]
    return "\n".join(lines) + "\n"
