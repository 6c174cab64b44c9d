"""`backend-slow`: the backend answers slowly.

mode cpu: the replica burns CPU inside its own process (SIGUSR2), so only a
backend restart cures it. mode mysql-lock: a session inside MySQL holds a write
lock on `User` while it sleeps, so logins wait; the trainee finds it with
SHOW PROCESSLIST and KILLs it, and the statement lands in the slow-query log.
"""

from __future__ import annotations

import contextlib
from typing import Literal

from labs.core import constants as c
from labs.core.errors import WaitTimeout
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.host.api import Host
from labs.host.errors import SqlError
from labs.host.waits import wait_until

LOCK_MARKER = "SELECT SLEEP(86400) /* mantenimiento-nocturno */"
LOCK_SQL = f"LOCK TABLES `User` WRITE; {LOCK_MARKER};"


class BackendSlowParams(FaultParams):
    mode: Literal["cpu", "mysql-lock"]


def lock_holders(host: Host) -> list[str]:
    rows = host.sql(
        "SELECT id FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(86400)%'"
    )
    return [row[0] for row in rows if row and row[0].isdigit()]


@register
class BackendSlow(Fault[BackendSlowParams]):
    kind = "backend-slow"
    Params = BackendSlowParams

    def inject(self, ctx: FaultContext) -> None:
        started = live.backend_started_at(ctx.host)
        ctx.save_record(self.key, {"mode": self.params.mode, "started_at": started})
        if self.params.mode == "cpu":
            ctx.host.signal(c.BACKEND_CONTAINER, "SIGUSR2")
            return
        # A session inside the container, as a person at the MySQL prompt would hold it.
        ctx.host.exec(
            c.MYSQL_CONTAINER,
            [
                "sh",
                "-c",
                'mysql -uroot -p"$MYSQL_ROOT_PASSWORD" "$MYSQL_DATABASE" -e "$0"',
                LOCK_SQL,
            ],
            detach=True,
        )

    def verify_injected(self, ctx: FaultContext) -> str:
        if self.params.mode == "mysql-lock":
            try:
                wait_until(lambda: bool(lock_holders(ctx.host)), deadline_s=15, what="lock session")
            except WaitTimeout as exc:
                raise live.not_live(
                    "no hay una sesión MySQL con LOCK TABLES en PROCESSLIST.",
                    "no MySQL session holding LOCK TABLES in PROCESSLIST.",
                ) from exc
            return f"sesión MySQL {lock_holders(ctx.host)[0]} con LOCK TABLES User WRITE"
        status, seconds = live.timed_health(ctx.host, 10)
        if seconds < 1.0:
            raise live.not_live(
                f"health respondió en {seconds:.2f} s (se esperaba > 1 s).",
                f"health answered in {seconds:.2f} s (expected > 1 s).",
            )
        return f"GET /actuator/health tardó {seconds:.1f} s (HTTP {status})"

    def revert(self, ctx: FaultContext) -> None:
        record = ctx.load_record(self.key) or {}
        if record.get("mode", self.params.mode) == "mysql-lock":
            for session in lock_holders(ctx.host):
                # The trainee may KILL it between our look and ours: that is reverted too.
                with contextlib.suppress(SqlError):
                    ctx.host.sql(f"KILL {session}")
        elif record.get("started_at") == live.backend_started_at(ctx.host):
            live.restart_backend(ctx)
        ctx.drop_record(self.key)
