"""Batches streamed: results written as they come, in order, the same bytes as held ones."""

from __future__ import annotations

import errno
import itertools
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pathplan.cli.main import app
from pathplan.loader import files
from pathplan.loader.batchfile import RouteQuery, read_batch
from pathplan.loader.framework import load_framework
from pathplan.planner import batch, parallel
from pathplan.render import json as rjson
from tests.conftest import MINI, ROOT

ROLES = ["dev", "devops", "sales-eng", "dev-senior", "trainer", "nowhere"]


def _queries(count: int, kinds: Iterable[str] = ("route", "gap")) -> list[dict[str, Any]]:
    """Queries over the mini framework, in a fixed order, with many repeats and every end."""
    pairs = itertools.cycle(itertools.product(ROLES, ROLES, kinds))
    out = []
    for i, (a, b, kind) in enumerate(itertools.islice(pairs, count)):
        query: dict[str, Any] = {"kind": kind, "from": a, "to": b, "id": f"q{i}"}
        if i % 3 == 0:
            query["max_hours"] = 100
        out.append(query)
    return out


def _write(tmp_path: Path, queries: list[dict[str, Any]], name: str) -> Path:
    path = tmp_path / name
    if name.endswith(".jsonl"):
        path.write_text("".join(json.dumps(q) + "\n" for q in queries))
    else:
        path.write_text("".join(f"- {json.dumps(q)}\n" for q in queries))
    return path


def _invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["batch", *args, "--data", str(MINI)])
    return result.exit_code, result.stdout, result.stderr


def test_streamed_results_are_the_bytes_of_the_held_ones(runner: CliRunner, tmp_path: Path) -> None:
    queries = _queries(150)
    yaml_file = _write(tmp_path, queries, "queries.yaml")
    lines_file = _write(tmp_path, queries, "queries.jsonl")
    fw = load_framework(MINI)
    held = rjson.batch_lines(batch.run(fw, read_batch(yaml_file), base=tmp_path), fw)
    code, out, _ = _invoke(runner, str(yaml_file), "--workers", "1")
    assert out == held and code == 2  # the unknown role 'nowhere': a usage error
    assert _invoke(runner, str(lines_file), "--workers", "1")[:2] == (code, held)
    target = tmp_path / "out.jsonl"
    assert _invoke(runner, str(lines_file), "-o", str(target))[:2] == (code, "")
    assert target.read_text(encoding="utf-8") == held
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "out.jsonl",
        "queries.jsonl",
        "queries.yaml",
    ]


def test_answers_dropped_from_the_cache_are_answered_again_the_same(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = _write(tmp_path, _queries(300), "queries.yaml")
    kept = _invoke(runner, str(file), "--workers", "1")
    monkeypatch.setattr(parallel, "KEPT_ANSWERS", 3)
    assert _invoke(runner, str(file), "--workers", "1") == kept
    assert _invoke(runner, str(file), "--workers", "2") == kept  # order kept by the workers
    for fmt in ("json", "markdown"):  # the formats that hold every result
        one = _invoke(runner, str(file), "--workers", "1", "--format", fmt)
        assert _invoke(runner, str(file), "--workers", "2", "--format", fmt) == one


def test_the_summary_counts_without_the_results(runner: CliRunner, tmp_path: Path) -> None:
    file = _write(tmp_path, [{"kind": "gap", "from": "dev", "to": "x"}] * 30, "q.yaml")
    code, out, err = _invoke(runner, str(file))
    assert code == 2 and len(out.splitlines()) == 30
    assert err.count("error: query") == 20
    assert "... and 10 more" in err
    assert err.rstrip().endswith("batch: 30 queries: 0 ok, 0 gate, 0 no-route, 30 error")


@pytest.mark.parametrize("name", ["queries.yaml", "queries.jsonl"])
def test_a_bad_row_deep_in_a_long_file_stops_everything_before_any_answer(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    queries: list[dict[str, Any]] = _queries(1200)
    queries[899] = {"kind": "gap", "from": "dev", "too": "se"}
    file = _write(tmp_path, queries, name)
    code, out, err = _invoke(runner, str(file))
    column = 32 if name.endswith(".jsonl") else 34
    assert code == 3 and out == ""
    assert f"{file}:900:{column}: [899].too: unknown option for 'gap'" in err
    done = subprocess.run(
        [sys.executable, "-m", "pathplan", "batch", str(file), "--data", str(MINI)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=120,
        check=False,
    )
    assert done.returncode == 3 and done.stdout == ""
    assert f"{file}:900:{column}: [899].too: unknown option" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_real_process_streams_results_before_it_has_read_the_whole_file(
    tmp_path: Path,
) -> None:
    # The first results reach the pipe while most queries are still to come.
    file = _write(tmp_path, _queries(3000, kinds=("gap",)), "queries.jsonl")
    process = subprocess.Popen(
        [sys.executable, "-m", "pathplan", "batch", str(file), "-w", "1", "--data", str(MINI)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert process.stdout is not None
    first = json.loads(process.stdout.readline())
    assert first["index"] == 0
    rest = process.stdout.readlines()
    assert process.wait(timeout=120) == 2
    assert [json.loads(line)["index"] for line in rest] == list(range(1, 3000))


# --- bounded memory: what the engine holds does not grow with the input ---------------------


def _endless() -> Iterator[RouteQuery]:
    """Distinct queries without end (each its own id and gate): only a lazy reader finishes."""
    for i in itertools.count():
        query = {"kind": "route", "from": "dev", "to": "devops", "max_hours": i, "id": f"q{i}"}
        yield RouteQuery.model_validate(query)


class _Watching(parallel.InProcess):
    """An engine that records how many chunks it was given and the most held at once."""

    chunks = 0

    def map(self, work: parallel.Work, chunks: Iterable[Any]) -> Iterator[Any]:
        for chunk in chunks:
            self.chunks += 1
            yield work(self.framework, chunk)


def test_a_batch_reads_its_queries_only_as_it_answers_them(tmp_path: Path) -> None:
    read = 0

    def counted() -> Iterator[RouteQuery]:
        nonlocal read
        for query in _endless():
            read += 1
            yield query

    engine = _Watching(load_framework(MINI))
    results = parallel.run(engine, counted(), base=tmp_path, chunk=10)
    first = list(itertools.islice(results, 1000))
    assert [r.index for r in first] == list(range(1000))
    # A repeat is answered once (one query per chunk of 10), and at most a span (4 chunks)
    # is read ahead of the results.
    assert read <= 1000 + 40
    assert engine.chunks <= 1000 // 40 + 2


def test_distinct_queries_past_the_cache_are_asked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "KEPT_ANSWERS", 2)
    asked: list[str] = []

    class Asking(parallel.InProcess):
        def map(self, work: parallel.Work, chunks: Iterable[Any]) -> Iterator[Any]:
            for chunk in chunks:
                asked.extend(q.to for q, _ in chunk)
                yield work(self.framework, chunk)

    targets = ["devops", "sales-eng", "devops", "dev-senior", "trainer", "devops"]
    queries = [
        RouteQuery.model_validate({"kind": "route", "from": "dev", "to": t}) for t in targets
    ]
    results = list(parallel.run(Asking(load_framework(MINI)), queries, base=tmp_path, chunk=1))
    assert asked == ["devops", "sales-eng", "dev-senior", "trainer", "devops"]
    assert [r.index for r in results] == list(range(6))
    assert results[0].value == results[2].value == results[5].value


def test_workers_keep_the_order_of_a_stream(tmp_path: Path) -> None:
    fw = load_framework(MINI)
    with parallel.Processes(2, _load_mini) as pool:
        spread = list(itertools.islice(parallel.run(pool, _endless(), base=tmp_path, chunk=3), 200))
    alone = list(
        itertools.islice(parallel.run(parallel.InProcess(fw), _endless(), base=tmp_path), 200)
    )
    assert [r.index for r in spread] == list(range(200))
    assert rjson.batch_lines(spread, fw) == rjson.batch_lines(alone, fw)


def _load_mini() -> Any:
    return load_framework(MINI)


# --- --output written in pieces ---------------------------------------------------------------


def test_output_in_pieces_replaces_the_target_only_when_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")

    def failing() -> Iterator[bytes]:
        yield b"first\n"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(target, failing())
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    files.write_atomic(target, iter([b"a\n", b"b\n"]))
    assert target.read_text() == "a\nb\n"


def test_output_in_pieces_survives_a_file_system_without_unnamed_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "_link_and_replace", lambda fd, target: False)
    target = tmp_path / "out.jsonl"
    files.write_atomic(target, (f"{i}\n".encode() for i in range(3)))
    assert target.read_text() == "0\n1\n2\n"


@pytest.mark.parametrize("kernel", ["copies part", "cannot copy"])
def test_output_in_pieces_is_copied_whole_whatever_the_kernel_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel: str
) -> None:
    monkeypatch.setattr(files, "_link_and_replace", lambda fd, target: False)
    copy = os.copy_file_range

    def some(source: int, target: int, count: int, offset: int = 0, *rest: int) -> int:
        if offset or kernel == "cannot copy":
            raise OSError(errno.EXDEV, "not between these files")
        return copy(source, target, min(count, 5), offset, *rest)

    monkeypatch.setattr(os, "copy_file_range", some)
    pieces = [f"line {i}\n".encode() for i in range(100_000)]
    target = tmp_path / "out.jsonl"
    files.write_atomic(target, iter(pieces))
    assert target.read_bytes() == b"".join(pieces)
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


# --- JSON Lines rendered once per shared answer -------------------------------------------


@pytest.mark.parametrize("kept", [1, 256])
def test_lines_of_shared_answers_are_the_lines_rendered_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: int
) -> None:
    monkeypatch.setattr(rjson, "KEPT_BODIES", kept)
    fw = load_framework(MINI)
    file = _write(tmp_path, _queries(120, kinds=("route", "gap", "route")), "q.yaml")
    results = list(parallel.run(parallel.InProcess(fw), read_batch(file), base=tmp_path))
    shared = len({id(r.value) for r in results if r.value is not None})
    assert shared < len([r for r in results if r.value is not None])  # answers are shared
    one_by_one = "".join(rjson.batch_line(r, fw) for r in results)
    assert "".join(rjson.stream_lines(results, fw)) == one_by_one
    assert rjson.batch_lines(results, None) == "".join(rjson.batch_line(r) for r in results)


def test_answers_rendered_where_they_are_found_give_the_same_lines(tmp_path: Path) -> None:
    # Workers send JSON Lines' answers as text (render.json.AsText): the lines must not change,
    # errors and gates must travel as before, and repeats must still share one answer.
    from pathplan.planner.answers import Rendered

    fw = load_framework(MINI)
    queries = _queries(90, kinds=("route", "gap", "route"))
    queries += [{"kind": "route", "from": "nobody", "to": "dev"}, {**queries[0], "max_hours": 1}]
    file = _write(tmp_path, queries, "q.yaml")
    plain = list(parallel.run(parallel.InProcess(fw), read_batch(file), base=tmp_path))
    shaped = list(
        parallel.run(parallel.InProcess(fw), read_batch(file), base=tmp_path, shape=rjson.AsText())
    )
    answered = [r for r in shaped if r.value is not None]
    assert answered and all(isinstance(r.value, Rendered) for r in answered)
    assert [r.status for r in shaped] == [r.status for r in plain]
    assert {"error", "gate"} <= {r.status for r in shaped}
    assert len({id(r.value) for r in answered}) < len(answered)  # repeats share one answer
    assert "".join(rjson.stream_lines(shaped, fw)) == "".join(rjson.stream_lines(plain, fw))
    assert [rjson.result(r, fw) for r in shaped] == [rjson.result(r, fw) for r in plain]


def test_output_to_a_fifo_is_written_in_place_as_it_comes(
    runner: CliRunner, tmp_path: Path
) -> None:
    import threading

    file = _write(tmp_path, _queries(100), "q.jsonl")
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    code, out, _ = _invoke(runner, str(file), "-o", str(fifo))
    reader.join(timeout=60)
    assert (code, out) == (2, "")
    assert got == [_invoke(runner, str(file))[1]]
    assert fifo.is_fifo()  # written through, never replaced


def test_a_worker_lost_is_one_line_and_exit_2_and_the_output_is_kept(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathplan.errors import WorkerLostError
    from pathplan.planner import parallel

    def lost(*args: Any, **kwargs: Any) -> Iterator[Any]:
        raise WorkerLostError("a child process terminated abruptly")
        yield

    monkeypatch.setattr(parallel, "run", lost)
    target = tmp_path / "out.jsonl"
    target.write_text("before\n")
    file = _write(tmp_path, _queries(100), "q.yaml")
    code, out, err = _invoke(runner, str(file), "-w", "2", "-o", str(target))
    assert code == 2 and out == ""
    assert err.startswith("error: a worker process ended before it answered")
    assert "Traceback" not in err
    assert target.read_text() == "before\n"
