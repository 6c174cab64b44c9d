"""`logbook-entry`: a row of the maintenance logbook that matches what really happened.

The row must be dated inside the lab (or exercise) window, name the activity, and
(when `observed` is set) the observer must have seen that activity happen.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Literal

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, Regex, RelPath
from grader.context import CheckContext, WindowScope
from grader.markdown import table_rows
from grader.timeline_rules import TimelineRule, evaluate_rule
from labs.core.i18n import tr

COLUMNS = ["Fecha", "Actividad", "Responsable", "Resultado", "Observaciones"]
_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d", "%d/%m/%Y")
TABLE_HEADER = "| " + " | ".join(COLUMNS) + " |"


class LogbookEntrySpec(CheckSpec):
    kind: Literal["logbook-entry"]
    path: RelPath = "notas/bitacora.md"
    actividad: Regex
    resultado: Regex | None = None
    window: WindowScope = "exercise"
    observed: TimelineRule | None = None


class LogbookEntry(Check[LogbookEntrySpec]):
    kind = "logbook-entry"
    Spec = LogbookEntrySpec

    def evaluate(self, spec: LogbookEntrySpec, ctx: CheckContext) -> Outcome:
        path = ctx.path(spec.path)
        if not path.is_file():
            return Outcome.unavailable(
                tr(
                    f"No existe la bitácora $LAB_HOME/{spec.path}.",
                    f"The logbook $LAB_HOME/{spec.path} does not exist.",
                ),
                tr(f"Créela con la tabla `{TABLE_HEADER}`.", f"Create it with `{TABLE_HEADER}`."),
            )
        rows = table_rows(path.read_text(errors="replace"), COLUMNS)
        start, end = ctx.window(spec.window)
        matching = [r for r in rows if re.search(spec.actividad, r["Actividad"], re.IGNORECASE)]
        dated = [r for r in matching if _in_window(r["Fecha"], start, end)]
        best = dated[-1] if dated else (matching[-1] if matching else None)
        assertions = [
            Assertion(
                tr("tabla de bitácora", "logbook table"),
                bool(rows),
                tr(f"{len(rows)} filas", f"{len(rows)} rows"),
                TABLE_HEADER,
                tr(
                    f"Use exactamente las columnas `{TABLE_HEADER}`.",
                    f"Use exactly the columns `{TABLE_HEADER}`.",
                ),
            ),
            Assertion(
                tr("fila de la actividad", "row for the activity"),
                bool(matching),
                tr("ninguna", "none"),
                spec.actividad,
                tr(
                    "Registre la actividad realizada en la columna Actividad.",
                    "Record the activity in the Actividad column.",
                ),
            ),
            Assertion(
                tr("fecha dentro del laboratorio", "date within the lab"),
                bool(dated),
                best["Fecha"] if best else "-",
                _window_text(start, end),
                tr(
                    "Use la fecha de hoy (AAAA-MM-DD), cuando hizo la actividad.",
                    "Use today's date (YYYY-MM-DD), when you did it.",
                ),
            ),
            *_row_fields(spec, best),
        ]
        if spec.observed is not None:
            timeline = ctx.timeline()
            assertions.append(
                evaluate_rule(spec.observed, timeline, start, end)
                if not timeline.empty
                else Assertion(
                    tr("lo registrado ocurrió", "what is logged happened"),
                    False,
                    tr("sin registro del observador", "no record"),
                    "evento",
                )
            )
        evidence = {
            "file": spec.path,
            "rows": str(len(rows)),
            "row": " | ".join(best.values()) if best else "-",
        }
        return Outcome.from_assertions(assertions, evidence)


def _row_fields(spec: LogbookEntrySpec, row: dict[str, str] | None) -> list[Assertion]:
    responsable = row["Responsable"] if row else ""
    resultado = row["Resultado"] if row else ""
    result_ok = bool(resultado) and (
        spec.resultado is None or re.search(spec.resultado, resultado, re.IGNORECASE)
    )
    return [
        Assertion(
            tr("responsable", "responsible person"),
            bool(responsable.strip()),
            responsable or "-",
            tr("su nombre", "your name"),
            tr("Indique quién hizo la actividad.", "Say who did the activity."),
        ),
        Assertion(
            tr("resultado", "result"),
            bool(result_ok),
            resultado or "-",
            spec.resultado or tr("no vacío", "not empty"),
            tr("Anote el resultado (p. ej. Exitoso).", "Write the result (e.g. Exitoso)."),
        ),
    ]


def parse_fecha(text: str) -> datetime | date | None:
    cleaned = " ".join(text.replace("**", "").split())
    for fmt in _FORMATS:
        try:
            parsed = datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        return parsed if "%H" in fmt else parsed.date()
    return None


def _in_window(fecha: str, start: datetime, end: datetime) -> bool:
    """Dates compare by local calendar day; a time, if written, must fall in the window."""
    parsed = parse_fecha(fecha)
    local_start, local_end = start.astimezone(), end.astimezone()
    if isinstance(parsed, datetime):
        moment = parsed.replace(tzinfo=local_start.tzinfo)
        slack = timedelta(minutes=15)  # people round times when they write them down
        return local_start - slack <= moment <= local_end + slack
    if isinstance(parsed, date):
        return local_start.date() <= parsed <= local_end.date()
    return False


def _window_text(start: datetime, end: datetime) -> str:
    return f"{start.astimezone():%Y-%m-%d %H:%M} → {end.astimezone():%Y-%m-%d %H:%M}"


CHECK = LogbookEntry
