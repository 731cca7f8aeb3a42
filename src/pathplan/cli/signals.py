"""Ctrl-C and SIGTERM as an exception raised where the program was, so cleanup code runs.

Installed by the console script before it imports anything heavy: an interrupt during the
imports ends as cleanly as one later on. `Interrupted` is not a KeyboardInterrupt, so Typer and
Click, which turn that into "Aborted!" or a silent exit, let it through to our handlers; the
temporary files of --output and the cache are removed by their `except BaseException` blocks on
the way up. Only the first signal raises: a second one while cleaning up is ignored.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType

__all__ = ["Interrupted", "exit_code", "install", "interruption", "say"]


class Interrupted(BaseException):
    """The process was asked to stop by signal `signum` (SIGINT: Ctrl-C, or SIGTERM)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def interruption(error: BaseException) -> int | None:
    """The signal behind `error`, if it is one, also when Python wrapped it in another error.

    A signal can arrive anywhere, even while a class is being created: Python 3.11 reports an
    exception raised by a `__set_name__` (pydantic fields have one) as a RuntimeError caused by
    it, which would otherwise end a Ctrl-C during start-up in a traceback.
    """
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, Interrupted):
            return cause.signum
        if isinstance(cause, KeyboardInterrupt):
            return signal.SIGINT
        cause = cause.__cause__
    return None


def exit_code(signum: int) -> int:
    """128 + the signal's number, as shells report a process a signal ended: 130, 143."""
    return 128 + signum


def say(signum: int) -> None:
    """The one line printed on stderr when a signal ends a run."""
    words = "interrupted" if signum == signal.SIGINT else "terminated"
    try:
        sys.stderr.write(f"{words}\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr closed or full: the exit code still says it
        pass


def install() -> None:
    """Raise `Interrupted` on the first SIGINT or SIGTERM; ignore any that follow."""

    def handler(signum: int, frame: FrameType | None) -> None:
        for each in (signal.SIGINT, signal.SIGTERM):
            signal.signal(each, signal.SIG_IGN)
        raise Interrupted(signum)

    for each in (signal.SIGINT, signal.SIGTERM):
        signal.signal(each, handler)
