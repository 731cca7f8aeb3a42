"""pathplan: plan upskilling and reskilling over a competency framework.

The public, typed Python API (docs/api.md). Names load on first use, so `pathplan --version`
and `--help` stay cheap:

    >>> import pathplan
    >>> fw = pathplan.load_framework(path)
    >>> pathplan.route(fw, pathplan.start_levels(fw, "dev"), "dev", "sales-eng").best.hours

Every error is a `pathplan.PathplanError` carrying data (see `pathplan.errors`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pathplan.version import __version__

# Public name -> the module that defines it.
_API = {
    # input
    "load_framework": "pathplan.loader.framework",
    "framework_from_data": "pathplan.loader.framework",
    "read_profile": "pathplan.loader.profile",
    "read_roster": "pathplan.loader.roster",
    # planning
    "gap": "pathplan.planner.plan",
    "plan": "pathplan.planner.plan",
    "holder": "pathplan.planner.plan",
    "start_levels": "pathplan.planner.levels",
    "viable_moves": "pathplan.planner.viable",
    "route": "pathplan.planner.route",
    "adjacent": "pathplan.planner.adjacent",
    "similarity": "pathplan.planner.similarity",
    "neighbours": "pathplan.planner.similarity",
    "team": "pathplan.planner.team",
    "candidates": "pathplan.planner.team",
    "schedule": "pathplan.planner.schedule",
    "to_dict": "pathplan.render.json",
    # data and results
    "Framework": "pathplan.model",
    "Holder": "pathplan.model",
    "Role": "pathplan.model",
    "Skill": "pathplan.model",
    "Gap": "pathplan.planner.results",
    "GapRow": "pathplan.planner.results",
    "Plan": "pathplan.planner.results",
    "Step": "pathplan.planner.results",
    "Move": "pathplan.planner.results",
    "Route": "pathplan.planner.results",
    "Budget": "pathplan.planner.budget",
    "Viability": "pathplan.planner.viable",
    "RouteResult": "pathplan.planner.results",
    "Neighbour": "pathplan.planner.adjacent",
    "Similarity": "pathplan.planner.similarity",
    "Match": "pathplan.planner.similarity",
    "Team": "pathplan.planner.team",
    "Member": "pathplan.planner.team",
    "Candidates": "pathplan.planner.team",
    "Candidate": "pathplan.planner.team",
    "Schedule": "pathplan.planner.schedule",
    # errors
    "PathplanError": "pathplan.errors",
    "UsageError": "pathplan.errors",
    "UnknownNameError": "pathplan.errors",
    "InvalidValueError": "pathplan.errors",
    "MissingRoleError": "pathplan.errors",
    "DataError": "pathplan.errors",
    "Problem": "pathplan.errors",
    "NoRouteError": "pathplan.errors",
    "MaxStepError": "pathplan.errors",
    "SearchStoppedError": "pathplan.errors",
    "AvoidedEndError": "pathplan.errors",
    "ViaWithoutMoveError": "pathplan.errors",
    "UnknownFormatError": "pathplan.errors",
    "NoDeclaredPathError": "pathplan.errors",
    "AvoidedRolesError": "pathplan.errors",
    "ViaUnreachableError": "pathplan.errors",
    "ViaCombinationError": "pathplan.errors",
}

__all__ = [
    "AvoidedEndError",
    "AvoidedRolesError",
    "Budget",
    "Candidate",
    "Candidates",
    "DataError",
    "Framework",
    "Gap",
    "GapRow",
    "Holder",
    "InvalidValueError",
    "Match",
    "MaxStepError",
    "Member",
    "MissingRoleError",
    "Move",
    "Neighbour",
    "NoDeclaredPathError",
    "NoRouteError",
    "PathplanError",
    "Plan",
    "Problem",
    "Role",
    "Route",
    "RouteResult",
    "Schedule",
    "SearchStoppedError",
    "Similarity",
    "Skill",
    "Step",
    "Team",
    "UnknownFormatError",
    "UnknownNameError",
    "UsageError",
    "ViaCombinationError",
    "ViaUnreachableError",
    "ViaWithoutMoveError",
    "Viability",
    "__version__",
    "adjacent",
    "candidates",
    "framework_from_data",
    "gap",
    "holder",
    "load_framework",
    "neighbours",
    "plan",
    "read_profile",
    "read_roster",
    "route",
    "schedule",
    "similarity",
    "start_levels",
    "team",
    "to_dict",
    "viable_moves",
]

if TYPE_CHECKING:
    from pathplan.errors import (
        AvoidedEndError,
        AvoidedRolesError,
        DataError,
        InvalidValueError,
        MaxStepError,
        MissingRoleError,
        NoDeclaredPathError,
        NoRouteError,
        PathplanError,
        Problem,
        SearchStoppedError,
        UnknownFormatError,
        UnknownNameError,
        UsageError,
        ViaCombinationError,
        ViaUnreachableError,
        ViaWithoutMoveError,
    )
    from pathplan.loader.framework import framework_from_data, load_framework
    from pathplan.loader.profile import read_profile
    from pathplan.loader.roster import read_roster
    from pathplan.model import Framework, Holder, Role, Skill
    from pathplan.planner.adjacent import Neighbour, adjacent
    from pathplan.planner.budget import Budget
    from pathplan.planner.levels import start_levels
    from pathplan.planner.plan import gap, holder, plan
    from pathplan.planner.results import Gap, GapRow, Move, Plan, Route, RouteResult, Step
    from pathplan.planner.route import route
    from pathplan.planner.schedule import Schedule, schedule
    from pathplan.planner.similarity import Match, Similarity, neighbours, similarity
    from pathplan.planner.team import Candidate, Candidates, Member, Team, candidates, team
    from pathplan.planner.viable import Viability, viable_moves
    from pathplan.render.json import to_dict


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'pathplan' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once loaded, a plain attribute
    return value


def __dir__() -> list[str]:
    # pydoc lists what dir() returns: with this, help(pathplan) documents the API.
    return sorted(__all__)
