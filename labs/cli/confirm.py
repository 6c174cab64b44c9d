"""Asking before a step that cannot be undone: a person answers, a script passes --yes."""

from __future__ import annotations

import sys

import typer

from labs.core.errors import Refused
from labs.core.i18n import tr

YesOption = typer.Option(
    False, "--yes", "-y", help=tr("No pedir confirmación.", "Do not ask for confirmation.")
)


def interactive() -> bool:
    """Is a person at a terminal to answer?"""
    return sys.stdin.isatty()


def confirm(question: str, *, yes: bool, what: str) -> None:
    """Go on when --yes, or when a person at a terminal says yes; otherwise refuse (exit 4)."""
    if yes:
        return
    if not interactive():
        raise Refused(
            tr(
                f"No se hizo nada: {what} necesita confirmación y no hay una terminal "
                "para pedirla (rechazado para proteger datos).",
                f"Nothing was done: {what} needs a confirmation and there is no terminal "
                "to ask for it (refused to protect data).",
            ),
            tr("Si está seguro, repita la orden con `--yes`.", "If you are sure, add `--yes`."),
        )
    if not typer.confirm(question, default=False):
        raise Refused(
            tr("Cancelado: no se hizo nada.", "Cancelled: nothing was done."),
            None,
        )
