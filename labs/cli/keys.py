"""`lab keys init|show`: the instructor's signing key pair."""

from __future__ import annotations

import typer

from labs.core.console import console
from labs.core.i18n import tr

keys_app = typer.Typer(
    help=tr(
        "Clave del instructor para firmar exámenes y certificados.",
        "The instructor's key that signs exams and certificates.",
    ),
    no_args_is_help=True,
)

KeysDirOption = typer.Option(
    None,
    "--dir",
    help=tr(
        "Carpeta de las claves (por defecto $LAB_KEYS_DIR o ~/.config/inatrace-lab/keys).",
        "Key folder (default: $LAB_KEYS_DIR or ~/.config/inatrace-lab/keys).",
    ),
)


@keys_app.command(
    "init",
    help=tr(
        "Crea el par de claves Ed25519 del instructor (la privada con permisos 0600).",
        "Make the instructor's Ed25519 key pair (the private key mode 0600).",
    ),
)
def init(
    instructor: str = typer.Option(
        ..., "--instructor", help=tr("Nombre del instructor.", "The instructor's name.")
    ),
    directory: str | None = KeysDirOption,
    force: bool = typer.Option(
        False, "--force", help=tr("Reemplazar una clave existente.", "Replace an existing key.")
    ),
) -> None:
    from labs.certs.keys import fingerprint, init_keys, keydir

    keys = keydir(directory)
    public = init_keys(keys, instructor, force=force)
    console.print(tr(f"Clave privada: {keys.private} (0600)", f"Private key: {keys.private}"))
    console.print(tr(f"Clave pública: {keys.public}", f"Public key: {keys.public}"))
    console.print(tr(f"Huella: {fingerprint(public)}", f"Fingerprint: {fingerprint(public)}"))
    console.print(
        tr(
            "Publique instructor.pub y su huella: con ellos cualquiera verifica un certificado.",
            "Publish instructor.pub and its fingerprint: with them anyone verifies a certificate.",
        )
    )


@keys_app.command(
    "show", help=tr("Muestra la clave pública y su huella.", "Show the public key's fingerprint.")
)
def show(directory: str | None = KeysDirOption) -> None:
    from labs.certs.keys import fingerprint, keydir, load_public

    keys = keydir(directory)
    public = load_public(keys.public)
    console.print(f"{keys.public}")
    console.print(tr(f"Instructor: {keys.instructor() or '-'}", f"Instructor: {keys.instructor()}"))
    console.print(tr(f"Huella: {fingerprint(public)}", f"Fingerprint: {fingerprint(public)}"))


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
