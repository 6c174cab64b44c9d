"""`backend-healthy`: /actuator/health is UP with its components AND Docker says healthy."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome
from grader.context import CheckContext
from labs.core.i18n import tr
from labs.host.models import HealthProbe

LOGS_FIX = tr(
    "Revise `docker logs inatrace-be-test-fortaleza --tail 100`.",
    "Check `docker logs inatrace-be-test-fortaleza --tail 100`.",
)


class BackendHealthySpec(CheckSpec):
    kind: Literal["backend-healthy"]
    components: list[str] = Field(default_factory=lambda: ["db", "diskSpace", "ping"])
    docker_health: bool = True
    max_latency_ms: float | None = Field(default=None, gt=0)


class BackendHealthy(Check[BackendHealthySpec]):
    kind = "backend-healthy"
    Spec = BackendHealthySpec

    def evaluate(self, spec: BackendHealthySpec, ctx: CheckContext) -> Outcome:
        probe = ctx.health()
        assertions = [_http_ok(probe), *_body(probe, spec.components)]
        if spec.max_latency_ms is not None:
            assertions.append(
                Assertion(
                    tr("tiempo de respuesta", "response time"),
                    probe.http_status is not None and probe.elapsed_ms <= spec.max_latency_ms,
                    f"{probe.elapsed_ms:.0f} ms",
                    f"≤ {spec.max_latency_ms:.0f} ms",
                    tr(
                        "El backend sigue lento: reinícielo de forma segura.",
                        "The backend is still slow: restart it safely.",
                    ),
                )
            )
        if spec.docker_health:
            info = ctx.container("backend")
            status = (info.health_status if info else None) or tr("sin contenedor", "no container")
            assertions.append(
                Assertion(
                    tr("estado de salud en Docker", "Docker health status"),
                    status == "healthy",
                    status,
                    "healthy",
                    tr(
                        "Espere al healthcheck de Docker (`docker inspect ... "
                        "--format '{{.State.Health.Status}}'`).",
                        "Wait for Docker's healthcheck (`docker inspect ... "
                        "--format '{{.State.Health.Status}}'`).",
                    ),
                )
            )
        evidence = {
            "url": probe.url,
            "http": str(probe.http_status),
            "body": probe.body.model_dump_json() if probe.body else str(probe.error),
            "elapsed_ms": f"{probe.elapsed_ms:.0f}",
        }
        return Outcome.from_assertions(assertions, evidence)


def _http_ok(probe: HealthProbe) -> Assertion:
    observed = str(probe.http_status) if probe.http_status else (probe.error or "-")
    return Assertion(
        tr("respuesta HTTP de /actuator/health", "HTTP answer of /actuator/health"),
        probe.http_status == 200,
        observed,
        "200",
        LOGS_FIX,
        weight=2.0,
    )


def _body(probe: HealthProbe, components: list[str]) -> list[Assertion]:
    body = probe.body
    status = body.status if body else "-"
    found = body.components if body else {}
    checks = [
        Assertion(tr("estado global", "overall status"), status == "UP", status, "UP", LOGS_FIX)
    ]
    for name in components:
        seen = found[name].status if name in found else tr("ausente", "missing")
        checks.append(
            Assertion(
                tr(f"componente {name}", f"component {name}"),
                seen == "UP",
                seen,
                "UP",
                LOGS_FIX,
                weight=0.5,
            )
        )
    return checks


CHECK = BackendHealthy
