"""Run pathplan as ``python -m pathplan``."""

from pathplan.cli.launcher import run

run()
