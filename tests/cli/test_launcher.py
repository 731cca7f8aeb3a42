"""The console script's exit: the code, exit handlers and output kept, the teardown left out."""

from __future__ import annotations

import subprocess
import sys

import pytest

EXIT = """
import atexit, sys, threading, time
from pathplan.cli.launcher import leave

class Freed:
    def __del__(self):
        sys.stdout.write("torn down\\n")

kept = Freed()  # freed only if the interpreter tears down its modules
atexit.register(lambda: sys.stdout.write("handler ran\\n"))
sys.stdout.write("x" * 100_000 + "\\n")  # more than a buffer: flushed on the way out
if sys.argv[2] == "thread":
    threading.Thread(target=lambda: (time.sleep(0.3), sys.stdout.write("thread done\\n"))).start()
leave(int(sys.argv[1]) if sys.argv[1].isdigit() else sys.argv[1])
"""


def _leave(code: str, thread: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", EXIT, code, thread or "none"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("code", [0, 1, 3])
def test_leaving_keeps_the_code_the_output_and_the_exit_handlers(code: int) -> None:
    done = _leave(str(code))
    assert done.returncode == code
    assert done.stdout == "x" * 100_000 + "\nhandler ran\n"  # and no teardown
    assert done.stderr == ""


def test_with_another_thread_alive_python_exits_as_usual() -> None:
    done = _leave("0", "thread")
    assert done.returncode == 0
    assert done.stdout.splitlines()[1:] == ["thread done", "handler ran", "torn down"]


def test_a_message_for_a_code_exits_as_usual() -> None:
    done = _leave("goodbye")
    assert done.returncode == 1 and done.stderr == "goodbye\n"
    assert done.stdout.endswith("handler ran\ntorn down\n")


def test_the_console_script_leaves_with_the_command_s_code() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pathplan", "route", "--from", "dev", "--to", "nowhere"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and "unknown role 'nowhere'" in done.stderr
