"""`lab doctor [--json]`: check the host and say how to fix each problem."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer
from rich.table import Table

from labs import doctor
from labs.cli.options import HomeOption, JsonOption
from labs.core.console import console
from labs.core.errors import EXIT_HOST
from labs.core.i18n import tr
from labs.core.workspace import resolve_home
from labs.host.live import live_host


def register(app: typer.Typer) -> None:
    @app.command(
        "doctor",
        help=tr(
            "Revisa Docker, Compose, imágenes, puertos (y quién los ocupa), disco y espacio "
            "de trabajo; termina con 3 si algo falla.",
            "Check Docker, Compose, images, ports (and who holds them), disk and workspace; "
            "exits 3 when something fails.",
        ),
    )
    def doctor_cmd(home: str | None = HomeOption, as_json: bool = JsonOption) -> None:
        findings = doctor.run_all(resolve_home(home), live_host())
        ok = all(item.ok for item in findings)
        if as_json:
            document = {"ok": ok, "findings": [asdict(item) for item in findings]}
            typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
        else:
            console.print(_table(findings))
            for item in findings:
                if not item.ok and item.fix:
                    # A fix is often a command to copy: printed whole, never wrapped.
                    console.print(f"[red]✗[/] {item.name} → ", end="")
                    console.print(item.fix, markup=False, soft_wrap=True)
        if not ok:
            raise typer.Exit(EXIT_HOST)


def _table(findings: list[doctor.Finding]) -> Table:
    table = Table(title=tr("Diagnóstico del host del laboratorio", "Lab host diagnosis"))
    for column in ("", tr("Revisión", "Check"), tr("Detalle", "Detail")):
        table.add_column(column)
    for item in findings:
        table.add_row("[green]✓[/]" if item.ok else "[red]✗[/]", item.name, item.detail)
    if not all(item.ok for item in findings):
        table.caption = tr("Cómo resolver cada problema:", "How to fix each problem:")
    return table
