"""Input: bytes to validated data, every problem located (file, line, column).

Holds the bounded file reader (`files`), YAML with locations (`yaml`), pydantic glue
(`validate`), the framework rules and `load_framework` (`framework`), the framework cache
(`cache`) and the checks its entries pass (`trust`), profiles (`profile`), rosters (`roster`),
batch files (`batchfile`) and the JSON Schemas of the input files (`schema`).

May import: `pathplan.model`, `pathplan.errors` (and networkx, lazily, for cycle checks).
Never: graph, planner, render, cli, typer or rich. No printing, no environment, no flag names.
Importing this package is cheap: it does not import PyYAML (a cached framework needs none).
"""
