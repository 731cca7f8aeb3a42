"""write_atomic: the target changes only once the data is complete, also when it comes in chunks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pathplan.loader import files
from pathplan.loader.files import write_atomic


def _chunks(fail_after: int | None = None) -> Iterator[bytes]:
    for i in range(5):
        if fail_after is not None and i == fail_after:
            raise RuntimeError("the producer failed")
        yield f"line {i}\n".encode()


EXPECTED = "".join(f"line {i}\n" for i in range(5))


@pytest.mark.parametrize("linkable", [True, False])
def test_chunks_are_written_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, linkable: bool
) -> None:
    if not linkable:  # no /proc to link the unnamed file: its bytes are copied to a named one
        monkeypatch.setattr(files, "_link_and_replace", lambda fd, target: False)
    target = tmp_path / "out.jsonl"
    write_atomic(target, _chunks(), 0o640)
    assert target.read_text() == EXPECTED
    assert (target.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temporary file left


@pytest.mark.parametrize("unnamed", [True, False])
def test_a_failing_producer_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unnamed: bool
) -> None:
    if not unnamed:
        monkeypatch.setattr(files, "_unnamed_file", lambda folder: None)
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    with pytest.raises(RuntimeError):
        write_atomic(target, _chunks(fail_after=3))
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
