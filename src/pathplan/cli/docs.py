"""`pathplan docs` and `pathplan example`: the documents and examples that ship with pathplan.

Error messages point to these (`'pathplan docs rosters' describes the format`), so an installed
copy carries them: the wheel holds data/README.md, the examples and the docs listed here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from pathplan.cli.app import Settings, bundled_file, command
from pathplan.cli.output import emit
from pathplan.render.text import Screen

# topic -> (file, what it tells)
TOPICS = {
    "data": ("data/README.md", "skills.yaml, roles.yaml, profiles and rosters; levels and hours"),
    "rosters": ("docs/rosters.md", "rosters in YAML and CSV; team and candidates"),
    "json": ("docs/json.md", "what --format json prints, field by field"),
    "ci": ("docs/ci.md", "validate, gates and batch in CI pipelines"),
    "adjacency": ("docs/adjacency.md", "how adjacent ranks roles, and how well"),
    "importers": ("docs/importers.md", "import onet and import esco: the rules"),
    "api": ("docs/api.md", "pathplan from Python: the public API"),
    "scale": ("docs/scale.md", "--workers and Dask clusters: running a whole organisation"),
}
# example -> (file, what it is)
EXAMPLES = {
    "profile": ("data/examples/profile.yaml", "one person's skills (YAML)"),
    "roster": ("data/examples/roster.yaml", "a team (YAML)"),
    "roster-csv": ("data/examples/roster.csv", "the same team as a wide CSV"),
    "batch": ("docs/examples/batch.yaml", "queries for `pathplan batch`"),
}

Topic = StrEnum("Topic", {name: name for name in TOPICS})  # type: ignore[misc]
Example = StrEnum("Example", {name: name for name in EXAMPLES})  # type: ignore[misc]


@command(
    options=("output", "no_color", "no_pager"),
    epilog=(
        "Examples:\n\n  pathplan docs\n\n  pathplan docs rosters\n\n"
        "  pathplan docs data --output data-format.md"
    ),
)
def docs(
    settings: Settings,
    topic: Annotated[
        Topic | None,
        typer.Argument(help="Which document (none: the list).", show_default=False),
    ] = None,
) -> None:
    """Read the documentation that ships with pathplan: file formats, JSON, CI, the API.

    On a terminal it is laid out and paged; piped or with --output, it is the Markdown source.
    """
    if topic is None:
        width = max(len(name) for name in TOPICS)
        lines = [f"  {name.ljust(width)}  {what}" for name, (_, what) in TOPICS.items()]
        text = "Documents (pathplan docs TOPIC):\n" + "\n".join(lines)
        text += "\n\nExamples to start from (pathplan example NAME > FILE): "
        text += ", ".join(EXAMPLES) + "\n"
        emit(settings, lambda _: text)
        return
    source = bundled_file(TOPICS[topic.value][0]).read_text(encoding="utf-8")

    def render(screen: Screen) -> str:
        if screen.width is None:
            return source
        from rich.markdown import Markdown

        from pathplan.render.text import to_text

        return to_text(Markdown(source), color=screen.color, width=screen.width)

    emit(settings, render)


@command(
    options=("output",),
    epilog=(
        "Examples:\n\n  pathplan example profile > me.yaml\n\n"
        "  pathplan example roster-csv -o team.csv"
    ),
)
def example(
    settings: Settings,
    name: Annotated[Example, typer.Argument(help="Which example.", show_default=False)],
) -> None:
    """Print an example file to start from: a profile, a roster (YAML or CSV), a batch file."""
    text = bundled_file(EXAMPLES[name.value][0]).read_text(encoding="utf-8")
    emit(settings, lambda _: text)
