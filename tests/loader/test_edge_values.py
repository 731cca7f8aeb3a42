"""Every value is checked where it enters: ranges, YAML types, ids as written, special files.

Profiles, rosters and batch files get the ranges the command-line options have; numbers beyond
them, NaN and infinities are invalid data with file:line:column (exit 3), never a crash. YAML is
read with the YAML 1.2 core types; ids are kept exactly as written. A path that cannot be read
(missing, a folder, a device) is a usage error (exit 2) with one message form.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pathplan.cli.main import app

MINI = Path(__file__).parents[1] / "fixtures" / "mini"


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--no-cache", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stdout, result.stderr


def located(err: str, path: Path, line: int, pattern: str) -> bool:
    """Whether `err` has a problem at `path`:`line` whose message matches `pattern`."""
    return bool(re.search(rf"^{re.escape(str(path))}:{line}:\d+: .*{pattern}", err, re.M))


@pytest.fixture
def fw(tmp_path: Path) -> Path:
    folder = tmp_path / "fw"
    shutil.copytree(MINI, folder)
    return folder


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def profile(tmp_path: Path, body: str, name: str = "me.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


# --- ranges: the same as the options -------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["0.0001", "0", "-3", "169", "1e308", "1.0e+308", ".inf", "-.inf", ".nan"]
)
def test_profile_hours_per_week_out_of_range(runner: CliRunner, tmp_path: Path, value: str) -> None:
    path = profile(tmp_path, f"role: dev\nhours_per_week: {value}\nskills: {{git: 1}}\n")
    code, _, err = invoke(runner, "--data", str(MINI), "gap", "--profile", str(path))
    assert code == 3, err
    assert located(err, path, 2, "hours_per_week"), err
    assert "Traceback" not in err


@pytest.mark.parametrize("value", ["0.05", "169", "inf", "nan", "1e308"])
def test_hours_per_week_option_has_the_same_range(runner: CliRunner, value: str) -> None:
    code, _, err = invoke(
        runner, "--data", str(MINI), "gap", "--from", "dev", "--hours-per-week", value
    )
    assert code == 2, err
    assert "--hours-per-week" in err


@pytest.mark.parametrize("option", ["--max-hours", "--max-step"])
@pytest.mark.parametrize("value", ["nan", "inf"])
def test_hour_limits_must_be_finite(runner: CliRunner, option: str, value: str) -> None:
    code, _, err = invoke(
        runner, "--data", str(MINI), "route", "--from", "dev", "--to", "se", option, value
    )
    assert code == 2, err
    assert option in err


@pytest.mark.parametrize("value", ["1.0e+308", "100001", ".inf", ".nan", "-1"])
def test_skill_hours_have_a_ceiling(runner: CliRunner, fw: Path, value: str) -> None:
    path = edit(
        fw / "skills.yaml", "hours: [5, 10, 20, 40, 80]", f"hours: [5, 10, {value}, 40, 80]"
    )
    code, out, _ = invoke(runner, "--data", str(fw), "validate")
    assert code == 3
    assert located(out, path, 6, r"hours\[2\]"), out


def test_huge_hours_everywhere_never_sum_to_infinity(runner: CliRunner, fw: Path) -> None:
    huge = "hours: [" + ", ".join(["1.0e+308"] * 5) + "]"
    text = re.sub(r"hours: (\[[^\]]*\]|\d+)", huge, (fw / "skills.yaml").read_text())
    (fw / "skills.yaml").write_text(text)
    for args in (["validate"], ["gap", "--from", "dev", "--to", "se", "-f", "json"]):
        code, out, err = invoke(runner, "--data", str(fw), *args)
        assert code == 3, out + err
        assert "inf" not in out + err.replace("info", "")


@pytest.mark.parametrize("value", ["1e308", "nan", "inf", "0.0001", "200"])
def test_csv_roster_hours_per_week_out_of_range(
    runner: CliRunner, tmp_path: Path, value: str
) -> None:
    path = tmp_path / "team.csv"
    path.write_text(f"person,role,hours_per_week,git\nana,dev,{value},2\n")
    code, _, err = invoke(runner, "--data", str(MINI), "team", "--roster", str(path))
    assert code == 3, err
    assert re.search(rf"^{re.escape(str(path))}:2:3: .*hours_per_week", err, re.M), err


@pytest.mark.parametrize(
    ("option", "value"),
    [("max_hours", ".nan"), ("max_hours", ".inf"), ("max_hours", "-1"), ("top", "0")],
)
def test_batch_values_have_the_options_ranges(
    runner: CliRunner, tmp_path: Path, option: str, value: str
) -> None:
    kind = "adjacent, role: dev" if option == "top" else "gap, from: dev, to: se"
    path = tmp_path / "batch.yaml"
    path.write_text(f"- {{kind: {kind}}}\n- {{kind: {kind}, {option}: {value}}}\n")
    code, _, err = invoke(runner, "--data", str(MINI), "batch", str(path))
    assert code == 3, err
    assert located(err, path, 2, option), err


def test_a_profile_at_a_tiny_pace_is_invalid_not_a_crash(runner: CliRunner, tmp_path: Path) -> None:
    path = profile(tmp_path, "name: x\nrole: dev\nhours_per_week: 0.0001\nskills: {}\n")
    code, _, err = invoke(runner, "--data", str(MINI), "gap", "--profile", str(path))
    assert code == 3 and located(err, path, 3, "hours_per_week"), err


def test_a_schedule_past_the_calendar_is_a_clean_error(runner: CliRunner) -> None:
    code, _, err = invoke(
        runner,
        "gap", "--from", "dev", "--to", "qa", "--hours-per-week", "0.1", "--start", "9999-12-01",
    )  # fmt: skip
    assert code == 2, err
    assert err.strip().splitlines()[0].startswith("error: the schedule runs past 9999-12-31")


def test_a_schedule_that_fits_the_calendar_still_works(runner: CliRunner) -> None:
    code, out, err = invoke(
        runner, "gap", "--from", "dev", "--to", "qa", "--hours-per-week", "40",
        "--start", "9999-01-04", "-f", "json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["schedule"]["finish"].startswith("9999-")


# --- YAML scalars ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["!!int ten", "!!float abc", "!!bool maybe", "!!timestamp someday", "!!null x"]
)
def test_a_tagged_value_that_does_not_parse_is_invalid_data(
    runner: CliRunner, fw: Path, value: str
) -> None:
    path = edit(fw / "skills.yaml", "name: Python", f"name: Python\n    description: {value}")
    code, out, _ = invoke(runner, "--data", str(fw), "validate")
    assert code == 3, out
    assert located(out, path, 9, re.escape(value.split()[0])), out


@pytest.mark.parametrize("value", ["!!timestamp 2024-01-01", "!!binary aGk=", "!!set {a}"])
def test_tags_beyond_the_core_types_are_refused(runner: CliRunner, fw: Path, value: str) -> None:
    path = edit(fw / "skills.yaml", "name: Python", f"name: Python\n    description: {value}")
    code, out, _ = invoke(runner, "--data", str(fw), "validate")
    assert code == 3 and located(out, path, 9, "not allowed"), out


@pytest.mark.parametrize(
    "text", ["2024-02-30", "2023-02-29", "0000-01-01", "12:30", "yes", "1_000"]
)
def test_plain_text_that_yaml_1_1_would_retype_stays_text(
    runner: CliRunner, fw: Path, text: str
) -> None:
    # YAML 1.2 core types: no timestamps, sexagesimals, yes/no booleans or digit separators.
    edit(fw / "skills.yaml", "name: Python", f"name: {text}")
    code, out, err = invoke(runner, "--data", str(fw), "show", "python", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["name"] == text


def test_numbers_in_a_text_field_are_kept_as_written(runner: CliRunner, fw: Path) -> None:
    edit(fw / "skills.yaml", "name: Python", "name: 0123")
    edit(fw / "skills.yaml", "name: Java", "name: 1.50")
    code, out, err = invoke(runner, "--data", str(fw), "skills", "-f", "json")
    assert code == 0, err
    names = {s["id"]: s["name"] for s in json.loads(out)["skills"]}
    assert names["python"] == "0123" and names["java"] == "1.50"


ROSTER_IDS = ["0123", "1_000", "12:30", "0x1A", "yes", "007", "0010", "8", "0000-01-01", "1e3"]


def test_roster_ids_are_kept_exactly_as_written(runner: CliRunner, tmp_path: Path) -> None:
    people = "".join(f"  {pid}:\n    role: dev\n    skills: {{git: 1}}\n" for pid in ROSTER_IDS)
    path = tmp_path / "team.yaml"
    path.write_text("people:\n" + people)
    code, out, err = invoke(
        runner, "--data", str(MINI), "team", "--roster", str(path), "-f", "json"
    )
    assert code == 0, err
    assert sorted(p["id"] for p in json.loads(out)["people"]) == sorted(ROSTER_IDS)


def test_role_and_skill_ids_are_kept_exactly_as_written(runner: CliRunner, fw: Path) -> None:
    edit(fw / "roles.yaml", "  trainer:", "  007:")
    edit(fw / "skills.yaml", "  linux:", "  0010:")
    edit(fw / "roles.yaml", "{linux: 3, git: 3}", "{0010: 3, git: 3}")
    code, out, err = invoke(runner, "--data", str(fw), "roles", "-f", "json")
    assert code == 0, err
    assert "007" in {r["id"] for r in json.loads(out)["roles"]}
    code, out, err = invoke(runner, "--data", str(fw), "show", "devops", "-f", "json")
    assert code == 0, err
    assert "0010" in json.dumps(json.loads(out))


def test_a_batch_id_is_kept_as_written(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "batch.yaml"
    path.write_text(
        "- {kind: adjacent, role: dev, id: 2023-02-29}\n- {kind: adjacent, role: dev, id: 0123}\n"
    )
    code, out, err = invoke(runner, "--data", str(MINI), "batch", str(path))
    assert code == 0, err
    assert [json.loads(line)["query"]["id"] for line in out.splitlines()] == [
        "2023-02-29",
        "0123",
    ]


def test_merge_keys_are_refused_with_a_location(runner: CliRunner, tmp_path: Path) -> None:
    path = profile(tmp_path, "base: &b {git: 1}\nrole: dev\nskills:\n  <<: *b\n")
    code, _, err = invoke(runner, "--data", str(MINI), "gap", "--profile", str(path))
    assert code == 3 and located(err, path, 4, "merge keys"), err


def test_an_integer_too_long_to_read_is_invalid_data(runner: CliRunner, tmp_path: Path) -> None:
    path = profile(tmp_path, f"role: dev\nskills: {{git: {'9' * 5000}}}\n")
    code, _, err = invoke(runner, "--data", str(MINI), "gap", "--profile", str(path))
    assert code == 3 and located(err, path, 2, "git"), err


def test_an_alias_bomb_around_a_bad_value_is_one_problem(runner: CliRunner, tmp_path: Path) -> None:
    # Found by the fuzzer: each use of a bad node was one more problem (900,007 of them, and a
    # run that never ended). A node is reported once, however often it is used.
    bomb = "a: &a !!int [x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + b] * 10)}]\n" for b, c in zip("abcde", "bcdef", strict=True)
    )
    path = profile(tmp_path, bomb + "role: dev\n")
    code, _, err = invoke(runner, "--data", str(MINI), "gap", "--profile", str(path))
    assert code == 3
    assert err.count("is not allowed") == 1, err[:2000]
    assert len(err.splitlines()) < 20


def test_a_file_of_many_problems_reports_the_first_thousand(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "team.csv"
    path.write_text("person,role,git\n" + "".join(f"p{i},dev,x\n" for i in range(3000)))
    code, _, err = invoke(runner, "--data", str(MINI), "team", "--roster", str(path))
    assert code == 3
    lines = err.splitlines()
    assert lines[-1] == "error: 3000 problems in the data"
    assert lines[-2] == f"{path}:1002:3: 2,000 more problems from here"
    assert len(lines) == 1002


# --- every problem of a file in one run ---------------------------------------------------


def test_a_profile_reports_types_and_references_together(runner: CliRunner, tmp_path: Path) -> None:
    path = profile(tmp_path, "role: dve\nhours_per_week: lots\nskills:\n  pyhton: 2\n  git: x\n")
    code, _, err = invoke(runner, "--data", str(MINI), "gap", "--profile", str(path))
    assert code == 3, err
    assert located(err, path, 1, "unknown role 'dve'"), err
    assert located(err, path, 2, "hours_per_week"), err
    assert located(err, path, 4, "unknown skill 'pyhton'"), err
    assert located(err, path, 5, "git"), err


def test_a_framework_reports_types_and_references_together(runner: CliRunner, fw: Path) -> None:
    roles = edit(fw / "roles.yaml", "seniority: 2", "seniority: senior")
    edit(fw / "roles.yaml", "requires: {git: 3, testing: 3}", "requires: {gti: 3, testing: 3}")
    edit(fw / "roles.yaml", "next: [dev-senior]", "next: [dev-senoir]")
    skills = edit(fw / "skills.yaml", "hours: [10, 30, 60, 120, 240]", "hours: lots")
    edit(
        fw / "skills.yaml", "requires: {programming-basics: 2}", "requires: {programing-basics: 2}"
    )
    code, out, _ = invoke(runner, "--data", str(fw), "validate")
    assert code == 3, out
    assert located(out, roles, 6, "seniority"), out
    assert located(out, roles, 7, "unknown skill 'gti'"), out
    assert located(out, roles, 10, "unknown role 'dev-senoir'"), out
    assert located(out, skills, 10, "hours"), out
    assert located(out, skills, 11, "unknown skill 'programing-basics'"), out


def test_a_roster_person_reports_types_and_references_together(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "team.yaml"
    path.write_text("people:\n  ana:\n    role: dve\n    hours_per_week: x\n    skills: {gti: 1}\n")
    code, _, err = invoke(runner, "--data", str(MINI), "team", "--roster", str(path))
    assert code == 3, err
    for line, what in ((3, "unknown role 'dve'"), (4, "hours_per_week"), (5, "unknown skill")):
        assert located(err, path, line, what), err


# --- paths that are not readable files ----------------------------------------------------


def test_missing_files_get_one_message_and_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    nope = tmp_path / "nope.yaml"
    for args in (
        ["gap", "--profile", str(nope)],
        ["team", "--roster", str(nope)],
        ["batch", str(nope)],
        ["--data", str(nope), "roles"],
    ):
        code, _, err = invoke(runner, *args)
        assert code == 2, (args, err)
        assert err.splitlines()[0] == f"error: cannot read '{nope}': it does not exist", err


def test_a_framework_folder_missing_a_file(runner: CliRunner, fw: Path) -> None:
    (fw / "roles.yaml").unlink()
    code, _, err = invoke(runner, "--data", str(fw), "roles")
    assert code == 2
    assert err.splitlines()[0] == f"error: cannot read '{fw / 'roles.yaml'}': it does not exist"


def test_folders_where_files_belong(runner: CliRunner, tmp_path: Path) -> None:
    for args in (["gap", "--profile", str(tmp_path)], ["batch", str(tmp_path)]):
        code, _, err = invoke(runner, *args)
        assert code == 2, err
        assert err.splitlines()[0] == f"error: cannot read '{tmp_path}': it is a folder", err
    file = tmp_path / "file"
    file.write_text("x")
    code, _, err = invoke(runner, "--data", str(file), "roles")
    assert code == 2 and err.splitlines()[0] == f"error: cannot read '{file}': it is not a folder"


def test_a_csv_given_as_a_profile(runner: CliRunner) -> None:
    team = Path(__file__).parents[2] / "data" / "examples" / "roster.csv"
    code, _, err = invoke(runner, "gap", "--profile", str(team))
    assert code == 2, err
    assert err.splitlines()[0] == f"error: cannot read '{team}': a profile is YAML, not CSV"
    assert "--roster" in err


def test_a_profile_that_is_not_a_mapping(runner: CliRunner, tmp_path: Path) -> None:
    path = profile(tmp_path, "just some text\n")
    code, _, err = invoke(runner, "--data", str(MINI), "gap", "--profile", str(path))
    assert code == 3 and located(err, path, 1, "a profile is a mapping"), err
    assert "Input should be" not in err


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_input_is_refused_at_once(tmp_path: Path, device: str) -> None:
    link = tmp_path / "me.yaml"
    link.symlink_to(device)
    folder = tmp_path / "fw"
    shutil.copytree(MINI, folder)
    (folder / "skills.yaml").unlink()
    (folder / "skills.yaml").symlink_to(device)
    roster, batch = tmp_path / "team.yaml", tmp_path / "batch.yaml"
    roster.symlink_to(device)
    batch.symlink_to(device)
    for args in (
        ["gap", "--profile", str(link)],
        ["--data", str(folder), "roles"],
        ["team", "--roster", str(roster)],
        ["batch", str(batch)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "pathplan", "--no-cache", *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert "it is not a regular file" in done.stderr


def test_a_fifo_nobody_writes_to_is_given_up_on(tmp_path: Path) -> None:
    from pathplan.errors import InputPathError
    from pathplan.loader.files import read_bytes

    fifo = tmp_path / "me.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputPathError) as stalled:
        read_bytes(fifo, stall=0.2)  # the CLI waits STALL_SECONDS (30)
    assert stalled.value.reason == "stalled"
    assert str(stalled.value) == f"cannot read '{fifo}': nothing came through it in 0.2 s"


def test_a_pipe_that_sends_too_much_is_cut_off(tmp_path: Path) -> None:
    from pathplan.errors import DataError
    from pathplan.loader.files import read_bytes

    fifo = tmp_path / "big.yaml"
    os.mkfifo(fifo)

    def flood() -> None:
        with fifo.open("wb") as out, contextlib.suppress(BrokenPipeError):
            for _ in range(64):
                out.write(b"x" * 65536)

    threading.Thread(target=flood, daemon=True).start()
    with pytest.raises(DataError) as big:
        read_bytes(fifo, max_bytes=1 << 20)
    assert "more than 1 MiB came" in str(big.value.problems[0])


def test_a_fifo_with_a_writer_is_read(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "me.yaml"
    os.mkfifo(fifo)
    writer = threading.Thread(
        target=lambda: fifo.write_text("role: dev\nskills: {git: 2}\n"), daemon=True
    )
    writer.start()
    code, out, err = invoke(
        runner, "--data", str(MINI), "gap", "--profile", str(fifo), "-f", "json"
    )
    writer.join(timeout=30)
    assert code == 0, err
    assert json.loads(out)["role"] == "dev"


# --- what messages say --------------------------------------------------------------------


def test_locations_print_as_written(runner: CliRunner, tmp_path: Path) -> None:
    # rich reads ":100:" as an emoji code; a location must never turn into one.
    path = profile(tmp_path, "role: dev\n" + "#\n" * 97 + "skills:\n  gti: 1\n")  # line 100
    code, _, err = invoke(runner, "--data", str(MINI), "gap", "--profile", str(path))
    assert code == 3
    assert f"{path}:100:3: " in err and "\U0001f4af" not in err


def test_an_unknown_batch_kind_suggests_the_kind(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "batch.yaml"
    path.write_text("- {kind: rout, from: dev, to: se}\n")
    code, _, err = invoke(runner, "--data", str(MINI), "batch", str(path))
    assert code == 3
    assert "did you mean 'route'?" in err and "class" not in err and "function" not in err


def test_show_of_an_unknown_name_names_both_listings(runner: CliRunner) -> None:
    code, _, err = invoke(runner, "show", "qwzxv")  # ('excel' became a skill's alias)
    assert code == 2
    assert "'pathplan roles' or 'pathplan skills' lists them" in err
