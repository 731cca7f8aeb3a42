"""Every dispatch answers every OutputFormat member: a renderer for its formats, else ValueError."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path

import pytest

from pathplan.graph import role_graph
from pathplan.loader.batchfile import read_batch
from pathplan.loader.framework import load_framework
from pathplan.model import Framework, Holder
from pathplan.planner import batch
from pathplan.planner.adjacent import adjacent
from pathplan.planner.levels import start_levels
from pathplan.planner.plan import gap
from pathplan.planner.results import Gap
from pathplan.planner.route import route
from pathplan.planner.schedule import schedule
from pathplan.planner.team import candidates, team, unranked
from pathplan.render import OutputFormat, dispatch
from pathplan.render.json import BATCH_OPTIONS
from pathplan.render.text import Screen
from tests.conftest import MINI


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(MINI)


def _joined(lines: Iterable[str]) -> dispatch.Render:
    text = "".join(lines)
    return lambda _: text


def scored(
    fw: Framework, roster: Mapping[str, Holder], role: str
) -> Iterator[tuple[str, Holder, Gap]]:
    return ((pid, h, gap(fw, h.levels, role)) for pid, h in roster.items())


def cases(
    fw: Framework, tmp: Path
) -> dict[str, tuple[tuple[OutputFormat, ...], Callable[..., dispatch.Render]]]:
    held = start_levels(fw, "dev")
    g = gap(fw, held, "sales-eng")
    found = route(fw, held, "dev", "sales-eng")
    plan = schedule(list(g.plan.steps), 5, date(2027, 1, 4))
    roster = {"ada": Holder(held, "dev", "Ada", 5.0), "bo": Holder({}, "devops")}
    queries = tmp / "q.yaml"
    queries.write_text("- {kind: route, from: dev, to: se}\n- {kind: gap, from: dev, to: nope}\n")
    results = batch.run(fw, read_batch(queries), base=tmp)
    return {
        "gap": (
            dispatch.PLAN_FORMATS,
            lambda f: dispatch.gap(f, fw, g, "Ada", plan, names=BATCH_OPTIONS, gantt=True),
        ),
        "routes": (
            dispatch.PLAN_FORMATS,
            lambda f: dispatch.routes(f, fw, found, None, BATCH_OPTIONS),
        ),
        "neighbours": (
            dispatch.NEIGHBOUR_FORMATS,
            lambda f: dispatch.neighbours(f, fw, "dev", adjacent(fw, held, "dev")),
        ),
        "roles": (
            dispatch.LISTING_FORMATS,
            lambda f: dispatch.roles(f, fw, list(fw.roles.values())),
        ),
        "skills": (
            dispatch.LISTING_FORMATS,
            lambda f: dispatch.skills(f, fw, list(fw.skills.values())),
        ),
        "show": (dispatch.SHOW_FORMATS, lambda f: dispatch.show(f, fw, fw.roles["dev"])),
        "problems": (dispatch.VALIDATE_FORMATS, lambda f: dispatch.problems(f, [], fw)),
        "graph": (
            dispatch.GRAPH_FORMATS,
            lambda f: dispatch.graph(f, role_graph(fw), {r: r for r in fw.roles}, "Roles"),
        ),
        "team": (
            dispatch.ROSTER_FORMATS,
            lambda f: dispatch.team(f, fw, team(fw, roster), top=5, people=5),
        ),
        "team_lines": (
            dispatch.TEAM_LINE_FORMATS,
            lambda f: _joined(dispatch.team_lines(f, fw, team(fw, roster).members)),
        ),
        "candidates": (
            dispatch.RANKED_FORMATS,
            lambda f: dispatch.candidates(f, fw, candidates(fw, roster, "sales-eng")),
        ),
        "candidate_lines": (
            dispatch.CANDIDATE_LINE_FORMATS,
            lambda f: _joined(
                dispatch.candidate_lines(
                    f, fw, unranked(fw, scored(fw, roster, "sales-eng"), "sales-eng"), "sales-eng"
                )
            ),
        ),
        "batch": (dispatch.BATCH_FORMATS, lambda f: dispatch.batch(f, results)),
    }


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_dispatch_handles_every_format(
    fw: Framework, fmt: OutputFormat, tmp_path: Path
) -> None:
    for name, (formats, render) in cases(fw, tmp_path).items():
        if fmt in formats:
            text = render(fmt)(Screen())
            assert isinstance(text, str) and text.endswith("\n") and len(text) > 20, name
        else:
            with pytest.raises(ValueError, match=f"cannot be printed as {fmt.value}"):
                render(fmt)


def test_every_dispatch_is_tested(fw: Framework, tmp_path: Path) -> None:
    # A new dispatch function needs a case above.
    assert set(cases(fw, tmp_path)) == {n for n in dispatch.__all__ if n.islower()}
