"""Renderers: turn planner results into text, one module per output format.

Format modules: `table` (rich, for terminals), `json`, `markdown`, `mermaid`, `csv`, `github`
(workflow annotations) and `network` (dot, graphml). Shared text helpers are in `text` (and the
team views' summaries in `views`); `dispatch` picks the renderer for a result and a format.

May import: `pathplan.planner`, `pathplan.graph`, `pathplan.model`, `pathplan.errors`, rich.
Never: `pathplan.cli` or typer. Importing this package is cheap: only the format enum.
"""

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
