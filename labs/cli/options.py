"""Options shared by several verbs."""

from __future__ import annotations

import typer

HOME_HELP = "Espacio de trabajo (por defecto $LAB_HOME o ~/inatrace-lab)."
HomeOption = typer.Option(None, "--home", help=HOME_HELP, envvar=None)
