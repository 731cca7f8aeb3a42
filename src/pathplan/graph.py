"""networkx graphs of a framework: the skill prerequisite graph and the role network.

Graphs only: reading, checking and caching frameworks is `pathplan.loader`'s.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from pathplan.model import Framework

__all__ = ["prerequisite_graph", "role_graph"]


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
