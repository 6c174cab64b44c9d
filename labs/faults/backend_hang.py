"""`backend-hang`: the backend replica stops answering (SIGUSR1); health times out → unhealthy.

The replica blocks its request threads on a lock it never releases, like a
deadlocked JVM: only a new process (a restart) cures it.
"""

from __future__ import annotations

from labs.core import constants as c
from labs.core.errors import WaitTimeout
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.host.waits import wait_until

HANG_PROBE_TIMEOUT_S = 3.0
UNHEALTHY_DEADLINE_S = 90.0


class BackendHangParams(FaultParams):
    """No parameters: the replica hangs its HTTP server until the process restarts."""


@register
class BackendHang(Fault[BackendHangParams]):
    kind = "backend-hang"
    Params = BackendHangParams

    def inject(self, ctx: FaultContext) -> None:
        ctx.save_record(self.key, {"started_at": live.backend_started_at(ctx.host)})
        ctx.host.signal(c.BACKEND_CONTAINER, "SIGUSR1")

    def verify_injected(self, ctx: FaultContext) -> str:
        status, seconds = live.timed_health(ctx.host, HANG_PROBE_TIMEOUT_S)
        if status is not None:
            raise live.not_live(
                f"el backend respondió {status} en {seconds:.1f} s.",
                f"the backend answered {status} in {seconds:.1f} s.",
            )
        # The consigna says `docker ps` shows (unhealthy): hand the lab over only once
        # Docker's own healthcheck has failed enough times to say so.
        try:
            wait_until(
                lambda: live.health_status(ctx.host, c.BACKEND_CONTAINER) == "unhealthy",
                deadline_s=UNHEALTHY_DEADLINE_S,
                what="backend (unhealthy)",
            )
        except WaitTimeout as exc:
            raise live.not_live(exc.message, exc.message) from exc
        return f"GET /actuator/health sin respuesta tras {seconds:.1f} s; Docker: unhealthy"

    def revert(self, ctx: FaultContext) -> None:
        record = ctx.load_record(self.key)
        # The same process as at injection is still the hung one: restart it.
        if record and record.get("started_at") == live.backend_started_at(ctx.host):
            live.restart_backend(ctx)
        ctx.drop_record(self.key)
