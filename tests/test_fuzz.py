"""A mutation fuzzer over every file pathplan reads: whatever the bytes, a clean answer.

Each test takes a real input (the bundled framework, the example profile, rosters in YAML and
both CSV forms, a batch file), mutates it (tests/mutations.py) and runs the commands that read
it. For every mutant: the exit code is 0, 1, 2 or 3; no traceback; a data error (exit 3) names
the file and line; the run ends within WATCHDOG seconds and the process stays under MAX_RSS.

Under CI (env CI set) hypothesis replays a fixed set of examples (the "ci" profile in conftest:
derandomized, so a commit gets the same verdict every run) and each test draws FUZZ_EXAMPLES
mutants; locally a tenth of that, new ones every run. The whole suite costs seconds. For a
long hunt, set the number of mutants per test:

    PATHPLAN_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py -x

A failure prints the mutant as a diff from its seed, and the blob that reproduces it.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from pathplan.cli.main import app
from tests.conftest import examples
from tests.mutations import Mutant, mutants

ROOT = Path(__file__).parents[1]
DATA = ROOT / "data"
EXAMPLES = DATA / "examples"
FUZZ_EXAMPLES = int(os.environ.get("PATHPLAN_FUZZ_EXAMPLES", "0")) or examples(30)
WATCHDOG = 30  # seconds: a hang detector, far above any honest run (they take milliseconds)
MAX_RSS = 1024 * 1024 * 1024  # bytes the test process may reach while fuzzing

FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

LONG_ROSTER = """\
person,role,skill,level,name,hours_per_week
ana,dev,python,3,Ana Lima,6
ana,dev,git,2,Ana Lima,6
ben,qa,testing,3,Ben Okafor,4
ben,qa,manual-testing,expert,Ben Okafor,4
"""
BATCH = """\
- {kind: route, id: r1, from: dev, to: sales-eng}
- kind: gap
  id: g1
  profile: profile.yaml
  to: sales-eng
  max_hours: 500
  min_coverage: 50%
- {kind: adjacent, role: qa, top: 3}
- {kind: candidates, role: sales-eng, roster: roster.yaml, top: 2}
"""


class Hang(Exception):
    """Raised in the test when a run outlives the watchdog."""


@contextmanager
def watchdog(seconds: int) -> Iterator[None]:
    def fire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


runner = CliRunner()
_LOCATION = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): ", re.M)


def run(args: list[str], inputs: list[Path], *, cache: bool = True) -> Result:
    """Run pathplan in-process on a mutant and check every promise about how it ends.

    The bundled framework comes from the cache (the session's own folder): only mutated
    frameworks are read afresh, as each is read once.
    """
    with watchdog(WATCHDOG):
        result = runner.invoke(app, [*args] if cache else ["--no-cache", *args])
    check(result, args, inputs)
    return result


def check(result: Result, args: list[str], inputs: list[Path]) -> None:
    said = f"pathplan {' '.join(args)}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"crashed: {result.exception!r}\n{said}") from result.exception
    assert result.exit_code in (0, 1, 2, 3), said
    assert "Traceback" not in result.stdout + result.stderr, said
    if result.exit_code == 3:
        named = {str(p) for p in inputs}
        # validate prints its report on stdout; every other command on stderr.
        report = result.stdout + result.stderr
        # Commands print each problem on its line; batch inside its result's error text.
        located = [n for n in named if re.search(rf"{re.escape(n)}:\d+:\d+: ", report)]
        assert located, f"a data error that names no file:line of {sorted(named)}\n{said}"
        for line in report.splitlines():
            if any(line.startswith(f"{name}:") for name in named):
                assert _LOCATION.match(line), f"a location without a line: {line!r}\n{said}"
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    assert rss < MAX_RSS, f"the process grew to {rss / 2**20:.0f} MiB\n{said}"


def _write(path: Path, content: Mutant | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.raw if isinstance(content, Mutant) else content)
    return path


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(which=st.sampled_from(["skills.yaml", "roles.yaml"]), data=st.data())
def test_framework_mutants(work: Path, which: str, data: st.DataObject) -> None:
    folder = work / "framework"
    folder.mkdir(exist_ok=True)
    for name in ("skills.yaml", "roles.yaml"):
        shutil.copyfile(DATA / name, folder / name)
    raw = data.draw(mutants((DATA / which).read_text(encoding="utf-8")), label="mutant")
    target = _write(folder / which, raw)
    inputs = [target, folder / "skills.yaml", folder / "roles.yaml"]
    result = run(["--data", str(folder), "validate"], inputs, cache=False)
    if result.exit_code == 0:
        run(["--data", str(folder), "gap", "--from", "dev", "--to", "sales-eng"], inputs)
        run(
            ["--data", str(folder), "route", "--from", "dev", "--to", "qa", "-f", "markdown"],
            inputs,
        )


@FUZZ
@given(data=st.data())
def test_profile_mutants(work: Path, data: st.DataObject) -> None:
    raw = data.draw(mutants((EXAMPLES / "profile.yaml").read_text(encoding="utf-8")))
    profile = _write(work / "profile" / "me.yaml", raw)
    run(["gap", "--profile", str(profile), "--format", "json"], [profile])
    run(["route", "--profile", str(profile), "--to", "sales-eng"], [profile])


@FUZZ
@given(data=st.data())
def test_yaml_roster_mutants(work: Path, data: st.DataObject) -> None:
    raw = data.draw(mutants((EXAMPLES / "roster.yaml").read_text(encoding="utf-8")))
    roster = _write(work / "roster" / "team.yaml", raw)
    run(["team", "--roster", str(roster)], [roster])
    run(["candidates", "sales-eng", "--roster", str(roster), "--format", "csv"], [roster])


@FUZZ
@given(form=st.sampled_from(["wide", "long"]), data=st.data())
def test_csv_roster_mutants(work: Path, form: str, data: st.DataObject) -> None:
    seed = (EXAMPLES / "roster.csv").read_text(encoding="utf-8") if form == "wide" else LONG_ROSTER
    roster = _write(work / "csv" / "team.csv", data.draw(mutants(seed, csv=True)))
    run(["team", "--roster", str(roster), "--format", "markdown"], [roster])
    run(["candidates", "qa", "--roster", str(roster)], [roster])


@FUZZ
@given(which=st.sampled_from(["batch", "profile", "roster"]), data=st.data())
def test_batch_mutants(work: Path, which: str, data: st.DataObject) -> None:
    folder = work / "batch"
    seeds = {
        "batch": BATCH,
        "profile": (EXAMPLES / "profile.yaml").read_text(encoding="utf-8"),
        "roster": (EXAMPLES / "roster.yaml").read_text(encoding="utf-8"),
    }
    names = {"batch": "batch.yaml", "profile": "profile.yaml", "roster": "roster.yaml"}
    for kind, text in seeds.items():
        _write(folder / names[kind], text.encode())
    _write(folder / names[which], data.draw(mutants(seeds[which])))
    files = [folder / name for name in names.values()]
    run(["batch", str(folder / "batch.yaml")], files)


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (2 * MAX_RSS, 2 * MAX_RSS))


@settings(
    max_examples=max(2, FUZZ_EXAMPLES // 10),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_real_processes_end_cleanly(tmp_path: Path, data: st.DataObject) -> None:
    # A few mutants through the installed entry point, under a real memory limit: what the
    # in-process runner cannot show (the interpreter's own exit path, output encodings).
    raw = data.draw(mutants((EXAMPLES / "roster.yaml").read_text(encoding="utf-8")))
    roster = _write(tmp_path / "team.yaml", raw)
    done = subprocess.run(
        [sys.executable, "-m", "pathplan", "team", "--roster", str(roster)],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=WATCHDOG,
        preexec_fn=_limit_memory,  # the test process has no threads
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        check=False,
    )
    said = f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    assert done.returncode in (0, 1, 2, 3), said
    assert "Traceback" not in done.stderr, said
    if done.returncode == 3:
        assert re.search(rf"^{re.escape(str(roster))}:\d+:\d+: ", done.stderr, re.M), said
