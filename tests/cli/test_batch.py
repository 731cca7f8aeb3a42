"""`pathplan batch`: order, echo, per-query errors, exit codes, caching, formats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import pathplan.planner.plan as plan_module
from pathplan.cli.main import app
from pathplan.errors import DataError
from pathplan.loader import batchfile
from pathplan.loader.framework import load_framework
from pathplan.planner import batch
from pathplan.planner.gates import Limits
from tests.conftest import ROOT


def write(tmp_path: Path, text: str, name: str = "queries.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def invoke(runner: CliRunner, mini_dir: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["batch", *args, "--data", str(mini_dir)])
    return result.exit_code, result.stdout, result.stderr


def lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def test_results_come_in_input_order_and_echo_the_query(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    file = write(
        tmp_path,
        "- {kind: gap, from: dev, to: trainer}\n"
        "- {to: se, kind: route, from: swe, id: first-move}\n"
        "- {kind: route, from: devops, to: sales-eng, max_hours: 300}\n",
    )
    code, out, err = invoke(runner, mini_dir, str(file))
    assert code == 0, err
    assert err == ""  # no progress bar when stderr is not a terminal, no summary when all ok
    docs = lines(out)
    assert [d["index"] for d in docs] == [0, 1, 2]
    assert all(list(d)[:3] == ["kind", "version", "index"] for d in docs)
    assert [d["query"] for d in docs] == [
        {"kind": "gap", "from": "dev", "to": "trainer"},
        {"kind": "route", "id": "first-move", "from": "swe", "to": "se"},
        {"kind": "route", "from": "devops", "to": "sales-eng", "max_hours": 300},
    ]
    assert [d["result"]["kind"] for d in docs] == ["gap", "route", "route"]
    assert [d["status"] for d in docs] == ["ok", "ok", "ok"]


def test_a_result_is_the_document_the_command_prints(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    file = write(
        tmp_path,
        "- {kind: route, from: dev, to: sales-eng, direct: true, alternatives: 2}\n"
        "- {kind: gap, from: devops, to: dev}\n",
    )
    code, out, _ = invoke(runner, mini_dir, str(file))
    assert code == 0
    route, gap = (d["result"] for d in lines(out))
    for doc, args in (
        (route, ["route", "--from", "dev", "--to", "sales-eng", "--direct", "-k", "2"]),
        (gap, ["gap", "--from", "devops", "--to", "dev"]),
    ):
        alone = runner.invoke(app, [*args, "--format", "json", "--data", str(mini_dir)])
        assert doc == json.loads(alone.stdout)
    assert route["total_hours"] == lines(out)[0]["hours"]


def test_a_failing_query_does_not_stop_the_others_and_the_worst_exit_wins(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    file = write(
        tmp_path,
        "- {kind: route, from: dev, to: trainer}\n"  # no declared moves: exit 1
        "- {kind: route, from: dve, to: se}\n"  # unknown role: exit 2
        "- {kind: route, from: dev, to: se}\n"
        "- {kind: gap, profile: missing.yaml}\n"  # a path that is not there: exit 2
        "- {kind: gap, profile: bad.yaml}\n",  # invalid data: exit 3
    )
    (tmp_path / "bad.yaml").write_text("role: dev\nskills: {git: lots}\n")
    code, out, err = invoke(runner, mini_dir, str(file))
    docs = lines(out)
    assert [d["status"] for d in docs] == ["no-route", "error", "ok", "error", "error"]
    assert [d["exit_code"] for d in docs] == [1, 2, 0, 2, 3]
    assert code == 3
    assert docs[1]["hint"] == "did you mean 'dev'?"
    assert f"cannot read '{tmp_path / 'missing.yaml'}': it does not exist" in docs[3]["error"]
    assert "bad.yaml:2:10: skills.git: level 'lots' is not a whole number" in docs[4]["error"]
    assert docs[2]["result"]["roles"] == ["dev", "sales-eng"]
    # the stderr summary names each failed query, and the counts
    assert "no-route: query 1 (route from=dev to=trainer)" in err
    assert "error: query 2 (route from=dve to=se): unknown role 'dve'" in err
    assert "batch: 5 queries: 1 ok, 0 gate, 1 no-route, 3 error" in err


@pytest.mark.parametrize(
    ("queries", "expected"),
    [
        ("- {kind: route, from: dev, to: se}\n", 0),
        ("- {kind: route, from: dev, to: se}\n- {kind: route, from: dev, to: trainer}\n", 1),
        ("- {kind: route, from: dev, to: trainer}\n- {kind: gap, from: nobody}\n", 2),
        ("[]\n", 0),
    ],
)
def test_exit_code_is_the_worst_of_the_results(
    runner: CliRunner, mini_dir: Path, tmp_path: Path, queries: str, expected: int
) -> None:
    code, out, _ = invoke(runner, mini_dir, str(write(tmp_path, queries)))
    assert code == expected
    assert code == max((d["exit_code"] for d in lines(out)), default=0)


@pytest.mark.parametrize(
    ("query", "command"),
    [
        ("{kind: adjacent, role: dev, top: 3}", ["adjacent", "dev", "--top", "3"]),
        ("{kind: candidates, role: sales-eng, roster: team.yaml}", ["candidates", "sales-eng"]),
    ],
)
def test_adjacent_and_candidates_answer_as_their_commands(
    runner: CliRunner, mini_dir: Path, tmp_path: Path, query: str, command: list[str]
) -> None:
    roster = tmp_path / "team.yaml"
    roster.write_text(
        "people:\n  ada: {role: dev, skills: {python: 3, communication: 2}}\n"
        "  bo: {role: devops, skills: {linux: 3, presentation: 1}}\n"
    )
    file = write(tmp_path, f"- {query}\n- {{kind: gap, from: dev}}\n")
    code, out, _ = invoke(runner, mini_dir, str(file))
    first, second = lines(out)
    assert first["status"] == "ok" and second["status"] == "ok" and code == 0
    if command[0] == "candidates":
        command = [*command, "--roster", str(roster)]
    alone = runner.invoke(app, [*command, "--data", str(mini_dir), "--format", "json"])
    assert alone.exit_code == 0, alone.output
    assert first["result"] == json.loads(alone.stdout)


def test_gates_from_the_command_line_apply_to_every_query_and_a_query_s_own_win(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    # dev -> sales-eng needs 198 h; dev already meets 1 of sales-eng's 4 requirements (25%)
    file = write(
        tmp_path,
        "- {kind: route, from: dev, to: se}\n"
        "- {kind: route, from: dev, to: se, max_hours: 200}\n"
        "- {kind: gap, from: dev, to: se, min_coverage: 0.25}\n"
        "- {kind: gap, from: dev, to: se, min_coverage: 26%}\n",
    )
    code, out, err = invoke(runner, mini_dir, str(file), "--max-hours", "197.5")
    docs = lines(out)
    assert [d["status"] for d in docs] == ["gate", "ok", "gate", "gate"]
    assert code == 1
    assert [g["gate"] for g in docs[0]["gates"]] == ["max-hours"]
    assert docs[0]["gates"][0] == {
        "gate": "max-hours",
        "limit": 197.5,
        "actual": 198,
        "message": "max-hours: needs 198 h, over the limit of 197.5 h",
    }
    assert [g["gate"] for g in docs[3]["gates"]] == ["max-hours", "min-coverage"]
    assert docs[3]["coverage"] == 0.25
    assert "gate: query 1 (route from=dev to=se): max-hours: needs 198 h" in err
    assert docs[0]["result"]["total_hours"] == 198  # a gated result is still reported in full


def test_route_coverage_is_the_start_holder_s_against_the_target(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    file = write(tmp_path, "- {kind: route, from: dev, to: se, min_coverage: 20%}\n")
    doc = lines(invoke(runner, mini_dir, str(file))[1])[0]
    gap = runner.invoke(
        app, ["gap", "--from", "dev", "--to", "se", "-f", "json", "--data", str(mini_dir)]
    )
    assert doc["status"] == "ok" and doc["coverage"] == json.loads(gap.stdout)["coverage"]


def test_profile_paths_are_relative_to_the_batch_file(
    runner: CliRunner, mini_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "ada.yaml").write_text(
        "name: Ada\nrole: swe\nskills: {git: 3, python: 3, programming-basics: 2}\n"
    )
    file = write(tmp_path, "- {kind: gap, profile: people/ada.yaml}\n")
    monkeypatch.chdir(mini_dir)  # somewhere else
    doc = lines(invoke(runner, mini_dir, str(file))[1])[0]
    assert doc["status"] == "ok"
    assert doc["result"]["role"] == "dev" and doc["hours"] == 66


def test_json_batch_files_work_too(runner: CliRunner, mini_dir: Path, tmp_path: Path) -> None:
    file = write(
        tmp_path, json.dumps([{"kind": "route", "from": "dev", "to": "se"}]), "queries.json"
    )
    code, out, _ = invoke(runner, mini_dir, str(file))
    assert code == 0 and lines(out)[0]["hours"] == 198


def test_json_and_markdown_formats(runner: CliRunner, mini_dir: Path, tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "- {kind: route, from: dev, to: se, id: a|b}\n- {kind: route, from: dev, to: trainer}\n",
    )
    code, out, _ = invoke(runner, mini_dir, str(file), "--format", "json")
    doc = json.loads(out)
    assert code == 1
    assert list(doc) == ["kind", "version", "summary", "results"] and doc["kind"] == "batch"
    assert doc["summary"] == {
        "queries": 2,
        "ok": 1,
        "gate": 0,
        "no-route": 1,
        "error": 0,
        "exit_code": 1,
    }
    assert [r["status"] for r in doc["results"]] == ["ok", "no-route"]
    assert "kind" not in doc["results"][0]
    code, out, _ = invoke(runner, mini_dir, str(file), "--format", "markdown")
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert out.startswith("## pathplan batch: 2 queries (1 ok, 0 gate, 1 no-route, 0 error)")
    assert len(rows) == 3  # header and one row per query
    assert "| 1 | **a\\|b**: route from=dev to=se | ✅ ok | 198 |" in rows[1]
    # A batch file's words: its own option names, never the command line's flags.
    # (Error text is escaped as a whole: it holds the query's names, as written in the file.)
    assert "❌ no-route" in rows[2] and "add \\`direct: true\\`" in rows[2] and "--" not in rows[2]
    code, _, err = invoke(runner, mini_dir, str(file), "--format", "table")
    assert code == 2 and "cannot print --format table" in err


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("- {kind: route, from: dev, too: se}\n", ":1:28: [0].too: unknown option for 'route'"),
        ("- {kind: route, from: dev, too: se}\n", "did you mean 'to'?"),
        ("- {kind: route, from: dev}\n", ":1:3: [0].to: is required"),
        ("- {kind: rout, from: dev, to: se}\n", ":1:4: [0].kind: unknown kind 'rout'"),
        ("- {from: dev, to: se}\n", "[0]: missing 'kind'"),
        ("- route dev se\n", "[0]: a query must be a mapping"),
        ("kind: route\n", "expected a list of queries"),
        ("- {kind: gap, from: dev}\n- {kind: gap, from: dev, min_coverage: 80}\n", ":2:"),
        ("- {kind: gap, from: dev, min_coverage: 101%}\n", "over 100%"),
        ("- {kind: route, from: dev, to: se, direct: 'yes'}\n", "[0].direct"),
        ("- {kind: route, from: dev, to: se, alternatives: -1}\n", "[0].alternatives"),
        ("- {kind: route, from: dev, to: se, via: dev}\n", "[0].via"),
        ("- [unclosed\n", "YAML syntax"),
    ],
)
def test_an_invalid_batch_file_is_exit_3_with_its_location(
    runner: CliRunner, mini_dir: Path, tmp_path: Path, text: str, needle: str
) -> None:
    file = write(tmp_path, text)
    code, out, err = invoke(runner, mini_dir, str(file))
    assert code == 3, out + err
    assert out == ""
    assert needle in err and str(file) in err
    assert "Traceback" not in err


def test_a_misspelt_required_option_is_reported_once(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    file = write(tmp_path, "- {kind: route, from: dev, too: se}\n- {kind: route, from: dev}\n")
    code, _, err = invoke(runner, mini_dir, str(file))
    assert code == 3
    assert "[0].too: unknown option" in err and "[0].to: is required" not in err
    assert "[1].to: is required" in err


def test_every_problem_of_a_batch_file_is_reported(tmp_path: Path) -> None:
    file = write(tmp_path, "- {kind: route, from: dev}\n- {kind: gap, form: dev}\n- {kind: nope}\n")
    with pytest.raises(DataError) as caught:
        batchfile.read_batch(file)
    assert [p.line for p in caught.value.problems] == [1, 2, 3]


def test_work_shared_between_queries_is_done_once(
    mini_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: dict[str, int] = {"route": 0, "start_levels": 0}
    # Where the batch runner and the holder look each one up.
    where = {"route": batch, "start_levels": plan_module}
    for name in calls:
        real = getattr(where[name], name)

        def counted(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(where[name], name, counted)
    file = write(
        tmp_path,
        "- {kind: route, from: dev, to: se}\n"
        "- {kind: route, from: dev, to: se}\n"
        "- {kind: route, from: swe, to: presales}\n"  # the same query, by aliases
        "- {kind: route, from: dev, to: devops}\n"
        "- {kind: route, from: dev, to: trainer}\n"
        "- {kind: route, from: dev, to: trainer}\n",
    )
    results = batch.run(load_framework(mini_dir), batchfile.read_batch(file), base=tmp_path)
    assert calls == {"route": 3, "start_levels": 1}
    assert results[0].value == results[1].value == results[2].value
    assert [r.status for r in results[4:]] == ["no-route", "no-route"]


def test_run_reports_each_result_as_it_goes(mini_dir: Path, tmp_path: Path) -> None:
    file = write(tmp_path, "- {kind: gap, from: dev, to: se}\n- {kind: gap, from: devops}\n")
    seen: list[int] = []
    results = batch.run(
        load_framework(mini_dir),
        batchfile.read_batch(file),
        base=tmp_path,
        limits=Limits(max_hours=100),
        on_result=lambda r: seen.append(r.index),
    )
    assert seen == [0, 1]
    assert [r.status for r in results] == ["gate", "ok"]  # devops meets its own role: 0 h


def test_every_kind_has_a_model_a_runner_and_a_schema_entry() -> None:
    from pathplan.loader.schema import schema

    defs = schema("batch")["$defs"]
    assert list(batchfile.SCHEMAS) == list(batch.RUNNERS)
    for kind, model in batchfile.SCHEMAS.items():
        assert model.model_fields["kind"].annotation.__args__ == (kind,)  # type: ignore[union-attr]
        assert callable(batch.RUNNERS[kind])
        assert model.__name__ in defs


def test_the_documented_example_runs_on_the_bundled_framework(runner: CliRunner) -> None:
    result = runner.invoke(app, ["batch", str(ROOT / "docs" / "examples" / "batch.yaml")])
    docs = lines(result.stdout)
    assert [d["status"] for d in docs] == ["ok", "ok", "gate", "ok"]
    assert result.exit_code == 1


def test_the_readme_shows_the_real_report(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["batch", str(ROOT / "docs" / "examples" / "batch.yaml"), "--format", "markdown"]
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert result.stdout in readme
    assert result.stdout in (ROOT / "docs" / "ci.md").read_text(encoding="utf-8").replace(
        "```markdown\n", ""
    )


def test_a_batch_query_is_told_its_own_option_names(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    file = write(tmp_path, "- {kind: route, from: dev, to: sales-eng, max_step: 10}\n")
    code, out, _ = invoke(runner, mini_dir, str(file))
    (line,) = lines(out)
    assert code == 1 and line["status"] == "no-route"
    assert "max_step 10" in line["error"]
    assert "(max_step " in line["hint"] and "add `direct: true`" in line["hint"]
    assert "--" not in line["error"] + line["hint"], line


def test_routes_say_already_qualified_and_name_a_cheaper_direct_move(
    runner: CliRunner, tmp_path: Path
) -> None:
    from tests.cli.test_cli import DETOUR_ROLES, DETOUR_SKILLS
    from tests.conftest import write_framework

    folder = write_framework(tmp_path / "fw", DETOUR_SKILLS, DETOUR_ROLES)
    file = write(tmp_path, "- {kind: route, from: t, to: y}\n- {kind: route, from: s, to: t}\n")
    code, out, _ = invoke(runner, folder, str(file))
    qualified, detour = (r["result"] for r in lines(out))
    assert code == 0
    assert (qualified["qualified"], qualified["total_hours"], qualified["moves"]) == (True, 0, [])
    assert (detour["total_hours"], detour["direct_hours"]) == (30, 25)
    code, out, _ = invoke(runner, folder, str(file), "--format", "markdown")
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert "already qualified" in rows[1]
    # (Details are escaped as a whole: they hold the query's names as the file wrote them.)
    assert "the direct move costs 25 h: add \\`direct: true\\`" in rows[2]
    assert "--" not in rows[2]


def test_a_query_sets_its_own_search_budget(runner: CliRunner, tmp_path: Path) -> None:
    from tests.conftest import FIXTURES

    file = write(
        tmp_path,
        "- {kind: gap, from: start, to: hard, time_limit: 0.2}\n"
        "- {kind: route, from: start, to: hard, time_limit: 0.2, memory_limit: 100}\n",
    )
    code, out, _ = invoke(runner, FIXTURES / "hitting-set", str(file))
    results = [r["result"] for r in lines(out)]
    assert code == 0
    for doc in results:
        assert doc["proven"] is False and doc["stopped"]["reason"] == "time"
        assert doc["lower_bound"] <= doc["total_hours"]
    assert results[1]["stopped"]["budget"] == {"seconds": 0.2, "memory_mib": 100}
    bad = write(tmp_path, "- {kind: gap, from: start, to: hard, time_limit: 0}\n", "bad.yaml")
    code, _, err = invoke(runner, FIXTURES / "hitting-set", str(bad))
    assert code == 3 and "time_limit" in err
