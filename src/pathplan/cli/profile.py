"""`pathplan profile init`: a profile by answering questions, or a commented template.

On a terminal it asks, skill by skill, what level the person holds: first what their role
asks, then what the roles they aim for ask, then related skills. Every answer is saved at once
(atomically), so stopping loses nothing and running the same command again carries on where
it stopped. Without a terminal, or with --template, it writes a template to fill in by hand.
Questions and notes go to stderr; stdout carries only a template, when one is printed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pathplan.cli.app import Settings, app, command, framework_for
from pathplan.cli.complete import role_names
from pathplan.cli.output import CommandError, emit, write_output

if TYPE_CHECKING:
    from pathplan.model import Framework
    from pathplan.planner.profiling import Relevant

profile_app = typer.Typer(
    name="profile",
    help="Make a profile (the skills one person holds) without writing YAML by hand.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(profile_app)

DEFAULT_FILE = Path("profile.yaml")
STOP = ("q", "quit", "stop", "exit")
BACK = ("b", "back")
SKIP = ("s", "skip")
DONE = ("d", "done")
HELP = ("?", "h", "help")


class _Stopped(Exception):
    """The person stopped answering: q, the end of the input (code 0), or Ctrl-C (130)."""

    def __init__(self, code: int = 0) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class _Answers:
    """What has been said so far; saved after every answer."""

    name: str | None = None
    role: str | None = None
    hours_per_week: float | None = None
    levels: dict[str, int] = field(default_factory=dict)


def _say(text: str = "", indent: str = "") -> None:
    """A line on stderr, wrapped to the terminal (continuation lines indented by `indent`)."""
    import shutil
    import textwrap

    from pathplan.render.text import printable

    width = shutil.get_terminal_size().columns - 1
    # Names and descriptions come from the framework: shown, never acted on by the terminal.
    lines = textwrap.wrap(printable(text), width, subsequent_indent=indent, break_on_hyphens=False)
    typer.echo("\n".join(lines) if lines else "", err=True)


def _ask(prompt: str, default: str = "") -> str:
    from pathplan.cli import signals

    try:
        answer: str = typer.prompt(prompt, default=default, show_default=bool(default), err=True)
    except typer.Abort:
        _say()
        raise _Stopped from None
    except signals.Interrupted as e:
        _say()
        raise _Stopped(signals.exit_code(e.signum)) from None
    return answer.strip()


def _level(text: str, fw: Framework) -> int | None:
    """A level from what a person typed: a number, a level name, or the start of a name."""
    value = fw.find_level(text)
    if value is not None:
        return value if 0 <= value <= fw.max_level else None
    names = ("none", *fw.levels)
    starts = [i for i, n in enumerate(names) if text and n.lower().startswith(text.lower())]
    return starts[0] if len(starts) == 1 else None


def _meanings(fw: Framework) -> None:
    from pathplan.planner.profiling import level_meanings

    rows = level_meanings(fw)
    width = max(len(name) for _, name, _ in rows)
    for number, name, meaning in rows:
        _say(f"  {number} {name.ljust(width)}  {meaning}".rstrip(), " " * (width + 6))


def _role(fw: Framework) -> str:
    """Ask for the person's role until the answer names one."""
    from pathplan.errors import closest
    from pathplan.planner.search import search_roles

    while True:
        text = _ask("Your role now (an id, alias or name; part of one to search)")
        if text.lower() in STOP:
            raise _Stopped
        found = fw.find_role(text) if text else None
        if found is not None:
            _say(f"  {fw.roles[found].name} ({found})")
            return found
        if not text or text in HELP:
            _say("  Type your role, or part of its name (e.g. 'analyst') to see roles that match.")
            continue
        matches = search_roles(fw, text)[:10] or [
            fw.roles[r] for r in closest(text, fw.role_names, limit=3)
        ]
        if not matches:
            _say(f"  No role matches '{text}'. `pathplan roles` lists them all.")
            continue
        _say(f"  No role is called '{text}'. Roles that match, by id:")
        for r in matches:
            _say(f"    {r.id:<24} {r.name}")


def _hours(current: float | None) -> float | None:
    while True:
        text = _ask(
            "Hours a week you can spend learning (Enter to skip)",
            f"{current:g}" if current else "",
        )
        if not text:
            return None
        if text.lower() in STOP:
            raise _Stopped
        try:
            value = float(text)
        except ValueError:
            value = 0.0
        if 0 < value <= 168:
            return value
        _say("  A number of hours above 0, like 5 or 2.5.")


def _question(fw: Framework, item: Relevant, number: int, total: int, current: int | None) -> str:
    """Show one skill, its levels and what they mean; read the answer (as typed)."""
    from pathplan.render.profile import reason

    skill = fw.skills[item.skill]
    _say()
    why = reason(fw, item)
    _say(f"[{number}/{total}] {skill.name} ({skill.id})" + (f": {why}" if why else ""))
    if skill.description:
        _say(f"  {skill.description}", "  ")
    _meanings(fw)
    default = str(current) if current is not None else "0"
    return _ask(f"Level (0-{fw.max_level} or a name; ? help, b back, s skip, q stop)", default)


HELP_TEXT = (
    "  A number or a level name (or its start, e.g. 'prac'); Enter takes the value in brackets.",
    "  b goes back one skill, s leaves this one for later, q stops: every answer is saved,",
    "  and the same command carries on from here. Among related skills, d finishes: the rest",
    "  count as not held.",
)


def _interview(fw: Framework, answers: _Answers, items: list[Relevant], save: _Saver) -> bool:
    """Ask about every unanswered item, saving after each answer; False if stopped early."""
    from pathplan.render.profile import heading

    todo = [i for i in items if i.skill not in answers.levels]
    done = len(items) - len(todo)
    at = 0
    shown = None
    while at < len(todo):
        item = todo[at]
        if item.section != shown:
            shown = item.section
            _say()
            _say(f"{heading(fw, item, answers.role)}" + _SECTION_NOTES.get(item.section, ""))
        text = _question(fw, item, done + at + 1, len(items), answers.levels.get(item.skill))
        word = text.lower()
        if word in STOP:
            return False
        if word in DONE and item.section in ("related", "other"):
            return True
        if word in HELP:
            for line in HELP_TEXT:
                _say(line)
        elif word in BACK:
            at = max(at - 1, 0)
        elif word in SKIP:
            at += 1
        elif (value := _level(text, fw)) is None:
            _say(f"  '{text}' is not a level: 0 to {fw.max_level}, or one of:")
            _say("  " + ", ".join(("none", *fw.levels)))
        else:
            answers.levels[item.skill] = value
            save(answers)
            at += 1
    return True


_SECTION_NOTES = {
    "related": " (what else is in reach; d finishes here, the rest count as not held)",
}


class _Saver:
    """Writes the profile after every answer, atomically, to one file."""

    def __init__(self, fw: Framework, items: list[Relevant], path: Path, usage: str) -> None:
        self.fw, self.items, self.path, self.usage = fw, items, path, usage

    def __call__(self, answers: _Answers) -> None:
        from pathplan.render.profile import profile_yaml

        text = profile_yaml(
            self.fw,
            self.items,
            answers.levels,
            name=answers.name,
            role=answers.role,
            hours_per_week=answers.hours_per_week,
            usage=self.usage,
        )
        write_output(self.path, text)


def _resume(fw: Framework, path: Path) -> _Answers:
    """What an earlier run (or a person) already wrote in `path`; empty if there is no file.

    A file that is not a valid profile is refused (DataError), never overwritten.
    """
    if not path.exists():
        return _Answers()
    from pathplan.loader.profile import read_profile

    holder = read_profile(path, fw, keep_zero=True)
    return _Answers(holder.name, holder.role, holder.hours_per_week, dict(holder.levels))


def _usage(path: Path | None, targets: list[str]) -> str:
    where = str(path) if path is not None and str(path) != "-" else "FILE"
    to = f" --to {targets[0]}" if targets else ""
    return f"pathplan gap --profile {where}{to}"


RoleOpt = Annotated[
    str | None,
    typer.Option(
        "--role",
        "-r",
        help="Your role now (id, alias or name); asked if not given.",
        metavar="ROLE",
        autocompletion=role_names,
    ),
]
TargetsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--to",
        help="A role you aim for: its skills are asked next (repeatable).",
        metavar="ROLE",
        autocompletion=role_names,
    ),
]
TemplateOpt = Annotated[
    bool,
    typer.Option("--template", help="Write a commented template to fill in by hand; ask nothing."),
]
InteractiveOpt = Annotated[
    bool,
    typer.Option(
        "--interactive",
        "-i",
        help="Ask the questions even when the input is not a terminal (answers piped in).",
    ),
]


@command(
    on=profile_app,
    name="init",
    options=("data", "output", "no_color", "no_cache"),
    epilog=(
        "Examples:\n\n"
        "  pathplan profile init --role data-analyst --to data-scientist -o me.yaml\n\n"
        "  pathplan profile init --role dev --template > me.yaml\n\n"
        "  pathplan profile init -o me.yaml   # again: carries on where it stopped"
    ),
)
def init(
    settings: Settings,
    role: RoleOpt = None,
    to: TargetsOpt = None,
    template: TemplateOpt = False,
    interactive: InteractiveOpt = False,
) -> None:
    """Build a profile by answering a question per skill, or write a template to fill in.

    Asks, skill by skill, what level you hold, showing what each level means: your role's
    requirements first, then those of the roles you aim for (--to), then related skills. Each
    answer is saved at once to --output (default profile.yaml); q stops, and the same command
    carries on later. Without a terminal, or with --template, it prints (or writes to
    --output) a commented template listing every relevant skill with its id, name and levels.
    """
    from pathplan.planner.profiling import relevant_skills

    if template and interactive:
        raise CommandError("--template and --interactive exclude each other", "choose one")
    fw = framework_for(settings)
    targets = [fw.role_id(t) for t in to or []]
    if not (interactive or (not template and sys.stdin.isatty())):
        rid = fw.role_id(role) if role else None
        _template(settings, fw, relevant_skills(fw, rid, targets), rid, targets)
        return
    path = settings.output or DEFAULT_FILE
    if str(path) == "-":
        raise CommandError("the answers are saved to a file as they come", "give -o FILE")
    answers = _resume(fw, path)
    if role is not None:
        answers.role = fw.role_id(role)
    _questions(fw, answers, path, targets)


def _questions(fw: Framework, answers: _Answers, path: Path, targets: list[str]) -> None:
    """The interview: who, then skill by skill; says at the end where things stand."""
    from pathplan.cli import signals
    from pathplan.planner.profiling import relevant_skills

    started = bool(answers.levels) or (answers.role is not None and path.exists())
    _say(
        f"Building {path}: each answer is saved at once; q stops, and the same command"
        " carries on later. Levels:"
    )
    _meanings(fw)
    finished = False
    code = 0
    try:
        if not started:
            answers.name = answers.name or _ask("Your name (Enter to skip)") or None
        if answers.role is None:
            answers.role = _role(fw)
        items = relevant_skills(fw, answers.role, targets)
        save = _Saver(fw, items, path, _usage(path, targets))
        if not started:
            answers.hours_per_week = _hours(answers.hours_per_week)
        save(answers)
        left = sum(i.skill not in answers.levels for i in items)
        if started:
            _say(f"{path} answers {len(items) - left} of {len(items)} skills; {left} to go.")
        finished = _interview(fw, answers, items, save)
    except _Stopped as e:
        code = e.code
    except signals.Interrupted as e:  # Ctrl-C between two questions: every answer is saved
        code = signals.exit_code(e.signum)
    _say()
    if not finished:
        _say(f"Stopped. {path} keeps every answer; run the same command to carry on.")
        if code:
            raise typer.Exit(code)
        return
    held = sum(1 for v in answers.levels.values() if v > 0)
    _say(f"Done: {path} holds {held} skills. Next, your gap and plan:")
    typer.echo(f"  {_usage(path, targets)}", err=True)  # whole, to copy


def _template(
    settings: Settings, fw: Framework, items: list[Relevant], role: str | None, targets: list[str]
) -> None:
    from pathplan.render.profile import profile_yaml

    # What the roles ask is listed at level 0, to be raised; related skills are commented out.
    answers = {i.skill: 0 for i in items if i.section in ("role", "target", "prerequisite")}
    text = profile_yaml(
        fw,
        items,
        answers,
        name=None,
        role=role,
        hours_per_week=None,
        usage=_usage(settings.output, targets),
    )
    emit(settings, lambda _: text)
