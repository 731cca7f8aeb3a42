"""Run pathplan as ``python -m pathplan``."""

from pathplan.cli import main

main()
