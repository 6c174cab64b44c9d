"""`stop-service`: a service of the stack is stopped (e.g. MySQL down → backend DOWN)."""

from __future__ import annotations

from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, ServiceName, register


class StopServiceParams(FaultParams):
    service: ServiceName


@register
class StopService(Fault[StopServiceParams]):
    kind = "stop-service"
    Params = StopServiceParams

    def inject(self, ctx: FaultContext) -> None:
        ctx.save_record(self.key, {"container": live.container(self.params.service)})
        ctx.host.stop(live.container(self.params.service), timeout=5)

    def verify_injected(self, ctx: FaultContext) -> str:
        name = live.container(self.params.service)
        if live.is_running(ctx.host, name):
            raise live.not_live(f"{name} sigue corriendo.", f"{name} is still running.")
        evidence = f"{name}: detenido"
        if self.params.service == "mysql":
            status, _ = live.timed_health(ctx.host, 5)
            if status != 503:
                raise live.not_live(
                    f"health devolvió {status}, se esperaba 503.",
                    f"health returned {status}, expected 503.",
                )
            evidence += "; GET /actuator/health → 503 (db DOWN)"
        return evidence

    def revert(self, ctx: FaultContext) -> None:
        live.ensure_started(ctx.host, self.params.service)
        live.wait_mysql_healthy(ctx.host)
        live.wait_backend_up(ctx.host)
        ctx.drop_record(self.key)
