"""The command line (Typer only): parse, call the core, render, and map errors to exit codes.

`app` holds the Typer app and the global options (declared once); `output` the consoles,
--output, the progress bar and the error reporter (the only place that words errors for the
command line and picks exit codes); one module per command group (`plan`, `browse`, `team`,
`batch`, `importers`, `schema`); `main` wires them up; `launcher` is the console script.

May import everything below it: render, planner, graph, loader, model, errors. This package's
`__init__` imports nothing, so the launcher answers `--version` without importing typer.
"""
