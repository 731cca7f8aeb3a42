"""Renderers: turn planner results into text, one module per output format."""

from __future__ import annotations

from enum import StrEnum


class OutputFormat(StrEnum):
    """Every output format; each command accepts the subset that makes sense for it."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    mermaid = "mermaid"
    csv = "csv"
    github = "github"
    dot = "dot"
    graphml = "graphml"
