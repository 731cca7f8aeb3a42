"""The planner: pure functions of a framework and a holder, returning typed results.

Holds the result types (`results`), the level solver (`levels`), plans and gaps (`plan`), routes
(`route`), schedules (`schedule`), adjacent roles (`adjacent`), team views (`team`), CI gates
(`gates`), batch execution (`batch`) and running either on many processes or a Dask cluster
(`parallel`, `dask`). Every public function documents what it raises; every
error is a `pathplan.errors` class carrying data.

May import: `pathplan.graph`, `pathplan.loader`, `pathplan.model`, `pathplan.errors`, networkx.
Never: render, cli, typer or rich. No printing, no environment, no flag names, no exit calls.

This `__init__` re-exports nothing: a function named like its module (`plan.plan`,
`route.route`) would hide the module. Import from the modules, or use `import pathplan`.
"""
