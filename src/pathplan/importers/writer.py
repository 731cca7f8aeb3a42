"""Write an imported framework to a folder: the same bytes for the same input, every time."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import yaml

from pathplan.errors import ForeignFilesError, UsageError
from pathplan.importers.common import Imported
from pathplan.loader.files import write_atomic

__all__ = ["FILES", "check_replaceable", "dump_yaml", "write_framework"]

FILES = ("skills.yaml", "roles.yaml", "README.md")


class _FlowList(list[Any]):
    """A list written on one line: hour curves and alias lists read better that way."""


class _Dumper(yaml.CSafeDumper):
    pass


def _flow(dumper: _Dumper, data: _FlowList) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_Dumper.add_representer(_FlowList, _flow)


def _flowed(value: Any) -> Any:
    # Lists of scalars go on one line; mappings stay in block style, one entry a line, so that
    # a new release of the source diffs line by line.
    if isinstance(value, dict):
        return {k: _flowed(v) for k, v in value.items()}
    if isinstance(value, list):
        if all(isinstance(v, str | int | float) for v in value):
            return _FlowList(value)
        return [_flowed(v) for v in value]
    return value


def dump_yaml(data: dict[str, Any], header: str) -> str:
    """YAML text of `data` in its insertion order, after `header` as '#' comment lines."""
    comment = "".join(f"# {line}".rstrip() + "\n" for line in textwrap.wrap(header, 96) or [""])
    body = yaml.dump(
        _flowed(data),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return comment + body


def write_framework(imported: Imported, out: Path, *, replace: bool = False) -> list[Path]:
    """Write skills.yaml, roles.yaml and README.md into `out` (created if needed), atomically.

    Each file is written whole and renamed into place, so an interrupted import never leaves a
    half-written file. A file of these names that an import did not write (someone's notes, a
    framework of their own) is not replaced unless `replace`: ForeignFilesError names them all
    before anything is written. Returns the paths written.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"-o: cannot create '{out}': {e.strerror}") from None
    if not out.is_dir():
        raise UsageError(f"-o: '{out}' is not a folder")
    if not replace:
        check_replaceable(out)
    header = (
        f"Imported from {imported.source} by pathplan; see README.md in this folder. "
        f"{imported.attribution}"
    )
    texts = {
        "skills.yaml": dump_yaml(imported.skills, header),
        "roles.yaml": dump_yaml(imported.roles, header),
        "README.md": imported.readme,
    }
    written = []
    for name in FILES:
        target = out / name
        try:
            write_atomic(target, texts[name].encode("utf-8"))
        except OSError as e:
            raise UsageError(f"-o: cannot write to '{target}': {e.strerror}") from None
        written.append(target)
    return written


def check_replaceable(out: Path) -> None:
    """ForeignFilesError if `out` holds files of an import's names that no import wrote."""
    foreign = tuple(name for name in FILES if not _ours(out / name))
    if foreign:
        raise ForeignFilesError(str(out), foreign)


# How the files an import writes begin (dump_yaml's header; each importer's README title).
_OUR_YAML = re.compile(r"# Imported from [^\n]* by pathplan[;\n]")
_OUR_README = re.compile(r"# Framework imported from [^\n]*\n[\s\S]*Made by `pathplan import ")


def _ours(path: Path) -> bool:
    """Whether `path` is absent, or a file an import wrote (by how such files begin)."""
    if not path.exists() and not path.is_symlink():
        return True
    if not path.is_file():
        return False  # a folder, a device, a dangling link: not ours to replace
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", "replace")
    except OSError:
        return False
    pattern = _OUR_README if path.suffix == ".md" else _OUR_YAML
    return pattern.match(head) is not None
