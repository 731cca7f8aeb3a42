"""Markdown, Mermaid, graph exports and schedules through the CLI: well-formed and stable.

Snapshots live in tests/snapshots; after an intended change, refresh them with
PATHPLAN_UPDATE_SNAPSHOTS=1 pytest tests/test_formats.py and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from tests.conftest import run

SNAPSHOTS = Path(__file__).parent / "snapshots"
SCHEDULE = ("--hours-per-week", "6", "--start", "2027-01-04")


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("PATHPLAN_UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(text)
    assert text == path.read_text(), f"{name} changed; see the module doc to refresh it"


def assert_markdown_tables_well_formed(text: str) -> None:
    blocks = re.findall(r"((?:^\|.*\|\n)+)", text, flags=re.M)
    assert blocks, "no table"
    for block in blocks:
        rows = [r for r in block.splitlines() if r]
        widths = {len(re.split(r"(?<!\\)\|", r)) for r in rows}
        assert len(widths) == 1, f"ragged table:\n{block}"
        assert re.fullmatch(r"\|(-{3,}:?\|)+", rows[1].replace("---:", "---").replace(":", "")), (
            rows[1]
        )


def assert_mermaid_well_formed(text: str) -> None:
    body = [line for line in text.splitlines() if line.strip()]
    kind = next(line for line in body if not line.startswith(("---", "title:")))
    assert kind in ("flowchart LR", "gantt"), kind
    if kind == "flowchart LR":
        assert sum(line.strip().startswith("subgraph") for line in body) == sum(
            line.strip() == "end" for line in body
        )
        for line in body:
            for label in re.findall(r'\["(.*?)"\]', line):
                assert '"' not in label
    else:
        assert "dateFormat YYYY-MM-DD" in text
        for line in body:
            if re.match(r"\s+\S.* :t\d+,", line):
                name, spec = line.rsplit(" :", 1)
                assert ":" not in name and "#" not in name and ";" not in name
                _, start, end = (p.strip() for p in spec.split(","))
                assert start < end


@pytest.mark.parametrize(
    ("name", "args"),
    [
        (
            "route.md",
            ("route", "--from", "dev", "--to", "se", "-k", "1", *SCHEDULE, "-f", "markdown"),
        ),
        ("gap.md", ("gap", "--from", "dev", "--to", "se", *SCHEDULE, "-f", "markdown")),
        ("adjacent.md", ("adjacent", "dev", "-f", "markdown")),
        ("route.mmd", ("route", "--from", "dev", "--to", "se", "-f", "mermaid")),
        (
            "route-gantt.mmd",
            ("route", "--from", "dev", "--to", "se", *SCHEDULE, "-f", "mermaid", "--gantt"),
        ),
        ("gap.mmd", ("gap", "--from", "dev", "--to", "trainer", "-f", "mermaid")),
        ("roles.mmd", ("graph", "roles")),
        ("skills.mmd", ("graph", "skills", "-f", "mermaid")),
        ("route.txt", ("route", "--from", "dev", "--to", "se", *SCHEDULE)),
        ("gap.txt", ("gap", "--from", "dev", "--to", "se")),
        ("adjacent.txt", ("adjacent", "dev")),
    ],
)
def test_snapshot(runner: CliRunner, mini_dir: Path, name: str, args: tuple[str, ...]) -> None:
    code, out, err = run(runner, mini_dir, *args)
    assert code == 0, err
    if name.endswith(".md"):
        assert_markdown_tables_well_formed(out)
        for block in re.findall(r"```mermaid\n(.*?)```", out, flags=re.S):
            assert_mermaid_well_formed(block)
    if name.endswith(".mmd"):
        assert_mermaid_well_formed(out)
    check_snapshot(name, out)


def test_route_tree_on_a_terminal_lists_moves_then_steps(runner: CliRunner, mini_dir: Path) -> None:
    _, out, _ = run(runner, mini_dir, "route", "--from", "dev", "--to", "se", "--via", "devops")
    lines = out.splitlines()
    assert lines[0].startswith("Route Software Developer → DevOps Engineer → Sales Engineer")
    assert re.match(
        r"^├── Move 1: Software Developer → DevOps Engineer \(adjacent\), \d+ h$", lines[1]
    )
    assert re.match(r"^│   [├└]── Linux 0 → 3 practitioner, 56 h · required$", lines[2])


def test_gap_shows_a_coverage_bar(runner: CliRunner, mini_dir: Path) -> None:
    _, out, _ = run(runner, mini_dir, "gap", "--from", "dev", "--to", "se")
    assert "Coverage █████░░░░░░░░░░░░░░░ 25%" in out


def test_schedule_in_json(runner: CliRunner, mini_dir: Path) -> None:
    code, out, _ = run(
        runner, mini_dir, "route", "--from", "dev", "--to", "se", *SCHEDULE, "-f", "json"
    )
    assert code == 0
    doc = json.loads(out)
    sched = doc["schedule"]
    assert sched["hours_per_week"] == 6 and sched["start"] == "2027-01-04"
    steps = [s["skill"] for m in doc["moves"] for s in m["steps"]]
    assert [s["skill"] for s in sched["steps"]] == steps
    assert sched["weeks"] == -(-doc["total_hours"] // 6)  # 198 h at 6 h/week: 33 weeks
    assert sched["finish"] == sched["steps"][-1]["end_date"]


def test_profile_pace_schedules_by_default(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    me = tmp_path / "me.yaml"
    me.write_text("role: dev\nhours_per_week: 10\nskills: {}\n")
    code, out, _ = run(
        runner, mini_dir, "gap", "--profile", str(me), "--start", "2027-01-04", "-f", "json"
    )
    assert code == 0 and json.loads(out)["schedule"]["hours_per_week"] == 10


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("route", "--from", "dev", "--to", "se", "--start", "2027-01-04"), "--start needs a pace"),
        (
            ("route", "--from", "dev", "--to", "se", "--hours-per-week", "5", "--start", "soon"),
            "not a date",
        ),
        (
            ("route", "--from", "dev", "--to", "se", "-f", "mermaid", "--gantt"),
            "--gantt draws a schedule",
        ),
        (("adjacent", "dev", "-f", "mermaid"), "cannot print --format mermaid"),
        (("graph", "-f", "table"), "cannot print --format table"),
        (("graph", "people"), "invalid value"),
        (("adjacent", "nobody"), "unknown role 'nobody'"),
        (("adjacent",), "give a ROLE or --profile FILE"),
    ],
)
def test_bad_options_exit_2(
    runner: CliRunner, mini_dir: Path, args: tuple[str, ...], needle: str
) -> None:
    code, out, err = run(runner, mini_dir, *args)
    assert code == 2, out + err
    assert needle in err


def test_graph_exports_parse_back(runner: CliRunner, mini_dir: Path) -> None:
    _, out, _ = run(runner, mini_dir, "graph", "roles", "-f", "graphml")
    roles = nx.parse_graphml(out)
    assert set(roles) == {"dev", "dev-senior", "devops", "sales-eng", "trainer"}
    assert roles.edges["dev", "dev-senior"]["kind"] == "next"
    _, out, _ = run(runner, mini_dir, "graph", "skills", "-f", "graphml")
    skills = nx.parse_graphml(out)
    assert skills.edges["programming-basics", "python"]["level"] == 2
    _, out, _ = run(runner, mini_dir, "graph", "skills", "-f", "dot")
    assert out.startswith("digraph ") and out.rstrip().endswith("}")
    assert '"communication" -> "presentation" [label="2"];' in out


def test_adjacent_json(runner: CliRunner, mini_dir: Path) -> None:
    code, out, _ = run(runner, mini_dir, "adjacent", "swe", "--top", "2", "-f", "json")
    doc = json.loads(out)
    assert code == 0 and doc["kind"] == "adjacent" and doc["from"] == "dev"
    assert len(doc["candidates"]) == 2
    weights = doc["weights"]
    assert set(weights) == {"skills", "activities", "titles", "technology"}
    for c in doc["candidates"]:
        parts = {k: v for k, v in c["parts"].items() if v is not None}
        # The mini framework has no activities or technology: those parts are null.
        assert set(parts) == {"skills", "titles"}
        mean = sum(weights[k] * v for k, v in parts.items()) / sum(weights[k] for k in parts)
        assert c["similarity"] == pytest.approx(mean, abs=1e-4)
        assert c["score"] == pytest.approx(
            c["similarity"] + doc["level_weight"] * c["level_fit"], abs=1e-4
        )
        assert "ease" not in c


def test_adjacent_csv_lists_the_parts(runner: CliRunner, mini_dir: Path) -> None:
    code, out, _ = run(runner, mini_dir, "adjacent", "dev", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows
    for row in rows:
        assert row["activities"] == row["technology"] == ""  # the mini framework has neither
        skills, titles = float(row["skills"]), float(row["titles"])
        assert float(row["similarity"]) == pytest.approx((3 * skills + titles) / 4, abs=1e-3)
        assert float(row["score"]) == pytest.approx(
            float(row["similarity"]) + 0.1 * float(row["level_fit"]), abs=1e-3
        )


def test_every_step_says_why_in_trees_tables_and_markdown(
    runner: CliRunner, mini_dir: Path
) -> None:
    _, tree, _ = run(runner, mini_dir, "route", "--from", "dev", "--to", "se")
    assert "Communication 0 → 2 working, 19 h · prerequisite of Presentation" in tree
    _, table, _ = run(runner, mini_dir, "gap", "--from", "dev", "--to", "se")
    header = next(line for line in table.splitlines() if line.lstrip().startswith("#"))
    assert header.rstrip().endswith("Why")
    _, md, _ = run(runner, mini_dir, "gap", "--from", "dev", "--to", "se", "-f", "markdown")
    assert "| # | Skill | From | To | Hours | Why |" in md
    assert "| Communication | 0 | 2 working | 19 | prerequisite of Presentation |" in md
