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


F = OutputFormat
# The formats each kind of result prints; the first is the default.
PLAN_FORMATS = (F.table, F.json, F.markdown, F.mermaid, F.csv)
NEIGHBOUR_FORMATS = (F.table, F.json, F.markdown, F.csv)
LISTING_FORMATS = (F.table, F.json, F.csv)
SHOW_FORMATS = (F.table, F.json)
VALIDATE_FORMATS = (F.table, F.json, F.github)
GRAPH_FORMATS = (F.mermaid, F.dot, F.graphml)
ROSTER_FORMATS = (F.table, F.json, F.markdown, F.csv, F.jsonl)
# Of those, what prints as people are read (the rest need the whole roster read first), and what
# a ranking prints (jsonl lists candidates unranked, as read).
TEAM_LINE_FORMATS = (F.jsonl, F.csv)
CANDIDATE_LINE_FORMATS = (F.jsonl,)
RANKED_FORMATS = (F.table, F.json, F.markdown, F.csv)
BATCH_FORMATS = (F.jsonl, F.json, F.markdown)
SCHEMA_FORMATS = (F.json,)
