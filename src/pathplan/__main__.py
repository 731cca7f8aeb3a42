"""Run pathplan as ``python -m pathplan``."""

from pathplan.launcher import main

main()
