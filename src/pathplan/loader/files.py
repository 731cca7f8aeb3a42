"""Bounded reading of input files, every failure located; and the garbage-collector pause.

One helper reads the bytes of every file pathplan is given (frameworks, profiles, rosters, batch
files, taxonomy releases), so a missing, unreadable, oversized or badly encoded file gets the
same located problem everywhere. Kept apart from the YAML reader so that code which only reads
a cached framework does not pay for importing PyYAML.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pathplan.errors import DataError, Problem

__all__ = ["MAX_FILE_BYTES", "decode_utf8", "no_gc", "read_bytes"]

MAX_FILE_BYTES = 256 * 1024 * 1024


def read_bytes(
    path: Path,
    *,
    what: str,
    max_bytes: int | None = MAX_FILE_BYTES,
    missing_hint: str | None = None,
) -> bytes:
    """The bytes of `path`; DataError with one located problem if it cannot be read.

    `what` names the file for "is a directory, not {what}"; `max_bytes` (None: no limit) bounds
    the memory a file may take before it is read.
    """
    file = str(path)
    try:
        if max_bytes is not None:
            size = path.stat().st_size
            if size > max_bytes:
                limit = max_bytes / 2**20
                message = f"file is {size / 2**20:.0f} MiB; the limit is {limit:.0f} MiB"
                raise DataError([Problem(file, 1, 1, message)])
        return path.read_bytes()
    except IsADirectoryError:
        raise DataError([Problem(file, 1, 1, f"is a directory, not {what}")]) from None
    except FileNotFoundError:
        raise DataError([Problem(file, 1, 1, "file not found", missing_hint)]) from None
    except OSError as e:
        raise DataError([Problem(file, 1, 1, f"cannot read: {e.strerror}")]) from None


def decode_utf8(raw: bytes, file: str, hint: str) -> str:
    """UTF-8 text (a byte-order mark dropped); DataError at the first bad byte's line and column.

    utf-8-sig: spreadsheet programs and some editors put a byte-order mark in front.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        column = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise DataError([Problem(file, line, column, "not valid UTF-8", hint)]) from None


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the garbage collector: it makes large loads super-linear (PERFORMANCE.md).

    A load makes millions of objects and almost no cycles; with the collector running, every
    few thousand allocations it rescans all of them. Rosters of thousands of people are the same.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
