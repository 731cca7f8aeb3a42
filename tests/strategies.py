"""Hypothesis strategies: small random frameworks and holders, and brute-force oracles."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from hypothesis import strategies as st

from pathplan.loader.framework import framework_from_data
from pathplan.model import Framework

TOP = 3  # levels per skill: small enough to enumerate every level vector


@st.composite
def frameworks(draw: st.DrawFn, max_skills: int = 5, max_roles: int = 6) -> Framework:
    """A valid framework: prerequisites only point to earlier skills, so there is no cycle."""
    n = draw(st.integers(2, max_skills))
    ids = [f"s{i}" for i in range(n)]
    skills: dict[str, Any] = {}
    for i, sid in enumerate(ids):
        prereqs = (
            draw(st.dictionaries(st.sampled_from(ids[:i]), st.integers(1, TOP), max_size=2))
            if i
            else {}
        )
        skills[sid] = {
            "name": sid.upper(),
            "hours": draw(st.lists(st.integers(0, 20), min_size=TOP, max_size=TOP)),
            "requires": prereqs,
        }
    level_maps = st.dictionaries(st.sampled_from(ids), st.integers(1, TOP), max_size=3)
    m = draw(st.integers(1, max_roles))
    rids = [f"r{i}" for i in range(m)]
    roles: dict[str, Any] = {}
    for rid in rids:
        others = [r for r in rids if r != rid]
        roles[rid] = {
            "name": rid.upper(),
            "requires": draw(level_maps),
            "requires_any": draw(
                st.lists(
                    st.dictionaries(
                        st.sampled_from(ids), st.integers(1, TOP), min_size=1, max_size=3
                    ),
                    max_size=2,
                )
            ),
            "adjacent": draw(st.lists(st.sampled_from(others), unique=True, max_size=4))
            if others
            else [],
        }
    return framework_from_data({"levels": ["a", "b", "c"], "skills": skills}, {"roles": roles})


def holders(fw: Framework) -> st.SearchStrategy[dict[str, int]]:
    """Held levels over the framework's skills."""
    return st.dictionaries(
        st.sampled_from(sorted(fw.skills)), st.integers(1, TOP), max_size=len(fw.skills)
    )


def brute_force_hours(fw: Framework, held: Mapping[str, int], roles: Iterable[str]) -> float:
    """Least hours over every final level vector that meets all `roles`: the definition."""
    ids = sorted(fw.skills)
    wanted = [fw.roles[r] for r in roles]
    best = float("inf")
    for final in itertools.product(*(range(held.get(s, 0), TOP + 1) for s in ids)):
        at = dict(zip(ids, final, strict=True))
        if any(at[s] < k for role in wanted for s, k in role.requires.items()):
            continue
        if any(
            not any(at[s] >= k for s, k in g.items()) for role in wanted for g in role.requires_any
        ):
            continue
        started = [s for s in ids if held.get(s, 0) == 0 and at[s] > 0]
        if any(at[p] < k for s in started for p, k in fw.skills[s].requires.items()):
            continue
        best = min(best, sum(fw.skills[s].hours_between(held.get(s, 0), at[s]) for s in ids))
    return best
