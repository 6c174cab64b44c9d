"""`env-note`: a written configuration-verification note agrees with the running container.

Práctica 23: the trainee reads the backend's configuration the course's way (`docker exec
… env | sort | grep INATRACE`, `env | grep SPRING_MAIL`) and writes down what is in use.
Each asked key must appear in the note with the value the live container carries
(`docker inspect`, not the .env: a file edited but not applied is not the configuration
in use). Secrets are never copied into a note: a password value found there fails.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath, ServiceName
from grader.context import CheckContext
from labs.core import constants
from labs.core.i18n import tr

EnvKey = Annotated[str, Field(pattern=r"^[A-Z_][A-Z0-9_]*$")]
SECRET = re.compile(r"PASSWORD|SECRET|APIKEY|SIGNINGKEY|TOKEN")


class EnvNoteSpec(CheckSpec):
    kind: Literal["env-note"]
    path: RelPath
    keys: list[EnvKey] = Field(min_length=1)
    container: ServiceName = "backend"
    no_secrets: bool = True


def noted_value(text: str, key: str) -> str | None:
    """The value written next to KEY: `KEY=v` (as env prints it), `KEY: v` or a table row
    `| KEY | v |`; backticks and quotes around either are ignored. The last one counts."""
    pattern = re.compile(
        rf"`?\b{re.escape(key)}\b`?\s*(?:=|:|\|)\s*[`\"']?([^\s`\"'|]+)", re.MULTILINE
    )
    found = pattern.findall(text)
    return found[-1] if found else None


class EnvNote(Check[EnvNoteSpec]):
    kind = "env-note"
    Spec = EnvNoteSpec

    def evaluate(self, spec: EnvNoteSpec, ctx: CheckContext) -> Outcome:
        note = ctx.path(spec.path)
        if not note.is_file():
            return Outcome.unavailable(
                tr(f"No existe {spec.path}.", f"{spec.path} does not exist."),
                tr(
                    "Escriba la nota de verificación con lo que muestra el contenedor.",
                    "Write the verification note from what the container shows.",
                ),
            )
        info = ctx.container(spec.container)
        if info is None:
            return Outcome.unavailable(
                tr(
                    f"El contenedor {constants.CONTAINERS[spec.container]} no existe.",
                    f"Container {constants.CONTAINERS[spec.container]} does not exist.",
                ),
                tr("Levante el stack y vuelva a evaluar.", "Bring the stack up and re-check."),
            )
        text, live = note.read_text(errors="replace"), info.env()
        assertions = [_key(text, key, live.get(key)) for key in spec.keys]
        if spec.no_secrets:
            assertions.append(_no_secrets(text, live))
        evidence = {f"{key} (contenedor)": str(live.get(key)) for key in spec.keys}
        return Outcome.from_assertions(assertions, evidence)


def _key(text: str, key: str, live: str | None) -> Assertion:
    written = noted_value(text, key)
    return Assertion(
        tr(f"{key} anotado como en el contenedor", f"{key} noted as in the container"),
        written is not None and written == live,
        written or tr("no aparece", "absent"),
        str(live),
        tr(
            "Cópielo de `docker exec … env` (el contenedor en ejecución, no el .env).",
            "Copy it from `docker exec … env` (the running container, not the .env).",
        ),
    )


def _no_secrets(text: str, live: dict[str, str]) -> Assertion:
    leaked = sorted(k for k, v in live.items() if SECRET.search(k) and len(v) >= 4 and v in text)
    return Assertion(
        tr("La nota no copia contraseñas ni claves", "The note copies no passwords or keys"),
        not leaked,
        ", ".join(leaked),
        "",
        tr(
            "Una verificación dice si la clave está configurada, sin escribirla.",
            "A verification says whether the secret is set, without writing it down.",
        ),
    )


CHECK = EnvNote
