"""Learning resources in the plan: each step shows the framework's resources for its skill."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pathplan.cli.main import app
from pathplan.loader.framework import load_framework
from pathplan.model import Framework
from tests.conftest import ROOT, write_framework

GAP = ["gap", "--from", "data-analyst", "--to", "data-scientist"]
ROUTE = ["route", "--from", "data-analyst", "--to", "data-scientist"]


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(ROOT / "data")


def test_the_gap_lists_each_steps_resources(runner: CliRunner, fw: Framework) -> None:
    out = runner.invoke(app, GAP).stdout
    steps = json.loads(runner.invoke(app, [*GAP, "-f", "json"]).stdout)["steps"]
    section = out.split("Learning resources", 1)[1]
    for i, step in enumerate(steps, 1):
        skill = fw.skills[step["skill"]]
        for r in skill.resources:
            assert f"{i} {skill.name}" in section
            line = next(ln for ln in section.splitlines() if r.title in ln)
            assert r.url is None or line.rstrip().endswith(r.url)
            assert r.hours is None or f"({r.hours:g} h)" in line


def test_the_route_tree_has_them_under_each_step(runner: CliRunner) -> None:
    out = runner.invoke(app, ROUTE).stdout
    lines = out.splitlines()
    at = next(i for i, ln in enumerate(lines) if "Python 2 working → 3 practitioner" in ln)
    assert "learn: The Python Tutorial (12 h) https://docs.python.org/3/tutorial/" in lines[at + 1]


def test_markdown_links_them(runner: CliRunner) -> None:
    out = runner.invoke(app, [*ROUTE, "-f", "markdown"]).stdout
    assert "| Learn with |" in out
    assert "[The Python Tutorial](https://docs.python.org/3/tutorial/) (12 h)" in out


@pytest.mark.parametrize("command", [GAP, ROUTE])
def test_json_steps_carry_them(runner: CliRunner, fw: Framework, command: list[str]) -> None:
    doc = json.loads(runner.invoke(app, [*command, "-f", "json"]).stdout)
    steps = doc.get("steps") or [s for m in doc["moves"] for s in m["steps"]]
    assert steps
    for step in steps:
        expected = [
            {
                k: v
                for k, v in (("title", r.title), ("url", r.url), ("hours", r.hours))
                if v is not None
            }
            for r in fw.skills[step["skill"]].resources
        ]
        assert step["resources"] == expected


def test_csv_steps_carry_them(runner: CliRunner) -> None:
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*GAP, "-f", "csv"]).stdout)))
    python = next(r for r in rows if r["section"] == "step" and r["skill"] == "python")
    assert python["resources"] == "The Python Tutorial (12 h) https://docs.python.org/3/tutorial/"


def test_only_web_links_become_links_and_no_resources_no_section(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = write_framework(
        tmp_path,
        "skills:\n"
        "  a: {name: A, hours: 4, resources: [{title: 'Guide [v2]', url: 'javascript:alert(1)'},"
        " {title: Site, url: 'https://example.org/a (b)'}]}\n"
        "  b: {name: B, hours: 4}\n",
        "roles:\n  r: {requires: {a: 1, b: 1}}\n",
    )
    plan = ["gap", "--data", str(folder), "--profile"]
    (tmp_path / "me.yaml").write_text("role: r\nskills: {}\n")
    md = runner.invoke(app, [*plan, str(tmp_path / "me.yaml"), "-f", "markdown"]).stdout
    # No javascript: link; the title's brackets shown as written (escaped), never a link.
    assert "| Guide \\[v2\\], [Site](https://example.org/a%20%28b%29) |" in md
    table = runner.invoke(app, [*plan, str(tmp_path / "me.yaml")]).stdout
    assert "Learning resources" in table and "javascript:alert(1)" in table  # shown, as text
    (tmp_path / "none").mkdir()
    bare = write_framework(
        tmp_path / "none",
        "skills:\n  a: {name: A, hours: 4}\n",
        "roles:\n  r: {requires: {a: 1}}\n",
    )
    (tmp_path / "you.yaml").write_text("role: r\n")
    out = runner.invoke(app, ["gap", "--data", str(bare), "--profile", str(tmp_path / "you.yaml")])
    assert "Learning resources" not in out.stdout
    md = runner.invoke(
        app, ["gap", "--data", str(bare), "--profile", str(tmp_path / "you.yaml"), "-f", "markdown"]
    ).stdout
    assert "Learn with" not in md
