"""Every terminal table and tree fits the terminal's width; piped, nothing wraps.

Rendered on the bundled framework (long names, long lists) at the widths people use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from rich.text import Text

from pathplan.loader.framework import load_framework
from pathplan.loader.roster import read_roster
from pathplan.model import Framework
from pathplan.planner.adjacent import adjacent
from pathplan.planner.levels import start_levels
from pathplan.planner.plan import gap
from pathplan.planner.route import route
from pathplan.planner.schedule import schedule
from pathplan.planner.team import candidates, team
from pathplan.render import table
from pathplan.render.json import BATCH_OPTIONS
from pathplan.render.text import Screen

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(ROOT / "data")


def views(fw: Framework) -> dict[str, Callable[[Screen], str]]:
    held = start_levels(fw, "dev")
    g = gap(fw, held, "dev-senior")
    plan = schedule(list(g.plan.steps), 5, date(2027, 1, 4))
    found = route(fw, held, "dev", "sales-eng", max_step=550, alternatives=1)
    steps = [s for m in found.best.moves for s in m.steps]
    moves = [i for i, m in enumerate(found.best.moves, 1) for _ in m.steps]
    dearer = route(fw, start_levels(fw, "sales-eng"), "sales-eng", "dev")
    route_plan = schedule(steps, 6, date(2027, 1, 4), moves)
    analyst = start_levels(fw, "data-analyst")
    roster = read_roster(ROOT / "data" / "examples" / "roster.yaml", fw)
    return {
        "gap": lambda s: table.gap(fw, g, "Alex Example", plan, BATCH_OPTIONS, screen=s),
        "route": lambda s: table.routes(fw, found, route_plan, BATCH_OPTIONS, screen=s),
        "route with a note": lambda s: table.routes(fw, dearer, None, BATCH_OPTIONS, screen=s),
        "adjacent": lambda s: table.neighbours(
            fw, "data-analyst", adjacent(fw, analyst, "data-analyst"), screen=s
        ),
        "roles": lambda s: table.roles(fw, list(fw.roles.values()), screen=s),
        "skills": lambda s: table.skills(fw, list(fw.skills.values()), screen=s),
        "show role": lambda s: table.show_role(fw, fw.roles["data-scientist"], screen=s),
        "show skill": lambda s: table.show_skill(fw, fw.skills["python"], screen=s),
        "team": lambda s: table.team(fw, team(fw, roster), top=10, people=20, screen=s),
        "candidates": lambda s: table.candidates(fw, candidates(fw, roster, "sales-eng"), screen=s),
    }


def widths(text: str) -> list[int]:
    return [Text(line).cell_len for line in text.splitlines()]


@pytest.mark.parametrize("width", [80, 120, 200])
def test_every_view_fits_the_terminal(fw: Framework, width: int) -> None:
    for name, render in views(fw).items():
        text = render(Screen(False, width))
        too_wide = [line for line in text.splitlines() if Text(line).cell_len > width]
        assert not too_wide, f"{name} at {width} columns:\n" + "\n".join(too_wide)


def test_colour_does_not_change_the_layout(fw: Framework) -> None:
    import re

    for name, render in views(fw).items():
        plain = render(Screen(False, 80))
        # Colours, and the hyperlinks (OSC 8) that make resource titles clickable.
        styled = re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\", "", render(Screen(True, 80)))
        assert [line.rstrip() for line in styled.splitlines()] == plain.splitlines(), name


def test_piped_tables_keep_one_row_per_line(fw: Framework) -> None:
    text = table.roles(fw, list(fw.roles.values()), screen=Screen())
    rows = [line for line in text.splitlines() if line.strip()]
    assert len(rows) == len(fw.roles) + 2  # the header, the rule, a line per role
    assert max(widths(text)) <= 200  # long lists are cut at a fixed width, not laid out 400 wide
    for role in fw.roles.values():
        assert any(line.startswith(f" {role.id} ") for line in rows), role.id


def test_piped_output_is_the_same_whatever_the_terminal(
    fw: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = {name: render(Screen()) for name, render in views(fw).items()}
    monkeypatch.setenv("COLUMNS", "40")
    assert {name: render(Screen()) for name, render in views(fw).items()} == first


def test_narrow_terminals_keep_the_first_columns(fw: Framework) -> None:
    text = table.roles(fw, list(fw.roles.values()), screen=Screen(False, 80))
    header = text.splitlines()[1]
    assert header.split()[:2] == ["Id", "Name"]
    assert "Seniority" not in header  # the least useful column gave way first
    assert "Seniority" in " ".join(text.split()).split("left out to fit 80 columns:")[1]
    rows = [line for line in text.splitlines()[3:] if line[:2].strip()]  # not continuations
    assert [line.split()[0] for line in rows][: len(fw.roles)] == list(fw.roles)  # ids whole
    wide = table.roles(fw, list(fw.roles.values()), screen=Screen(False, 200)).splitlines()[1]
    assert "Seniority" in wide and "Aliases" in wide
