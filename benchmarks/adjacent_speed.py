"""`adjacent` against a warm `route` on O*NET and ESCO: the ratio issue 14 sets a goal for.

Imports both releases from ../shared/data into a temporary folder, warms the cache (the
framework and the similarity index beside it), then runs `route --direct`, `adjacent` and
`--version` in turn, --repeat times, as separate processes. Interleaving them means a busy
machine slows all three alike, so the ratio holds where absolute times drift. Prints medians
and adjacent / route; docs/adjacency.md quotes them.

    python benchmarks/adjacent_speed.py [--data ../shared/data] [--repeat 11]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "onet": ("computer-programmers", "web-developers"),
    "esco": ("data-analyst", "data-scientist"),
}


def pathplan(*args: str) -> list[str]:
    return [sys.executable, "-m", "pathplan", *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "PATHPLAN_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"}
        env.pop("PATHPLAN_NO_CACHE", None)
        for source, (start, target) in CASES.items():
            out = work / source
            subprocess.run(
                pathplan("import", source, str(args.data / source), "-o", str(out)),
                env=env,
                check=True,
                capture_output=True,
            )
            data = ["--data", str(out)]
            commands = {
                "route": pathplan("route", *data, "--from", start, "--to", target, "--direct"),
                "adjacent": pathplan("adjacent", *data, start),
                "--version": pathplan("--version"),
            }
            for command in commands.values():  # warm: the cache entry and the index
                subprocess.run(command, env=env, check=True, capture_output=True)
            times: dict[str, list[float]] = {name: [] for name in commands}
            for _ in range(args.repeat):
                for name, command in commands.items():
                    begin = time.perf_counter()
                    subprocess.run(command, env=env, check=True, capture_output=True)
                    times[name].append(time.perf_counter() - begin)
            median = {name: statistics.median(t) for name, t in times.items()}
            shown = ", ".join(f"{name} {s * 1000:,.0f} ms" for name, s in median.items())
            ratio = median["adjacent"] / median["route"]
            print(f"{source}: {shown}; adjacent / route = {ratio:.2f}")


if __name__ == "__main__":
    main()
