"""Batch results as JSON Lines, one JSON document, or a Markdown report for a CI job summary."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from pathplan.batch import Result, exit_code
from pathplan.gates import percent
from pathplan.render import json as rjson
from pathplan.render import team as rteam

STATUSES = ("ok", "gate", "no-route", "error")
_ICONS = {"ok": "✅", "gate": "⛔", "no-route": "❌", "error": "⚠️"}


def _route(value: Any) -> dict[str, Any]:
    start, target, found = value
    return json.loads(rjson.routes(list(found), start, target))  # type: ignore[no-any-return]


def _gap(value: Any) -> dict[str, Any]:
    return json.loads(rjson.gap(value))  # type: ignore[no-any-return]


# A result embeds the very document its command prints with --format json: rendering through the
# command's own renderer keeps the two identical as either one grows. New kinds add an entry.
def _adjacent(value: Any) -> dict[str, Any]:
    source, ranked = value
    return json.loads(rjson.neighbours(source, ranked))  # type: ignore[no-any-return]


def _candidates(value: Any) -> dict[str, Any]:
    return json.loads(rteam.candidates_json(value))  # type: ignore[no-any-return]


DOCUMENTS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "route": _route,
    "gap": _gap,
    "adjacent": _adjacent,
    "candidates": _candidates,
}


_FIRST = ("kind", "id")
_LAST = ("max_hours", "min_coverage")


def query(r: Result) -> dict[str, Any]:
    """The query as written (options left out were not set): kind and id first, gates last."""
    echo = r.query.model_dump(mode="json", by_alias=True, exclude_unset=True)
    order = [*_FIRST, *(k for k in echo if k not in _FIRST + _LAST), *_LAST]
    return {k: _plain(echo[k]) for k in order if k in echo}


def _plain(value: Any) -> Any:
    # YAML's `max_hours: 300` is the float 300.0 in the model; echo it as written.
    return rjson.number(value) if isinstance(value, float) else value


def result(r: Result) -> dict[str, Any]:
    """One result, keys in a fixed order."""
    document = None
    if r.value is not None:
        document = DOCUMENTS[r.query.kind](r.value)
    return {
        "index": r.index,
        "query": query(r),
        "status": r.status,
        "exit_code": r.exit_code,
        "hours": None if r.hours is None else rjson.number(r.hours),
        "coverage": None if r.coverage is None else round(r.coverage, 4),
        "gates": [
            {"gate": v.gate, "limit": v.limit, "actual": v.actual, "message": v.message}
            for v in r.violations
        ],
        "error": r.error,
        "hint": r.hint,
        "result": document,
    }


def summary(results: list[Result]) -> dict[str, Any]:
    """How many queries ended in each status, and the exit code of the run."""
    counts = Counter(r.status for r in results)
    return {
        "queries": len(results),
        **{status: counts[status] for status in STATUSES},
        "exit_code": exit_code(results),
    }


def jsonl(results: list[Result]) -> str:
    """One compact JSON document per line, in input order."""
    lines = (
        json.dumps(
            {"kind": "batch-result", "version": rjson.SCHEMA_VERSION, **result(r)},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for r in results
    )
    return "".join(line + "\n" for line in lines)


def document(results: list[Result]) -> str:
    """Every result in one JSON document, with the summary first."""
    return rjson.dumps(
        "batch", {"summary": summary(results), "results": [result(r) for r in results]}
    )


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def describe(r: Result, *, markdown: bool = False) -> str:
    """The query in one line, e.g. `route from=dev to=sales-eng`."""
    echo = query(r)
    kind = echo.pop("kind")
    label = echo.pop("id", None)
    options = " ".join(
        f"{k}={','.join(map(str, v)) if isinstance(v, list) else v}" for k, v in echo.items()
    )
    text = f"{kind} {options}".strip()
    if not label:
        return text
    return f"**{label}**: {text}" if markdown else f"{label}: {text}"


def _details(r: Result) -> str:
    if r.violations:
        return "; ".join(v.message for v in r.violations)
    if r.error:
        return r.error + (f" (hint: {r.hint})" if r.hint else "")
    if r.query.kind == "route":
        return " → ".join(r.value[2][0].roles)
    if r.query.kind == "gap":
        return f"{len(r.value.plan.steps)} steps"
    return ""


def markdown(results: list[Result]) -> str:
    """A heading with the counts, then one table row per query."""
    s = summary(results)
    counts = ", ".join(f"{s[status]} {status}" for status in STATUSES)
    lines = [
        f"## pathplan batch: {s['queries']} queries ({counts}), exit {s['exit_code']}",
        "",
        "| # | Query | Status | Hours | Coverage | Details |",
        "|--:|---|---|--:|--:|---|",
    ]
    for r in results:
        hours = "" if r.hours is None else str(rjson.number(r.hours))
        coverage = "" if r.coverage is None else percent(r.coverage)
        cells = [
            str(r.index + 1),
            _cell(describe(r, markdown=True)),
            f"{_ICONS[r.status]} {r.status}",
            hours,
            coverage,
            _cell(_details(r)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
