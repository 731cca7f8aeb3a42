"""Tables that fit: the grid layout at fixed terminal widths, and piped."""

from __future__ import annotations

import pytest
from rich.text import Text

from pathplan.render.grid import Column, grid, layout
from pathplan.render.text import to_text

COLUMNS = [
    Column("#", right=True),
    Column("Role"),
    Column("Hours", right=True),
    Column("Top missing", cut=True, drop=1, cap=30),
    Column("Declared", drop=2),
]
ROWS: list[list[str | Text]] = [
    ["1", "Technical Support Engineer", "305", "Troubleshooting, Customer Service, Writing", "x"],
    ["10", "QA", "1,262", "Manual and Exploratory Testing, Test Planning", ""],
]


def widest(text: str) -> int:
    return max(Text(line).cell_len for line in text.splitlines())


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
def test_a_table_never_runs_past_the_terminal(width: int) -> None:
    out = to_text(grid(COLUMNS, ROWS, width), color=False, width=width)
    assert widest(out) <= width, out
    # Numbers are never cut, and the first column of names is always there.
    assert "1,262" in out and "QA" in out


def test_the_overhead_between_columns_is_what_layout_assumes() -> None:
    shown, widths = layout(COLUMNS, ROWS, 1000)
    out = to_text(grid(COLUMNS, ROWS, 1000), color=False, width=1000)
    assert len(shown) == len(COLUMNS)
    # A space at each edge (the right one is stripped from plain text), three between columns.
    assert widest(out) == sum(widths) + 1 + 3 * (len(widths) - 1)


def test_at_a_comfortable_width_nothing_is_cut_or_wrapped() -> None:
    out = to_text(grid(COLUMNS, ROWS, 200), color=False, width=200)
    assert "Troubleshooting, Customer Service, Writing" in out
    assert "…" not in out
    assert len(out.strip().splitlines()) == 4  # header, rule, two rows


def test_lists_are_cut_with_an_ellipsis_and_names_wrap_when_space_is_short() -> None:
    out = to_text(grid(COLUMNS, ROWS, 58), color=False, width=58)
    assert "…" in out  # the list of missing skills is cut
    assert "Technical Support Engineer" not in out  # the name wraps...
    assert all(word in out for word in ("Technical", "Support", "Engineer"))  # ...onto more lines


def test_least_useful_columns_go_first_and_a_note_says_so() -> None:
    out = to_text(grid(COLUMNS, ROWS, 40), color=False, width=40)
    assert "Declared" not in out.splitlines()[1]
    assert "left out to fit 40 columns: Top missing, Declared" in " ".join(out.split())
    shown, _ = layout(COLUMNS, ROWS, 55)
    assert shown == [0, 1, 2, 3]  # Declared (drop 2) goes before Top missing (drop 1)


def test_piped_output_never_wraps_and_caps_lists() -> None:
    out = to_text(grid(COLUMNS, ROWS, None), color=False)
    lines = out.strip("\n").splitlines()
    assert len(lines) == 4  # one line per row
    assert "Technical Support Engineer" in out  # names whole
    assert "Troubleshooting, Customer Ser…   x" in out  # the list cut at its cap of 30
    assert widest(out) < 100


def test_styled_cells_are_measured_by_their_text() -> None:
    rows: list[list[str | Text]] = [["1", Text("Role A", "bold"), "3", Text("x, y", "red"), ""]]
    out = to_text(grid(COLUMNS, rows, 80), color=False, width=80)
    assert "Role A" in out and "x, y" in out


def test_a_column_worth_little_when_narrow_makes_others_give_way() -> None:
    columns = [
        Column("Name"),
        Column("Extra", drop=2),
        Column("Plan", cut=True, drop=1, least=30),
    ]
    rows: list[list[str | Text]] = [
        ["Ada", "x" * 12, "Customer Discovery 1→3, Product Demonstration 0→3"]
    ]
    shown, widths = layout(columns, rows, 50)
    assert shown == [0, 2] and widths[1] >= 30  # Extra went, so the plan keeps 30 columns
    without = [Column("Name"), Column("Extra", drop=2), Column("Plan", cut=True, drop=1)]
    assert layout(without, rows, 50)[0] == [0, 1, 2]  # by default the plan would be squeezed
