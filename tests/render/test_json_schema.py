"""Every JSON document pathplan prints validates against docs/schema/output.json."""

from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from pathplan.cli.main import app
from tests.conftest import FIXTURES, ROOT

HARD = str(FIXTURES / "hitting-set")
SCHEMA = json.loads((ROOT / "docs" / "schema" / "output.json").read_text())

CASES = [
    ("route", "--from", "dev", "--to", "sales-eng", "-k", "2", "--direct"),
    ("route", "--from", "dev", "--to", "dev"),
    (
        "route",
        "--from",
        "dev",
        "--to",
        "sales-eng",
        "--hours-per-week",
        "5",
        "--start",
        "2027-01-04",
    ),
    ("gap", "--from", "dev", "--to", "dev-senior", "--hours-per-week", "8"),
    ("adjacent", "dev", "--top", "5"),
    ("gap", "--from", "dev", "--to", "sales-eng"),
    ("route", "--from", "dev", "--to", "sales-eng", "--direct", "--max-step", "450"),
    ("route", "--from", "dev-senior", "--to", "dev"),
    ("route", "--from", "sales-eng", "--to", "dev"),
    # Searches that run out of their budget on the hitting-set framework.
    ("gap", "--from", "start", "--to", "hard", "--time-limit", "0.2", "--data", HARD),
    ("route", "--from", "start", "--to", "hard", "--time-limit", "0.2", "--data", HARD),
    ("roles",),
    ("skills",),
    ("show", "sales-eng"),
    ("show", "python"),
    ("validate",),
]


@pytest.mark.parametrize("args", CASES, ids=[" ".join(c) for c in CASES])
def test_output_matches_the_schema(runner: CliRunner, args: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    jsonschema.validate(json.loads(result.stdout), SCHEMA)


def test_schema_rejects_a_wrong_document() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"kind": "route", "version": 1, "roles": ["dev"]}, SCHEMA)
