"""Hypothesis strategies that mutate a valid input file into the hostile ones users send.

Each strategy starts from the text of a real file (the bundled framework, an example profile,
roster or batch) and applies a few mutations, at the level of bytes, lines, YAML values, CSV
cells or structure. The values are the ones that broke readers before: YAML 1.1 spellings,
tags whose text does not parse, dates past the calendar, huge and tiny numbers, control and
bidi characters, byte-order marks, CRLF, anchors, merge keys and deep nesting.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

# Scalars that YAML 1.1 reads as something other than the text written, or that do not parse.
NASTY_SCALARS = [
    "0123",
    "007",
    "0x1A",
    "0o17",
    "0b101",
    "1_000",
    "12:30",
    "1:20:30",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "~",
    "null",
    "NULL",
    "true",
    "False",
    "2024-02-30",
    "2023-02-29",
    "0000-01-01",
    "9999-12-31",
    "2024-01-01T25:61:00",
    "2001-12-14 21:59:43.10 -5",
    "!!int ten",
    "!!float abc",
    "!!bool maybe",
    "!!timestamp someday",
    "!!null something",
    "!!int 0x",
    "!!float .inf",
    "!!str 12",
    "!!binary aGVsbG8=",
    "!!binary not base64!",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!python/object/apply:os.system [echo hi]",
    "!!python/name:os.system",
    "!custom value",
    "!<tag:example.com,2000:x> 1",
    ".inf",
    "-.inf",
    ".nan",
    ".NaN",
    "1e308",
    "1.0e+308",
    "1e309",
    "-1e308",
    "1" + "0" * 400,
    "-" + "9" * 50,
    "0.0001",
    "1e-320",
    "5e-324",
    "0",
    "-1",
    "0.0",
    "-0.0",
    "3.5",
    "999999999999",
    "''",
    '""',
    "'::error file=x::injected'",
    "'##[add-mask]secret'",
    '"\\e[31mred\\e[0m"',
    '"a\\nb"',
    '"\\u202Eevil"',
    '"\\0"',
    "[]",
    "{}",
    "[1, 2]",
    "{a: 1}",
    "|\n  block\n  text",
    "&anchor value",
    "*anchor",
    "*undefined",
    '=HYPERLINK("http://x")',
    "@SUM(A1)",
    "+1",
    "dev",
    "python",
]

# Text that breaks outputs and terminals when copied through unescaped.
NASTY_TEXT = [
    "\x1b[2J\x1b[31m",
    "\x1b]8;;javascript:alert(1)\x07click\x1b]8;;\x07",
    "\u202e",
    "\u2028",
    "\x00",
    "\r",
    "\t",
    "\ufeff",
    "::add-mask::",
    "\n::error::x\n",
    "##[stop-commands]t",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "| a | b |",
    "`code`",
    ":100:",
    ":smile:",
    "[bold red]markup[/]",
    '"quoted"',
    "#quot;",
    "日本語",
    "🎉",
    "é",
    "\U0001f4af",
]

DEEP = 200  # well past any nesting limit the readers set


def _lines(text: str) -> list[str]:
    return text.split("\n")


_VALUE_LINE = re.compile(r"^(\s*(?:- )?[^\s:#][^:#\n]*:[ ]+)(\S.*)$")


def _value_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if _VALUE_LINE.match(line)]


def _pick(draw: st.DrawFn, items: list[int]) -> int | None:
    return draw(st.sampled_from(items)) if items else None


def _scalar(draw: st.DrawFn) -> str:
    return draw(
        st.one_of(
            st.sampled_from(NASTY_SCALARS),
            st.sampled_from(NASTY_TEXT).map(
                lambda t: '"' + t.encode("unicode_escape").decode().replace('"', '\\"') + '"'
            ),
            st.text(max_size=12),
            st.integers(-(10**30), 10**30).map(str),
            st.floats(allow_nan=True, allow_infinity=True).map(repr),
        )
    )


def replace_value(draw: st.DrawFn, text: str) -> str:
    """Replace the value of one `key: value` line with a nasty scalar."""
    lines = _lines(text)
    i = _pick(draw, _value_lines(lines))
    if i is None:
        return text
    match = _VALUE_LINE.match(lines[i])
    assert match is not None
    lines[i] = match.group(1) + _scalar(draw)
    return "\n".join(lines)


def replace_key(draw: st.DrawFn, text: str) -> str:
    """Rename the key of one line: ids kept as written, unknown fields, duplicates."""
    lines = _lines(text)
    i = _pick(
        draw, _value_lines(lines) + [j for j, ln in enumerate(lines) if ln.rstrip().endswith(":")]
    )
    if i is None:
        return text
    indent = len(lines[i]) - len(lines[i].lstrip())
    rest = lines[i].split(":", 1)[1] if ":" in lines[i] else ""
    key = draw(st.sampled_from([*NASTY_SCALARS[:20], "<<", "? complex", "name", "skills", "x"]))
    lines[i] = " " * indent + key + ":" + rest
    return "\n".join(lines)


def tag_value(draw: st.DrawFn, text: str) -> str:
    """Put a tag in front of one value."""
    lines = _lines(text)
    i = _pick(draw, _value_lines(lines))
    if i is None:
        return text
    match = _VALUE_LINE.match(lines[i])
    assert match is not None
    tag = draw(
        st.sampled_from(
            [
                "!!int",
                "!!float",
                "!!bool",
                "!!timestamp",
                "!!null",
                "!!str",
                "!!binary",
                "!!seq",
                "!!map",
                "!!set",
                "!!python/str",
                "!local",
                "!",
            ]
        )
    )
    lines[i] = f"{match.group(1)}{tag} {match.group(2)}"
    return "\n".join(lines)


def edit_lines(draw: st.DrawFn, text: str) -> str:
    """Delete, duplicate, swap, re-indent or insert a line."""
    lines = _lines(text)
    if not lines:
        return text
    i = draw(st.integers(0, len(lines) - 1))
    op = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "insert"]))
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "swap":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "indent":
        lines[i] = " " * draw(st.integers(1, 4)) + lines[i]
    elif op == "dedent":
        lines[i] = lines[i].lstrip()
    else:
        indent = " " * draw(st.sampled_from([0, 2, 4, 6]))
        line = draw(
            st.one_of(
                st.sampled_from(
                    [
                        "<<: *a",
                        "base: &a {name: X, hours: 1}",
                        "extra: *a",
                        "- &a [1, 2]",
                        "- *a",
                        "%YAML 1.1",
                        "---",
                        "...",
                        "%TAG ! tag:example.com,2000:",
                        "? [complex, key]",
                        ": value",
                        "unknown_field: 1",
                    ]
                ),
                st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(NASTY_SCALARS), st.just("1")),
                st.text(max_size=20),
            )
        )
        lines.insert(i, indent + line)
    return "\n".join(lines)


def anchors(draw: st.DrawFn, text: str) -> str:
    """Anchor one value and refer to it elsewhere, merge it in, or add an alias bomb."""
    lines = _lines(text)
    candidates = _value_lines(lines)
    if len(candidates) < 2 or draw(st.booleans()):
        bomb = ["lol0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
        bomb += [
            f"lol{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * 10) + "]"
            for k in range(1, draw(st.integers(2, 9)))
        ]
        return "\n".join(bomb) + "\n" + text
    a, b = sorted(draw(st.lists(st.sampled_from(candidates), min_size=2, max_size=2)))
    match_a = _VALUE_LINE.match(lines[a])
    match_b = _VALUE_LINE.match(lines[b])
    assert match_a is not None and match_b is not None
    lines[a] = f"{match_a.group(1)}&x {match_a.group(2)}"
    if draw(st.booleans()):
        lines[b] = f"{match_b.group(1)}*x"
    else:
        indent = len(lines[b]) - len(lines[b].lstrip())
        lines.insert(b, " " * indent + "<<: *x")
    return "\n".join(lines)


def deep(draw: st.DrawFn, text: str) -> str:
    """Replace a value with deeply nested lists or mappings."""
    lines = _lines(text)
    i = _pick(draw, _value_lines(lines))
    if i is None:
        return text
    match = _VALUE_LINE.match(lines[i])
    assert match is not None
    depth = draw(st.integers(10, DEEP))
    value = "[" * depth + "]" * depth if draw(st.booleans()) else "{a: " * depth + "1" + "}" * depth
    lines[i] = match.group(1) + value
    return "\n".join(lines)


def unicode(draw: st.DrawFn, text: str) -> str:
    """Insert unusual characters somewhere: controls, bidi, separators, emoji, combining marks."""
    where = draw(st.integers(0, len(text)))
    what = draw(st.one_of(st.sampled_from(NASTY_TEXT), st.text(min_size=1, max_size=8)))
    return text[:where] + what + text[where:]


def csv_cell(draw: st.DrawFn, text: str) -> str:
    """Replace one cell of a CSV row with a nasty value (quotes, separators, formulas)."""
    lines = _lines(text)
    rows = [i for i, line in enumerate(lines) if "," in line]
    i = _pick(draw, rows)
    if i is None:
        return text
    cells = lines[i].split(",")
    j = draw(st.integers(0, len(cells) - 1))
    cells[j] = draw(
        st.one_of(
            st.sampled_from(NASTY_SCALARS),
            st.sampled_from(NASTY_TEXT),
            st.sampled_from(['"', '"a,b"', '"unterminated', ";", "\t", ",,,", "expert", "9"]),
            st.text(max_size=10),
        )
    )
    lines[i] = ",".join(cells)
    return "\n".join(lines)


TEXT_OPS: list[Callable[[st.DrawFn, str], str]] = [
    replace_value,
    replace_value,
    replace_key,
    tag_value,
    edit_lines,
    anchors,
    deep,
    unicode,
]
CSV_OPS: list[Callable[[st.DrawFn, str], str]] = [csv_cell, csv_cell, edit_lines, unicode]


def _bytes_op(draw: st.DrawFn, raw: bytes) -> bytes:
    op = draw(st.sampled_from(["bom", "bom16", "crlf", "cr", "flip", "insert", "truncate", "nul"]))
    if op == "bom":
        return b"\xef\xbb\xbf" + raw
    if op == "bom16":
        return b"\xff\xfe" + raw
    if op == "crlf":
        return raw.replace(b"\n", b"\r\n")
    if op == "cr":
        return raw.replace(b"\n", b"\r")
    if op == "nul":
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + b"\x00" + raw[at:]
    if not raw:
        return raw
    at = draw(st.integers(0, len(raw) - 1))
    if op == "flip":
        return raw[:at] + bytes([raw[at] ^ (1 << draw(st.integers(0, 7)))]) + raw[at + 1 :]
    if op == "insert":
        return raw[:at] + draw(st.binary(min_size=1, max_size=6)) + raw[at:]
    return raw[:at]


class Mutant:
    """The bytes of a mutated file; shown as a diff from its seed when a test fails."""

    def __init__(self, raw: bytes, seed: str) -> None:
        self.raw = raw
        self.seed = seed

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))  # hypothesis prints this, not the whole file

    def __repr__(self) -> str:
        new = self.raw.decode("utf-8", "backslashreplace").split("\n")
        diff = difflib.unified_diff(self.seed.split("\n"), new, "seed", "mutant", n=1, lineterm="")
        text = "\n".join(diff)
        return f"Mutant(diff=\n{text[:3000]}\n)"


@st.composite
def mutants(draw: st.DrawFn, seed: str, csv: bool = False) -> Mutant:
    """`seed` with one to three mutations of its text, then sometimes one of its bytes."""
    ops = CSV_OPS if csv else TEXT_OPS
    text = seed
    for _ in range(draw(st.integers(1, 3))):
        text = draw(st.sampled_from(ops))(draw, text)
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 3)) == 0:
        raw = _bytes_op(draw, raw)
    return Mutant(raw, seed)
