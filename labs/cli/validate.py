"""`lab validate [FILES]`: check scenario files (default: every shipped one); `--schema`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from labs.core.console import console
from labs.core.errors import EXIT_USAGE
from labs.core.i18n import tr
from labs.scenario.load import shipped_scenarios, validate_file
from labs.scenario.models import json_schema


def register(app: typer.Typer) -> None:
    @app.command(
        "validate",
        help=tr(
            "Valida escenarios: estructura, tipos de falla y verificación, ids y pesos.",
            "Validate scenarios: structure, fault and check kinds, ids and weights.",
        ),
    )
    def validate(
        files: list[Path] | None = typer.Argument(
            None, help=tr("Archivos de escenario (YAML).", "Scenario files (YAML).")
        ),
        schema: bool = typer.Option(
            False, "--schema", help=tr("Imprime el esquema JSON.", "Print the JSON schema.")
        ),
    ) -> None:
        if schema:
            typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
            return
        paths = list(files or shipped_scenarios())
        if not paths:
            console.print(tr("No hay escenarios que validar.", "No scenarios to validate."))
            raise typer.Exit(EXIT_USAGE)
        invalid = sum(not _report(path) for path in paths)
        if invalid:
            raise typer.Exit(EXIT_USAGE)


def _report(path: Path) -> bool:
    scenario, problems = validate_file(path)
    if scenario is None or problems:
        console.print(f"[red]✗[/] {path}")
        for problem in problems:
            where = f"{problem.path}: " if problem.path else ""
            console.print(
                f"    {where}{problem.message}\n      → {problem.fix}", markup=False, soft_wrap=True
            )
        return False
    checks = sum(len(e.checks) for e in scenario.exercises)
    console.print(
        f"[green]OK[/] {path}  "
        + tr(
            f"({scenario.id}: {len(scenario.exercises)} ejercicios, {checks} verificaciones)",
            f"({scenario.id}: {len(scenario.exercises)} exercises, {checks} checks)",
        )
    )
    return True
