"""Ctrl-C and SIGTERM: exit 130 or 143 with one line, and nothing half-written left behind.

A signal arriving while --output or a cache entry is written is simulated in-process, at the
exact moment the bytes are being written (`os.write` raising what the signal handler raises);
real signals are sent to real processes for the start-up window and a running write.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pathplan.cli import launcher, signals
from pathplan.cli.main import app
from pathplan.cli.signals import Interrupted
from pathplan.loader import files

ROOT = Path(__file__).resolve().parents[2]


def _interrupt_writes(monkeypatch: pytest.MonkeyPatch, signum: int) -> None:
    """Make the next write of file bytes be cut short by `signum`, after part of it is out."""
    real = os.write
    state = {"done": False}

    def write(fd: int, data: bytes | memoryview) -> int:
        if state["done"] or fd < 3:
            return real(fd, data)
        state["done"] = True
        real(fd, bytes(data)[:10])  # part of the bytes reached the file
        raise Interrupted(signum)

    monkeypatch.setattr(os, "write", write)  # the writer calls os.write; nothing else here does


@pytest.mark.parametrize("unnamed", [True, False], ids=["o_tmpfile", "named-temp"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_writing_output_leaves_the_old_file(
    runner: CliRunner,
    mini_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    unnamed: bool,
    signum: int,
) -> None:
    target = tmp_path / "roles.json"
    target.write_text("old")
    if not unnamed:  # the fallback where the system has no unnamed files
        monkeypatch.setattr(files, "_unnamed_file", lambda folder: None)
    _interrupt_writes(monkeypatch, signum)
    result = runner.invoke(app, ["--data", str(mini_dir), "roles", "-f", "json", "-o", str(target)])
    assert result.exit_code == 128 + signum, result.output
    assert result.stderr == ("interrupted\n" if signum == signal.SIGINT else "terminated\n")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roles.json"]


def test_a_signal_while_writing_the_cache_leaves_no_entry(
    runner: CliRunner, mini_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("PATHPLAN_CACHE_DIR", str(cache))
    _interrupt_writes(monkeypatch, signal.SIGTERM)
    result = runner.invoke(app, ["--data", str(mini_dir), "roles"])
    assert result.exit_code == 143, result.output
    assert list(cache.iterdir()) == []  # neither an entry nor a temporary file


def test_ctrl_c_in_a_command_is_one_line(
    runner: CliRunner, mini_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the console script's handler (a library caller, the test runner) Ctrl-C is a
    # plain KeyboardInterrupt: the same line and code.
    from pathplan.loader import framework

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(framework, "load_framework", interrupted)
    result = runner.invoke(app, ["--data", str(mini_dir), "roles"])
    assert result.exit_code == 130 and result.stderr == "interrupted\n"


def _start(*args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "PATHPLAN_DATA"}
    return subprocess.Popen(
        [sys.executable, "-m", "pathplan", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


# A child that sends itself SIGINT the moment it starts importing `module`: Ctrl-C at that
# exact point of start-up, every time, instead of a race against a timer.
TRIP = """
import os, signal, sys
class Trip:
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Trip())
sys.argv = ["pathplan", "--no-cache", "route", "--from", "dev", "--to", "sales-eng"]
from pathplan.cli.launcher import main
main()
"""


@pytest.mark.parametrize(
    "module", ["typer", "rich.console", "pydantic", "yaml", "networkx", "pathplan.planner.route"]
)
def test_ctrl_c_while_importing_is_one_line(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", TRIP.format(module=module)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 130, done.stderr
    assert done.stderr == "interrupted\n"


def _past_start_up(proc: subprocess.Popen[str]) -> None:
    """Wait until the child reads YAML (libyaml is loaded): pathplan has long taken over.

    A signal in the first milliseconds, before Python runs any of pathplan, ends the way
    Python ends (documented); a timer alone would sometimes land there on a busy machine.
    """
    maps = Path(f"/proc/{proc.pid}/maps")
    if not maps.exists():
        pytest.skip("needs /proc to see the child's progress")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if "_yaml" in maps.read_text():
                return
        except OSError:
            return  # it has just ended
        time.sleep(0.005)


def test_ctrl_c_soon_after_start_is_one_line() -> None:
    # The real thing: 130 and one line, or (on a fast machine) done first.
    proc = _start("--no-cache", "route", "--from", "dev", "--to", "sales-eng", "-f", "json")
    _past_start_up(proc)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        assert json.loads(out)["kind"] == "route"
    else:  # (past start-up by then, however loaded the machine: see _past_start_up)
        assert (proc.returncode, err) == (130, "interrupted\n")


def test_sigterm_is_one_line_and_143(tmp_path: Path) -> None:
    target = tmp_path / "roles.json"
    proc = _start("--no-cache", "roles", "-f", "json", "-o", str(target))
    _past_start_up(proc)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        assert json.loads(target.read_text())["kind"] == "roles"
    else:
        assert proc.returncode == 143 and err == "terminated\n"
        assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] in ([], ["roles.json"])


def _has_unnamed_files(folder: Path) -> bool:
    try:
        os.close(os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o600))
    except (OSError, AttributeError):
        return False
    return True


def test_sigkill_while_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    if not _has_unnamed_files(tmp_path):
        pytest.skip("no O_TMPFILE here: a killed writer may leave .NAME.*.tmp (documented)")
    target = tmp_path / "skills.json"
    for delay in (0.3, 0.4, 0.5, 0.6, 0.8):
        proc = _start("skills", "-f", "json", "-o", str(target))
        time.sleep(delay)
        proc.kill()
        proc.communicate(timeout=120)
        assert [p.name for p in tmp_path.iterdir()] in ([], ["skills.json"])
        if target.exists():
            assert json.loads(target.read_text())["kind"] == "skills"


class _Raises:
    """A class attribute whose `__set_name__` is where the signal lands."""

    def __set_name__(self, owner: type, name: str) -> None:
        raise Interrupted(signal.SIGTERM)


def _signal_during_class_creation() -> BaseException:
    try:
        type("Model", (), {"field": _Raises()})
    except BaseException as e:
        return e
    raise AssertionError("the class was created")


def test_a_signal_while_a_class_is_made_is_still_a_signal() -> None:
    # Python 3.11 wraps it in RuntimeError("Error calling __set_name__ ..."); 3.12 does not.
    error = _signal_during_class_creation()
    assert signals.interruption(error) == signal.SIGTERM
    assert signals.interruption(RuntimeError("something else")) is None
    assert signals.interruption(KeyboardInterrupt()) == signal.SIGINT


def test_the_console_script_says_one_line_for_a_wrapped_signal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A Ctrl-C landing while a module defines its pydantic models: 143 and one line, no traceback.
    import pathplan.cli.main as cli_main

    def start() -> None:
        raise RuntimeError("Error calling __set_name__") from Interrupted(signal.SIGTERM)

    monkeypatch.setattr(cli_main, "main", start)
    monkeypatch.setattr(sys, "argv", ["pathplan", "roles"])
    monkeypatch.setattr(signals, "install", lambda: None)
    with pytest.raises(SystemExit) as ended:
        launcher.main()
    assert ended.value.code == 143
    assert capsys.readouterr().err == "terminated\n"


def test_other_runtime_errors_are_not_taken_for_signals(monkeypatch: pytest.MonkeyPatch) -> None:
    import pathplan.cli.main as cli_main

    def start() -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli_main, "main", start)
    monkeypatch.setattr(sys, "argv", ["pathplan", "roles"])
    monkeypatch.setattr(signals, "install", lambda: None)
    with pytest.raises(RuntimeError, match="a bug"):
        launcher.main()


def test_a_command_says_one_line_for_a_wrapped_signal(capsys: pytest.CaptureFixture[str]) -> None:
    import typer

    from pathplan.cli.output import reported

    with pytest.raises(typer.Exit) as ended, reported():
        raise RuntimeError("Error calling __set_name__") from Interrupted(signal.SIGINT)
    assert ended.value.exit_code == 130
    assert capsys.readouterr().err == "interrupted\n"
