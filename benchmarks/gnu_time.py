"""What GNU time (`/usr/bin/time -v`) says of one process: the benchmarks' one reader of it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figures:
    """One run's figures."""

    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the children it waited for
    peak: float  # MiB: the largest resident set of any one of those processes


def timed(args: list[str], log: Path) -> list[str]:
    """The command that runs `args` under GNU time, its report written to `log`."""
    return ["/usr/bin/time", "-v", "-o", str(log), *args]


def figures(log: Path) -> Figures:
    """The figures of the report GNU time wrote to `log`."""
    text = log.read_text()

    def field(name: str) -> str:
        found = re.search(rf"{re.escape(name)}: ([\d.:]+)", text)
        if found is None:
            raise ValueError(f"{log}: GNU time reported no '{name}'")
        return found.group(1)

    clock = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")  # [h:]m:ss.ss
    return Figures(
        wall=sum(float(part) * 60**i for i, part in enumerate(reversed(clock))),
        cpu=float(field("User time (seconds)")) + float(field("System time (seconds)")),
        peak=int(field("Maximum resident set size (kbytes)")) / 1024,
    )
