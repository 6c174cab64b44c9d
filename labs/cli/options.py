"""Options shared by several verbs, and what the shell completes for them."""

from __future__ import annotations

import typer

from labs.core.i18n import tr
from labs.core.workspace import resolve_home

HOME_HELP = tr(
    "Espacio de trabajo (por defecto $LAB_HOME o ~/inatrace-lab).",
    "Workspace (default: $LAB_HOME or ~/inatrace-lab).",
)
HomeOption = typer.Option(None, "--home", help=HOME_HELP, envvar=None)
KeysOption = typer.Option(
    None,
    "--keys",
    help=tr(
        "Carpeta de la clave del instructor (por defecto la de `lab keys init`).",
        "Folder of the instructor's key (default: the one from `lab keys init`).",
    ),
)
JsonOption = typer.Option(
    False, "--json", help=tr("Salida en JSON, para scripts.", "JSON output, for scripts.")
)


def complete_lab(incomplete: str) -> list[str]:
    """Lab names: the scenario files shipped with the lab."""
    from labs.scenario.load import shipped_scenarios

    return [p.stem for p in shipped_scenarios() if p.stem.startswith(incomplete)]


def complete_exercise(ctx: typer.Context, incomplete: str) -> list[str]:
    """Exercise ids of the lab running in the workspace (--home, LAB_HOME or the default)."""
    from labs.cli.lookup import exercise_ids

    home = ctx.params.get("home") if ctx.params else None
    try:
        ids = exercise_ids(resolve_home(home if isinstance(home, str) else None))
    except Exception:  # completion must never print a traceback into the shell
        return []
    return [i for i in ids if i.startswith(incomplete)]
