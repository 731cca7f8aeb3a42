"""The consoles and theme: data goes to stdout, diagnostics to stderr; colour only on terminals."""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

PIPE_WIDTH = 1000  # piped text never wraps, and is the same on every machine


def color_wanted(stream: TextIO, no_color: bool) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set or --no-color given."""
    return not no_color and "NO_COLOR" not in os.environ and stream.isatty()


def to_text(*renderables: RenderableType, color: bool, width: int | None = None) -> str:
    """Render rich renderables to a string: ANSI-styled for a terminal, plain otherwise."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width or PIPE_WIDTH,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    for renderable in renderables:
        console.print(renderable)
    text = buffer.getvalue()
    if color:
        return text
    # rich pads every line to the table's width; plain text should not end lines in blanks.
    return "\n".join(line.rstrip() for line in text.split("\n"))


def stderr_console(no_color: bool = False) -> Console:
    """The console for diagnostics."""
    from rich.console import Console

    return Console(stderr=True, no_color=not color_wanted(sys.stderr, no_color), highlight=False)
