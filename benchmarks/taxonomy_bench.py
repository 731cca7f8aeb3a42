"""Benchmark pathplan on the real taxonomies: O*NET (879 roles), ESCO (3,039 roles, 13,492 skills).

Imports both releases from ../shared/data into a temporary folder, then times, as separate
`pathplan` processes and in one run: `--version` (the floor), a cold load (`--no-cache
validate`), a cached load (`validate` with the cache warm), `route --direct`, and `adjacent`
when this build has that command (skipped with a note otherwise). Medians of --repeat runs,
also as ratios to `--version`, so machines and days compare. Writes the `## Taxonomies` section
of docs/performance.md (other sections are kept).

    python benchmarks/taxonomy_bench.py [--data ../shared/data] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sections import replace_section

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"
SECTION = "## Taxonomies"

# (source, a start role, a target role): ordinary moves an expert would recognise.
CASES = {
    "onet": ("computer-programmers", "web-developers"),
    "esco": ("data-analyst", "data-scientist"),
}


def pathplan(*args: str) -> list[str]:
    return [sys.executable, "-m", "pathplan", *args]


def timed(cmd: list[str], env: dict[str, str], repeat: int) -> tuple[float, int]:
    """Median wall time of `repeat` runs (after one warm-up for the OS file cache); exit code."""
    code = subprocess.run(cmd, env=env, capture_output=True, check=False).returncode
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times), code


IN_PROCESS = """
import statistics, sys, time
from pathlib import Path
from pathplan.loader.framework import load_framework
data, cache = Path(sys.argv[1]), Path(sys.argv[2])
cold, repeat = sys.argv[3] == "1", int(sys.argv[4])
times = []
for _ in range(repeat):
    start = time.perf_counter()
    load_framework(data, None if cold else cache)
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""


def in_process(data: Path, cache: Path, cold: bool, repeat: int) -> float:
    """Median seconds of `load_framework` alone (no start-up), repeated in one process."""
    done = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, str(data), str(cache), "1" if cold else "0",
         str(repeat)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    if not (args.data / "onet").is_dir() or not (args.data / "esco").is_dir():
        sys.exit(f"no O*NET/ESCO releases under {args.data}")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "PATHPLAN_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"}
        env.pop("PATHPLAN_NO_CACHE", None)
        has_adjacent = (
            subprocess.run(
                pathplan("adjacent", "--help"), env=env, capture_output=True, check=False
            ).returncode
            == 0
        )
        floor, _ = timed(pathplan("--version"), env, args.repeat)
        rows: list[tuple[str, str, float | None, str]] = []
        imports: list[str] = []
        for source, (start, target) in CASES.items():
            out = work / source
            begin = time.perf_counter()
            done = subprocess.run(
                pathplan("import", source, str(args.data / source), "-o", str(out)),
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            summary = done.stderr.strip().splitlines()[-1].split(" -> ")[0]
            imports.append(f"{summary} (import: {time.perf_counter() - begin:.1f} s)")
            data = ["--data", str(out)]
            route = ["route", *data, "--from", start, "--to", target, "--direct"]
            runs = {
                "cold load (`--no-cache validate`)": ["--no-cache", "validate", *data],
                "cached load (`validate`)": ["validate", *data],
                f"`route --from {start} --to {target} --direct`": route,
            }
            if has_adjacent:
                runs[f"`adjacent {start}`"] = ["adjacent", *data, start]
            for label, cmd in runs.items():
                median, code = timed(pathplan(*cmd), env, args.repeat)
                rows.append((source, label, median, "" if code == 0 else f"exit {code}"))
            if not has_adjacent:
                rows.append((source, "`adjacent`", None, "skipped: no `adjacent` in this build"))
            for label, cold in (("cold", True), ("cached", False)):
                median = in_process(out, work / "cache", cold, args.repeat)
                rows.append((source, f"`load_framework` alone, {label} (in process)", median, ""))
            if has_adjacent:
                listing = subprocess.run(
                    pathplan("adjacent", *data, start),
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                ).stdout
                print(f"\n{source}: pathplan adjacent {start}\n{listing}")

    table = [
        "| data | command | median | × `--version` | note |",
        "|---|---|---|---|---|",
        f"| — | `pathplan --version` (floor) | {floor * 1000:.0f} ms | 1.0 | |",
    ]
    for source, label, seconds, note in rows:
        if seconds is None:
            table.append(f"| {source} | {label} | — | — | {note} |")
        else:
            ms = f"{seconds * 1000:,.0f} ms"
            table.append(f"| {source} | {label} | {ms} | {seconds / floor:.1f} | {note} |")
    section = "\n".join(
        [
            SECTION,
            "",
            f"Measured by `python benchmarks/taxonomy_bench.py` on {time.strftime('%Y-%m-%d')}"
            f" ({platform.python_implementation()} {platform.python_version()},"
            f" {os.cpu_count()} CPUs): medians of {args.repeat} runs of each command as a separate"
            " process, in one run, with ratios to `pathplan --version` measured alongside."
            " Frameworks imported from `../shared/data`:",
            "",
            *(f"- {line}" for line in imports),
            "",
            *table,
            "",
            "- *cold load*: read, check and resolve the YAML (`--no-cache`); *cached load*: the"
            " same framework from the cache of `pathplan.loader.cache` (keyed by the files'"
            " SHA-256).",
            "- `route --direct` and `adjacent` use the cache, as every command does by default.",
            "- *in process*: `loader.framework.load_framework` timed inside one Python process,"
            " without the"
            " start-up (imports) that every command pays; the ratio is still to `--version`.",
            "",
        ]
    )
    print(section)
    if not args.no_write:
        replace_section(DOC, SECTION, section)


if __name__ == "__main__":
    main()
