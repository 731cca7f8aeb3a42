"""Batches and rosters answered by many processes: local workers, or a Dask cluster.

An engine maps a function of (framework, chunk) over chunks of work and yields the answers in
input order, keeping only a few chunks in flight (memory stays bounded however long the input).
The work is split the same way whichever engine runs it, so the results equal one process's:

- a batch (`run`): identical queries are answered once, in chunks of distinct queries in the
  order they first appear; each query's result is rebuilt from its answer under its own gates,
  as `planner.batch.run` does;
- a roster (`roster_gaps`): the distinct (role, held levels that matter) pairs of everyone's
  gaps, solved in chunks, fill the cache that `team` and `candidates` read.

`Processes` runs chunks in worker processes, each of which loads the framework once (the
caller's `load`, e.g. `load_framework` through the cache). `pathplan.planner.dask.Cluster` runs
them as tasks on a Dask cluster.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, TypeAlias, TypeVar

from pathplan.errors import WorkerLostError
from pathplan.loader.batchfile import Query
from pathplan.model import Framework, Holder
from pathplan.planner import gates
from pathplan.planner.answers import Answer, Result
from pathplan.planner.batch import Found, Outcome, answer_all, in_force, to_result
from pathplan.planner.plan import gap
from pathplan.planner.results import Gap
from pathplan.planner.team import GapCache, GapKey, Levels, Member, Score, member, own_role

__all__ = [
    "Engine",
    "InProcess",
    "Load",
    "Processes",
    "chunk_size",
    "roster_gaps",
    "run",
    "stream_gaps",
    "stream_members",
    "stream_scores",
]

T = TypeVar("T")
R = TypeVar("R")
Load = Callable[[], Framework]  # must pickle: a module-level function or a functools.partial
Work = Callable[[Framework, Any], Any]  # must pickle, as Load


class Engine(Protocol):
    """Runs `work(framework, chunk)` for each chunk, yielding the answers in chunk order."""

    workers: int

    def map(self, work: Work, chunks: Iterable[Any]) -> Iterator[Any]: ...


@dataclass
class InProcess:
    """The engine of one process: the caller's framework, no workers."""

    framework: Framework
    workers: int = 1

    def map(self, work: Work, chunks: Iterable[Any]) -> Iterator[Any]:
        """Each chunk's answer, computed here, in order."""
        return (work(self.framework, chunk) for chunk in chunks)


_framework: Framework | None = None  # a worker process's framework, loaded once by `_start`


def _start(load: Load, forked: bool) -> None:
    global _framework
    if forked:  # a fresh interpreter's signal handlers, not the ones this process had set
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_end_with, args=(os.getppid(),), daemon=True).start()
    _framework = load()


def _end_with(parent: int) -> None:
    """End this worker once the process that started it is gone.

    Killed (SIGKILL, the OOM killer), that process cannot shut its workers down, and a worker
    would wait for work forever: it holds its own queue's other end, so it never sees the end.
    """
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK)
    os._exit(1)


ORPHAN_CHECK = 0.5  # seconds between a worker's looks at its parent


def _fork_is_safe() -> bool:
    """Whether workers may be forked: on Linux, while this process runs one thread.

    A fork copies every lock as it is; one held by another thread (a progress bar's, say) would
    stay held in the worker forever. Where fork is not safe, workers are spawned.
    """
    return sys.platform == "linux" and threading.active_count() == 1


def _call(work: Work, chunk: Any) -> Any:
    assert _framework is not None, "the worker was started without a framework"
    return work(_framework, chunk)


class Processes:
    """An engine of `workers` processes; use it as a context manager.

    Given `here` (this process's framework), this process is one of the `workers`: it answers
    the next chunk itself whenever the answer due next is not back yet, and `workers - 1` (at
    least one) are started. This process checks the input and writes the output too, which
    would leave one of N started workers' cores half idle; answering in the gaps keeps every
    core busy (docs/performance.md, "Parallel batch"). Without `here`, `workers` are started.

    Workers are forked where that is safe (`_fork_is_safe`: they start at once, the modules
    already imported), else spawned (a fresh interpreter, about 0.35 s each); they are started
    here, and each calls `load` once.
    """

    def __init__(self, workers: int, load: Load, here: Framework | None = None) -> None:
        self.workers = workers
        self._here = here
        self._started = max(1, workers - 1 if here is not None else workers)
        forked = _fork_is_safe()
        self._pool = ProcessPoolExecutor(
            self._started,
            mp_context=multiprocessing.get_context("fork" if forked else "spawn"),
            initializer=_start,
            initargs=(load, forked),
        )
        if forked:
            self._pool.submit(int)  # a forking pool starts its workers, and a thread, on demand

    def __enter__(self) -> Processes:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._pool.shutdown(wait=kind is None, cancel_futures=True)

    def map(self, work: Work, chunks: Iterable[Any]) -> Iterator[Any]:
        """Each chunk's answer in order, with a few chunks per started worker in flight.

        Four per worker when this process only waits. When it answers too, two (one being
        answered, one queued): whatever is queued at a worker when the input ends is waited
        for, and 64-query chunks keep that short (docs/performance.md, "Parallel batch").
        """
        depth = (4 if self._here is None else 2) * self._started
        # While this thread answers a chunk, the thread that reads the workers' answers off
        # their pipe (64 KiB a read) waits up to the switch interval (5 ms) for the interpreter
        # after every read: a worker sending back 256 rendered routes (2.8 MB) stalled 0.2 s.
        # The interval is shorter while this process answers, and given back after.
        previous = sys.getswitchinterval()
        if self._here is not None:
            sys.setswitchinterval(SWITCH_INTERVAL)
        try:
            yield from self._answers(work, chunks, depth)
        except BrokenProcessPool as e:  # a worker killed, by the kernel's OOM killer say
            raise WorkerLostError(str(e)) from None
        finally:
            sys.setswitchinterval(previous)

    def _answers(self, work: Work, chunks: Iterable[Any], depth: int) -> Iterator[Any]:
        here = self._here
        most = depth + 4 * self.workers  # chunks read ahead at most, however slow a worker is
        window: deque[_Slot] = deque()
        source = iter(chunks)
        sent = 0  # chunks of the window at a worker
        while True:
            while sent < depth and (chunk := next(source, _END)) is not _END:
                window.append(_Slot(self._pool.submit(_call, work, chunk)))
                sent += 1
            if not window:
                return
            head = window.popleft()
            if head.future is None:
                yield head.answer
                continue
            # Rather than wait for the answer due, answer the next chunk here.
            while (
                here is not None
                and not head.future.done()
                and len(window) < most
                and (chunk := next(source, _END)) is not _END
            ):
                window.append(_Slot(None, work(here, chunk)))
            sent -= 1
            yield head.future.result()


_END = object()

# Seconds: see Processes.map. 0.5 ms took the stall from 0.2 s to a few ms a chunk; 0.1 ms was
# 1-2% faster again over 10,000 routes (paired runs), and costs nothing while no thread waits.
SWITCH_INTERVAL = 0.0001


@dataclass(frozen=True)
class _Slot:
    """A chunk in flight: at a worker (`future`), or answered in this process (`answer`)."""

    future: Future[Any] | None
    answer: Any = None


def chunk_size(items: int, workers: int) -> int:
    """Chunks small enough to spread `items` evenly (8 per worker), at most CHUNK items each."""
    return max(1, min(CHUNK, math.ceil(items / (8 * workers))))


# Items in a chunk at most: a chunk is about 0.15 s of route searches on the bundled data, so
# the last chunks, which one process may be left to answer alone, are over soon; 256 left
# 0.9 s of 10,000 routes to one core (docs/performance.md, "Parallel batch").
CHUNK = 64


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    return (items[i : i + size] for i in range(0, len(items), size))


# What a worker makes of an answer before sending it back (`render.json.AsText`).
Shape: TypeAlias = Callable[[Framework, Answer], Answer]


@dataclass(frozen=True)
class _Answers:
    """Work: answer a chunk of (query, gates) in one session (`planner.batch.answer_all`)."""

    base: Path
    shape: Shape | None = None

    def __call__(self, framework: Framework, items: Sequence[tuple[Query, gates.Limits]]) -> Any:
        found = answer_all(framework, self.base, items)
        if self.shape is None:
            return found
        shape = self.shape
        return [
            replace(f, value=shape(framework, f.value)) if isinstance(f, Outcome) else f
            for f in found
        ]


def _same_answer(query: Query, limits: gates.Limits) -> Hashable:
    """Queries with equal keys have the same answer: only their label and gate limits differ."""
    asked = query.model_dump_json(exclude={"id", "max_hours", "min_coverage"})
    return asked, limits.min_coverage is not None  # a coverage gate asks for the gap too


# Answers of distinct queries kept to answer their repeats: a million distinct answers would
# not fit in memory, and a repeat of an answer already dropped is planned again. 10,000 random
# routes (3,670 distinct): 4,096 kept peaked at 113 MiB and 43 s of CPU, 2,048 at 97 MiB and
# 57 s (docs/performance.md, "Streaming").
KEPT_ANSWERS = 4096


@dataclass
class _Row:
    """A query read and waiting for its result: its answer is `found`, or in chunk `chunk`."""

    index: int
    query: Query
    gated: gates.Limits
    found: Found | None
    chunk: int
    slot: int


class _Stream:
    """The bookkeeping of `run`: rows in input order, the chunks of new queries, the answers.

    Only the rows of the chunks in flight are held (at most `span` rows per chunk), and at
    most KEPT_ANSWERS answers: memory does not grow with the length of the input.
    """

    def __init__(self, limits: gates.Limits, size: int) -> None:
        self.limits = limits
        self.size = size
        self.span = 4 * size  # rows read per chunk at most, however many are repeats
        self.rows: deque[_Row] = deque()
        self.known: OrderedDict[Hashable, Found] = OrderedDict()
        self.waiting: dict[Hashable, tuple[int, int]] = {}  # key -> (chunk, slot) in flight
        self.sent: dict[int, list[Hashable]] = {}  # chunk -> the keys it asks, until answered
        self.answers: dict[int, Sequence[Found]] = {}  # chunk -> its answers, while rows need them
        self.users: Counter[int] = Counter()  # chunk -> rows still to emit from its answers
        self.made = 0  # chunks made so far
        self.received = 0  # chunks answered so far

    def chunks(self, queries: Iterable[Query]) -> Iterator[list[tuple[Query, gates.Limits]]]:
        """Chunks of the queries not answered or asked before, a row for every query read.

        A chunk may be empty (every query in its span was a repeat): it still goes through
        the engine, so the rows read before it are emitted and do not pile up.
        """
        chunk: list[tuple[Query, gates.Limits]] = []
        keys: list[Hashable] = []
        read = 0
        for index, query in enumerate(queries):
            gated = in_force(query, self.limits)
            key = _same_answer(query, gated)
            found = self.known.get(key)
            number, slot = self.made, len(chunk)
            if found is not None:
                self.known.move_to_end(key)
            else:
                if key in self.waiting:
                    number, slot = self.waiting[key]
                else:
                    self.waiting[key] = (number, slot)
                    chunk.append((query, gated))
                    keys.append(key)
                self.users[number] += 1
            self.rows.append(_Row(index, query, gated, found, number, slot))
            read += 1
            if len(chunk) == self.size or read == self.span:
                yield self._send(chunk, keys)
                chunk, keys, read = [], [], 0
        if chunk:
            yield self._send(chunk, keys)

    def _send(
        self, chunk: list[tuple[Query, gates.Limits]], keys: list[Hashable]
    ) -> list[tuple[Query, gates.Limits]]:
        self.sent[self.made] = keys
        self.made += 1
        return chunk

    def answered(self, found: Sequence[Found]) -> Iterator[Result]:
        """Take the next chunk's answers; the results of every row they complete, in order."""
        number = self.received
        self.received += 1
        for key, answer in zip(self.sent.pop(number), found, strict=True):
            del self.waiting[key]
            self.known[key] = answer
            if len(self.known) > KEPT_ANSWERS:
                self.known.popitem(last=False)
        if self.users[number]:
            self.answers[number] = found
        return self._ready()

    def rest(self) -> Iterator[Result]:
        """The rows read after the last chunk was made: repeats of queries answered before."""
        assert not self.sent, "every chunk is answered before the rest"
        return self._ready()

    def _ready(self) -> Iterator[Result]:
        while self.rows:
            row = self.rows[0]
            found = row.found
            if found is None:
                if row.chunk not in self.answers:
                    return
                found = self.answers[row.chunk][row.slot]
                self.users[row.chunk] -= 1
                if not self.users[row.chunk]:
                    del self.users[row.chunk], self.answers[row.chunk]
            self.rows.popleft()
            yield to_result(row.index, row.query, found, row.gated)


def run(
    engine: Engine,
    queries: Iterable[Query],
    *,
    base: Path,
    limits: gates.Limits | None = None,
    chunk: int | None = None,
    shape: Shape | None = None,
) -> Iterator[Result]:
    """`planner.batch.run` on `engine`: each query's result, in input order, as it is ready.

    `queries` is read as the engine asks for work (a `loader.batchfile.Batch` streams from its
    file): only the chunks in flight and their rows are held, so a batch of millions runs in
    bounded memory. Identical queries are answered once while their answer is kept (the last
    KEPT_ANSWERS distinct ones). Chunks hold `chunk` new queries (default: `chunk_size` of the
    number of queries, when `queries` has a length). `shape`, if given, is applied to each
    answer where it is found, before it travels (`render.json.AsText`: workers render).
    """
    stream = _Stream(limits or gates.Limits(), 1)
    stream.size = chunk or chunk_size(
        len(queries) if isinstance(queries, Sized) else 8 * 256 * engine.workers, engine.workers
    )
    stream.span = 4 * stream.size
    for found in engine.map(_Answers(base, shape), stream.chunks(queries)):
        yield from stream.answered(found)
    yield from stream.rest()


@dataclass(frozen=True)
class _Gaps:
    """Work: the gap for each (role, held levels) key of a chunk."""

    def __call__(self, framework: Framework, keys: Sequence[GapKey]) -> list[Gap]:
        return [gap(framework, dict(levels), role) for role, levels in keys]


def roster_gaps(
    engine: Engine,
    framework: Framework,
    asked: Iterable[tuple[Levels, str]],
    chunk: int | None = None,
) -> GapCache:
    """A gap cache holding the gap of every (held levels, role) in `asked`, solved on `engine`.

    Pass it as `gaps` to `team` or `candidates`: they then find every gap already there.
    """
    cache = GapCache(framework)
    keys = list(dict.fromkeys(cache.key(held, role) for held, role in asked))
    size = chunk or chunk_size(len(keys), engine.workers)
    parts = list(_chunks(keys, size))
    for part, found in zip(parts, engine.map(_Gaps(), parts), strict=True):
        cache.found.update(zip(part, found, strict=True))
    return cache


# Gaps kept per cache when people stream through: enough for the repeats that matter (people of
# one role share skill sets), few enough that a million people fit in bounded memory.
STREAM_CACHE = 20_000


@dataclass
class _Cached:
    """Work with a gap cache: in one process it lives across chunks, in a worker across tasks."""

    role: str  # the key of the worker's cache
    cache: GapCache | None = None
    sent: bool = False  # unpickled in a worker: share the worker's cache between chunks

    def _cache(self, framework: Framework) -> GapCache:
        if self.cache is None or self.cache.framework is not framework:
            shared = _worker_caches.get(self.role) if self.sent else None
            if shared is None or shared.framework is not framework:
                shared = GapCache(framework, STREAM_CACHE)
                if self.sent:
                    _worker_caches[self.role] = shared
            self.cache = shared
        return self.cache

    def __getstate__(self) -> dict[str, Any]:
        return {"role": self.role, "cache": None, "sent": True}


@dataclass
class _RoleGaps(_Cached):
    """Work: each person's gap to one role."""

    def __call__(self, framework: Framework, levels: Sequence[Levels]) -> list[Gap]:
        cache = self._cache(framework)
        return [cache(held, self.role) for held in levels]


# A worker process's gap caches by role, kept across the chunks (tasks) it runs: people of one
# role share skill sets, and a cache per chunk solved each of them again.
_worker_caches: dict[str, GapCache] = {}


@dataclass
class _RoleScores(_RoleGaps):
    """Work: each person's Score for one role (what ranking reads), not the whole gap."""

    def __call__(self, framework: Framework, levels: Sequence[Levels]) -> list[Any]:
        return [Score.of(g) for g in super().__call__(framework, levels)]


@dataclass
class _MemberGaps(_Cached):
    """Work: each person's gaps to their own role and its next rungs (`team.member`).

    One cache serves every role (`role` is only the key of the worker's cache).
    """

    role: str = "*team*"

    def __call__(self, framework: Framework, people: Sequence[Holder]) -> list[Any]:
        cache = self._cache(framework)
        found = (member(framework, "", holder, cache) for holder in people)
        return [(m.own, m.next) for m in found]


def stream_members(
    engine: Engine, framework: Framework, people: Iterable[tuple[str, Holder]], chunk: int = 512
) -> Iterator[Member]:
    """Each person's `team.member` on `engine`, in roster order, reading `people` as it goes.

    As `stream_gaps`: only the chunks in flight are held, so `team.Tally` or a line per person
    takes a roster of millions in bounded memory. Roles are checked here, before any work is
    sent (`team.own_role`).
    """

    def checked() -> Iterator[tuple[str, Holder]]:
        for pid, holder in people:
            own_role(framework, pid, holder)
            yield pid, holder

    found = _stream(engine, checked(), _MemberGaps(), chunk, send=lambda h: h)
    return (Member(pid, holder, *gaps) for pid, holder, gaps in found)


def stream_scores(
    engine: Engine, people: Iterable[tuple[str, Holder]], role: str, chunk: int = 512
) -> Iterator[tuple[str, Holder, Score]]:
    """Each person's Score for `role` on `engine`, in roster order (see `stream_gaps`).

    For `team.rank` on workers: a Score travels back far cheaper than a gap, and only the gaps
    of the people ranked are solved again.
    """
    return _stream(engine, people, _RoleScores(role), chunk)


def stream_gaps(
    engine: Engine, people: Iterable[tuple[str, Holder]], role: str, chunk: int = 512
) -> Iterator[tuple[str, Holder, Gap]]:
    """Each person's gap to `role` on `engine`, in roster order, reading `people` as it goes.

    Only the chunks in flight are held, so a roster of millions streams through (into
    `team.rank`, say) in bounded memory.
    """
    return _stream(engine, people, _RoleGaps(role), chunk)


def _levels(holder: Holder) -> Levels:
    return holder.levels


def _stream(
    engine: Engine,
    people: Iterable[tuple[str, Holder]],
    work: Work,
    chunk: int,
    send: Callable[[Holder], Any] = _levels,
) -> Iterator[tuple[str, Holder, Any]]:
    """`work`'s answer for each person, in order; `send` is what of a holder the work reads."""
    pending: deque[list[tuple[str, Holder]]] = deque()
    source = iter(people)

    def parts() -> Iterator[list[Any]]:
        part = list(islice(source, chunk))
        while part:
            pending.append(part)
            yield [send(holder) for _, holder in part]
            part = list(islice(source, chunk))

    for found in engine.map(work, parts()):
        part = pending.popleft()
        yield from ((pid, h, g) for (pid, h), g in zip(part, found, strict=True))
