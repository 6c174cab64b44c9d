"""`diagnosis`: the cause the trainee states is the cause that was really injected.

Wherever the course asks "why?", the lab makes the cause vary per trainee (a scenario
variable drives the fault) and the trainee writes it in a form the grader reads without
guessing: `causa: <one of the options>` — in the logbook row of the activity, or
anywhere in a report file. A wrong cause fails, and the message says how to find the
real one, never which one it is.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, Regex, RelPath
from grader.checks.logbook_entry import COLUMNS, TABLE_HEADER
from grader.context import CheckContext
from grader.markdown import table_rows
from labs.core.i18n import tr


class DiagnosisSpec(CheckSpec):
    kind: Literal["diagnosis"]
    path: RelPath = "notas/bitacora.md"
    # With `actividad`, the cause is read from that logbook row; without, from the file.
    actividad: Regex | None = None
    field: str = Field(default="causa", pattern=r"^[a-zñáéíóú ]+$")
    options: list[str] = Field(min_length=2)
    truth: str
    how_to_find: str = Field(min_length=1)  # the trainee's way to the truth (no answer)

    @model_validator(mode="after")
    def _truth_is_an_option(self) -> DiagnosisSpec:
        if self.truth not in self.options:
            raise ValueError(f"truth `{self.truth}` is not one of the options")
        return self


class Diagnosis(Check[DiagnosisSpec]):
    kind = "diagnosis"
    Spec = DiagnosisSpec

    def evaluate(self, spec: DiagnosisSpec, ctx: CheckContext) -> Outcome:
        path = ctx.path(spec.path)
        if not path.is_file():
            return Outcome.unavailable(
                tr(f"No existe $LAB_HOME/{spec.path}.", f"$LAB_HOME/{spec.path} is missing."),
                _form(spec),
            )
        text = path.read_text(errors="replace")
        if spec.actividad is not None:
            text = _activity_rows(text, spec.actividad)
            if not text:
                return Outcome.from_assertions([_no_row(spec)])
        stated = _stated(text, spec)
        assertions = [
            Assertion(
                tr(f"{spec.field} anotada", f"{spec.field} stated"),
                stated is not None,
                tr("no aparece", "absent"),
                fix=_form(spec),
            )
        ]
        if stated is not None:
            assertions.append(
                Assertion(
                    tr(f"{spec.field} correcta", f"right {spec.field}"),
                    stated == spec.truth,
                    stated,
                    spec.truth,
                    tr(
                        f"No coincide con la evidencia del sistema. {spec.how_to_find}",
                        f"It does not match the system's evidence. {spec.how_to_find}",
                    ),
                )
            )
        return Outcome.from_assertions(assertions, {"file": spec.path, "stated": stated or ""})


def _activity_rows(text: str, actividad: str) -> str:
    rows = table_rows(text, COLUMNS)
    chosen = [r for r in rows if re.search(actividad, r["Actividad"], re.IGNORECASE)]
    return "\n".join(" | ".join(row.values()) for row in chosen)


def _stated(text: str, spec: DiagnosisSpec) -> str | None:
    """The last `field: option` written (a trainee may correct an earlier guess)."""
    options = "|".join(re.escape(o) for o in sorted(spec.options, key=len, reverse=True))
    found = re.findall(rf"(?i)\b{re.escape(spec.field)}\s*[:=]\s*\**\s*({options})(?![\w-])", text)
    return found[-1].lower() if found else None


def _form(spec: DiagnosisSpec) -> str:
    where = (
        tr(
            f"en la fila de la bitácora (`{TABLE_HEADER}`)",
            f"in the logbook row (`{TABLE_HEADER}`)",
        )
        if spec.actividad
        else tr("en el archivo", "in the file")
    )
    choices = " | ".join(spec.options)
    return tr(
        f"Escriba `{spec.field}: <{choices}>` {where}.",
        f"Write `{spec.field}: <{choices}>` {where}.",
    )


def _no_row(spec: DiagnosisSpec) -> Assertion:
    return Assertion(
        tr("fila de la actividad", "row for the activity"),
        False,
        tr("ninguna", "none"),
        fix=tr(
            "Registre la actividad en la bitácora y anote allí la causa. " + _form(spec),
            "Record the activity in the logbook with the cause. " + _form(spec),
        ),
    )


CHECK = Diagnosis
