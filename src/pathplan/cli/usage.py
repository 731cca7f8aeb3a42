"""How the command line itself looks: one error style, help that reads well, flags without types.

Typer prints its own usage errors in a boxed panel ("╭─ Error ─") in wording of its own
("Invalid value for '--x': Value error, ..."); pathplan's errors are one line, `error: ...`,
with a hint. `Group` runs the app so that both look the same, and with --format json a usage
error is also a JSON error object on stdout, as every other error is.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer import core
from typer._click import exceptions as click_errors

__all__ = ["Group", "flags_show_no_type", "reflow"]


def reflow(doc: str | None) -> str | None:
    """A docstring as help: each paragraph on one line, so help wraps to the terminal.

    Typer keeps a docstring's line breaks, which at 80 columns cut every line in two.
    """
    if doc is None:
        return None
    import inspect

    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def flags_show_no_type() -> None:
    """Help shows no type after a flag, nor after an argument that names its value itself.

    Typer 0.29 shows every parameter's type in help (`--gantt <bool>`, `ROLE <str>`): a flag
    takes no value, and `ROLE` already says what to give. Patched once, here.
    """
    if getattr(core.TyperOption.display_type_rich, "_pathplan", False):
        return
    option = core.TyperOption.display_type_rich
    argument = core.TyperArgument.display_type_rich

    def for_option(self: core.TyperOption, ctx: Any) -> str | None:
        return None if self.is_flag else option(self, ctx)

    def for_argument(self: core.TyperArgument, ctx: Any) -> str | None:
        return None if self.metavar is not None else argument(self, ctx)

    for_option._pathplan = True  # type: ignore[attr-defined]
    core.TyperOption.display_type_rich = for_option  # type: ignore[method-assign]
    core.TyperArgument.display_type_rich = for_argument  # type: ignore[method-assign,assignment]


def _wants_json(args: Sequence[str]) -> bool:
    """Whether the command line asked for --format json (errors then go to stdout as JSON too)."""
    for i, arg in enumerate(args):
        if arg.lower() in ("--format=json", "-fjson"):
            return True
        if arg in ("--format", "-f") and i + 1 < len(args) and args[i + 1].lower() == "json":
            return True
    return False


def _words(error: click_errors.UsageError) -> tuple[str, str | None]:
    """A usage error's message and hint, in pathplan's style."""
    from pathplan.errors import did_you_mean

    ctx = error.ctx
    command = ctx.command_path if ctx is not None else "pathplan"
    if isinstance(error, click_errors.NoSuchOption):
        options = error.possibilities or []
        otherwise = f"'{command} -h' lists the options"
        return f"no such option: {error.option_name}", did_you_mean(
            error.option_name, options, otherwise
        )
    message = error.format_message()
    typed = re.match(r"No such command '(.*?)'", message)
    if typed and ctx is not None and isinstance(ctx.command, core.TyperGroup):
        otherwise = f"'{command} -h' lists the commands"
        hint = did_you_mean(typed.group(1), ctx.command.list_commands(ctx), otherwise)
        return f"no such command '{typed.group(1)}'", hint
    # Typer parses through pydantic, whose words reach the message: keep only what was meant.
    message = message.replace("Value error, ", "")
    message = message[:1].lower() + message[1:]
    return message.rstrip("."), f"'{command} -h' shows how to use it"


class Group(core.TyperGroup):
    """The app's command group: runs a command and reports usage errors in pathplan's style."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; exit with its code (never return) when `standalone_mode`."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        given = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(given, prog_name, complete_var, False, **extra)
        except click_errors.NoArgsIsHelpError as e:
            sys.stdout.write(e.ctx.get_help() + "\n")
            sys.exit(0)
        except click_errors.UsageError as e:
            self._usage_error(e, given)
        except typer.Abort:
            sys.stderr.write("stopped\n")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    @staticmethod
    def _usage_error(error: click_errors.UsageError, args: Sequence[str]) -> None:
        from pathplan.cli.output import error_json, say_error

        message, hint = _words(error)
        if _wants_json(args):
            error_json(error.exit_code, message, hint)
        say_error(message, hint)
        sys.exit(error.exit_code)
