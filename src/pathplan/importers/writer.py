"""Write an imported framework to a folder: the same bytes for the same input, every time."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import yaml

from pathplan.errors import UsageError
from pathplan.importers.common import Imported

__all__ = ["FILES", "dump_yaml", "write_framework"]

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


def write_framework(imported: Imported, out: Path) -> list[Path]:
    """Write skills.yaml, roles.yaml and README.md into `out` (created if needed), atomically.

    Each file is written to a temporary file beside it and renamed, so an interrupted import
    never leaves a half-written file. Returns the paths written.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"-o: cannot create '{out}': {e.strerror}") from None
    if not out.is_dir():
        raise UsageError(f"-o: '{out}' is not a folder")
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
        _atomic_write(target, texts[name])
        written.append(target)
    return written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _atomic_write(target: Path, text: str) -> None:
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as e:
        raise UsageError(f"-o: cannot write to '{target.parent}': {e.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        # mkstemp makes the file private; a framework is meant to be read by anyone who may.
        Path(tmp).chmod(0o666 & ~_umask())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
