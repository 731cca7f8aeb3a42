"""`printable`: text from a data file that cannot act on a terminal or a CI log."""

from __future__ import annotations

import pytest

from pathplan.render.text import JOINER, printable


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Python", "Python"),
        ("Données · 日本語 🎉", "Données · 日本語 🎉"),
        ("a\nb\tc\rd", "a\\nb\\tc\\rd"),
        ("\x1b[2Jred\x07", "\\x1b[2Jred\\x07"),
        ("\u202eevil\u2028", "\\u202eevil\\u2028"),
        ("\x9b31m", "\\x9b31m"),
        ("::add-mask::x", f":{JOINER}:add-mask:{JOINER}:x"),
        ("x ##[stop-commands]t", f"x #{JOINER}#[stop-commands]t"),
        ("std::vector", f"std:{JOINER}:vector"),
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_a_name_with_a_line_break_and_a_command_stays_one_inert_line() -> None:
    shown = printable("Py\n::add-mask::secret")
    assert "\n" not in shown and not shown.lstrip().startswith("::") and "::" not in shown


def test_colour_output_keeps_only_pathplans_own_escapes() -> None:
    from rich.text import Text

    from pathplan.render.text import to_text

    out = to_text(Text.assemble(("Skill ", "bold"), "\x1b[2Jevil [bold]x[/bold]"), color=True)
    assert "\x1b[1m" in out  # pathplan's own bold
    assert "\x1b[2J" not in out and "\\x1b[2Jevil [bold]x[/bold]" in out
