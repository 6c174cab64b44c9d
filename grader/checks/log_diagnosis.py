"""`log-diagnosis`: the trainee's table of common errors agrees with the container's logs.

The answer is a markdown table `| Error | Encontrado | Cantidad |` with one row per
error class; each row says whether the class appears in `docker logs` and how often.
The truth is read from the live logs, not from the scenario, so it cannot be guessed.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath, ServiceName
from grader.context import CheckContext
from grader.markdown import table_rows
from labs.core.i18n import tr
from labs.core.log_signatures import SIGNATURES, LogKind

COLUMNS = ["Error", "Encontrado", "Cantidad"]
# How the consigna names each class: what the trainee reads in a message.
LABELS: dict[str, str] = {
    "auth-failures": "AUTH_ERROR (login fallido)",
    "db-outage": "Communications link failure",
    "db-access-denied": "Access denied for user",
    "flyway": "FlywayException",
    "port-in-use": "Port already in use",
    "server-errors": "Errores 500",
}
# How a trainee may name each class in the Error column.
NAMES: dict[str, str] = {
    "auth-failures": r"auth_error|invalid credentials|login|inicio de sesi|autenticaci",
    "db-outage": r"communications link|conexi[oó]n",
    "db-access-denied": r"access denied|credencial|autenticaci",
    "flyway": r"flyway|migraci",
    "port-in-use": r"already in use|already allocated|puerto|\bport\b",
    "server-errors": r"internal server error|\b500\b|servidor|exception:|excepci",
}
_YES = re.compile(r"(?i)^\s*(s[ií]|yes|x|✓|✔)")


class LogDiagnosisSpec(CheckSpec):
    kind: Literal["log-diagnosis"]
    path: RelPath
    service: ServiceName = "backend"
    classes: list[LogKind] = Field(default_factory=lambda: list(get_args(LogKind)))


class LogDiagnosis(Check[LogDiagnosisSpec]):
    kind = "log-diagnosis"
    Spec = LogDiagnosisSpec

    def evaluate(self, spec: LogDiagnosisSpec, ctx: CheckContext) -> Outcome:
        path = ctx.path(spec.path)
        if not path.is_file():
            return Outcome.unavailable(
                tr(f"No existe $LAB_HOME/{spec.path}.", f"$LAB_HOME/{spec.path} is missing."),
                tr(
                    "Cree el archivo con la tabla `| Error | Encontrado | Cantidad |`.",
                    "Create the file with the table `| Error | Encontrado | Cantidad |`.",
                ),
            )
        rows = table_rows(path.read_text(errors="replace"), COLUMNS)
        # Raw lines, duplicates included: the trainee counts with `grep -c`.
        lines = ctx.logs(spec.service).splitlines()
        assertions: list[Assertion] = []
        truth: dict[str, str] = {}
        for name in spec.classes:
            count = sum(1 for line in lines if re.search(SIGNATURES[name], line))
            truth[name] = str(count)
            row = next((r for r in rows if re.search(NAMES[name], r["Error"], re.I)), None)
            assertions += _judge(name, row, count)
        return Outcome.from_assertions(assertions, {"file": spec.path}, truth)


def _judge(name: str, row: dict[str, str] | None, count: int) -> list[Assertion]:
    expected = tr("sí", "yes") if count else "no"
    if row is None:
        return [
            Assertion(
                tr(f"fila para «{LABELS[name]}»", f"row for «{LABELS[name]}»"),
                False,
                tr("no aparece", "absent"),
                f"| {name} | {expected} | {count} |",
                tr("Agregue una fila por cada tipo de error.", "Add one row per error class."),
                partial=True,
            )
        ]
    said_yes = bool(_YES.match(row["Encontrado"]))
    found = Assertion(
        tr(f"«{LABELS[name]}» encontrado", f"«{LABELS[name]}» found"),
        said_yes == bool(count),
        row["Encontrado"] or "-",
        expected,
        tr(
            "Busque en `docker logs` la línea que deja ese tipo de error (todo el log, "
            "incluida la salida de error).",
            "Search `docker logs` for the line that error class leaves (the whole log, "
            "stderr included).",
        ),
        partial=True,
    )
    if not count:
        return [found]
    written = re.search(r"\d+", row["Cantidad"])
    told = int(written.group()) if written else -1
    close = abs(told - count) <= max(2, round(0.1 * count))
    return [
        found,
        Assertion(
            tr(f"cantidad de «{LABELS[name]}»", f"count of «{LABELS[name]}»"),
            close,
            row["Cantidad"] or "-",
            str(count),
            tr("Cuente con `grep -c`.", "Count with `grep -c`."),
            weight=0.5,
            partial=True,
        ),
    ]


CHECK = LogDiagnosis
