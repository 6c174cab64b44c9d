"""`escalation-ticket`: the ticket for development carries what the course asks for.

Problema 3: "¿Qué acción realizaba el usuario? ¿Hora exacta del error? ¿Usuario
afectado?" plus the exception, the health output and `docker ps -a`. The user and the
action are the ones the lab really made fail (scenario variables); the time is held
against the failure lines in `docker logs` (the lab's clock, UTC), with a few minutes'
tolerance. A ticket that names other users, actions or exceptions as well does not
count as naming the right one: development needs one clear lead.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Literal

from pydantic import Field, model_validator

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath, ServiceName
from grader.context import CheckContext
from grader.error_window import ActionFacts, ErrorWindow, error_window
from grader.evidence import has_token
from labs.core import constants
from labs.core.i18n import tr

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TIME = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(?![\d])")
_HEALTH = re.compile(r'"status"\s*:\s*"(UP|DOWN|OUT_OF_SERVICE)"')


class EscalationTicketSpec(CheckSpec):
    kind: Literal["escalation-ticket"]
    path: RelPath = "notas/escalamiento-500.md"
    service: ServiceName = "backend"
    user: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    truth: str
    actions: dict[str, ActionFacts] = Field(min_length=2)
    tolerance_minutes: float = Field(default=3, gt=0, le=30)

    @model_validator(mode="after")
    def _known_truth(self) -> EscalationTicketSpec:
        if self.truth not in self.actions:
            raise ValueError(f"truth `{self.truth}` is not one of the actions")
        return self


def _one_of(text: str, wanted: str, others: list[str]) -> tuple[bool, list[str]]:
    named = [w for w in [wanted, *others] if w.lower() in text.lower()]
    return named == [wanted], named


def _times(text: str, day: datetime) -> list[datetime]:
    found = []
    for hour, minute, second in _TIME.findall(text):
        found.append(day.replace(hour=int(hour), minute=int(minute), second=int(second or 0)))
    return found


def _time_assertion(text: str, window: ErrorWindow, tolerance: timedelta) -> Assertion:
    label = tr("hora exacta del error", "exact time of the error")
    fix = tr(
        "Anote la hora (HH:MM, la del servidor) que muestran las líneas del error en "
        "`docker logs`.",
        "Write the time (HH:MM, the server's) shown by the error's lines in `docker logs`.",
    )
    if window.first is None or window.last is None:
        return Assertion(label, False, tr("sin errores en el log", "no errors in the log"), fix=fix)
    low, high = window.first - tolerance, window.last + tolerance
    written = _times(text, window.first.replace(microsecond=0))
    ok = any(low <= t <= high for t in written)
    shown = ", ".join(t.strftime("%H:%M") for t in written[:4]) or tr("ninguna", "none")
    expected = f"{low.strftime('%H:%M:%S')}–{high.strftime('%H:%M:%S')}"
    return Assertion(label, ok, shown, expected, fix, partial=True)


class EscalationTicket(Check[EscalationTicketSpec]):
    kind = "escalation-ticket"
    Spec = EscalationTicketSpec

    def evaluate(self, spec: EscalationTicketSpec, ctx: CheckContext) -> Outcome:
        path = ctx.path(spec.path)
        if not path.is_file():
            return Outcome.unavailable(
                tr(f"No existe $LAB_HOME/{spec.path}.", f"$LAB_HOME/{spec.path} is missing."),
                tr(
                    "Escriba el ticket para desarrollo en esa ruta.",
                    "Write the ticket for development at that path.",
                ),
            )
        text = path.read_text(errors="replace")
        facts = spec.actions[spec.truth]
        others = [a for key, a in spec.actions.items() if key != spec.truth]
        window = error_window(ctx, spec.service, facts)
        assertions = [
            _user(text, spec.user),
            _named(
                tr("acción (endpoint)", "action (endpoint)"),
                text,
                facts.endpoint,
                [o.endpoint for o in others],
                tr(
                    "Nombre el endpoint que falló: la traza indica qué controlador atendía.",
                    "Name the endpoint that failed: the trace says which controller ran.",
                ),
            ),
            _named(
                tr("excepción", "exception"),
                text,
                facts.exception,
                [o.exception for o in others],
                tr(
                    "Copie la clase de la excepción de la traza del error.",
                    "Copy the exception class from the error's trace.",
                ),
            ),
            _time_assertion(text, window, timedelta(minutes=spec.tolerance_minutes)),
            Assertion(
                tr("salida del healthcheck", "health check output"),
                _HEALTH.search(text) is not None,
                tr("no aparece", "absent"),
                fix=tr(
                    "Pegue la salida de `curl -s http://localhost:8082/actuator/health`.",
                    "Paste the output of `curl -s http://localhost:8082/actuator/health`.",
                ),
                partial=True,
            ),
            _docker_ps(text),
        ]
        evidence = {"file": spec.path, "error_lines": str(len(window.lines))}
        return Outcome.from_assertions(assertions, evidence)


def _user(text: str, user: str) -> Assertion:
    named = {e.lower() for e in _EMAIL.findall(text)} - {constants.ADMIN_EMAIL}
    ok = has_token(text.lower(), user.lower()) and named == {user.lower()}
    return Assertion(
        tr("usuario afectado", "affected user"),
        ok,
        tr(f"{len(named)} correos", f"{len(named)} e-mails") if named else tr("ninguno", "none"),
        user,
        tr(
            "Anote el correo del usuario que reportó el error (solo ese).",
            "Write the e-mail of the user who reported the error (only that one).",
        ),
        partial=True,
    )


def _named(label: str, text: str, wanted: str, others: list[str], fix: str) -> Assertion:
    ok, named = _one_of(text, wanted, others)
    observed = tr("no coincide con el error", "does not match the error")
    if not named:
        observed = tr("no aparece", "absent")
    return Assertion(label, ok, observed, wanted, fix, partial=True)


def _docker_ps(text: str) -> Assertion:
    names = constants.CONTAINERS.values()
    ok = "CONTAINER ID" in text and all(name in text for name in names)
    return Assertion(
        tr("salida de `docker ps -a`", "`docker ps -a` output"),
        ok,
        tr("incompleta", "incomplete"),
        fix=tr(
            "Pegue la salida completa de `docker ps -a` (encabezado y ambos contenedores).",
            "Paste the whole `docker ps -a` output (header and both containers).",
        ),
        partial=True,
    )


CHECK = EscalationTicket
