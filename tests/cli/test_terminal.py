"""In a real (pseudo-)terminal: output fits its width, and long output goes through the pager."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from rich.text import Text

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b]*\x1b\\")  # colours, links

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def in_terminal(args: list[str], *, columns: int, lines: int, **env: str) -> str:
    """Run pathplan with a pseudo-terminal of that size as stdin, stdout and stderr."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    environ.update(TERM="xterm-256color", **env)
    process = subprocess.Popen(
        [sys.executable, "-m", "pathplan", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=environ,
        cwd=ROOT,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert process.wait(timeout=60) == 0
    return ANSI.sub("", b"".join(chunks).decode("utf-8")).replace("\r\n", "\n")


@pytest.mark.parametrize("columns", [80, 120])
def test_output_fits_the_terminal(columns: int) -> None:
    args = ["adjacent", "data-analyst", "--no-pager"]
    out = in_terminal(args, columns=columns, lines=100)
    assert "Data Scientist" in out
    assert max(Text(line).cell_len for line in out.splitlines()) <= columns, out


def test_long_output_goes_through_the_pager() -> None:
    out = in_terminal(["roles"], columns=100, lines=20, PAGER="sed -e s/^/PAGED:/")
    rows = [line for line in out.splitlines() if line.strip()]
    assert rows and all(line.startswith("PAGED:") for line in rows), out


def test_no_pager_and_short_output_print_straight_away() -> None:
    out = in_terminal(["roles", "--no-pager"], columns=100, lines=20, PAGER="sed -e s/^/P:/")
    assert "P:" not in out and "data-scientist" in out
    short = in_terminal(["show", "dev"], columns=100, lines=200, PAGER="sed -e s/^/P:/")
    assert "P:" not in short and "Software Developer" in short


def test_pathplan_pager_wins_and_an_empty_one_means_none() -> None:
    out = in_terminal(
        ["roles"], columns=100, lines=20, PAGER="sed -e s/^/P:/", PATHPLAN_PAGER="sed -e s/^/Q:/"
    )
    assert "Q:" in out and "P:" not in out
    plain = in_terminal(["roles"], columns=100, lines=20, PAGER="sed -e s/^/P:/", PATHPLAN_PAGER="")
    assert "P:" not in plain and "data-scientist" in plain


def test_the_pager_is_chosen_as_git_does() -> None:
    from pathplan.cli.pager import pager_command

    assert pager_command({"PAGER": "cat"}) is None
    assert pager_command({"PAGER": "  "}) is None
    assert pager_command({"PAGER": "no-such-pager-anywhere -R"}) is None  # print instead
    assert pager_command({"PAGER": "sed -e s/a/b/"}) == "sed -e s/a/b/"
    assert pager_command({"PATHPLAN_PAGER": "sed", "PAGER": "cat"}) == "sed"
    assert pager_command({"PAGER": "unbalanced 'quote"}) is None


def test_profile_init_asks_on_a_terminal_and_ctrl_c_keeps_the_answers(tmp_path: Path) -> None:
    import time

    target = tmp_path / "me.yaml"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 80, 0, 0))
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    process = subprocess.Popen(
        [sys.executable, "-m", "pathplan", "profile", "init", "--role", "qa", "-o", str(target)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**environ, "TERM": "xterm-256color"},
        cwd=ROOT,
        close_fds=True,
        start_new_session=True,  # Ctrl-C typed on the terminal signals its foreground process
    )
    os.close(slave)
    seen = b""

    def read_until(marker: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 30
        while marker not in seen and time.monotonic() < deadline:
            seen += os.read(master, 65536)

    read_until(b"Your name")
    os.write(master, b"Ada\r")
    read_until(b"Hours a week")
    os.write(master, b"\r")
    read_until(b"[1/")
    os.write(master, b"2\r")
    read_until(b"[2/")
    read_until(b"q stop) [0]:")  # waiting for the second answer
    process.send_signal(2)  # what Ctrl-C does
    read_until(b"carry on")
    assert process.wait(timeout=30) == 130
    os.close(master)
    text = ANSI.sub("", seen.decode("utf-8")).replace("\r\n", "\n")
    assert "Stopped." in text
    widest = max(Text(line).cell_len for line in text.splitlines())
    assert widest <= 80, text  # the questions are wrapped to the terminal too
    saved = target.read_text(encoding="utf-8")
    assert 'name: "Ada"' in saved and re.search(r"^  [a-z-]+: +2 ", saved, re.M)
