"""The command line end to end: CliRunner for behaviour, a subprocess for the installed script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pathplan.cli.main import app
from pathplan.render import OutputFormat
from tests.conftest import FIXTURES, run, write_framework

COMMANDS = ["gap", "route", "adjacent", "roles", "skills", "show", "validate", "graph"]


def test_route_json_has_the_documented_shape(runner: CliRunner, mini_dir: Path) -> None:
    code, out, _ = run(
        runner, mini_dir, "route", "--from", "dev", "--to", "sales-eng", "--format", "json"
    )
    assert code == 0
    doc = json.loads(out)
    assert list(doc)[:2] == ["kind", "version"] and doc["kind"] == "route"
    assert doc["roles"] == ["dev", "sales-eng"]
    assert doc["total_hours"] == sum(m["hours"] for m in doc["moves"])
    move = doc["moves"][0]
    assert (move["from"], move["to"]) == ("dev", "sales-eng")
    assert list(move["steps"][0]) == [
        "skill",
        "name",
        "from_level",
        "to_level",
        "hours",
        "reason",
        "resources",
    ]
    assert all(s["reason"]["kind"] in ("requirement", "prerequisite") for s in move["steps"])
    assert sum(s["hours"] for s in move["steps"]) == move["hours"]


def test_json_is_byte_stable(runner: CliRunner, mini_dir: Path) -> None:
    args = (
        "route",
        "--from",
        "dev",
        "--to",
        "sales-eng",
        "--direct",
        "-k",
        "2",
        "--format",
        "json",
    )
    assert run(runner, mini_dir, *args)[1] == run(runner, mini_dir, *args)[1]


def test_global_options_before_the_command(runner: CliRunner, mini_dir: Path) -> None:
    result = runner.invoke(
        app, ["--data", str(mini_dir), "--format", "json", "route", "--from", "swe", "--to", "SE"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["to"] == "sales-eng"


def test_names_match_aliases_case_insensitively(runner: CliRunner, mini_dir: Path) -> None:
    code, out, _ = run(
        runner, mini_dir, "route", "--from", "Developer", "--to", "PRESALES", "-f", "json"
    )
    assert code == 0 and json.loads(out)["roles"] == ["dev", "sales-eng"]


def test_table_output_when_piped_is_plain(runner: CliRunner, mini_dir: Path) -> None:
    code, out, _ = run(runner, mini_dir, "route", "--from", "dev", "--to", "sales-eng")
    assert code == 0
    assert "\x1b[" not in out
    assert "Software Developer → Sales Engineer: 198 h in 1 move" in out
    assert all(line == line.rstrip() for line in out.splitlines())


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("route", "--from", "dve", "--to", "sales-eng"), "did you mean 'dev'?"),
        (("route", "--from", "dev", "--to", "sales-engg"), "did you mean 'sales-eng'?"),
        (("gap", "--from", "dev", "--to", "trainr"), "did you mean 'trainer'?"),
        (("show", "pythn"), "did you mean 'python'?"),
        (("route", "--to", "sales-eng"), "give --from ROLE or --profile FILE"),
        (("route", "--from", "dev"), "missing option '--to'"),
        (
            ("route", "--from", "dev", "--to", "sales-eng", "--avoid", "dev"),
            "both avoided and an end",
        ),
        (("route", "--from", "dev", "--to", "sales-eng", "--format", "xml"), "invalid value"),
        (("route", "--from", "dev", "--to", "sales-eng", "--max-step", "-3"), "invalid value"),
    ],
)
def test_usage_errors_exit_2(
    runner: CliRunner, mini_dir: Path, args: tuple[str, ...], needle: str
) -> None:
    code, out, err = run(runner, mini_dir, *args)
    assert code == 2, out + err
    assert needle in err
    assert "Traceback" not in out + err


def test_no_route_exits_1_with_a_reason(runner: CliRunner, mini_dir: Path) -> None:
    code, out, err = run(runner, mini_dir, "route", "--from", "dev", "--to", "trainer")
    assert code == 1
    assert out == ""
    assert "no declared moves lead from 'dev' to 'trainer'" in err and "--direct" in err


def test_gap_with_a_profile_defaults_to_its_role(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    me = tmp_path / "me.yaml"
    me.write_text(
        "name: Ada\nrole: swe\nhours_per_week: 5\n"
        "skills: {git: 3, python: 3, programming-basics: 2}\n"
    )
    code, out, _ = run(runner, mini_dir, "gap", "--profile", str(me), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["role"] == "dev"
    assert doc["total_hours"] == 66  # testing 0 -> 3
    assert doc["coverage"] == pytest.approx(2 / 3, abs=1e-4)
    code, out, _ = run(runner, mini_dir, "gap", "--profile", str(me))
    assert "Ada → Software Developer: coverage 67% (2/3 requirements met), 66 h to close" in out


def test_route_from_a_profile_starts_at_its_role(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    me = tmp_path / "me.yaml"
    me.write_text("role: dev\nskills: {communication: 2}\n")
    code, out, _ = run(
        runner, mini_dir, "route", "--profile", str(me), "--to", "sales-eng", "-f", "json"
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["roles"][0] == "dev"
    skills = {s["skill"] for s in doc["moves"][0]["steps"]}
    assert "communication" not in skills and "python" in skills  # held exactly, nothing assumed


def test_roles_skills_show(runner: CliRunner, mini_dir: Path) -> None:
    assert json.loads(run(runner, mini_dir, "roles", "-f", "json")[1])["roles"][0]["id"] == "dev"
    doc = json.loads(run(runner, mini_dir, "skills", "-f", "json")[1])
    assert doc["levels"][0] == "awareness" and len(doc["skills"]) == 10
    linux = next(s for s in doc["skills"] if s["id"] == "linux")
    assert linux["hours"] == [8, 16, 32, 64, 128]  # the scalar curve
    role = json.loads(run(runner, mini_dir, "show", "se", "-f", "json")[1])
    assert role["kind"] == "role" and role["id"] == "sales-eng"
    assert "Sales Engineer (sales-eng)" in run(runner, mini_dir, "show", "sales-eng")[1]
    assert "Python (python)" in run(runner, mini_dir, "show", "Python")[1]


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_renders_or_is_refused(
    runner: CliRunner, mini_dir: Path, fmt: OutputFormat
) -> None:
    for args in (
        ("route", "--from", "dev", "--to", "se"),
        ("gap", "--from", "dev", "--to", "se"),
        ("roles",),
        ("skills",),
        ("show", "dev"),
        ("validate",),
    ):
        code, out, err = run(runner, mini_dir, *args, "--format", fmt.value)
        if fmt in (OutputFormat.table, OutputFormat.json):
            assert code == 0, err
        if code == 0:
            assert out.strip()
        else:
            assert code == 2 and f"cannot print --format {fmt.value}" in err, err


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_shows_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert f"pathplan {command}" in result.output


def test_version(runner: CliRunner) -> None:
    from pathplan import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"pathplan {__version__}"


def test_output_file_is_written_atomically(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "route.json"
    target.write_text("old")
    code, out, _ = run(
        runner, mini_dir, "route", "--from", "dev", "--to", "se", "-f", "json", "-o", str(target)
    )
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["kind"] == "route"
    # a failing run leaves the file as it was, and no temporary file behind
    target.write_text("old")
    code, _, _ = run(
        runner, mini_dir, "route", "--from", "dev", "--to", "trainer", "-o", str(target)
    )
    assert code == 1 and target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["route.json"]


def test_data_from_the_environment(runner: CliRunner, mini_dir: Path) -> None:
    result = runner.invoke(app, ["roles", "-f", "json"], env={"PATHPLAN_DATA": str(mini_dir)})
    assert result.exit_code == 0 and len(json.loads(result.stdout)["roles"]) == 5


def test_missing_data_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["roles", "--data", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert f"cannot read '{tmp_path / 'nope'}': it does not exist" in result.stderr


def _script() -> list[str]:
    found = shutil.which("pathplan", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "pathplan"]


def test_installed_script_plans_on_the_bundled_data(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PATHPLAN_DATA", "NO_COLOR")}
    proc = subprocess.run(
        [*_script(), "route", "--from", "dev", "--to", "sales-eng", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["roles"][0] == "dev" and doc["roles"][-1] == "sales-eng" and doc["total_hours"] > 0


def test_subprocess_error_has_no_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [*_script(), "route", "--from", "nobody", "--to", "sales-eng"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert "unknown role 'nobody'" in proc.stderr and "Traceback" not in proc.stderr


def test_help_and_version_stay_light() -> None:
    code = (
        "import sys\n"
        "from pathplan.cli.main import app\n"
        "for args in (['--version'], ['--help'], ['route', '--help']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = ('networkx', 'pathplan.model', 'pathplan.planner', 'yaml')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "sys.stderr.write(repr(heavy))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.stderr.strip().splitlines()[-1] == "[]", proc.stderr


def test_a_cached_framework_is_planned_on_without_yaml(tmp_path: Path) -> None:
    env = {**os.environ, "PATHPLAN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("PATHPLAN_NO_CACHE", None)
    code = (
        "import sys\n"
        "from pathplan.cli.main import app\n"
        "try:\n"
        "    app(['route', '--from', 'dev', '--to', 'sales-eng'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in ('yaml', 'pathplan.loader.yaml') if m in sys.modules]\n"
        "sys.stderr.write(repr(loaded))\n"
    )
    # The first run fills the cache.
    for expected in ("['yaml', 'pathplan.loader.yaml']", "[]"):
        proc = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert proc.stderr.strip().splitlines()[-1] == expected, proc.stderr


def test_roles_match_by_name_too(runner: CliRunner, mini_dir: Path) -> None:
    code, out, _ = run(
        runner,
        mini_dir,
        "route",
        "--from",
        "Software Developer",
        "--to",
        "sales engineer",
        "-f",
        "json",
    )
    assert code == 0 and json.loads(out)["roles"] == ["dev", "sales-eng"]


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "mermaid"])
def test_an_already_qualified_holder_gets_0_h_in_every_format(
    runner: CliRunner, mini_dir: Path, fmt: str
) -> None:
    code, out, _ = run(
        runner, mini_dir, "route", "--from", "dev-senior", "--to", "dev", "-k", "2", "-f", fmt
    )
    assert code == 0
    if fmt == "json":
        doc = json.loads(out)
        assert doc["qualified"] is True and doc["total_hours"] == 0
        assert doc["roles"] == ["dev-senior"] and doc["moves"] == doc["alternatives"] == []
    elif fmt == "mermaid":
        assert '-->|"already qualified: 0 h"| n_dev' in out
    else:
        assert "Senior Software Developer → Software Developer" in out and "0 h" in out
        assert "Already qualified" in out and "Move 1" not in out


DETOUR_SKILLS = """
skills:
  a: {name: A, hours: [10, 15, 20, 25, 30]}
  c: {name: C, hours: [5, 10, 15, 20, 25]}
"""
DETOUR_ROLES = """
roles:
  s: {name: Start, adjacent: [x]}
  x: {name: Detour, requires: {c: 1}, adjacent: [y]}
  y: {name: Halfway, requires: {a: 1}, adjacent: [t]}
  t: {name: Target, requires: {a: 2}}
"""


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_a_cheaper_direct_move_is_named_with_both_figures_and_the_option(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    folder = write_framework(tmp_path / "fw", DETOUR_SKILLS, DETOUR_ROLES)
    code, out, _ = run(runner, folder, "route", "--from", "s", "--to", "t", "-f", fmt)
    assert code == 0
    if fmt == "json":
        doc = json.loads(out)
        assert (doc["total_hours"], doc["direct_hours"]) == (30, 25)
    else:
        assert "The direct move Start → Target costs 25 h, 5 h less than this route" in out
        assert "(30 h): add --direct to take it" in out
    code, out, _ = run(runner, folder, "route", "--from", "s", "--to", "t", "--direct", "-f", fmt)
    assert code == 0 and "direct move" not in out.lower().replace('"direct_hours": null', "")


def test_the_command_line_budget_defaults_are_the_planner_s() -> None:
    from pathplan.cli.plan import DEFAULT_MIB, DEFAULT_SECONDS
    from pathplan.planner.budget import DEFAULT_BUDGET

    assert (DEFAULT_BUDGET.seconds, DEFAULT_BUDGET.memory_mib) == (DEFAULT_SECONDS, DEFAULT_MIB)


HARD = FIXTURES / "hitting-set"


@pytest.mark.parametrize("command", ["gap", "route"])
def test_a_search_that_runs_out_answers_with_its_best_and_says_so(
    runner: CliRunner, command: str
) -> None:
    args = (command, "--from", "start", "--to", "hard", "--time-limit", "0.2")
    code, out, _ = run(runner, HARD, *args)
    assert code == 0
    assert "The search ran out of its 0.2 s" in out and "not proven the least" in out
    assert "takes less than" in out and "allow more time with --time-limit SECONDS" in out
    code, out, _ = run(runner, HARD, *args, "-f", "json")
    doc = json.loads(out)
    assert doc["proven"] is False and doc["stopped"]["reason"] == "time"
    assert 0 < doc["lower_bound"] <= doc["total_hours"]
    assert doc["stopped"]["budget"] == {"seconds": 0.2, "memory_mib": 512}


def test_a_route_search_that_finds_nothing_in_time_exits_1_with_a_bound(
    runner: CliRunner,
) -> None:
    search = ("--direct", "--max-step", "250", "--time-limit", "0.3")
    result = runner.invoke(app, ["route", "--from", "dev", "--to", "sales-eng", *search])
    assert result.exit_code == 1
    assert "ran out of its 0.3 s" in result.stderr and "without finding an allowed route" in (
        result.stderr
    )
    assert "no route takes less than" in result.stderr and "--time-limit" in result.stderr


@pytest.mark.parametrize("option", ["--time-limit", "--memory-limit"])
def test_a_budget_must_be_positive(runner: CliRunner, mini_dir: Path, option: str) -> None:
    code, _, err = run(runner, mini_dir, "gap", "--from", "dev", "--to", "se", option, "0")
    assert code == 2 and option in err
