"""Help that ships: the documents and examples messages point to are in the package."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pathplan.cli.docs import EXAMPLES, TOPICS
from pathplan.cli.main import app
from pathplan.loader.batchfile import read_batch
from pathplan.loader.framework import load_framework
from pathplan.loader.profile import read_profile
from pathplan.loader.roster import read_roster
from tests.conftest import ROOT


def shipped() -> dict[str, str]:
    """What the wheel carries beside the package: source path -> path in the wheel."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included: dict[str, str] = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    return included


@pytest.mark.parametrize("file", [f for f, _ in [*TOPICS.values(), *EXAMPLES.values()]])
def test_every_document_and_example_is_in_the_wheel(file: str) -> None:
    assert (ROOT / file).is_file()
    carried = shipped()
    assert any(file == src or file.startswith(src + "/") for src in carried), file
    src = next(s for s in carried if file == s or file.startswith(s + "/"))
    # Installed, it sits where `bundled_file` looks: beside the package, at the same path.
    assert carried[src] == f"pathplan/{src}"


def test_docs_lists_the_topics_and_prints_one(runner: CliRunner) -> None:
    listing = runner.invoke(app, ["docs"])
    assert listing.exit_code == 0
    for topic in TOPICS:
        assert f"  {topic} " in listing.stdout
    rosters = runner.invoke(app, ["docs", "rosters"])
    assert rosters.stdout == (ROOT / "docs" / "rosters.md").read_text(encoding="utf-8")
    assert runner.invoke(app, ["docs", "nope"]).exit_code == 2


def test_examples_are_files_pathplan_reads(runner: CliRunner, tmp_path: Path) -> None:
    fw = load_framework(ROOT / "data")
    for name, suffix in (("profile", ".yaml"), ("roster", ".yaml"), ("roster-csv", ".csv")):
        result = runner.invoke(app, ["example", name])
        assert result.exit_code == 0
        path = tmp_path / f"{name}{suffix}"
        path.write_text(result.stdout, encoding="utf-8")
        if name == "profile":
            assert read_profile(path, fw).role == "dev"
        else:
            assert len(read_roster(path, fw)) == 7
    batch = tmp_path / "batch.yaml"
    batch.write_text(runner.invoke(app, ["example", "batch"]).stdout, encoding="utf-8")
    assert read_batch(batch)


@pytest.mark.parametrize(
    ("name", "text", "topic"),
    [
        ("empty.yaml", "", "data"),
        ("team.csv", "person,rol\nana,dev\n", "rosters"),
    ],
)
def test_format_hints_point_to_a_document_that_ships(
    runner: CliRunner, tmp_path: Path, name: str, text: str, topic: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    args = ["team", "--roster", str(path)] if name.endswith(".csv") else ["gap", "--profile"]
    if name.endswith(".yaml"):
        args.append(str(path))
    result = runner.invoke(app, args)
    assert result.exit_code == 3
    assert f"('pathplan docs {topic}' describes the format)" in result.stderr
    assert topic in TOPICS
    assert "docs/" not in result.stderr and "README" not in result.stderr
