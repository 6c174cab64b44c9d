"""The `lab` command: assembles the verbs and is the only place errors are caught."""

from __future__ import annotations

import sys

import typer

from labs import __version__
from labs.core.console import err_console
from labs.core.errors import EXIT_INTERRUPTED, LabError
from labs.core.i18n import tr

app = typer.Typer(
    name="lab",
    help=tr(
        "INATrace Ops Lab: laboratorio de operaciones del backend INATrace.",
        "INATrace Ops Lab: operations lab for the INATrace backend.",
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"inatrace-lab {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version,
        is_eager=True,
        help=tr("Muestra la versión y termina.", "Show the version and exit."),
    ),
) -> None:
    pass


def _register_verbs() -> None:
    # Imported here so each verb module stays independent of the others.
    from labs.cli import verbs

    for module in verbs.all_modules():
        module.register(app)
    from labs.cli import classroom

    classroom.register(app)


_register_verbs()


def run() -> None:
    try:
        app()
    except LabError as exc:
        report(exc)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err_console.print(tr("Interrumpido.", "Interrupted."))
        sys.exit(EXIT_INTERRUPTED)


def report(exc: LabError) -> None:
    """The error and its fix, never wrapped: a fix is often a command to copy."""
    err_console.print("[bold red]Error:[/] ", end="")
    err_console.print(exc.message, markup=False, soft_wrap=True)
    if exc.fix:
        err_console.print(f"[yellow]{tr('Cómo resolverlo', 'How to fix')}:[/] ", end="")
        err_console.print(exc.fix, markup=False, soft_wrap=True)
