"""--output writes what it is pointed at the right way, and failed writes end cleanly.

A regular file (or a new one) is replaced atomically with its permissions kept; a symlink is
followed; a device, FIFO or pipe is written in place and never replaced; `-` is stdout; a folder
is refused. A full disk or a closed pipe on stdout ends with one line (or quietly) and a
documented exit code. Tests point symlinks they own at devices, so that a regression replaces
the test's link, never the device itself.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pathplan.cli.main import app

EXIT_IO = 74  # output could not be written (README: exit codes)
EXIT_PIPE = 141  # stdout closed by the reader, as `cat` and `yes` exit under `| head`


def pathplan(*args: str, **streams: object) -> subprocess.CompletedProcess[str]:
    """Run the real entry point, as a shell would; stdout and stderr piped unless given."""
    env = {k: v for k, v in os.environ.items() if k not in ("PATHPLAN_DATA", "NO_COLOR")}
    options: dict[str, object] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **streams}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "pathplan", *args],
        text=True,
        env=env,
        timeout=120,
        check=False,
        **options,
    )


def roles_json(runner: CliRunner, mini_dir: Path, output: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--data", str(mini_dir), "roles", "-f", "json", "-o", output])
    return result.exit_code, result.stdout, result.stderr


def test_a_new_file_gets_the_umask_mode(runner: CliRunner, mini_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "roles.json"
    old = os.umask(0o027)
    try:
        code, out, err = roles_json(runner, mini_dir, str(target))
    finally:
        os.umask(old)
    assert code == 0 and out == "", err
    assert json.loads(target.read_text())["kind"] == "roles"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_regular_file_is_replaced_with_its_mode_kept(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "roles.json"
    target.write_text("old")
    target.chmod(0o604)
    before = target.stat().st_ino
    code, _, err = roles_json(runner, mini_dir, str(target))
    assert code == 0, err
    assert json.loads(target.read_text())["kind"] == "roles"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert target.stat().st_ino != before  # replaced by a rename, not rewritten in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roles.json"]


def test_a_symlink_is_followed_and_its_target_written(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    real = tmp_path / "reports" / "roles.json"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(Path("reports") / "roles.json")  # relative, as people make them
    code, _, err = roles_json(runner, mini_dir, str(link))
    assert code == 0, err
    assert link.is_symlink() and link.readlink() == Path("reports") / "roles.json"
    assert json.loads(real.read_text())["kind"] == "roles"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["roles.json"]


def test_a_dangling_symlink_creates_its_target(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "new.json")
    code, _, err = roles_json(runner, mini_dir, str(link))
    assert code == 0, err
    assert link.is_symlink() and json.loads((tmp_path / "new.json").read_text())["kind"] == "roles"


def test_a_fifo_is_written_in_place(runner: CliRunner, mini_dir: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, err = roles_json(runner, mini_dir, str(fifo))
    reader.join(timeout=30)
    assert code == 0, err
    assert json.loads(got[0])["kind"] == "roles"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still the pipe, not a file put in its place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_device_is_written_in_place(runner: CliRunner, mini_dir: Path, tmp_path: Path) -> None:
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    code, _, err = roles_json(runner, mini_dir, str(link))
    assert code == 0, err
    assert link.is_symlink() and stat.S_ISCHR(link.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_full_device_fails_with_one_line(tmp_path: Path) -> None:
    link = tmp_path / "full"
    link.symlink_to("/dev/full")
    done = pathplan("roles", "-o", str(link))
    assert done.returncode == EXIT_IO, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"error: cannot write '{link}': No space left on device"
    ]
    assert link.is_symlink()


def test_dash_means_stdout(
    runner: CliRunner, mini_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = roles_json(runner, mini_dir, "-")
    assert code == 0, err
    assert json.loads(out)["kind"] == "roles"
    assert list(tmp_path.iterdir()) == []


def test_dev_stdout_writes_to_stdout(tmp_path: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to("/dev/stdout")
    done = pathplan("roles", "-f", "json", "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["kind"] == "roles"
    assert link.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_dev_stdout_redirected_to_a_file_is_appended_not_replaced(tmp_path: Path) -> None:
    # `pathplan roles -o /dev/stdout >> log`: the log keeps what it had. (A link of our own to
    # where /dev/stdout points: a regression then replaces our link, not the system's.)
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    log = tmp_path / "log"
    log.write_text("before\n")
    with log.open("a") as handle:
        done = pathplan("roles", "-f", "json", "-o", str(stdout), stdout=handle, stderr=None)
    assert done.returncode == 0
    text = log.read_text()
    assert text.startswith("before\n") and json.loads(text[len("before\n") :])["kind"] == "roles"


def test_a_process_substitution_is_written() -> None:
    # `pathplan roles -o >(wc -c)`: the shell passes /dev/fd/N, the write end of a pipe.
    read, write = os.pipe()
    received: list[bytes] = []
    with os.fdopen(read, "rb") as source:
        reader = threading.Thread(target=lambda: received.append(source.read()), daemon=True)
        reader.start()
        try:
            done = pathplan("roles", "-f", "json", "-o", f"/dev/fd/{write}", pass_fds=(write,))
        finally:
            os.close(write)  # the child's copy is closed: the reader sees the end
        reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(received[0])["kind"] == "roles"


def test_a_folder_is_refused(runner: CliRunner, mini_dir: Path, tmp_path: Path) -> None:
    for target in (tmp_path, tmp_path / "link"):
        if target != tmp_path:
            target.symlink_to(tmp_path)
        code, _, err = roles_json(runner, mini_dir, str(target))
        assert code == 2, err
        assert f"'{target}' is a folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link"]


def test_a_missing_folder_is_a_usage_error(
    runner: CliRunner, mini_dir: Path, tmp_path: Path
) -> None:
    code, _, err = roles_json(runner, mini_dir, str(tmp_path / "nope" / "roles.json"))
    assert code == 2 and "No such file or directory" in err, err


def test_stdout_on_a_full_disk_ends_with_one_line() -> None:
    with open("/dev/full", "w") as full:  # noqa: PTH123 - a device, not a path to build on
        done = pathplan("roles", stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == EXIT_IO
    assert done.stderr.strip().splitlines() == [
        "error: cannot write the output: No space left on device"
    ]


def test_a_closed_pipe_ends_quietly() -> None:
    env = {k: v for k, v in os.environ.items() if k != "PATHPLAN_DATA"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pathplan", "skills"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # `| head -0`: the reader is gone before the first write
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == EXIT_PIPE
    assert err == b""


def test_stderr_on_a_full_disk_still_exits_with_the_code() -> None:
    with open("/dev/full", "w") as full:  # noqa: PTH123
        done = pathplan("route", "--from", "nobody", "--to", "qa", stderr=full, stdout=None)
    assert done.returncode == 2


# --- import -o DIR -------------------------------------------------------------------------


@pytest.fixture
def onet_source() -> Path:
    return Path(__file__).parents[1] / "fixtures" / "onet"


def test_import_refuses_to_overwrite_files_it_did_not_write(
    runner: CliRunner, onet_source: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    mine = {"README.md": "# my notes\n", "roles.yaml": "roles: {}\n"}
    for name, text in mine.items():
        (out / name).write_text(text)
    result = runner.invoke(app, ["import", "onet", str(onet_source), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "README.md" in result.stderr and "roles.yaml" in result.stderr
    assert "--force" in result.stderr
    for name, text in mine.items():  # nothing touched, nothing added
        assert (out / name).read_text() == text
    assert sorted(p.name for p in out.iterdir()) == sorted(mine)
    forced = runner.invoke(app, ["import", "onet", str(onet_source), "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert (out / "README.md").read_text() != mine["README.md"]


def test_import_replaces_what_it_wrote_before(
    runner: CliRunner, onet_source: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = runner.invoke(app, ["import", "onet", str(onet_source), "-o", str(out)])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["import", "onet", str(onet_source), "-o", str(out)])
    assert again.exit_code == 0, again.output
