"""Export the framework's graphs: the role network and the skill prerequisite graph."""

from __future__ import annotations

from typing import Any

import networkx as nx

from pathplan.render.text import printable


def dot(graph: Any, title: str) -> str:
    """Graphviz DOT. networkx writes DOT only through pydot or pygraphviz; this is all we need."""

    def quote(text: object) -> str:
        return '"' + printable(str(text)).replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [f"digraph {quote(title)} {{", "  rankdir=LR;", "  node [shape=box];"]
    for node, data in sorted(graph.nodes(data=True)):
        lines.append(f"  {quote(node)} [label={quote(data.get('name', node))}];")
    for a, b, data in sorted(graph.edges(data=True)):
        attrs = []
        if data.get("kind") == "next":
            attrs.append("style=bold")
        if "level" in data:
            attrs.append(f"label={quote(data['level'])}")
        suffix = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"  {quote(a)} -> {quote(b)}{suffix};")
    return "\n".join(lines) + "\n}\n"


def graphml(graph: Any) -> str:
    """GraphML from networkx's own writer, every text attribute made `printable` first.

    XML escapes markup, but keeps line breaks and escape sequences as they are.
    """
    safe = nx.relabel_nodes(graph, {n: printable(str(n)) for n in graph.nodes}, copy=True)
    for _, data in safe.nodes(data=True):
        data.update({k: printable(v) for k, v in data.items() if isinstance(v, str)})
    for _, _, data in safe.edges(data=True):
        data.update({k: printable(v) for k, v in data.items() if isinstance(v, str)})
    return "\n".join(nx.generate_graphml(safe)) + "\n"
