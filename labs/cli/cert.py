"""`lab cert verify FILE [--key PUB]` and `lab cert issue RESULT`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from labs.core.console import console
from labs.core.errors import EXIT_FAILING, UsageError
from labs.core.i18n import tr

if TYPE_CHECKING:
    from labs.certs.signing import Verification

cert_app = typer.Typer(
    help=tr("Certificados del examen.", "Exam certificates."), no_args_is_help=True
)


@cert_app.command(
    "verify",
    help=tr(
        "Verifica un certificado (HTML o PDF) o un resultado firmado (0: válido; 1: no).",
        "Verify a certificate (HTML or PDF) or a signed result (0: valid; 1: not).",
    ),
)
def verify(
    file: Path = typer.Argument(..., help=tr("Archivo a verificar.", "File to verify.")),
    key: Path | None = typer.Option(
        None,
        "--key",
        help=tr(
            "instructor.pub del instructor (por defecto el de este equipo, si existe).",
            "The instructor's instructor.pub (default: this machine's, if any).",
        ),
    ),
) -> None:
    from labs.certs.keys import keydir, load_public
    from labs.certs.verify import verify_file

    if not file.is_file():
        raise UsageError(
            tr(f"No existe {file}.", f"{file} does not exist."),
            tr("Indique la ruta del certificado.", "Give the certificate's path."),
        )
    local = keydir(None).public
    trusted_path = key or (local if local.is_file() else None)
    trusted = load_public(trusted_path) if trusted_path else None
    outcome = verify_file(file, trusted)
    console.print(explain(outcome))
    if not outcome.valid:
        raise typer.Exit(EXIT_FAILING)


def explain(outcome: Verification) -> str:
    from labs.certs.signing import Verdict

    verdict = outcome.verdict
    if verdict is Verdict.VALID:
        text = tr(
            f"VÁLIDO: firmado por la clave {outcome.fingerprint}.",
            f"VALID: signed by key {outcome.fingerprint}.",
        )
        if outcome.used_embedded_key:
            text += tr(
                " Se verificó con la clave que trae el archivo: compare esa huella con la "
                "publicada por el instructor, o use --key instructor.pub.",
                " Checked with the key the file carries: compare that fingerprint with the "
                "instructor's published one, or pass --key instructor.pub.",
            )
        return text
    reasons = {
        Verdict.PRACTICE: tr(
            "NO VÁLIDO: es un resultado de práctica, sin firma; no certifica nada.",
            "NOT VALID: a practice result, unsigned; it certifies nothing.",
        ),
        Verdict.WRONG_KEY: tr(
            f"NO VÁLIDO: firmado con otra clave ({outcome.detail}), no con la indicada "
            f"({outcome.fingerprint}).",
            f"NOT VALID: signed with another key ({outcome.detail}), not the one given "
            f"({outcome.fingerprint}).",
        ),
        Verdict.ALTERED: tr(
            "NO VÁLIDO: el contenido fue alterado después de firmarse"
            + (
                " (lo que muestra la página no es lo firmado)."
                if outcome.detail == "page"
                else " (la firma no corresponde a los datos)."
            ),
            "NOT VALID: the content was altered after signing"
            + (
                " (the page does not show what was signed)."
                if outcome.detail == "page"
                else " (the signature does not match the data)."
            ),
        ),
        Verdict.MALFORMED: tr(
            f"NO VÁLIDO: no es un certificado ni un resultado firmado ({outcome.detail}).",
            f"NOT VALID: not a certificate nor a signed result ({outcome.detail}).",
        ),
    }
    return reasons[verdict]


@cert_app.command(
    "issue",
    help=tr(
        "Emite el certificado (HTML y PDF) de un resultado firmado y aprobado.",
        "Issue the certificate (HTML and PDF) of a signed, passing result.",
    ),
)
def issue_cmd(
    result: Path = typer.Argument(..., help=tr("Resultado firmado (JSON).", "Signed result.")),
    out: Path = typer.Option(Path("."), "--out", help=tr("Carpeta de salida.", "Output folder.")),
) -> None:
    from labs.certs.certificate import issue
    from labs.certs.signing import Verdict
    from labs.certs.verify import load_signed, verify_file

    outcome = verify_file(result)
    if outcome.verdict not in (Verdict.VALID, Verdict.PRACTICE):
        console.print(explain(outcome))
        raise typer.Exit(EXIT_FAILING)
    html_path, pdf_path = issue(load_signed(result), out)
    console.print(
        tr(f"Certificado: {html_path} y {pdf_path}", f"Certificate: {html_path}, {pdf_path}")
    )


def register(app: typer.Typer) -> None:
    app.add_typer(cert_app, name="cert")
