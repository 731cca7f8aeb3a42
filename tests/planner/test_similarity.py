"""Similarity of two roles' work: symmetric, parts in range, the related role nearest, cached."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from pathplan.cli.app import bundled_data
from pathplan.errors import UnknownNameError
from pathplan.importers.onet import read_onet
from pathplan.loader.framework import framework_from_data, load_framework
from pathplan.model import Framework
from pathplan.planner.similarity import (
    LEVEL_WEIGHT,
    PARTS,
    WEIGHTS,
    Similarity,
    level_fit,
    neighbours,
    similarity,
)
from tests.conftest import FIXTURES, ROOT, write_framework


@pytest.fixture(scope="module")
def bundled() -> Framework:
    return load_framework(bundled_data())


@pytest.fixture(scope="module")
def onet() -> Framework:
    imported = read_onet(FIXTURES / "onet")
    return framework_from_data(imported.skills, imported.roles)


def skills(*names: str) -> dict[str, Any]:
    return {"skills": {n: {"name": n.upper(), "hours": 10} for n in names}}


def assert_well_formed(s: Similarity) -> None:
    parts = s.parts()
    assert all(0 <= v <= 1 for v in parts.values()), parts
    weight = sum(WEIGHTS[p] for p in parts)
    expected = sum(WEIGHTS[p] * v for p, v in parts.items()) / weight if weight else 0.0
    assert s.total == pytest.approx(expected)
    assert 0 <= s.total <= 1


@pytest.mark.parametrize("which", ["bundled", "onet"])
def test_symmetric_and_in_range(request: pytest.FixtureRequest, which: str) -> None:
    fw: Framework = request.getfixturevalue(which)
    for a, b in itertools.combinations(fw.roles, 2):
        ab, ba = similarity(fw, a, b), similarity(fw, b, a)
        assert_well_formed(ab)
        for part in (*PARTS, "total"):
            x, y = getattr(ab, part), getattr(ba, part)
            assert (x is None) == (y is None) and (x is None or x == pytest.approx(y)), (a, b)
        assert level_fit(fw.roles[a], fw.roles[b]) == level_fit(fw.roles[b], fw.roles[a])


@pytest.mark.parametrize("which", ["bundled", "onet"])
def test_neighbours_rank_every_other_role_by_the_documented_score(
    request: pytest.FixtureRequest, which: str
) -> None:
    fw: Framework = request.getfixturevalue(which)
    for role in list(fw.roles)[:8]:
        ranked = neighbours(fw, role)
        assert sorted(m.role for m in ranked) == sorted(set(fw.roles) - {role})
        assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
        for m in ranked:
            direct = similarity(fw, role, m.role)
            assert m.similarity.parts() == pytest.approx(direct.parts())
            assert m.similarity.total == pytest.approx(direct.total)
            assert m.level_fit == level_fit(fw.roles[role], fw.roles[m.role])
            assert m.score == pytest.approx(m.similarity.total + LEVEL_WEIGHT * m.level_fit)
        assert [m.role for m in neighbours(fw, role, top=3)] == [m.role for m in ranked[:3]]


def test_onet_nearest_roles_are_the_related_ones(onet: Framework) -> None:
    # On the excerpt: the software occupations find each other, the two service jobs each other.
    software = {
        "computer-programmers",
        "computer-systems-analysts",
        "software-quality-assurance-analysts-and-testers",
        "web-developers",
    }
    for role in software:
        assert neighbours(onet, role, top=1)[0].role in software - {role}
        assert {m.role for m in neighbours(onet, role, top=3)} == software - {role}
    assert neighbours(onet, "waiters-and-waitresses", top=1)[0].role == (
        "customer-service-representatives"
    )
    # Every part is there for imported O*NET, and it reads the ratings, not only the levels.
    parts = similarity(onet, "computer-programmers", "web-developers").parts()
    assert set(parts) == set(PARTS)


def test_identical_ratings_are_as_close_as_can_be() -> None:
    ratings = {"importance": {"a": 4.0, "b": 2.0}, "level_ratings": {"a": 3.2, "b": 1.0}}
    other = {"importance": {"a": 1.5, "b": 4.5}, "level_ratings": {"a": 0.5, "b": 4.0}}
    fw = framework_from_data(
        skills("a", "b"),
        {"roles": {"x": dict(ratings), "y": dict(ratings), "z": other, "w": other}},
    )
    assert similarity(fw, "x", "y").skills == 1.0
    far = similarity(fw, "x", "z").skills
    assert far is not None and 0 <= far < 1


def test_hand_written_roles_compare_requirements_and_titles() -> None:
    fw = framework_from_data(
        skills("a", "b", "c", "d", "e"),
        {
            "roles": {
                "me": {"name": "Data Analyst", "requires": {"a": 3, "b": 3}},
                "more": {"name": "Senior Data Analyst", "requires": {"a": 4, "b": 3, "c": 2}},
                "either": {"name": "Reporting Lead", "requires_any": [{"a": 3, "e": 3}]},
                "also": {"name": "Support", "requires": {"d": 2}, "optional": {"b": 2}},
                "other": {"name": "Chef", "requires": {"d": 2}},
            }
        },
    )
    sims = {r: similarity(fw, "me", r) for r in ("more", "either", "also", "other")}
    # Roles without ratings, activities or technology compare on skills and titles alone.
    for s in sims.values():
        assert s.activities is None and s.technology is None
        assert s.skills is not None and s.titles is not None
    assert sims["more"].total > sims["either"].total > sims["other"].total == 0
    assert sims["more"].titles is not None and sims["more"].titles > 0  # "data analyst" shared
    # An optional skill counts: 'also' differs from 'other' only by an optional b.
    assert sims["also"].total > sims["other"].total


def test_a_part_is_left_out_when_either_role_lacks_it() -> None:
    fw = framework_from_data(
        skills("a"),
        {
            "roles": {
                "x": {"requires": {"a": 2}, "activities": ["4.A.1.a.1.I01.D01"]},
                "y": {"requires": {"a": 2}, "activities": ["4.A.1.a.1.I01.D01"]},
                "z": {"requires": {"a": 2}},
            }
        },
    )
    assert similarity(fw, "x", "y").activities == pytest.approx(1.0)
    xz = similarity(fw, "x", "z")
    assert xz.activities is None and "activities" not in xz.parts()
    assert_well_formed(xz)


def test_level_fit_is_light_and_symmetric() -> None:
    fw = framework_from_data(
        skills("a"),
        {
            "roles": {f"s{i}": {"seniority": i} for i in range(1, 6)}
            | {"z3": {"job_zone": 3}, "z4": {"job_zone": 4}}
            | {"both": {"seniority": 2, "job_zone": 3}}
        },
    )
    r = fw.roles
    assert level_fit(r["s2"], r["s2"]) == 1.0
    assert level_fit(r["s2"], r["s3"]) == level_fit(r["s2"], r["s1"]) == 0.5
    assert level_fit(r["s2"], r["s4"]) == 0.0
    assert level_fit(r["z3"], r["z4"]) == 0.5
    assert level_fit(r["z3"], r["s1"]) == 0.5  # nothing comparable
    assert level_fit(r["both"], r["s2"]) == 1.0  # only seniority compares
    assert LEVEL_WEIGHT <= 0.1  # a light term: similar work decides


def test_unknown_role_is_an_error(bundled: Framework) -> None:
    with pytest.raises(UnknownNameError):
        similarity(bundled, "dev", "nobody")
    with pytest.raises(UnknownNameError):
        neighbours(bundled, "nobdy")


def test_index_is_kept_beside_the_cache_entry(tmp_path: Path) -> None:
    data = FIXTURES / "mini"
    cache = tmp_path / "cache"
    first = load_framework(data, cache)
    expected = [(m.role, m.score) for m in neighbours(first, "dev")]
    (stored,) = cache.glob("*.similarity-*")
    assert stored.name.split(".")[0] == next(cache.glob("*.framework")).stem
    # A later run reads it back, and gets the same answer.
    again = load_framework(data, cache)
    assert [(m.role, m.score) for m in neighbours(again, "dev")] == expected
    # A damaged index is ignored and written again.
    stored.write_bytes(stored.read_bytes()[:-10])
    damaged = load_framework(data, cache)
    assert [(m.role, m.score) for m in neighbours(damaged, "dev")] == expected
    assert stored.stat().st_size > 0
    assert load_framework(data, cache).derived is not None


def test_index_goes_with_its_entry(tmp_path: Path) -> None:
    from pathplan.loader import cache as cache_module

    cache = tmp_path / "cache"
    base = (FIXTURES / "mini" / "skills.yaml").read_text(encoding="utf-8")
    roles = (FIXTURES / "mini" / "roles.yaml").read_text(encoding="utf-8")
    for n in range(cache_module.MAX_ENTRIES + 2):
        folder = write_framework(tmp_path / f"fw{n}", base, roles + f"# copy {n}\n")
        neighbours(load_framework(folder, cache), "dev")
    entries = {p.stem for p in cache.glob("*.framework")}
    indexes = {p.name.split(".")[0] for p in cache.glob("*.similarity-*")}
    assert len(entries) == cache_module.MAX_ENTRIES
    assert indexes <= entries


def test_src_never_reads_the_career_changers_matrix() -> None:
    # O*NET's list of realistic moves is evaluation data (benchmarks/adjacency_eval.py): the
    # ranking, the importer and their weights must never read it.
    pattern = re.compile(r"career.?changers|changers.?matrix", re.IGNORECASE)
    named = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "src").rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert named == []
