"""Shared fixtures: a small framework, a CLI runner with a pinned environment."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"

# Two hypothesis profiles. Under CI (CI set) the full one: every property test runs its full
# number of examples, replayed from a fixed seed, so a commit gets the same verdict every run.
# Locally a fast one: a tenth of the examples, new ones each run (how bugs are found), so the
# suite stays quick enough to run often. `CI=1 pytest` runs the full suite locally.
FULL = bool(os.environ.get("CI"))
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", max_examples=20)
settings.load_profile("ci" if FULL else "dev")


def examples(full: int) -> int:
    """How many examples a property test runs: `full` under CI, a tenth (at least 10) locally."""
    return full if FULL else max(10, full // 10)


@pytest.fixture(autouse=True)
def _pinned_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    # Output must not depend on the machine running the tests.
    monkeypatch.setenv("COLUMNS", "120")
    # Nor may tests write to the user's cache: one cache folder for the session.
    monkeypatch.setenv("PATHPLAN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.delenv("PATHPLAN_NO_CACHE", raising=False)
    monkeypatch.delenv("PATHPLAN_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def mini_dir() -> Path:
    return MINI


def write_framework(folder: Path, skills: str, roles: str) -> Path:
    """Write a framework folder from YAML texts."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "skills.yaml").write_text(skills, encoding="utf-8")
    (folder / "roles.yaml").write_text(roles, encoding="utf-8")
    return folder


def run(runner: CliRunner, mini_dir: Path, *args: str) -> tuple[int, str, str]:
    """Run pathplan on the mini framework: exit code, stdout, stderr."""
    from pathplan.cli.main import app

    result = runner.invoke(app, [*args, "--data", str(mini_dir)])
    return result.exit_code, result.stdout, result.stderr


def env_without_color() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
