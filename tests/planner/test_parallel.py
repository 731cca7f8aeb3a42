"""Parallel engines give the results of one process: batches and roster gaps, in input order."""

from __future__ import annotations

import functools
import json
import os
import pickle
import random
import signal
import subprocess
import sys
import threading
import time
import types
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pathplan import errors
from pathplan.loader.batchfile import read_batch
from pathplan.loader.framework import load_framework
from pathplan.model import Framework, Holder
from pathplan.planner import batch, parallel
from pathplan.planner.budget import Budget, Stop
from pathplan.planner.gates import Limits
from pathplan.planner.levels import start_levels
from pathplan.planner.team import candidates, team
from pathplan.render import json as rjson
from tests.conftest import MINI

BATCH = """
- {kind: route, from: dev, to: sales-eng, id: first}
- {kind: route, from: dev, to: sales-eng, id: again, max_hours: 10}
- {kind: route, from: developer, to: devops}
- {kind: gap, from: dev, to: dev-senior, min_coverage: 90%}
- {kind: gap, from: dev, to: dev-senior}
- {kind: route, from: dev, to: nowhere}
- {kind: route, from: trainer, to: dev}
- {kind: adjacent, role: dev, top: 2}
- {kind: gap, profile: missing.yaml, to: dev}
- {kind: route, from: devops, to: dev-senior, alternatives: 2}
- {kind: route, from: dev, to: sales-eng, id: third}
"""


def _load() -> Framework:
    return load_framework(MINI)


@pytest.fixture(scope="module")
def pool() -> Iterator[parallel.Processes]:
    with parallel.Processes(2, _load) as engine:
        yield engine


def _lines(found: list[batch.Result], fw: Framework) -> str:
    return rjson.batch_lines(found, fw)


def test_a_batch_on_workers_equals_one_process(pool: parallel.Processes, tmp_path: Path) -> None:
    file = tmp_path / "queries.yaml"
    file.write_text(BATCH, encoding="utf-8")
    queries = read_batch(file)
    fw = _load()
    limits = Limits(max_hours=500)
    alone = batch.run(fw, queries, base=tmp_path, limits=limits)
    for chunk in (1, 2, 5):
        spread = list(parallel.run(pool, queries, base=tmp_path, limits=limits, chunk=chunk))
        assert [r.index for r in spread] == list(range(len(queries)))
        assert _lines(spread, fw) == _lines(alone, fw)
    assert {r.status for r in alone} == {"ok", "gate", "no-route", "error"}  # every kind of end


def test_identical_queries_are_answered_once(tmp_path: Path) -> None:
    file = tmp_path / "queries.yaml"
    file.write_text(BATCH, encoding="utf-8")
    queries = read_batch(file)
    asked: list[int] = []

    class Counting(parallel.InProcess):
        def map(self, work: parallel.Work, chunks: Iterable[Any]) -> Iterator[Any]:
            for chunk in chunks:
                asked.append(len(chunk))
                yield work(self.framework, chunk)

    found = list(parallel.run(Counting(_load()), queries, base=tmp_path, chunk=100))
    assert len(found) == len(queries)
    assert sum(asked) == len(queries) - 2  # 'again' and 'third' repeat 'first'
    assert found[1].status == "gate" and found[0].status == "ok"  # same answer, own gates


def _roster(fw: Framework, people: int, seed: int) -> dict[str, Holder]:
    rng = random.Random(seed)
    roles, skills = sorted(fw.roles), sorted(fw.skills)
    roster = {}
    for i in range(people):
        role = rng.choice(roles)
        levels = dict(start_levels(fw, rng.choice(roles)))
        levels[rng.choice(skills)] = rng.randint(0, 4)
        roster[f"p{i}"] = Holder({s: k for s, k in levels.items() if k}, role, None, 5.0)
    return roster


def test_roster_gaps_from_workers_give_the_same_team_and_candidates(
    pool: parallel.Processes,
) -> None:
    fw = _load()
    roster = _roster(fw, 120, seed=3)
    own = {pid: str(h.role) for pid, h in roster.items()}
    asked = [(h.levels, r) for p, h in roster.items() for r in (own[p], *fw.roles[own[p]].next)]
    gaps = parallel.roster_gaps(pool, fw, asked, chunk=7)
    assert rjson.team(team(fw, roster, gaps), fw) == rjson.team(team(fw, roster), fw)
    for role in fw.roles:
        on_pool = parallel.roster_gaps(pool, fw, [(h.levels, role) for h in roster.values()])
        assert rjson.candidates(candidates(fw, roster, role, gaps=on_pool), fw) == rjson.candidates(
            candidates(fw, roster, role), fw
        )


def test_workers_load_the_framework_they_are_given(tmp_path: Path) -> None:
    with parallel.Processes(1, functools.partial(load_framework, MINI)) as one:
        found = list(one.map(_roles, [1, 2]))
    assert found == [sorted(_load().roles)] * 2


def _roles(fw: Framework, chunk: int) -> list[str]:
    return sorted(fw.roles)


def _where(fw: Framework, chunk: int) -> tuple[int, int]:
    time.sleep(0.02)  # long enough that an answer is not back the moment it is asked for
    return chunk, os.getpid()


def test_this_process_answers_while_it_waits_and_the_order_holds() -> None:
    with parallel.Processes(2, _load, here=_load()) as pool:
        found = list(pool.map(_where, range(30)))
    assert [chunk for chunk, _ in found] == list(range(30))
    pids = {pid for _, pid in found}
    assert os.getpid() in pids and len(pids) == 2  # one worker started, and this process


def test_the_switch_interval_is_given_back_after_a_run() -> None:
    before = sys.getswitchinterval()
    with parallel.Processes(2, _load, here=_load()) as pool:
        answers = pool.map(_where, range(4))
        assert isinstance(answers, Generator)
        next(answers)
        assert sys.getswitchinterval() == pytest.approx(parallel.SWITCH_INTERVAL)
        answers.close()  # a run left early gives it back too
    assert sys.getswitchinterval() == before


_MARK = "pathplan_test_parent_mark"  # a module only the parent has: a forked worker has it too


def _how_started(fw: Framework, chunk: int) -> tuple[bool, bool]:
    return _MARK in sys.modules, signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


_FRESH_PROCESS = """
import signal, sys, json, functools, types
from pathplan.loader.framework import load_framework
from pathplan.planner import parallel
from tests.planner.test_parallel import _MARK, _how_started

sys.modules[_MARK] = types.ModuleType(_MARK)
signal.signal(signal.SIGTERM, lambda signum, frame: None)
with parallel.Processes(1, functools.partial(load_framework, sys.argv[1])) as pool:
    print(json.dumps(next(pool.map(_how_started, [0]))))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_workers_are_forked_with_fresh_signal_handlers_while_one_thread_runs() -> None:
    # A process of its own: this one has the threads of other tests' pools.
    proc = subprocess.run(
        [sys.executable, "-c", _FRESH_PROCESS, str(MINI)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    forked, fresh = json.loads(proc.stdout)
    assert forked  # the worker has this process's modules: it was forked
    assert fresh  # but not this process's SIGTERM handler


def test_workers_are_spawned_beside_another_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, _MARK, types.ModuleType(_MARK))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with parallel.Processes(1, _load) as pool:
            (forked, fresh), *_ = pool.map(_how_started, [0])
    finally:
        stop.set()
        other.join()
    assert not forked and fresh


def _die(fw: Framework, chunk: int) -> int:
    if chunk == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.02)
    return chunk


@pytest.mark.parametrize("here", [True, False])
def test_a_worker_killed_is_a_typed_error(here: bool) -> None:
    with (
        parallel.Processes(2, _load, here=_load() if here else None) as pool,
        pytest.raises(errors.WorkerLostError) as lost,
    ):
        list(pool.map(_die, range(3, 40)))  # the first chunk goes to a worker
    assert "terminated abruptly" in lost.value.reason


def _pid(fw: Framework, chunk: int) -> int:
    return os.getpid()


_ORPHANED = """
import functools, os, sys, time
from pathplan.loader.framework import load_framework
from pathplan.planner import parallel
from tests.planner.test_parallel import _pid

with parallel.Processes(1, functools.partial(load_framework, sys.argv[1])) as pool:
    print(next(pool.map(_pid, [0])), flush=True)
    time.sleep(600)  # killed here
"""


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")  # ended, not yet reaped by whoever adopted it


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_end_when_their_process_is_killed() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _ORPHANED, str(MINI)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    assert proc.stdout is not None
    worker = int(proc.stdout.readline())
    proc.kill()  # no shutdown of the pool: the worker is left alone
    proc.wait(timeout=60)
    deadline = time.monotonic() + 30
    while not _gone(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _gone(worker)


def test_chunks_spread_work_evenly_and_stay_small() -> None:
    assert parallel.chunk_size(0, 2) == 1
    assert parallel.chunk_size(100, 2) == 7  # 8 chunks per worker
    assert parallel.chunk_size(10**6, 2) == parallel.CHUNK


@pytest.mark.parametrize(
    "error",
    [
        errors.UsageError("m", "h"),
        errors.UnknownNameError("role", "dve", ["dev"]),
        errors.InvalidValueError("top", -1, "must be positive"),
        errors.MissingRoleError("start"),
        errors.DataError([errors.Problem("f.yaml", 1, 2, "bad", "fix it")]),
        errors.NoDeclaredPathError("a", "b"),
        errors.SearchStoppedError("a", "b", Stop("time", Budget(), 20.5, 1234), 600, direct=True),
        errors.MissingExtraError("the Dask engine", "dask"),
        errors.ClusterError("tcp://127.0.0.1:1", "refused"),
        errors.WorkerLostError("a child process terminated abruptly"),
    ],
)
def test_errors_travel_between_processes_whole(error: errors.PathplanError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert back.__dict__ == error.__dict__
    assert str(back) == str(error)
