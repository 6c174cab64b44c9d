"""`external-probe`: the backend, as it runs now, reaches an external service and uses it.

The probe runs inside the backend container with that container's environment (what
`docker compose up` gave it, not what the .env says now): the exchange-rate API answers
with rates for the configured key, or a message goes through the mail server with the
configured account. An edited .env that was never applied does not count.
"""

from __future__ import annotations

from typing import Literal

from grader.checks.base import Assertion, Check, CheckSpec, Outcome
from grader.context import CheckContext
from labs.core import constants
from labs.core.i18n import tr

PROBE = ["python3", "-m", "inatrace_replica.external", "probe"]
NAMES = {
    "exchange-rate": ("la API de tasas de cambio", "the exchange-rate API"),
    "mail": ("el servidor de correo", "the mail server"),
}


class ExternalProbeSpec(CheckSpec):
    kind: Literal["external-probe"]
    service: Literal["exchange-rate", "mail"]


class ExternalProbe(Check[ExternalProbeSpec]):
    kind = "external-probe"
    Spec = ExternalProbeSpec

    def evaluate(self, spec: ExternalProbeSpec, ctx: CheckContext) -> Outcome:
        es, en = NAMES[spec.service]
        result = ctx.host.exec(constants.BACKEND_CONTAINER, [*PROBE, spec.service], timeout=20)
        seen = (result.output.strip().splitlines() or ["-"])[-1]
        assertion = Assertion(
            tr(f"El backend en ejecución usa {es}", f"The running backend uses {en}"),
            result.exit_code == 0,
            seen,
            "OK",
            tr(
                "Compare la configuración del contenedor (`docker exec … env`) con el "
                "servicio (`docker ps -a`, `docker inspect`); después de corregir el .env, "
                "recree el backend.",
                "Compare the container's configuration (`docker exec … env`) with the "
                "service (`docker ps -a`, `docker inspect`); after fixing .env, recreate "
                "the backend.",
            ),
        )
        return Outcome.from_assertions([assertion], {"probe": seen})


CHECK = ExternalProbe
