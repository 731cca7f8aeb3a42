"""No data file can inject anything into an output: every name is escaped for its format.

Role, skill and person names are chosen by whoever wrote the framework or exported the roster.
Whatever they hold, the output of every format must stay inert: no GitHub workflow command on a
line of its own (`::add-mask::`, `::error ...::`) or anywhere (`##[...]`, the runner's legacy
form), no HTML, links or table breaks in Markdown, no broken Mermaid labels, no spreadsheet
formulas in CSV, no terminal escape sequences or rich markup in tables.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pathplan.cli.main import app
from pathplan.render.text import JOINER

MINI = Path(__file__).parents[1] / "fixtures" / "mini"

# skill id -> a hostile name (YAML double-quoted escapes), one per kind of attack
SKILL_NAMES = {
    "python": r"Py\n::add-mask::secret\n::error file=x.yaml,line=1::boom",
    "java": r"Java ##[stop-commands]tok",
    "git": r"Git</td><script>alert(1)</script><img src=x onerror=alert(1)>",
    "testing": r"[click](javascript:alert(1)) | x | <https://evil.example>",
    "presentation": r"\e[2J\e]8;;javascript:alert(1)\alink\e]8;;\a\e[31mred",
    "discovery": r"=HYPERLINK(\"http://evil.example\",\"x\")",
    "product-demo": r"@SUM(1+1) :100: [bold red]markup[/] \u202eevil",
    "linux": r"-2+3 `code` **bold** _it_ ~~s~~ #quot; \"q\" ;# \r\nx",
}
ROLE_NAMES = {
    "dev": r"Dev \"q\" #quot; <b>bold</b> end",
    "sales-eng": r"+Sales\n##[add-mask]x\n::warning::y",
}
PAYLOADS = ["::add-mask::", "::error", "::warning", "##[", "<script", "](javascript:", "\x1b"]


def rename(text: str, key: str, name: str) -> str:
    """`text` (a skills or roles file) with the entry `key` named `name` (YAML-quoted)."""
    pattern = rf"(\n  {key}:\n    name: )[^\n]*"
    return re.sub(pattern, lambda m: m[1] + f'"{name}"', text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copytree(MINI, folder, dirs_exist_ok=True)
    for file, names in (("skills.yaml", SKILL_NAMES), ("roles.yaml", ROLE_NAMES)):
        text = (folder / file).read_text()
        for key, name in names.items():
            text = rename(text, key, name)
        (folder / file).write_text(text)
    return folder


def run(runner: CliRunner, folder: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["--no-cache", "--data", str(folder), *args])
    assert result.exit_code == code, result.output
    return result.stdout


def assert_inert(text: str, own_commands: int = 0) -> None:
    """No workflow command, escape sequence or control character comes from the data."""
    lines = text.split("\n")
    commands = [ln for ln in lines if ln.lstrip().startswith("::")]
    assert len(commands) == own_commands, commands
    assert "##[" not in text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u2028\u2029\u202a-\u202e]", text), repr(
        text
    )


def test_the_framework_is_valid(runner: CliRunner, hostile: Path) -> None:
    # The names are odd but legal: the outputs below must cope with them.
    run(runner, hostile, "validate")


@pytest.mark.parametrize("fmt", ["table", "markdown", "mermaid", "json"])
def test_route_output_is_inert(runner: CliRunner, hostile: Path, fmt: str) -> None:
    out = run(runner, hostile, "route", "--from", "dev", "--to", "se", "-f", fmt)
    assert_inert(out)
    if fmt == "json":  # JSON is data: it carries the ids exactly and stays valid
        assert json.loads(out)["roles"] == ["dev", "sales-eng"]


@pytest.mark.parametrize("fmt", ["table", "markdown", "mermaid", "json"])
def test_gap_and_schedule_output_is_inert(runner: CliRunner, hostile: Path, fmt: str) -> None:
    args = ["gap", "--from", "dev", "--to", "se", "--hours-per-week", "5", "-f", fmt]
    out = run(runner, hostile, *args)
    assert_inert(out)
    if fmt == "mermaid":
        assert_inert(run(runner, hostile, *args, "--gantt"))


@pytest.mark.parametrize("command", [["roles"], ["skills"], ["show", "python"], ["show", "dev"]])
def test_listings_are_inert(runner: CliRunner, hostile: Path, command: list[str]) -> None:
    assert_inert(run(runner, hostile, *command))


def test_markup_in_a_name_is_shown_as_written(runner: CliRunner, hostile: Path) -> None:
    out = run(runner, hostile, "show", "product-demo")
    assert "[bold red]markup[/]" in out and ":100:" in out


def test_markdown_tables_and_links_cannot_be_broken(runner: CliRunner, hostile: Path) -> None:
    out = run(runner, hostile, "gap", "--from", "trainer", "--to", "dev", "-f", "markdown")
    assert_inert(out)
    for bad in ("<script", "<img", "</td>", "<b>", "<https:"):
        assert bad not in out, bad
    # Markup characters are there, escaped: none starts a link or emphasis.
    assert not re.search(r"(?<!\\)\]\(javascript:", out)
    assert not re.search(r"(?<!\\)\*\*bold", out)
    rows = [ln for ln in out.splitlines() if ln.startswith("|")]
    widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows if "Requirement" in out}
    assert len(widths) <= 2  # the gap table and the plan table, each with even rows


def test_mermaid_labels_cannot_be_broken(runner: CliRunner, hostile: Path) -> None:
    out = run(runner, hostile, "route", "--from", "dev", "--to", "se", "-f", "mermaid")
    for line in out.splitlines()[1:]:
        label = re.search(r'\["(.*)"\]', line)
        if label:
            assert '"' not in label[1] and "<" not in label[1] and "`" not in label[1], line
    graph = run(runner, hostile, "graph", "skills", "-f", "mermaid")
    assert_inert(graph)
    assert "<script" not in graph


@pytest.mark.parametrize("which", ["roles", "skills"])
def test_dot_and_graphml_are_inert(runner: CliRunner, hostile: Path, which: str) -> None:
    assert_inert(run(runner, hostile, "graph", which, "-f", "dot"))
    graphml = run(runner, hostile, "graph", which, "-f", "graphml")
    assert "<script" not in graphml and "##[" not in graphml


def test_github_annotations_are_inert(runner: CliRunner, hostile: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(hostile, broken)
    skills = (broken / "skills.yaml").read_text()
    skills += '\n  "x\\n::add-mask::k\\n##[stop-commands]t":\n    name: Oops\n    hours: 1\n'
    (broken / "skills.yaml").write_text(skills)
    roles = (broken / "roles.yaml").read_text().replace("name: Technical Trainer", "name: Trainer")
    twin = ROLE_NAMES["dev"]  # the same name as dev's: a problem whose message holds it
    (broken / "roles.yaml").write_text(roles + f'\n  "a,b::c":\n    name: "{twin}"\n')
    out = run(runner, broken, "validate", "-f", "github", code=3)
    lines = out.strip().splitlines()
    assert all(re.match(r"::error file=[^:,]*,line=\d+,col=\d+,title=[^:,]*::", ln) for ln in lines)
    assert_inert(out, own_commands=len(lines))


def test_terminal_tables_show_controls_visibly(runner: CliRunner, hostile: Path) -> None:
    out = run(runner, hostile, "show", "presentation")
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b" in out or "\\e" in out or "\ufffd" in out or "^[" in out


# --- rosters: person ids and names are free text ------------------------------------------

PEOPLE = {
    "=cmd|' /C calc'!A0": "+Formula",
    "@mention": "-minus",
    "::add-mask::p": "##[stop-commands]n",
    "\tTab": "\x1b[31mred",
    "ok": "<script>x</script> | pipe",
}


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("roster") / "team.yaml"
    body = "".join(
        f"  {json.dumps(pid)}:\n    name: {json.dumps(name)}\n    role: dev\n"
        "    skills: {git: 1}\n"
        for pid, name in PEOPLE.items()
    )
    path.write_text("people:\n" + body)
    return path


@pytest.mark.parametrize("command", [["team"], ["candidates", "dev"]])
def test_csv_cells_cannot_run_formulas(runner: CliRunner, roster: Path, command: list[str]) -> None:
    out = run(runner, MINI, *command, "--roster", str(roster), "-f", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], rows
    # What the file said is still there to read: a leading ' or an invisible joiner aside.
    shown = {c.lstrip("'").replace(JOINER, "") for c in cells}
    for text in (*PEOPLE, *PEOPLE.values()):
        if text.isprintable():
            assert text in shown, (text, shown)
    assert_inert(out)


@pytest.mark.parametrize("fmt", ["table", "markdown"])
@pytest.mark.parametrize("command", [["team"], ["candidates", "dev"]])
def test_roster_reports_are_inert(
    runner: CliRunner, roster: Path, command: list[str], fmt: str
) -> None:
    out = run(runner, MINI, *command, "--roster", str(roster), "-f", fmt)
    assert_inert(out)
    if fmt == "markdown":
        assert "<script>" not in out


def test_diagnostics_on_stderr_are_inert(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text('role: "dev\\n::add-mask::x\\e[2J"\nskills: {"##[stop-commands]t": 1}\n')
    result = runner.invoke(app, ["--data", str(MINI), "gap", "--profile", str(path)])
    assert result.exit_code == 3
    assert_inert(result.stderr)
    for payload in PAYLOADS[:1]:
        assert payload.strip(":") in result.stderr  # shown, but harmless


def test_the_batch_summary_on_stderr_is_inert(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "batch.yaml"
    path.write_text(
        '- {kind: route, id: "x\\n::add-mask::k", from: "\\e[2J##[stop-commands]t", to: se}\n'
    )
    result = runner.invoke(app, ["--data", str(MINI), "batch", str(path), "-f", "markdown"])
    assert result.exit_code == 2, result.output
    assert_inert(result.stderr)
    assert_inert(result.stdout)
    assert "\\x1b[2J" in result.stderr  # shown, as an escape
