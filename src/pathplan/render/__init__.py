"""Renderers: turn planner results into text, one module per output format."""

from __future__ import annotations

from enum import Enum


class OutputFormat(str, Enum):
    """What the data commands can print."""

    table = "table"
    json = "json"
