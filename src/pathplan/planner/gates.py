"""CI gates: policy limits on a result's hours and coverage. Pure: numbers in, violations out.

A gate is crossed when a plan needs more than `max_hours`, or when the holder already meets less
than `min_coverage` of the target role's requirements. For a gap the hours are the optimal plan's;
for a route they are the best route's total, and the coverage is the start holder's against the
target role (what `pathplan gap` would report for the same holder and role).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Limits", "Verdict", "Violation", "check", "percent", "verdicts"]

_EPS = 1e-9


@dataclass(frozen=True)
class Limits:
    """The gates in force; None means no gate."""

    max_hours: float | None = None
    min_coverage: float | None = None  # a fraction 0..1

    def merged(self, override: Limits) -> Limits:
        """These limits with any limit set in `override` taking precedence."""
        return Limits(
            override.max_hours if override.max_hours is not None else self.max_hours,
            override.min_coverage if override.min_coverage is not None else self.min_coverage,
        )

    @property
    def any(self) -> bool:
        """Whether any gate is in force."""
        return self.max_hours is not None or self.min_coverage is not None


@dataclass(frozen=True)
class Violation:
    """One gate crossed: which, its limit, the value that crossed it, and a sentence saying so."""

    gate: str  # "max-hours" or "min-coverage"
    limit: float
    actual: float

    @property
    def message(self) -> str:
        """What crossed the gate, for people."""
        if self.gate == "max-hours":
            return f"max-hours: needs {self.actual:g} h, over the limit of {self.limit:g} h"
        return (
            f"min-coverage: coverage {percent(self.actual)} is under the limit of"
            f" {percent(self.limit)}"
        )


def percent(fraction: float) -> str:
    """A fraction as a percentage, without hiding the difference between 79.5% and 80%."""
    return f"{round(fraction * 100, 2):g}%"


@dataclass(frozen=True)
class Verdict:
    """One gate in force: its limit, the value it measured (None: not measured), and the outcome."""

    gate: str  # "max-hours" or "min-coverage"
    limit: float
    actual: float | None
    passed: bool


def verdicts(limits: Limits, *, hours: float, coverage: float | None) -> list[Verdict]:
    """How `hours` and `coverage` fare against each gate in `limits` (coverage None: unmeasured)."""
    found = []
    if limits.max_hours is not None:
        passed = hours <= limits.max_hours + _EPS
        found.append(Verdict("max-hours", limits.max_hours, round(hours, 2), passed))
    if limits.min_coverage is not None:
        actual = None if coverage is None else round(coverage, 4)
        passed = coverage is None or coverage >= limits.min_coverage - _EPS
        found.append(Verdict("min-coverage", limits.min_coverage, actual, passed))
    return found


def check(limits: Limits, *, hours: float, coverage: float | None) -> list[Violation]:
    """Every gate in `limits` that `hours` and `coverage` cross (coverage None: not measured)."""
    return [
        Violation(v.gate, v.limit, v.actual)
        for v in verdicts(limits, hours=hours, coverage=coverage)
        if not v.passed and v.actual is not None
    ]
