"""Bounded reading of input files, every failure located; atomic writes; the GC pause.

One helper reads the bytes of every file pathplan is given (frameworks, profiles, rosters, batch
files, taxonomy releases), so a missing, unreadable, oversized or badly encoded file gets the
same located problem everywhere. Kept apart from the YAML reader so that code which only reads
a cached framework does not pay for importing PyYAML.
"""

from __future__ import annotations

import errno
import gc
import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from pathplan.errors import DataError, Problem

__all__ = ["MAX_FILE_BYTES", "decode_utf8", "new_file_mode", "no_gc", "read_bytes", "write_atomic"]

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


def new_file_mode() -> int:
    """The permissions a new file gets: 0o666 under the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(target: Path, data: bytes, mode: int | None = None) -> None:
    """Put `data` at `target` at once: a reader sees the old file or the new one, never part.

    The bytes go to a file with no name in the target's folder (Linux's O_TMPFILE), which is
    then linked under a temporary name and renamed over the target: a process killed while
    writing, even by SIGKILL, leaves nothing behind. Where that is not available, a named
    temporary file `.NAME.*.tmp` is used and removed on any exception (SIGTERM and Ctrl-C
    included, as the CLI turns them into exceptions). `mode` is the new file's permissions
    (default: `new_file_mode()`). Raises OSError when it cannot be done; the target is then as
    it was.
    """
    folder = target.parent
    mode = new_file_mode() if mode is None else mode
    fd = _unnamed_file(folder)
    if fd is not None:
        try:
            _write_all(fd, data)
            os.fchmod(fd, mode)
            if _link_and_replace(fd, target):
                return
        finally:
            os.close(fd)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        try:
            _write_all(fd, data)
            os.fchmod(fd, mode)  # mkstemp makes the file private
        finally:
            os.close(fd)
        Path(tmp).replace(target)
    except BaseException:
        with suppress(OSError):
            Path(tmp).unlink()
        raise


def _unnamed_file(folder: Path) -> int | None:
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY | os.O_CLOEXEC, 0o600)
    except OSError as e:
        # EISDIR, EOPNOTSUPP, EINVAL: this kernel or file system has no unnamed files.
        if e.errno in (errno.EISDIR, errno.EOPNOTSUPP, errno.EINVAL):
            return None
        raise


def _link_and_replace(fd: int, target: Path) -> bool:
    """Give the unnamed file `fd` the name `target`; False if it cannot be linked at all."""
    name = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        os.link(f"/proc/self/fd/{fd}", name, follow_symlinks=True)
    except OSError:
        return False  # e.g. no /proc access: write a named temporary file instead
    try:
        name.replace(target)
    except BaseException:
        with suppress(OSError):
            name.unlink()
        raise
    return True


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
