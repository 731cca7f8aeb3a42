"""The public API: docs/api.md's example session runs, and `import pathplan` lists the API."""

from __future__ import annotations

import doctest
import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import pathplan
from pathplan.cli.main import app
from tests.conftest import ROOT

API_DOC = ROOT / "docs" / "api.md"


def session() -> str:
    """Every python block of docs/api.md, in order: one doctest session."""
    blocks = re.findall(r"```python\n(.*?)```", API_DOC.read_text(encoding="utf-8"), re.S)
    return "\n".join(blocks)


def test_the_documented_session_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = session()
    assert text.count(">>>") > 20
    test = doctest.DocTestParser().get_doctest(text, {}, "docs/api.md", str(API_DOC), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0 and result.attempted == len(test.examples)


def test_every_public_name_loads_and_is_documented() -> None:
    documented = API_DOC.read_text(encoding="utf-8")
    for name in pathplan.__all__:
        value = getattr(pathplan, name)
        assert value is not None
        if callable(value) and name[0].islower():
            assert f"`{name}(" in documented, f"{name} is not in docs/api.md"
            assert value.__doc__, f"{name} has no docstring"


def test_help_lists_the_api() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "import pathplan; help(pathplan)"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={"PAGER": "cat", "PATH": ""},
    )
    for name in ("load_framework", "route", "candidates", "read_roster", "MaxStepError", "Gap"):
        assert re.search(rf"\b{name}\b", proc.stdout), name


def test_import_is_cheap() -> None:
    code = (
        "import sys, pathplan\n"
        "print(sorted(m for m in ('networkx', 'yaml', 'pydantic') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("args", "value"),
    [
        (("route", "--from", "dev", "--to", "sales-eng", "--alternatives", "1"), "route"),
        (("gap", "--from", "dev", "--to", "sales-eng"), "gap"),
        (("adjacent", "dev", "--top", "3"), "adjacent"),
        (("candidates", "sales-eng", "--roster", "data/examples/roster.yaml"), "candidates"),
        (("team", "--roster", "data/examples/roster.yaml"), "team"),
    ],
)
def test_to_dict_is_what_format_json_prints(
    args: tuple[str, ...], value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    fw = pathplan.load_framework("data")
    held = pathplan.start_levels(fw, "dev")
    people = pathplan.read_roster("data/examples/roster.yaml", fw)
    results = {
        "route": lambda: pathplan.to_dict(
            pathplan.route(fw, held, "dev", "sales-eng", alternatives=1), framework=fw
        ),
        "gap": lambda: pathplan.to_dict(pathplan.gap(fw, held, "sales-eng"), framework=fw),
        "adjacent": lambda: pathplan.to_dict(
            pathplan.adjacent(fw, held, "dev", top=3), source="dev", framework=fw
        ),
        "candidates": lambda: pathplan.to_dict(
            pathplan.candidates(fw, people, "sales-eng"), framework=fw
        ),
        "team": lambda: pathplan.to_dict(pathplan.team(fw, people), framework=fw),
    }
    converted = results[value]()
    assert json.dumps(converted, indent=2, ensure_ascii=False) + "\n" == result.stdout


def test_to_dict_refuses_what_it_cannot_convert() -> None:
    with pytest.raises(TypeError, match="no JSON document for str"):
        pathplan.to_dict("route")
    fw = pathplan.load_framework(ROOT / "data")
    ranked = pathplan.adjacent(fw, pathplan.start_levels(fw, "dev"), "dev", top=1)
    with pytest.raises(TypeError, match="source="):
        pathplan.to_dict(ranked)
