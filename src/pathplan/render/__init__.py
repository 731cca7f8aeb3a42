"""Renderers: turn planner results into text, one module per output format."""

from __future__ import annotations

from enum import StrEnum


class OutputFormat(StrEnum):
    """What the data commands can print."""

    table = "table"
    json = "json"
