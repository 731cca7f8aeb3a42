"""--workers and --scheduler: the same bytes and exit code from workers and a Dask cluster."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pathplan.cli.engines import MIN_PARALLEL
from pathplan.cli.main import app
from pathplan.loader.framework import load_framework
from pathplan.planner.levels import start_levels
from tests.conftest import MINI, ROOT

BUNDLED = ROOT / "data"


def _batch(tmp_path: Path, count: int = MIN_PARALLEL + 16) -> Path:
    """Distinct route and gap queries over the bundled roles (enough to start workers)."""
    roles = sorted(load_framework(BUNDLED).roles)
    rng = random.Random(4)
    queries: list[dict[str, Any]] = []
    while len(queries) < count:
        a, b = rng.choice(roles), rng.choice(roles)
        kind = rng.choice(["route", "gap"])
        query: dict[str, Any] = {"kind": kind, "from": a, "to": b}
        if rng.random() < 0.2:
            query["max_hours"] = 400
        queries.append(query)
    queries.append({"kind": "route", "from": "dev", "to": "no-such-role"})
    file = tmp_path / "queries.json"
    file.write_text(json.dumps(queries), encoding="utf-8")
    return file


def _roster(tmp_path: Path, people: int = MIN_PARALLEL + 16) -> Path:
    fw = load_framework(BUNDLED)
    roles, skills = sorted(fw.roles), sorted(fw.skills)
    rng = random.Random(9)
    rows = ["person,role,skill,level"]
    for i in range(people):
        role = rng.choice(roles)
        levels = dict(start_levels(fw, rng.choice(roles)))
        levels[rng.choice(skills)] = rng.randint(1, 4)
        rows += [f"p{i},{role},{s},{k}" for s, k in levels.items()]
    file = tmp_path / "people.csv"
    file.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return file


def _run(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


def test_batch_on_two_workers_is_byte_identical(runner: CliRunner, tmp_path: Path) -> None:
    file = _batch(tmp_path)
    for fmt in ("jsonl", "json", "markdown"):
        one = _run(runner, "batch", str(file), "--workers", "1", "--format", fmt)
        two = _run(runner, "batch", str(file), "--workers", "2", "--format", fmt)
        assert two == one
    assert one[0] == 2  # the unknown role: a usage error, the worst result


def test_a_real_process_with_forked_workers_writes_the_same_bytes(tmp_path: Path) -> None:
    # A fresh process runs one thread, so its workers are forked (on Linux); in this test
    # process, other tests' threads may make them spawned.
    file = _batch(tmp_path, 3 * MIN_PARALLEL)

    def batch(workers: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "pathplan", "batch", str(file), "--workers", workers],
            capture_output=True,
            timeout=600,
            check=False,
        )

    one, two = batch("1"), batch("2")
    assert two.returncode == one.returncode == 2  # the unknown role
    assert two.stdout == one.stdout and one.stdout.count(b"\n") == 3 * MIN_PARALLEL + 1


@pytest.mark.parametrize(
    "command",
    [
        ["team", "--format", "json"],
        ["team", "--format", "jsonl"],
        ["team", "--people", "5"],
        ["candidates", "sales-eng", "--format", "csv"],
        ["candidates", "sales-eng", "--format", "jsonl"],
    ],
)
def test_team_and_candidates_on_two_workers_are_byte_identical(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    roster = _roster(tmp_path)
    one = _run(runner, *command, "--roster", str(roster), "--workers", "1")
    two = _run(runner, *command, "--roster", str(roster), "--workers", "2")
    assert one[0] == 0 and two == one


def test_the_dask_extra_missing_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    result = runner.invoke(
        app, ["batch", str(_batch(tmp_path, 3)), "--scheduler", "tcp://127.0.0.1:8786"]
    )
    assert result.exit_code == 2
    assert 'pip install "pathplan[dask]"' in result.stderr


def test_no_dask_import_without_a_scheduler(tmp_path: Path) -> None:
    file = _batch(tmp_path, 3)
    code = (
        "import sys\n"
        "from pathplan.cli.main import app\n"
        f"sys.argv = ['pathplan', 'batch', {str(file)!r}, '--data', {str(MINI)!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[]"


# --- Dask: a LocalCluster of two worker processes on loopback -------------------------------


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        yield cluster.scheduler_address


def test_batch_on_a_dask_cluster_equals_the_local_run(
    runner: CliRunner, tmp_path: Path, scheduler: str
) -> None:
    file = _batch(tmp_path)
    local = _run(runner, "batch", str(file), "--workers", "1")
    assert _run(runner, "batch", str(file), "--scheduler", scheduler) == local


def test_the_scheduler_may_come_from_the_environment(
    runner: CliRunner, tmp_path: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    roster = _roster(tmp_path)
    commands = (
        ["candidates", "sre", "--format", "json"],
        ["candidates", "sre", "--format", "jsonl"],
        ["team", "--format", "csv"],
        ["team", "--format", "jsonl"],
        ["team"],
    )
    local = [_run(runner, *c, "--roster", str(roster), "--workers", "1") for c in commands]
    monkeypatch.setenv("PATHPLAN_DASK_SCHEDULER", scheduler)
    assert [_run(runner, *c, "--roster", str(roster)) for c in commands] == local


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    pytest.importorskip("distributed")
    from pathplan.errors import ClusterError
    from pathplan.planner.dask import Cluster

    with pytest.raises(ClusterError) as caught:
        Cluster("tcp://127.0.0.1:9", load_framework(MINI), timeout=1)
    assert caught.value.address == "tcp://127.0.0.1:9"


@pytest.mark.parametrize("command", ["batch", "team", "candidates"])
def test_help_names_the_dask_extra(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert "pathplan[dask]" in result.stdout  # not eaten as rich markup
    assert "--workers" in result.stdout
