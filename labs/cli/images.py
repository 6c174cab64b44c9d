"""`lab images build|save|load|list`."""

from __future__ import annotations

from pathlib import Path

import typer

from labs.core import constants as c
from labs.core.console import console
from labs.core.i18n import tr
from labs.host import images
from labs.host.live import live_host

images_app = typer.Typer(
    help=tr("Imágenes del laboratorio (sin registro).", "The lab's images (no registry needed)."),
    no_args_is_help=True,
)


def _report(message: str) -> None:
    console.print(f"[cyan]•[/] {message}")


@images_app.command(
    "build",
    help=tr(
        "Construye todas las imágenes que necesita el stack, sin registro.",
        "Build every image the stack needs, with no registry.",
    ),
)
def build(
    force: bool = typer.Option(
        False, "--force", help=tr("Reconstruir aunque existan.", "Rebuild even if present.")
    ),
    pull: bool = typer.Option(
        False,
        "--pull",
        help=tr(
            "Intentar descargar mysql:8.0.35 y python:3.11-slim de un registro (si hay red).",
            "Try to pull mysql:8.0.35 and python:3.11-slim from a registry (if online).",
        ),
    ),
) -> None:
    if pull:
        import os

        os.environ["LAB_ALLOW_PULL"] = "1"
    images.ensure_all(_report, force=force)
    console.print(tr("[green]Imágenes listas.[/]", "[green]Images ready.[/]"))


@images_app.command(
    "save",
    help=tr(
        "Guarda las imágenes en un .tar para un aula sin internet.",
        "Save the images to a .tar for a classroom without internet.",
    ),
)
def save(
    file: Path = typer.Argument(..., help=tr("Archivo .tar de destino", "Target .tar file")),
) -> None:
    images.save(file, _report)


@images_app.command(
    "load", help=tr("Carga las imágenes desde un .tar.", "Load the images from a .tar.")
)
def load(
    file: Path = typer.Argument(
        ...,
        help=tr("Archivo .tar creado con `lab images save`", "A .tar made by `lab images save`"),
    ),
) -> None:
    images.load(file, _report)


@images_app.command(
    "list",
    help=tr(
        "Lista las imágenes del laboratorio y si están presentes.",
        "List the lab's images and whether they are present.",
    ),
)
def list_images() -> None:
    refs = [r.image for r in c.RELEASES] + [c.MYSQL_OFFLINE_IMAGE, c.BASE_IMAGE]
    for ref in refs:
        mark = "[green]✓[/]" if live_host().image_exists(ref) else "[red]✗[/]"
        console.print(f"{mark} {ref}")


def register(app: typer.Typer) -> None:
    app.add_typer(images_app, name="images")
