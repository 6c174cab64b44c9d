"""`port-owner`: a host port is published by the service's own container, and by nothing else.

Puerto ocupado (Día 4): freeing the port means the backend publishes 8082 again; moving
the backend to another port, or leaving the holder there, does not count.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, ServiceName
from grader.context import CheckContext
from labs.core import constants
from labs.core.i18n import tr


class PortOwnerSpec(CheckSpec):
    kind: Literal["port-owner"]
    port: int = Field(default=constants.BACKEND_HOST_PORT, ge=1, le=65535)
    service: ServiceName = "backend"


class PortOwner(Check[PortOwnerSpec]):
    kind = "port-owner"
    Spec = PortOwnerSpec

    def evaluate(self, spec: PortOwnerSpec, ctx: CheckContext) -> Outcome:
        wanted = constants.CONTAINERS[spec.service]
        containers = [h.container for h in ctx.host.port_holders([spec.port])]
        others = [name for name in containers if name != wanted]
        processes: list[str] = []
        if not containers:  # a process only shows when no container publishes the port
            processes = [
                f"{h.process} (pid {h.pid})" if h.pid else h.process
                for h in ctx.host.port_processes(spec.port)
            ]
        seen = ", ".join(containers + processes) or tr("nadie", "nobody")
        assertions = [
            Assertion(
                tr(
                    f"{wanted} publica el puerto {spec.port} del host",
                    f"{wanted} publishes host port {spec.port}",
                ),
                wanted in containers,
                seen,
                wanted,
                tr(
                    f"El servicio atiende en el puerto {spec.port}, como siempre: "
                    "libere ese puerto y vuelva a levantar el servicio con docker compose.",
                    f"The service answers on port {spec.port}, as always: free that port "
                    "and bring the service up again with docker compose.",
                ),
            ),
            Assertion(
                tr(
                    f"Nada más ocupa el puerto {spec.port}",
                    f"Nothing else holds port {spec.port}",
                ),
                not others and not processes,
                ", ".join(others + processes),
                tr("nadie más", "nobody else"),
                tr(
                    "Busque quién lo ocupa con `docker ps` y `ss -ltnp`.",
                    "Find who holds it with `docker ps` and `ss -ltnp`.",
                ),
            ),
        ]
        return Outcome.from_assertions(assertions, {f"puerto {spec.port}": seen})


CHECK = PortOwner
