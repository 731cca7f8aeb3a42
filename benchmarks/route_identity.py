"""Check that route answers are byte-identical to another checkout's, on mixed seeded queries.

Run on demand (not in the test suite), when the route search changes:

    .venv/bin/python benchmarks/route_identity.py --reference ../main/src
    .venv/bin/python benchmarks/route_identity.py --reference ../main/src --queries 600 --seed 3

Writes one batch file of route queries between random roles of the bundled framework, with a
mix of options (`direct`, `max_step`, `via`, `avoid`, `alternatives`, some from a profile), runs
`pathplan batch FILE --format FORMAT --workers 1` with this checkout's `src` and then with the
reference `src` first on PYTHONPATH, and compares the outputs byte for byte (JSON Lines, then
markdown). A query whose search runs out of its budget depends on timing: each has 2 s, and
those that ran out on either side are left out of the comparison (the script says how many).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "data" / "examples" / "profile.yaml"


def queries(roles: list[str], count: int, seed: int) -> list[dict[str, Any]]:
    """`count` route queries with a seeded mix of options."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for _ in range(count):
        start, target = rng.choice(roles), rng.choice(roles)
        query: dict[str, Any] = {"kind": "route", "to": target, "time_limit": 2}
        if rng.random() < 0.1:
            query["profile"] = str(PROFILE)
        else:
            query["from"] = start
        # With both `direct` and `max_step` a search may run for seconds and out of its budget:
        # where it stops depends on timing, so the two options are not mixed here.
        if rng.random() < 0.3:
            query["direct"] = True
        elif rng.random() < 0.2:
            query["max_step"] = rng.choice([300, 450, 600, 900])
        others = [r for r in roles if r not in (start, target)]
        if rng.random() < 0.15:
            query["via"] = [rng.choice(others)]
        if rng.random() < 0.15:
            query["avoid"] = rng.sample(others, rng.randint(1, 3))
        if rng.random() < 0.4:
            query["alternatives"] = rng.choice([1, 2, 3, 5])
        out.append(query)
    return out


def run(src: Path, batch: Path, fmt: str) -> subprocess.CompletedProcess[bytes]:
    """`pathplan batch` with `src` first on PYTHONPATH, in one process."""
    env = {k: v for k, v in os.environ.items() if k != "PATHPLAN_DATA"}
    env["PYTHONPATH"] = str(src)
    args = [sys.executable, "-m", "pathplan", "batch", str(batch), "--format", fmt]
    return subprocess.run([*args, "--workers", "1", "--quiet"], env=env, capture_output=True)


def timed_out(line: bytes) -> bool:
    """Whether a JSON Lines result is of a search that ran out of its budget."""
    return b'"stopped":{' in line or b"ran out of its" in line


def compare(name: str, ours: bytes, theirs: bytes) -> bool:
    """Print whether two outputs are the same, and their first different line if not."""
    same = ours == theirs
    print(f"{name}: {'identical' if same else 'DIFFERENT'} ({len(ours):,} bytes)")
    for a, b in zip(ours.splitlines(), theirs.splitlines(), strict=False):
        if a != b:
            print(f"  first difference:\n  ours:   {a[:400]!r}\n  theirs: {b[:400]!r}")
            break
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, required=True, help="the other checkout's src")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=6)
    options = parser.parse_args()
    listed = subprocess.run(
        [sys.executable, "-m", "pathplan", "roles", "--format", "json"],
        capture_output=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    ).stdout
    roles = sorted(r["id"] for r in json.loads(listed)["roles"])
    mix = queries(roles, options.queries, options.seed)
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "queries.json"
        batch.write_text(json.dumps(mix))
        ours, theirs = run(ROOT / "src", batch, "jsonl"), run(options.reference, batch, "jsonl")
        pairs = list(zip(ours.stdout.splitlines(), theirs.stdout.splitlines(), strict=True))
        kept = [i for i, (a, b) in enumerate(pairs) if not (timed_out(a) or timed_out(b))]
        print(f"{len(mix)} queries, {len(mix) - len(kept)} left out: their search ran out")
        same = compare(
            "jsonl",
            b"\n".join(pairs[i][0] for i in kept),
            b"\n".join(pairs[i][1] for i in kept),
        )
        # The queries that did not run out, rendered as markdown, and the exit codes.
        batch.write_text(json.dumps([mix[i] for i in kept]))
        ours, theirs = (
            run(ROOT / "src", batch, "markdown"),
            run(options.reference, batch, "markdown"),
        )
        same = compare("markdown", ours.stdout, theirs.stdout) and same
        same = same and ours.returncode == theirs.returncode
        print(f"exit codes: {ours.returncode} and {theirs.returncode}")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
