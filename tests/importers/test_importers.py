"""O*NET and ESCO importers on excerpts of the real releases (tests/fixtures/ATTRIBUTION.md)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from pathplan.cli.main import app
from pathplan.errors import DataError
from pathplan.importers.common import (
    MAX_PROBLEMS_PER_FILE,
    Imported,
    fit_scale,
    pick_aliases,
    slugify,
    unique_ids,
)
from pathplan.importers.esco import ESSENTIAL_LEVEL, OPTIONAL_LEVEL, read_esco
from pathplan.importers.onet import REQUIRED_IMPORTANCE, level_from_lv, read_onet
from pathplan.importers.writer import write_framework
from pathplan.loader.framework import load_framework
from tests.conftest import FIXTURES

ONET = FIXTURES / "onet"
ESCO = FIXTURES / "esco"


@pytest.fixture(scope="module")
def onet() -> Imported:
    return read_onet(ONET)


@pytest.fixture(scope="module")
def esco() -> Imported:
    return read_esco(ESCO)


def roles_of(imported: Imported) -> dict[str, Any]:
    roles: dict[str, Any] = imported.roles["roles"]
    return roles


def skills_of(imported: Imported) -> dict[str, Any]:
    skills: dict[str, Any] = imported.skills["skills"]
    return skills


def import_cli(runner: CliRunner, source: str, folder: Path, out: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["import", source, str(folder), "-o", str(out)])
    return result.exit_code, result.stderr


# --- mapping rules: O*NET ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lv", "level"),
    [(0.0, 1), (1.0, 1), (2.0, 1), (2.1, 2), (3.12, 2), (3.5, 3), (4.0, 3), (4.88, 3),
     (4.9, 4), (6.0, 4), (6.16, 4), (6.3, 5), (7.0, 5)],
)  # fmt: skip
def test_level_mapping(lv: float, level: int) -> None:
    # round(LV * 5/7), half up, at least 1: the anchors 2, 4, 6 land on 1, 3, 4.
    assert level_from_lv(lv) == level


def test_onet_requirements_follow_the_ratings(onet: Imported) -> None:
    role = roles_of(onet)["computer-programmers"]
    # Programming: IM 4.75, LV 4.88 -> required at 3; Computers and Electronics: IM 4.87,
    # LV 6.16 -> 4; Mathematics (skill) IM 3.12 LV 3.12 -> 2; Science IM 2.75 -> optional only.
    assert role["requires"]["programming"] == 3
    assert role["requires"]["computers-and-electronics"] == 4
    assert role["requires"]["mathematics"] == 2
    assert "science" not in role["requires"] and "science" in role["optional"]
    assert role["importance"]["programming"] == 4.75
    assert role["job_zone"] == 4 and role["code"] == "15-1251.00"
    assert role["family"] == "computer-and-mathematical"


def test_onet_thresholds_hold_for_every_role(onet: Imported) -> None:
    for rid, role in roles_of(onet).items():
        importance = role["importance"]
        assert all(importance[s] >= REQUIRED_IMPORTANCE for s in role["requires"]), rid
        assert all(2.0 <= importance[s] < REQUIRED_IMPORTANCE for s in role.get("optional", {}))
        assert set(role["requires"]).isdisjoint(role.get("optional", {}))


def test_onet_names_stay_unique(onet: Imported) -> None:
    skills = skills_of(onet)
    # O*NET has a skill and a knowledge area both called Mathematics.
    assert skills["mathematics"]["name"] == "Mathematics"
    assert skills["mathematics-knowledge"]["name"] == "Mathematics (knowledge)"
    assert skills["programming"]["category"] == "technical-skills"
    assert skills["reading-comprehension"]["category"] == "basic-skills"
    assert skills["economics-and-accounting"]["category"] == "business-and-management"
    assert len(skills) == 68


def test_onet_aliases_are_codes_and_common_titles(onet: Imported) -> None:
    roles = roles_of(onet)
    assert roles["chief-executives"]["aliases"][:3] == ["11-1011.00", "11-1011", "ceo"]
    assert "programmer" in roles["computer-programmers"]["aliases"]
    every = [a for r in roles.values() for a in r["aliases"]]
    assert len(every) == len(set(every))
    assert all(len(r["aliases"]) <= 12 for r in roles.values())


def test_onet_leaves_out_unrated_occupations(onet: Imported) -> None:
    # Software Developers have no Skills or Knowledge rows in this release.
    assert "software-developers" not in roles_of(onet)
    assert any("1 occupation with no Skills" in note for note in onet.notes)


def test_onet_hours_follow_job_zones(onet: Imported) -> None:
    curves = {tuple(s["hours"]) for s in skills_of(onet).values()}
    assert len(curves) == 1
    (curve,) = curves
    assert all(abs(b - 2 * a) <= 1 for a, b in itertools.pairwise(curve))
    fw = load_framework_from(onet)
    # Meeting a Job Zone 5 occupation from nothing takes longer than a Job Zone 2 one.
    assert from_zero(fw, "chief-executives") > from_zero(fw, "waiters-and-waitresses")


def onet_rows(name: str, code: str) -> list[dict[str, str]]:
    with (ONET / name).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [row for row in reader if row["O*NET-SOC Code"] == code]


def test_onet_keeps_what_similarity_reads(onet: Imported) -> None:
    role = roles_of(onet)["computer-programmers"]
    # Every level rating that is not suppressed, on pathplan's 0..5 scale and unrounded:
    # Programming LV 4.88 -> 3.49 (required at the whole level 3).
    assert role["level_ratings"]["programming"] == round(4.88 * 5 / 7, 2)
    assert all(0 <= v <= 5 for v in role["level_ratings"].values())
    rows = onet_rows("Skills.txt", "15-1251.00") + onet_rows("Knowledge.txt", "15-1251.00")
    kept = [r for r in rows if r["Scale ID"] == "LV" and r["Recommend Suppress"] != "Y"]
    assert len(role["level_ratings"]) == len(kept)
    # All alternate titles, each once, not just the ten aliases.
    titles = {r["Alternate Title"].lower() for r in onet_rows("Alternate Titles.txt", "15-1251.00")}
    assert {t.lower() for t in role["titles"]} == titles
    assert len(role["titles"]) == len(titles) > 10
    assert role["description"].startswith("Create, modify, and test the code")
    # Tasks by the Detailed Work Activities they map to; technology skills by name.
    dwas = {r["DWA ID"] for r in onet_rows("Tasks to DWAs.txt", "15-1251.00")}
    assert role["activities"] == sorted(dwas) and dwas
    tech = {r["Example"] for r in onet_rows("Technology Skills.txt", "15-1251.00")}
    assert set(role["technology"]) == tech and "Python" in tech
    fw = load_framework_from(onet)
    loaded = fw.roles["computer-programmers"]
    assert loaded.level_ratings == role["level_ratings"]
    assert loaded.titles == tuple(role["titles"]) and loaded.activities == tuple(role["activities"])
    assert loaded.technology == tuple(role["technology"])


def test_onet_optional_files_may_be_missing(tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, "onet")
    (folder / "Tasks to DWAs.txt").unlink()
    (folder / "Technology Skills.txt").unlink()
    imported = read_onet(folder)
    role = roles_of(imported)["computer-programmers"]
    assert "activities" not in role and "technology" not in role and role["titles"]
    assert any("no Tasks to DWAs.txt" in note for note in imported.notes)
    assert any("no Technology Skills.txt" in note for note in imported.notes)


def test_onet_bad_work_activity_id(tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, "onet")
    path = folder / "Tasks to DWAs.txt"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[2].split("\t")
    column = len(fields[0]) + len(fields[1]) + 3  # "DWA ID" is the 3rd field
    fields[2] = "4.A.2.a.4.I09"
    lines[2] = "\t".join(fields)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_onet(folder)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:3:{column}: '4.A.2.a.4.I09' is not a DWA id like 4.A.2.a.4.I09.D03"
    ]


def load_framework_from(imported: Imported) -> Any:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        write_framework(imported, Path(folder))
        return load_framework(Path(folder))


def from_zero(fw: Any, role: str) -> float:
    from pathplan.planner.plan import gap

    return gap(fw, {}, role).plan.hours


def test_fit_scale_is_least_relative_squares() -> None:
    assert fit_scale([(1.0, 10.0), (2.0, 20.0)], default=1.0) == pytest.approx(10.0)
    assert fit_scale([], default=6.0) == 6.0
    assert fit_scale([(0.0, 10.0)], default=6.0) == 6.0


# --- mapping rules: ESCO -------------------------------------------------------------------


def test_esco_essential_and_optional(esco: Imported) -> None:
    role = roles_of(esco)["data-scientist"]
    assert role["requires"] and set(role["requires"].values()) == {ESSENTIAL_LEVEL}
    assert set(role["optional"].values()) == {OPTIONAL_LEVEL}
    assert role["requires"]["data-mining"] == ESSENTIAL_LEVEL
    assert role["code"] == "2511.4" and role["aliases"][0] == "2511.4"
    assert role["family"] == "professionals" and role["job_zone"] == 4
    assert roles_of(esco)["waiter-waitress"]["job_zone"] == 2
    assert roles_of(esco)["waiter-waitress"]["family"] == "service-and-sales-workers"


def test_esco_relations_as_in_the_file(esco: Imported) -> None:
    with (ESCO / "occupationSkillRelations_en.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["occupationLabel"] == "web developer"]
    role = roles_of(esco)["web-developer"]
    names = {sid: s["name"] for sid, s in skills_of(esco).items()}
    essential = {r["skillLabel"] for r in rows if r["relationType"] == "essential"}
    optional = {r["skillLabel"] for r in rows if r["relationType"] == "optional"} - essential
    assert {names[s] for s in role["requires"]} == essential
    assert {names[s] for s in role["optional"]} == optional


def test_esco_essential_wins_and_types_by_majority(tmp_path: Path) -> None:
    occupations = [
        ["conceptUri", "iscoGroup", "preferredLabel", "altLabels", "description", "code"],
        ["u:1", "2511", "analyst", "data person\nshared title", "Analyses.", "2511.1"],
        ["u:2", "9112", "cleaner", "shared title", "", "9112.1"],
    ]
    relations = [
        ["occupationUri", "occupationLabel", "relationType", "skillLabel", "skillType"],
        ["u:1", "analyst", "optional", "statistics", "knowledge"],
        ["u:1", "analyst", "essential", "statistics", ""],
        ["u:2", "cleaner", "essential", "statistics", "knowledge"],
        ["u:2", "cleaner", "essential", "C++", "skill/competence"],
        ["u:2", "cleaner", "optional", "C", ""],
    ]
    write_csv(tmp_path / "occupations_en.csv", occupations)
    write_csv(tmp_path / "occupationSkillRelations_en.csv", relations)
    imported = read_esco(tmp_path)
    roles, skills = roles_of(imported), skills_of(imported)
    assert roles["analyst"]["requires"] == {"statistics": ESSENTIAL_LEVEL}
    assert "optional" not in roles["analyst"]
    assert skills["statistics"]["category"] == "knowledge"
    assert (
        skills["c-plus-plus"]["category"] == "skill" and skills["c"]["category"] == "unclassified"
    )
    # A title two occupations share names neither; the code does.
    assert roles["analyst"]["aliases"] == ["2511.1", "data-person"]
    assert roles["cleaner"]["aliases"] == ["9112.1"]
    assert roles["cleaner"]["job_zone"] == 1


def write_csv(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


# --- ids -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Software Developers", "software-developers"),
        ("waiter/waitress", "waiter-waitress"),
        ("Café Crème", "cafe-creme"),
        ("C++", "c-plus-plus"),
        ("C#", "c-sharp"),
        ("Research & Development", "research-and-development"),
        ("日本語", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slugify_cuts_long_names_at_a_hyphen() -> None:
    slug = slugify("apply " * 30)
    assert len(slug) <= 64 and not slug.endswith("-") and slug.startswith("apply-apply")


def test_unique_ids_are_stable_and_distinct() -> None:
    names = {"a": "Data Analysis", "b": "data-analysis", "c": "DATA ANALYSIS", "d": "日本語"}
    ids = unique_ids(names, suffix=lambda k: f"k{k}")
    assert len(set(ids.values())) == 4
    # Same slug: ordered by text ("DATA ANALYSIS" < "Data Analysis" < "data-analysis").
    assert ids == {
        "c": "data-analysis",
        "a": "data-analysis-ka",
        "b": "data-analysis-kb",
        "d": "x-kd",
    }
    assert ids == unique_ids(dict(reversed(list(names.items()))), suffix=lambda k: f"k{k}")


def test_pick_aliases_drops_shared_and_reserved() -> None:
    picked = pick_aliases(
        {"r1": ["Dev", "Coder", "Role Two"], "r2": ["dev", "Writer"]}, {"role-two"}, limit=5
    )
    assert picked == {"r1": ["coder"], "r2": ["writer"]}


# --- output: valid, deterministic, attributed -----------------------------------------------


@pytest.mark.parametrize("source", ["onet", "esco"])
def test_import_writes_a_valid_framework(runner: CliRunner, tmp_path: Path, source: str) -> None:
    out = tmp_path / "out"
    code, err = import_cli(runner, source, FIXTURES / source, out)
    assert code == 0, err
    assert "(valid)" in err
    fw = load_framework(out)
    assert fw.roles and fw.skills
    for name in ("skills.yaml", "roles.yaml"):
        head = (out / name).read_text(encoding="utf-8").splitlines()[0]
        assert head.startswith("# Imported from")
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert ("USDOL/ETA" if source == "onet" else "European Commission") in readme
    assert runner.invoke(app, ["validate", "--data", str(out)]).exit_code == 0


def test_imported_onet_answers_route_and_gap(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "onet"
    assert import_cli(runner, "onet", ONET, out)[0] == 0
    result = runner.invoke(
        app,
        ["route", "--data", str(out), "--from", "15-1251", "--to", "web-developer", "--direct",
         "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["roles"] == ["computer-programmers", "web-developers"]
    assert doc["total_hours"] > 0
    gap = runner.invoke(
        app, ["gap", "--data", str(out), "--from", "csr", "--to", "ceo", "--format", "json"]
    )
    assert gap.exit_code == 0, gap.output
    assert json.loads(gap.stdout)["role"] == "chief-executives"


def test_imported_esco_answers_route_and_gap(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "esco"
    assert import_cli(runner, "esco", ESCO, out)[0] == 0
    args = ["--data", str(out), "--from", "data-analyst", "--to", "data-scientist"]
    route = runner.invoke(app, ["route", *args, "--direct"])
    assert route.exit_code == 0, route.output
    assert "data analyst → data scientist" in route.stdout
    assert runner.invoke(app, ["gap", *args]).exit_code == 0


@pytest.mark.parametrize("source", ["onet", "esco"])
def test_import_is_deterministic(runner: CliRunner, tmp_path: Path, source: str) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert import_cli(runner, source, FIXTURES / source, first)[0] == 0
    assert import_cli(runner, source, FIXTURES / source, second)[0] == 0
    for name in ("skills.yaml", "roles.yaml", "README.md"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


@pytest.mark.parametrize("source", ["onet", "esco"])
def test_row_order_does_not_matter(runner: CliRunner, tmp_path: Path, source: str) -> None:
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    rng = random.Random(1)
    for path in (FIXTURES / source).iterdir():
        if path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as f:
                table = list(csv.reader(f))
            body = table[1:]
            rng.shuffle(body)
            write_csv(shuffled / path.name, [table[0], *body])
        else:
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            rest = lines[1:]
            rng.shuffle(rest)
            (shuffled / path.name).write_text(lines[0] + "".join(rest), encoding="utf-8")
    assert import_cli(runner, source, FIXTURES / source, tmp_path / "a")[0] == 0
    assert import_cli(runner, source, shuffled, tmp_path / "b")[0] == 0
    for name in ("skills.yaml", "roles.yaml"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


# --- malformed input: exit 3, naming file and row -------------------------------------------


def broken_copy(tmp_path: Path, source: str) -> Path:
    folder = tmp_path / source
    shutil.copytree(FIXTURES / source, folder)
    return folder


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, "onet")
    (folder / "Skills.txt").unlink()
    code, err = import_cli(runner, "onet", folder, tmp_path / "out")
    assert code == 3, err
    assert f"{folder / 'Skills.txt'}:1:1: file not found" in err
    assert not (tmp_path / "out").exists()


def test_missing_column(runner: CliRunner, tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, "onet")
    path = folder / "Knowledge.txt"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Data Value", "Value", 1), encoding="utf-8"
    )
    code, err = import_cli(runner, "onet", folder, tmp_path / "out")
    assert code == 3, err
    assert f"{path}:1:1: missing column 'Data Value'" in err


def test_bad_number_names_file_line_and_column(runner: CliRunner, tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, "onet")
    path = folder / "Skills.txt"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[6].split("\t")
    column = sum(len(f) + 1 for f in fields[:4]) + 1  # "Data Value" is the 5th field
    fields[4] = "4,5"
    lines[6] = "\t".join(fields)
    path.write_text("".join(lines), encoding="utf-8")
    code, err = import_cli(runner, "onet", folder, tmp_path / "out")
    assert code == 3, err
    assert f"{path}:7:{column}: Data Value: '4,5' is not a number" in err


def test_out_of_range_and_bad_zone(tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, "onet")
    zones = folder / "Job Zones.txt"
    zones.write_text(
        zones.read_text(encoding="utf-8").replace("15-1251.00\t4", "15-1251.00\t6"),
        encoding="utf-8",
    )
    skills = folder / "Skills.txt"
    text = skills.read_text(encoding="utf-8")
    skills.write_text(text.replace("\tIM\t4.75\t", "\tIM\t9.75\t", 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_onet(folder)
    messages = [str(p) for p in info.value.problems]
    assert any("Job Zones.txt:4:" in m and "'6' is not one of" in m for m in messages)
    assert any("Skills.txt:" in m and "9.75 is outside 1..5" in m for m in messages)


def test_esco_bad_rows(runner: CliRunner, tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, "esco")
    path = folder / "occupationSkillRelations_en.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[3][3] = "mandatory"  # relationType
    rows[5][0] = "http://example.org/nobody"
    write_csv(path, rows)
    code, err = import_cli(runner, "esco", folder, tmp_path / "out")
    assert code == 3, err
    assert f"{path}:4:1: relationType: 'mandatory' is not essential or optional" in err
    assert f"{path}:6:1: unknown occupation http://example.org/nobody" in err


def test_too_many_problems_are_cut_short(tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, "onet")
    path = folder / "Skills.txt"
    header, *lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [ln.replace("\tN\t", "\tmaybe\t", 1) for ln in lines]
    path.write_text(header + "".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_onet(folder)
    assert len(info.value.problems) == MAX_PROBLEMS_PER_FILE + 1
    assert "more problems from here on" in info.value.problems[-1].message


def test_source_must_be_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    code, err = import_cli(runner, "esco", tmp_path / "nowhere", tmp_path / "out")
    assert code == 2 and "is not a folder" in err


def test_import_needs_an_output_folder(runner: CliRunner) -> None:
    result = runner.invoke(app, ["import", "onet", str(ONET)])
    assert result.exit_code == 2


# --- progress -------------------------------------------------------------------------------


def test_no_progress_bar_when_piped(runner: CliRunner, tmp_path: Path) -> None:
    code, err = import_cli(runner, "onet", ONET, tmp_path / "out")
    assert code == 0 and "\r" not in err and "%" not in err


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathplan.cli import output

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100)
    monkeypatch.setattr(output, "stderr_console", lambda no_color=False: console)
    with output.progress() as report:
        assert report is not None
        report("Skills.txt", 50, 100)
        report("writing", 0, 0)
    assert "Skills.txt" in buffer.getvalue()


def test_help_has_examples(runner: CliRunner) -> None:
    for source in ("onet", "esco"):
        result = runner.invoke(app, ["import", source, "--help"])
        assert result.exit_code == 0 and f"pathplan import {source}" in result.stdout
