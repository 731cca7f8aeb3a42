"""networkx graphs of a framework: prerequisite and `extends` cycle checks, the role network."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from pathplan.errors import DataError, Problem
from pathplan.reading import no_gc

if TYPE_CHECKING:
    from pathplan.loader import Document, FrameworkSpecs
from pathplan.model import Framework, Role, Skill

__all__ = [
    "build_framework",
    "framework_from_data",
    "load_framework",
    "prerequisite_graph",
    "role_graph",
]


def load_framework(data_dir: Path, cache_dir: Path | None = None) -> Framework:
    """Read, check and resolve the framework in `data_dir`; DataError lists every problem.

    With `cache_dir`, a framework already read with the same file contents comes from there
    (see `pathplan.cache`), and a newly read one is stored there.
    """
    if cache_dir is not None:
        from pathplan.cache import cached_framework

        return cached_framework(data_dir, cache_dir, _load)
    return _load(data_dir, None)


def _load(data_dir: Path, raw: Mapping[str, bytes] | None) -> Framework:
    # The YAML loader is imported only here: a framework from the cache needs none of it.
    from pathplan.loader import read_specs

    with no_gc():
        return build_framework(read_specs(data_dir, raw))


def framework_from_data(skills: Any, roles: Any) -> Framework:
    """A framework from plain data shaped like skills.yaml and roles.yaml (no locations)."""
    from pathplan.loader import Document, check_specs

    return build_framework(
        check_specs(Document("skills.yaml", skills), Document("roles.yaml", roles))
    )


def build_framework(specs: FrameworkSpecs) -> Framework:
    """Check the specs for cycles, resolve `extends`, and rank skills in learning order."""
    requires = nx.DiGraph()
    requires.add_nodes_from(specs.skills)
    for sid, spec in specs.skills.items():
        requires.add_edges_from((sid, p) for p in spec.requires)
    extends = nx.DiGraph()
    extends.add_nodes_from(specs.roles)
    extends.add_edges_from(
        (rid, spec.extends) for rid, spec in specs.roles.items() if spec.extends is not None
    )
    problems = _cycles(requires, specs.skills_doc, "skills", "requires", "prerequisite cycle")
    problems += _cycles(extends, specs.roles_doc, "roles", "extends", "extends cycle")
    if problems:
        raise DataError(problems)

    skills = {
        sid: Skill(
            id=sid,
            name=spec.name,
            category=spec.category,
            description=spec.description,
            hours=tuple(spec.hours),
            requires=dict(spec.requires),
            resources=tuple(spec.resources),
        )
        for sid, spec in specs.skills.items()
    }
    roles: dict[str, Role] = {}
    # Parents before children, so each child merges an already-resolved parent.
    for rid in reversed(list(nx.lexicographical_topological_sort(extends))):
        role_spec = specs.roles[rid]
        parent = roles.get(role_spec.extends) if role_spec.extends else None
        merged = dict(parent.requires) if parent else {}
        for sid, level in role_spec.requires.items():
            merged[sid] = max(level, merged.get(sid, 0))
        groups = list(parent.requires_any) if parent else []
        groups += [dict(g) for g in role_spec.requires_any if dict(g) not in groups]
        roles[rid] = Role(
            id=rid,
            name=role_spec.name or rid,
            aliases=tuple(role_spec.aliases),
            family=role_spec.family or (parent.family if parent else None),
            description=role_spec.description,
            seniority=role_spec.seniority or (parent.seniority if parent else None),
            extends=role_spec.extends,
            requires=merged,
            requires_any=tuple(groups),
            next=tuple(role_spec.next),
            adjacent=tuple(role_spec.adjacent),
            job_zone=role_spec.job_zone or (parent.job_zone if parent else None),
            importance=dict(role_spec.importance),
            optional=dict(role_spec.optional),
            code=role_spec.code,
        )
    order = nx.lexicographical_topological_sort(requires.reverse(copy=False))
    return Framework(
        levels=specs.levels,
        skills=skills,
        roles={rid: roles[rid] for rid in specs.roles},
        rank={sid: i for i, sid in enumerate(order)},
        sources=(specs.skills_doc.file, specs.roles_doc.file),
    )


def _cycles(graph: Any, doc: Document, section: str, field: str, what: str) -> list[Problem]:
    problems = []
    for component in nx.strongly_connected_components(graph):
        first = min(component)
        if len(component) == 1 and not graph.has_edge(first, first):
            continue
        # Walk the cycle from its smallest id, so the report is the same on every run.
        edges = nx.find_cycle(graph.subgraph(component), source=first)
        cycle = [u for u, _ in edges] + [first]
        problems.append(
            doc.problem(
                (section, first, field),
                f"{what}: {' -> '.join(cycle)}",
                f"remove one of these '{field}' links",
            )
        )
    return problems


def prerequisite_graph(framework: Framework) -> Any:
    """DiGraph with an edge P -> S (attribute `level`) when S requires P at that level."""
    graph = nx.DiGraph()
    for sid, skill in framework.skills.items():
        graph.add_node(sid, name=skill.name, category=skill.category or "")
    for sid, skill in framework.skills.items():
        for pid, level in skill.requires.items():
            graph.add_edge(pid, sid, level=level)
    return graph


def role_graph(framework: Framework, *, direct: bool = False) -> Any:
    """DiGraph of declared moves (edge attribute `kind`: next or adjacent); complete if `direct`."""
    graph = nx.DiGraph()
    for rid, role in framework.roles.items():
        graph.add_node(rid, name=role.name, family=role.family or "")
    for rid, role in framework.roles.items():
        graph.add_edges_from(((rid, t) for t in role.adjacent), kind="adjacent")
        graph.add_edges_from(((rid, t) for t in role.next), kind="next")
    if direct:
        graph.add_edges_from(
            (
                (a, b)
                for a in framework.roles
                for b in framework.roles
                if a != b and not graph.has_edge(a, b)
            ),
            kind="direct",
        )
    return graph
