"""Tables that fit: every terminal table is laid out here, for the width it will be shown at.

On a terminal of W columns a table never runs past W: columns shrink toward a minimum, long
names wrap, long lists end in an ellipsis, and when even the minimums do not fit the least
useful columns are left out (and a note says which). Piped, nothing wraps and the layout does
not depend on the machine: columns take their natural width, except lists, which are cut at a
fixed width so a row stays readable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

__all__ = ["Column", "grid", "layout"]

# Around the cells of a SIMPLE_HEAD table without edge padding: one space at each edge and
# three between columns (measured; a test keeps it true).
_EDGES = 2
_BETWEEN = 3
MIN_WRAP = 20  # a name column keeps this much before less useful columns are left out
MIN_CUT = 16  # a cut column keeps this much before its ellipsis: a list's first item or two
LONGEST_WORD = 16  # a wrapping column is not kept wider than this just to hold one long word


@dataclass(frozen=True)
class Column:
    """How one column behaves when space is short.

    `drop`: 0 keeps the column at any width; otherwise, the larger, the sooner it is left out
    when the terminal is too narrow for every column. `cut`: long cells end in an ellipsis
    rather than wrapping (lists, where the first items say the most). `cap`: piped, the widest
    the column gets (cut cells end in an ellipsis); None for no limit. `whole`: never cut or
    wrapped (ids, dates). Right-aligned columns hold numbers, which are kept whole too. `least`:
    the narrowest the column is worth showing at (else MIN_CUT or MIN_WRAP): a column that
    says little when narrower makes less useful columns give way sooner.
    """

    header: str
    right: bool = False
    drop: int = 0
    cut: bool = False
    cap: int | None = None
    whole: bool = False
    least: int | None = None

    @property
    def kept_whole(self) -> bool:
        """Whether cells are shown in full on one line, whatever the width."""
        return self.whole or self.right


Cell = str | Text


def _lines(cell: Cell) -> list[str]:
    return (cell.plain if isinstance(cell, Text) else cell).split("\n")


def _width(text: str) -> int:
    return Text(text).cell_len


def _natural(column: Column, cells: Sequence[Cell]) -> int:
    widest = max((_width(line) for cell in cells for line in _lines(cell)), default=0)
    return max(widest, _width(column.header))


def _minimum(column: Column, cells: Sequence[Cell], natural: int) -> int:
    header = _width(column.header)
    if column.kept_whole:
        return natural
    if column.least is not None:
        return min(natural, max(header, column.least))
    if column.cut:
        return min(natural, max(header, MIN_CUT))
    longest = max(
        (_width(word) for cell in cells for line in _lines(cell) for word in line.split()),
        default=0,
    )
    return min(natural, max(header, MIN_WRAP, min(longest, LONGEST_WORD)))


def _overhead(count: int) -> int:
    return _EDGES + _BETWEEN * max(count - 1, 0)


def layout(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell]], width: int
) -> tuple[list[int], list[int]]:
    """Which columns to show (indexes) and how wide each is, to fit `width` terminal columns."""
    cells = [[row[i] for row in rows] for i in range(len(columns))]
    natural = [_natural(c, cells[i]) for i, c in enumerate(columns)]
    minimum = [_minimum(c, cells[i], natural[i]) for i, c in enumerate(columns)]
    shown = list(range(len(columns)))

    def needed() -> int:
        return sum(minimum[i] for i in shown) + _overhead(len(shown))

    while needed() > width:
        droppable = [i for i in shown if columns[i].drop > 0]
        if not droppable:
            break  # the essential columns alone are too wide: they shrink as far as they can
        # The largest `drop` goes first; among equals, the rightmost.
        shown.remove(max(droppable, key=lambda i: (columns[i].drop, i)))
    widths = {i: minimum[i] for i in shown}
    spare = width - needed()
    # Names first (a row is known by them), then lists, whose first items say the most.
    for group in ([i for i in shown if not columns[i].cut], [i for i in shown if columns[i].cut]):
        spare = _share(widths, {i: natural[i] - widths[i] for i in group}, spare)
    return shown, [widths[i] for i in shown]


def _share(widths: dict[int, int], wants: dict[int, int], spare: int) -> int:
    """Give `spare` columns to `wants`, smallest want first, fairly; return what is left."""
    waiting = sorted((want, i) for i, want in wants.items() if want > 0)
    while waiting and spare > 0:
        fair = max(spare // len(waiting), 1)
        want, i = waiting.pop(0)
        given = min(want, fair)
        widths[i] += given
        spare -= given
    return spare


def _table() -> Table:
    return Table(box=box.SIMPLE_HEAD, pad_edge=False)


def grid(
    columns: Sequence[Column], rows: Iterable[Sequence[Cell]], width: int | None
) -> RenderableType:
    """A table for a terminal `width` columns wide, or for a pipe (`width` None)."""
    rows = [list(r) for r in rows]
    table = _table()
    if width is None:
        for c in columns:
            table.add_column(
                c.header,
                justify="right" if c.right else "left",
                no_wrap=True,
                overflow="ellipsis",
                max_width=c.cap,
            )
        for row in rows:
            table.add_row(*row)
        return table
    shown, widths = layout(columns, rows, width)
    for i, w in zip(shown, widths, strict=True):
        c = columns[i]
        table.add_column(
            c.header,
            justify="right" if c.right else "left",
            width=w,
            no_wrap=c.cut or c.kept_whole,
            overflow="ellipsis" if c.cut or c.kept_whole else "fold",
        )
    for row in rows:
        table.add_row(*(row[i] for i in shown))
    if len(shown) == len(columns):
        return table
    hidden = ", ".join(c.header for i, c in enumerate(columns) if i not in shown)
    note = Text(f"left out to fit {width} columns: {hidden} (a wider terminal shows them)", "dim")
    return Group(table, note)
