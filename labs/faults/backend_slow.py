"""`backend-slow`: the backend answers slowly.

mode cpu: the replica burns CPU inside its own process (SIGUSR2), so only a
backend restart cures it. mode mysql-lock: a session inside MySQL holds a write
lock on `User` while it sleeps, so logins wait; the trainee finds it with
SHOW PROCESSLIST and KILLs it, and the statement lands in the slow-query log.
"""

from __future__ import annotations

from typing import Literal

from labs import docker
from labs.core import constants as c
from labs.faults import live
from labs.faults.backend_hang import started_at
from labs.faults.base import Fault, FaultContext, FaultParams, register

LOCK_MARKER = "SELECT SLEEP(86400) /* mantenimiento-nocturno */"
LOCK_SQL = f"LOCK TABLES `User` WRITE; {LOCK_MARKER};"


class BackendSlowParams(FaultParams):
    mode: Literal["cpu", "mysql-lock"]


def lock_holders() -> list[str]:
    out = live.mysql_query(
        "SELECT id FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(86400)%'"
    )
    return [line.strip() for line in out.splitlines() if line.strip().isdigit()]


@register
class BackendSlow(Fault[BackendSlowParams]):
    kind = "backend-slow"
    Params = BackendSlowParams

    def inject(self, ctx: FaultContext) -> None:
        ctx.save_record(self.key, {"mode": self.params.mode, "started_at": started_at()})
        if self.params.mode == "cpu":
            docker.run(["kill", "--signal", "USR2", c.BACKEND_CONTAINER])
            return
        docker.run(
            [
                "exec",
                "-d",
                c.MYSQL_CONTAINER,
                "sh",
                "-c",
                'mysql -uroot -p"$MYSQL_ROOT_PASSWORD" "$MYSQL_DATABASE" -e "$0"',
                LOCK_SQL,
            ]
        )

    def verify_injected(self, ctx: FaultContext) -> str:
        if self.params.mode == "mysql-lock":
            live.wait_until_true(lambda: bool(lock_holders()), 15, "lock session")
            return f"sesión MySQL {lock_holders()[0]} con LOCK TABLES User WRITE"
        status, seconds = live.timed_health(10)
        if seconds < 1.0:
            raise live.not_live(
                f"health respondió en {seconds:.2f} s (se esperaba > 1 s).",
                f"health answered in {seconds:.2f} s (expected > 1 s).",
            )
        return f"GET /actuator/health tardó {seconds:.1f} s (HTTP {status})"

    def revert(self, ctx: FaultContext) -> None:
        record = ctx.load_record(self.key) or {}
        if record.get("mode", self.params.mode) == "mysql-lock":
            for session in lock_holders():
                live.mysql_query(f"KILL {session}")
        elif record.get("started_at") == started_at():
            live.restart_backend(ctx)
        ctx.drop_record(self.key)
