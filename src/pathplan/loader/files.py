"""Bounded reading of input files, every failure located; atomic writes; the GC pause.

One helper reads the bytes of every file pathplan is given (frameworks, profiles, rosters, batch
files, taxonomy releases), so a missing, unreadable, special, oversized or badly encoded file
gets the same error everywhere. Kept apart from the YAML reader so that code which only reads
a cached framework does not pay for importing PyYAML.
"""

from __future__ import annotations

import codecs
import errno
import gc
import io
import os
import secrets
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from pathplan.errors import DataError, InputPathError, Problem

__all__ = [
    "MAX_FILE_BYTES",
    "STALL_SECONDS",
    "decode_utf8",
    "new_file_mode",
    "no_gc",
    "open_input",
    "read_bytes",
    "utf8_problem",
    "write_atomic",
]

MAX_FILE_BYTES = 256 * 1024 * 1024
# A pipe that sends nothing for this long is given up on: a FIFO with no writer never ends.
STALL_SECONDS = 30.0


def read_bytes(
    path: Path, *, max_bytes: int | None = MAX_FILE_BYTES, stall: float = STALL_SECONDS
) -> bytes:
    """The bytes of `path`, read within bounds: never forever, never without limit.

    A regular file is read up to `max_bytes` (None: no limit); so is a pipe or FIFO (`<(cmd)`,
    `/dev/stdin` from a pipe), until `stall` seconds pass with nothing coming through (a FIFO
    nobody writes to would block forever). Raises InputPathError for a path that is missing, a
    folder, a device or socket (`/dev/zero` would never end) or unreadable; DataError, located
    at 1:1, for more than `max_bytes`.
    """
    file = str(path)
    fd = _open(path)
    try:
        return _read_opened(fd, file, None, max_bytes, stall)
    finally:
        os.close(fd)


def _open(path: Path) -> int:
    """A descriptor of `path` opened for reading; raises InputPathError as `read_bytes` says."""
    try:
        # O_NONBLOCK: opening a FIFO that has no writer yet must not block.
        return os.open(path, os.O_RDONLY | _NONBLOCK | _NOCTTY | os.O_CLOEXEC)
    except OSError as e:
        raise _path_error(str(path), e) from None


def _read_opened(
    fd: int, file: str, info: os.stat_result | None, max_bytes: int | None, stall: float
) -> bytes:
    """`read_bytes` of a file already opened (`info`: its fstat, if taken)."""
    try:
        info = info or os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputPathError(file, "folder")
        if stat.S_ISREG(info.st_mode):
            if max_bytes is not None and info.st_size > max_bytes:
                raise _too_big(file, info.st_size, max_bytes)
            data = _read_file(fd, info.st_size, max_bytes)
        elif stat.S_ISFIFO(info.st_mode):
            data = _read_pipe(fd, file, max_bytes, stall)
        else:
            raise InputPathError(file, "special")
    except OSError as e:
        raise _path_error(file, e) from None
    if max_bytes is not None and len(data) > max_bytes:
        raise _too_big(file, None, max_bytes)  # a pipe, or a file that grew as it was read
    return data


def open_input(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> BinaryIO:
    """`path` opened to be read, and read again, in bounded memory: `read_bytes`'s checks.

    A regular file is opened as it is (any size: the caller reads it a piece at a time, and may
    seek back to its start); a pipe or FIFO is read whole, within `max_bytes` and the stall
    limit, into memory, so that it can be read twice as well. Raises as `read_bytes`.
    """
    file = str(path)
    fd = _open(path)
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode):
            os.set_blocking(fd, True)
            return os.fdopen(fd, "rb")
        data = _read_opened(fd, file, info, max_bytes, STALL_SECONDS)
    except OSError as e:
        os.close(fd)
        raise _path_error(file, e) from None
    except BaseException:
        os.close(fd)
        raise
    os.close(fd)
    return io.BytesIO(data)


def utf8_problem(stream: BinaryIO, file: str, hint: str) -> DataError:
    """The located error of the first byte of `stream` that is not UTF-8 (see `decode_utf8`).

    For a stream whose decoding failed part-way: it is read again from its start, in pieces.
    """
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    line, column = 1, 1
    while piece := stream.read(1 << 20):
        try:
            decoder.decode(piece)
        except UnicodeDecodeError as e:
            good = piece[: max(0, e.start)]
            column = column + len(good) if b"\n" not in good else len(good) - good.rfind(b"\n")
            line += good.count(b"\n")
            return DataError([Problem(file, line, column, "not valid UTF-8", hint)])
        line += piece.count(b"\n")
        column = column + len(piece) if b"\n" not in piece else len(piece) - piece.rfind(b"\n")
    return DataError([Problem(file, line, column, "not valid UTF-8", hint)])


def _too_big(file: str, size: int | None, max_bytes: int) -> DataError:
    limit = f"{max_bytes / 2**20:g} MiB"
    said = f"file is {size / 2**20:.0f} MiB" if size is not None else f"more than {limit} came"
    return DataError([Problem(file, 1, 1, f"{said}; the limit is {limit}")])


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)


def _read_file(fd: int, size: int, max_bytes: int | None) -> bytes:
    wanted = size + 1 if max_bytes is None else min(size, max_bytes) + 1
    chunks = [os.read(fd, wanted)]
    while chunks[-1] and (max_bytes is None or sum(map(len, chunks)) <= max_bytes):
        chunks.append(os.read(fd, 1 << 20))  # the file grew while being read
    return b"".join(chunks)


def _read_pipe(fd: int, file: str, max_bytes: int | None, stall: float) -> bytes:
    import select

    poller = select.poll()
    poller.register(fd, select.POLLIN)
    chunks: list[bytes] = []
    size = 0
    while max_bytes is None or size <= max_bytes:
        if not poller.poll(stall * 1000):
            raise InputPathError(file, "stalled", seconds=stall)
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            continue
        if not chunk:
            break  # every writer closed its end
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _path_error(file: str, error: OSError) -> InputPathError:
    reasons = {
        errno.ENOENT: "missing",
        errno.ENOTDIR: "missing",
        errno.EISDIR: "folder",
        errno.EACCES: "denied",
        errno.EPERM: "denied",
        errno.ENXIO: "special",  # a socket
    }
    reason = reasons.get(error.errno or 0, "error")
    return InputPathError(file, reason, error.strerror or str(error))


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


def write_atomic(target: Path, data: bytes | Iterable[bytes], mode: int | None = None) -> None:
    """Put `data` at `target` at once: a reader sees the old file or the new one, never part.

    `data` may come in pieces (an iterable of bytes, written as they come: a long output
    streams through the temporary file, and an exception from the iterable leaves the target
    as it was).

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
    if fd is None:
        _write_named(target, lambda out: _write_all(out, data), mode)
        return
    try:
        _write_all(fd, data)
        os.fchmod(fd, mode)
        if not _link_and_replace(fd, target):
            # Pieces cannot be asked for again: what was written is copied, by the kernel.
            _write_named(target, lambda out: _copy(fd, out), mode)
    finally:
        os.close(fd)


def _write_named(target: Path, fill: Callable[[int], None], mode: int) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        try:
            fill(fd)
            os.fchmod(fd, mode)  # mkstemp makes the file private
        finally:
            os.close(fd)
        Path(tmp).replace(target)
    except BaseException:
        with suppress(OSError):
            Path(tmp).unlink()
        raise


def _copy(source: int, target: int) -> None:
    """All of file `source` into file `target`, in the kernel where it can (copy_file_range).

    Copying a 114 MB batch output in 1 MiB reads and writes took 0.3-0.8 s (a tenth of a
    parallel batch); the kernel does it in 0.04 s.
    """
    size = os.fstat(source).st_size
    done = 0
    with suppress(OSError, AttributeError):  # no copy_file_range here, or not across these files
        while done < size and (copied := os.copy_file_range(source, target, size - done, done)):
            done += copied
    os.lseek(source, done, os.SEEK_SET)
    os.lseek(target, done, os.SEEK_SET)
    while piece := os.read(source, 1 << 20):
        _write_all(target, piece)


def _unnamed_file(folder: Path) -> int | None:
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_RDWR | os.O_CLOEXEC, 0o600)  # read back if need be
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


def _write_all(fd: int, data: bytes | Iterable[bytes]) -> None:
    for piece in [data] if isinstance(data, bytes) else data:
        view = memoryview(piece)
        while view:
            view = view[os.write(fd, view) :]
