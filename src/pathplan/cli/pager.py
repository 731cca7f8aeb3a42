"""Long output on a terminal goes through a pager, the way git does it.

The pager is PATHPLAN_PAGER, else PAGER, else `less`; an empty value or `cat` means none.
`less` gets LESS=FRX unless LESS is set: quit when the text fits one screen (-F), keep colours
(-R), and leave the text on the screen afterwards (-X).
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess

from pathplan.cli.signals import Interrupted

__all__ = ["pager_command", "show"]


def pager_command(environ: dict[str, str] | None = None) -> str | None:
    """The pager to run, or None when paging is turned off or the program is not installed."""
    env = os.environ if environ is None else environ
    command = env.get("PATHPLAN_PAGER", env.get("PAGER", "less")).strip()
    if command in ("", "cat"):
        return None
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return None
    return command if shutil.which(program) else None


def show(text: str, command: str) -> bool:
    """Feed `text` to the pager `command` and wait for it; False if it could not be started."""
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")  # the same for lv, as git does
    try:
        process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode("utf-8"))
        process.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit before the end: that is how a pager is used
    while True:
        try:
            process.wait()
            break
        except KeyboardInterrupt:
            continue  # Ctrl-C belongs to the pager (less uses it to stop a search)
        except Interrupted as e:  # the console script's handler raises this instead
            if e.signum != signal.SIGINT:
                process.terminate()
                raise
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    return True
