"""How well `pathplan adjacent` recovers O*NET's published realistic career moves.

O*NET's Career Changers Matrix lists, for 777 occupations, up to 10 occupations that "make use
of similar skills and experience" (O*NET's words). This script imports O*NET from
../shared/data/onet with pathplan's importer (in process), ranks every occupation with the real
`adjacent` (from the occupation's own requirements, as `--from` does), and reports recall@5 and
recall@10 against that list, next to two baselines computed here and a handful of variants of
the similarity model (docs/adjacency.md says why each). The matrix is evaluation data: it is
read here and nowhere else (a test checks that src/ never names it).

recall@k of an occupation = the share of its listed moves found in the first k of the ranking;
the figure is the mean over the occupations listed (moves to occupations the import leaves out
are not counted). Writes the `## Measured` section of docs/adjacency.md.

    python benchmarks/adjacency_eval.py [--data ../shared/data/onet] [--no-write]
"""

from __future__ import annotations

import argparse
import csv
import math
import platform
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import mul
from pathlib import Path
from typing import Any

from sections import replace_section

from pathplan.importers.onet import read_onet
from pathplan.loader.framework import framework_from_data
from pathplan.model import Framework
from pathplan.planner.adjacent import adjacent
from pathplan.planner.levels import start_levels
from pathplan.planner.plan import gap
from pathplan.planner.similarity import LEVEL_WEIGHT, PARTS, WEIGHTS, Match, neighbours

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "adjacency.md"
SECTION = "## Measured"
MATRIX = "Career Changers Matrix.txt"
KS = (5, 10)

Ranking = Callable[[str], Sequence[str]]


def related_moves(folder: Path, fw: Framework) -> dict[str, set[str]]:
    """Source role -> the roles O*NET lists as its realistic moves (both in the framework)."""
    by_code = {role.code: rid for rid, role in fw.roles.items()}
    moves: dict[str, set[str]] = {}
    with (folder / MATRIX).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            source = by_code.get(row["O*NET-SOC Code"])
            target = by_code.get(row["Related O*NET-SOC Code"])
            if source is not None and target is not None and source != target:
                moves.setdefault(source, set()).add(target)
    return moves


def recall(rank: Ranking, moves: Mapping[str, set[str]]) -> dict[int, float]:
    """Mean over sources of |first k of the ranking ∩ listed moves| / |listed moves|."""
    sums = dict.fromkeys(KS, 0.0)
    for source, listed in moves.items():
        ranked = list(rank(source))
        for k in KS:
            sums[k] += len(set(ranked[:k]) & listed) / len(listed)
    return {k: total / len(moves) for k, total in sums.items()}


def least_hours(fw: Framework) -> Ranking:
    """Baseline: the roles that take the fewest hours to meet from the source's start."""

    def rank(source: str) -> list[str]:
        held = start_levels(fw, source)
        hours = {r: gap(fw, held, r).plan.hours for r in fw.roles if r != source}
        return sorted(hours, key=lambda r: (hours[r], r))[: max(KS)]

    return rank


def unit_rows(fw: Framework, centre: str) -> dict[str, list[float]]:
    """Each role's importance vector over all elements, centred and scaled to unit length.

    centre="role": on the role's own mean (so dot products are Pearson correlations; an unrated
    element counts as that mean, i.e. not at all); centre="element": on each element's mean
    over all roles (the centred correlation the brief names).
    """
    elements = sorted({s for r in fw.roles.values() for s in r.importance})
    rated = [r for r in fw.roles.values() if r.importance]
    means = {
        s: sum(r.importance[s] for r in rated if s in r.importance)
        / sum(1 for r in rated if s in r.importance)
        for s in elements
    }
    rows = {}
    for role in rated:
        own = sum(role.importance.values()) / len(role.importance)
        values = [role.importance.get(s, own if centre == "role" else means[s]) for s in elements]
        centred = [
            v - (own if centre == "role" else means[s])
            for v, s in zip(values, elements, strict=True)
        ]
        norm = math.sqrt(sum(x * x for x in centred)) or 1.0
        rows[role.id] = [x / norm for x in centred]
    return rows


def by_rows(rows: Mapping[str, list[float]]) -> Ranking:
    """Rank by the dot product of unit rows (a correlation)."""

    def rank(source: str) -> list[str]:
        mine = rows[source]
        scores = {r: sum(map(mul, mine, v)) for r, v in rows.items() if r != source}
        return sorted(scores, key=lambda r: (-scores[r], r))[: max(KS)]

    return rank


def by_parts(
    matches: Mapping[str, list[Match]],
    weights: Mapping[str, float],
    level_weight: float,
    skills: Mapping[str, Mapping[str, float]] | None = None,
) -> Ranking:
    """Rank by a variant of the score: other weights, or another skills part."""

    def rank(source: str) -> list[str]:
        scored = []
        for m in matches[source]:
            parts = m.similarity.parts()
            if skills is not None:
                parts["skills"] = skills[source][m.role]
            used = {p: v for p, v in parts.items() if weights.get(p)}
            weight = sum(weights[p] for p in used)
            total = sum(weights[p] * v for p, v in used.items()) / weight if weight else 0.0
            scored.append((-(total + level_weight * m.level_fit), m.role))
        return [r for _, r in sorted(scored)[: max(KS)]]

    return rank


def correlation_part(rows: Mapping[str, list[float]], sources: Iterable[str]) -> dict[str, Any]:
    """Source -> role -> (1 + element-centred correlation) / 2, a 0..1 skills part."""
    out: dict[str, Any] = {}
    for source in sources:
        mine = rows[source]
        out[source] = {r: (1 + sum(map(mul, mine, v))) / 2 for r, v in rows.items()}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "onet")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    if not (args.data / MATRIX).is_file():
        sys.exit(f"no {MATRIX} in {args.data}")

    begin = time.perf_counter()
    imported = read_onet(args.data)
    fw = framework_from_data(imported.skills, imported.roles)
    moves = related_moves(args.data, fw)
    pairs = sum(len(v) for v in moves.values())
    print(f"{imported.source}: {len(fw.roles)} roles; {len(moves)} sources, {pairs} listed moves")

    results: list[tuple[str, dict[int, float]]] = []

    def measure(label: str, rank: Ranking) -> None:
        start = time.perf_counter()
        found = recall(rank, moves)
        results.append((label, found))
        at = "  ".join(f"@{k} {found[k]:.3f}" for k in KS)
        print(f"{label:<66} {at}  ({time.perf_counter() - start:.0f} s)", flush=True)

    measure(
        "**pathplan adjacent**",
        lambda s: [n.role for n in adjacent(fw, start_levels(fw, s), s, top=max(KS))],
    )
    measure("baseline: least hours to meet the role", least_hours(fw))
    measure(
        "baseline: Pearson correlation of importance profiles",
        by_rows(unit_rows(fw, "role")),
    )
    matches = {s: neighbours(fw, s) for s in moves}
    chosen = dict(WEIGHTS)
    only = {p: (1.0 if p == "skills" else 0.0) for p in PARTS}
    equal = dict.fromkeys(PARTS, 1.0)
    correlation = correlation_part(unit_rows(fw, "element"), moves)
    for label, rank in (
        (
            "variant: the similarity ranking alone (no step-down filter, no hours tie-break)",
            lambda s: [m.role for m in matches[s][: max(KS)]],
        ),
        ("variant: skills part alone (closeness of all ratings)", by_parts(matches, only, 0)),
        ("variant: skills part + level fit", by_parts(matches, only, LEVEL_WEIGHT)),
        (
            "variant: all four parts, equal weights, + level fit",
            by_parts(matches, equal, LEVEL_WEIGHT),
        ),
        ("variant: chosen weights, no level fit", by_parts(matches, chosen, 0)),
        (
            "variant: chosen, skills as centred correlation of importance",
            by_parts(matches, chosen, LEVEL_WEIGHT, correlation),
        ),
        ("variant: chosen, level fit weight 0.2", by_parts(matches, chosen, 0.2)),
    ):
        measure(label, rank)

    rows = [
        "| ranking | recall@5 | recall@10 |",
        "|---|---|---|",
        *(f"| {label} | {found[5]:.3f} | {found[10]:.3f} |" for label, found in results),
    ]
    section = "\n".join(
        [
            SECTION,
            "",
            f"`python benchmarks/adjacency_eval.py` on {time.strftime('%Y-%m-%d')}"
            f" ({platform.python_implementation()} {platform.python_version()},"
            f" {time.perf_counter() - begin:.0f} s): {imported.source} imported from"
            f" `{args.data.name}` ({len(fw.roles)} roles); {len(moves)} occupations of the"
            f" Career Changers Matrix with {pairs} listed moves between imported occupations.",
            "",
            *rows,
            "",
        ]
    )
    print()
    print(section)
    if not args.no_write:
        replace_section(DOC, SECTION, section)


if __name__ == "__main__":
    main()
