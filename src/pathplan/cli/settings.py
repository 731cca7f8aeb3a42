"""The global options' values, as one command sees them.

Its own module so that cli/output.py (which reads them) and cli/app.py (which declares the
options and imports output) do not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pathplan.render import OutputFormat


@dataclass
class Settings:
    """Options that may be given before or after the command; the later one wins."""

    data: Path | None = None
    fmt: OutputFormat | None = None
    output: Path | None = None
    no_color: bool = False
    no_cache: bool = False
    no_pager: bool = False
    quiet: bool = False
