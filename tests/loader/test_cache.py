"""The framework cache: hits, invalidation, corrupt entries, concurrent writers, its folder."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pathplan.cli.app import Settings, bundled_data, cache_dir_for
from pathplan.cli.main import app
from pathplan.errors import DataError, InputPathError
from pathplan.loader import cache
from pathplan.loader import framework as loader
from pathplan.loader.framework import load_framework


@pytest.fixture
def framework_dir(tmp_path: Path, mini_dir: Path) -> Path:
    folder = tmp_path / "fw"
    shutil.copytree(mini_dir, folder)
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{cache.SUFFIX}")) if folder.is_dir() else []


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading the YAML files fail, so only a cache hit can produce a framework."""

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the framework was parsed, not read from the cache")

    monkeypatch.setattr(loader, "read_specs", fail)


def test_second_load_is_a_hit(
    framework_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "cache"
    fresh = load_framework(framework_dir, store)
    assert len(entries(store)) == 1
    no_parsing(monkeypatch)
    assert load_framework(framework_dir, store) == fresh


@pytest.mark.parametrize("which", ["mini", "bundled"])
def test_cached_framework_equals_the_parsed_one(
    which: str, mini_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bundled data has learning resources (pydantic models) and extends chains.
    folder = mini_dir if which == "mini" else bundled_data()
    fresh = load_framework(folder)
    load_framework(folder, tmp_path)
    no_parsing(monkeypatch)
    hit = load_framework(folder, tmp_path)
    assert hit == fresh
    assert list(hit.roles) == list(fresh.roles) and list(hit.skills) == list(fresh.skills)
    assert hit.sources == fresh.sources and hit.rank == fresh.rank


def test_same_content_elsewhere_shares_the_entry(framework_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "copy"
    shutil.copytree(framework_dir, other)
    load_framework(framework_dir, tmp_path / "cache")
    found = load_framework(other, tmp_path / "cache")
    assert len(entries(tmp_path / "cache")) == 1
    assert found.sources == (str(other / "skills.yaml"), str(other / "roles.yaml"))


def test_a_change_invalidates(framework_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    before = load_framework(framework_dir, store)
    roles = framework_dir / "roles.yaml"
    text = roles.read_text(encoding="utf-8")
    roles.write_text(text.replace("name: Sales Engineer", "name: Sales Engineer II"), "utf-8")
    after = load_framework(framework_dir, store)
    assert before.roles["sales-eng"].name == "Sales Engineer"
    assert after.roles["sales-eng"].name == "Sales Engineer II"
    assert len(entries(store)) == 2


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "other-shape"])
def test_a_corrupt_entry_is_ignored_and_rewritten(
    damage: str, framework_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "cache"
    fresh = load_framework(framework_dir, store)
    (entry,) = entries(store)
    blob = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(blob[: len(blob) // 2])
    elif damage == "flip":
        entry.write_bytes(blob[:-10] + bytes(b ^ 0xFF for b in blob[-10:]))
    elif damage == "empty":
        entry.write_bytes(b"")
    else:  # a well-formed entry holding something else
        payload = marshal.dumps(("not", "a", "framework"))
        entry.write_bytes(cache._wrap(entry.name, payload, b""))
    assert load_framework(framework_dir, store) == fresh
    assert entry.read_bytes() == blob  # rewritten whole
    no_parsing(monkeypatch)
    assert load_framework(framework_dir, store) == fresh


def test_invalid_frameworks_are_not_cached(framework_dir: Path, tmp_path: Path) -> None:
    (framework_dir / "roles.yaml").write_text("roles:\n  dev:\n    requires: {nope: 3}\n")
    for _ in range(2):  # the second time, too, the error comes from the files
        with pytest.raises(DataError):
            load_framework(framework_dir, tmp_path / "cache")
    assert entries(tmp_path / "cache") == []


def test_missing_files_report_as_without_cache(tmp_path: Path) -> None:
    for store in (tmp_path / "cache", None):
        with pytest.raises(InputPathError) as info:
            load_framework(tmp_path, store)
        assert (info.value.path, info.value.reason) == (str(tmp_path / "skills.yaml"), "missing")


def test_an_unwritable_cache_is_no_error(framework_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    assert load_framework(framework_dir, blocker / "cache").roles


def test_old_entries_are_pruned(
    framework_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    store = tmp_path / "cache"
    roles = framework_dir / "roles.yaml"
    text = roles.read_text(encoding="utf-8")
    written: list[Path] = []
    for i in range(4):
        roles.write_text(text + f"# version {i}\n", encoding="utf-8")
        load_framework(framework_dir, store)
        (newest,) = set(entries(store)) - set(written)
        os.utime(newest, (1_000_000 + i, 1_000_000 + i))  # distinct ages, oldest first
        written.append(newest)
    assert entries(store) == sorted(written[2:])


def test_concurrent_writers(tmp_path: Path) -> None:
    store = tmp_path / "cache"
    code = (
        "import sys; from pathlib import Path;"
        "from pathplan.loader.framework import load_framework;"
        "fw = load_framework(Path(sys.argv[1]), Path(sys.argv[2]));"
        "print(len(fw.roles), len(fw.skills))"
    )
    data = str(bundled_data())
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, data, str(store)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert len(set(outputs)) == 1
    assert len(entries(store)) == 1
    assert not [p for p in store.iterdir() if p.suffix == ".tmp"]
    assert load_framework(bundled_data(), store) == load_framework(bundled_data())


def test_cache_folder_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATHPLAN_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir_for(Settings()) == tmp_path / "mine"
    assert cache_dir_for(Settings(no_cache=True)) is None
    monkeypatch.delenv("PATHPLAN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir_for(Settings()) == tmp_path / "xdg" / "pathplan"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir_for(Settings()) == tmp_path / "home" / ".cache" / "pathplan"


def test_cli_uses_the_cache_unless_told_not_to(
    runner: CliRunner, mini_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "cli-cache"
    monkeypatch.setenv("PATHPLAN_CACHE_DIR", str(store))
    result = runner.invoke(app, ["--no-cache", "roles", "--data", str(mini_dir)])
    assert result.exit_code == 0 and entries(store) == []
    result = runner.invoke(app, ["roles", "--data", str(mini_dir)])
    assert result.exit_code == 0 and len(entries(store)) == 1
    monkeypatch.setenv("PATHPLAN_NO_CACHE", "1")
    (entry,) = entries(store)
    entry.unlink()
    assert runner.invoke(app, ["roles", "--data", str(mini_dir)]).exit_code == 0
    assert entries(store) == []


def test_plain_round_trip_keeps_types(mini_dir: Path) -> None:
    fw = load_framework(mini_dir)
    back = cache.from_plain(marshal.loads(marshal.dumps(cache.to_plain(fw))), fw.sources)
    assert back == fw
    role = next(iter(back.roles.values()))
    assert isinstance(role.aliases, tuple) and isinstance(role.requires, dict)
