"""The layers hold: read the source of every module and check what it imports and says.

cli -> render -> planner -> graph -> loader/model -> errors. The core (planner, graph, loader)
never imports typer or rich, names a command-line flag, reads the environment, prints or exits.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "pathplan"

# Layer of each top-level part -> the parts it may import (itself included).
ALLOWED = {
    "version": {"version"},
    "errors": {"errors"},
    "model": {"model", "errors"},
    "loader": {"loader", "model", "errors"},
    "importers": {"importers", "loader", "model", "errors"},
    "graph": {"graph", "loader", "model", "errors"},
    "planner": {"planner", "graph", "loader", "model", "errors"},
    "render": {"render", "planner", "graph", "loader", "model", "errors"},
    "cli": {"cli", "render", "planner", "graph", "loader", "model", "errors", "importers"},
}
CORE = ("planner", "graph", "loader")
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p.parent.name != "__pycache__")


def part(path: Path) -> str:
    """The top-level part a module belongs to: `planner` for planner/route.py, `graph`..."""
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imported(tree: ast.AST) -> list[str]:
    """Every module named by an import statement, at any depth (lazy ones too)."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            if node.module == "pathplan":
                names += [f"pathplan.{a.name}" for a in node.names]
    return names


LAYERED = [p for p in modules() if part(p) in ALLOWED]
CORE_MODULES = [p for p in modules() if part(p) in CORE]


def _id(path: Path) -> str:
    return str(path.relative_to(SRC))


def test_every_module_has_a_layer() -> None:
    # The package root (the lazy public API) and `python -m pathplan` sit above the layers.
    unplaced = [_id(p) for p in modules() if part(p) not in ALLOWED]
    assert sorted(unplaced) == ["__init__.py", "__main__.py"]


@pytest.mark.parametrize("path", LAYERED, ids=_id)
def test_no_upward_imports(path: Path) -> None:
    own = part(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    targets = {n.split(".")[1] for n in imported(tree) if n.startswith("pathplan.")}
    # Any layer may read the release number; nothing else below it.
    upward = targets - ALLOWED[own] - {"version"}
    assert not upward, f"{_id(path)} imports {sorted(upward)}"


@pytest.mark.parametrize("path", CORE_MODULES, ids=_id)
def test_the_core_speaks_no_command_line(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    heavy = [n for n in imported(tree) if n.split(".")[0] in ("typer", "rich", "click")]
    assert not heavy, f"{_id(path)} imports {heavy}"
    flags = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and FLAG.search(node.value)
    ]
    assert not flags, f"{_id(path)} names command-line flags: {flags}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            call = f"{node.value.id}.{node.attr}"
            assert call not in (
                "os.environ",
                "os.getenv",
                "sys.exit",
                "sys.stdout",
                "sys.stderr",
            ), f"{_id(path)}:{node.lineno} uses {call}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in ("print", "exit", "quit", "input"), (
                f"{_id(path)}:{node.lineno} calls {node.func.id}()"
            )


def test_the_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    # The rules above must be able to fail: a module that breaks each of them is caught.
    bad = ast.parse(
        "import os\nimport typer\nfrom pathplan.cli import app\n"
        "def f():\n    from rich import print as p\n    print(os.environ['X'], '--via')\n"
    )
    assert {"typer", "rich", "pathplan.cli"} <= set(imported(bad))
    texts = [n.value for n in ast.walk(bad) if isinstance(n, ast.Constant)]
    assert any(isinstance(t, str) and FLAG.search(t) for t in texts)
    assert not FLAG.search("a-b --- x"), "dashes that are not flags"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_module_imports_one_that_imports_it() -> None:
    # Type-only imports count too: a circle of them is a sign that a type lives in the wrong module.
    import networkx as nx

    names = {_module_name(p): p for p in modules()}
    graph = nx.DiGraph()
    for name, path in names.items():
        for target in imported(ast.parse(path.read_text(encoding="utf-8"))):
            if target in names and target not in (name, "pathplan"):
                graph.add_edge(name, target)
    assert list(nx.simple_cycles(graph)) == []
