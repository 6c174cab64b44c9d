"""`log-traffic`: real events that leave real lines in the backend's logs.

Nothing is written into the logs directly: the lab makes the events happen.
  auth-failures  failed POST /api/user/login for `user` (the replica logs
                 "ApiException: AUTH_ERROR Invalid credentials" with the e-mail)
  db-outage      MySQL stops for a few seconds while requests arrive
                 ("Communications link failure"), then comes back
  flyway         the latest schema_version row is marked failed and the backend
                 restarts into "FlywayException … Detected failed migration",
                 then the row is restored and the backend starts again
  server-errors  requests that fail inside the replica → HTTP 500 + stack traces
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import Field

from labs.core import constants as c
from labs.core.log_signatures import SIGNATURES, LogKind, matching_lines
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.host.api import Host
from labs.host.waits import wait_until

LOGIN_PATH = "/api/user/login"
SERVER_ERROR_PATH = "/api/company/profile/{id}"


class LogTrafficParams(FaultParams):
    kinds: list[LogKind] = Field(min_length=1)
    user: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+$")
    count: int = Field(default=5, ge=1, le=200)


def failed_logins(host: Host, user: str, count: int) -> None:
    for attempt in range(count):
        host.http("POST", LOGIN_PATH, json={"username": user, "password": f"clave-{attempt}"})


def db_outage(host: Host, count: int) -> None:
    host.stop(c.MYSQL_CONTAINER, timeout=5)
    try:
        for attempt in range(max(3, count)):
            body = {"username": f"outage{attempt}@fortaleza.lab", "password": "x"}
            host.http("POST", LOGIN_PATH, json=body)
    finally:
        host.start(c.MYSQL_CONTAINER)
        live.wait_mysql_healthy(host)
        live.wait_backend_up(host)


def flyway_failure(ctx: FaultContext, key: str) -> None:
    host = ctx.host
    rank = host.sql("SELECT MAX(installed_rank) FROM schema_version WHERE success = 1")[0][0]
    ctx.save_record(key, {"flyway_rank": rank})
    host.sql(f"UPDATE schema_version SET success = 0 WHERE installed_rank = {rank}")
    try:
        host.restart(c.BACKEND_CONTAINER, timeout=3)
        wait_until(
            lambda: live.backend_restart_count(host) >= 1,
            deadline_s=60,
            what="backend stopped by Flyway validation",
        )
    finally:
        host.sql(f"UPDATE schema_version SET success = 1 WHERE installed_rank = {rank}")
    live.wait_backend_up(host, 180)


def server_errors(host: Host, count: int) -> None:
    # Logged in first: like Spring Security, the replica answers 401 before any handler runs.
    with host.http_session() as session:
        session.request(
            "POST", LOGIN_PATH, json={"username": c.ADMIN_EMAIL, "password": c.ADMIN_PASSWORD}
        )
        for attempt in range(count):
            session.request("GET", SERVER_ERROR_PATH.format(id=f"x{attempt}"))


@register
class LogTraffic(Fault[LogTrafficParams]):
    kind = "log-traffic"
    Params = LogTrafficParams

    def inject(self, ctx: FaultContext) -> None:
        since = datetime.now(UTC).isoformat()
        ctx.save_record(self.key, {"since": since})
        host = ctx.host
        for kind in self.params.kinds:
            if kind == "auth-failures":
                failed_logins(host, self.params.user or c.ADMIN_EMAIL, self.params.count)
            elif kind == "db-outage":
                db_outage(host, self.params.count)
            elif kind == "flyway":
                flyway_failure(ctx, self.key + ".flyway")
            else:
                server_errors(host, self.params.count)

    def verify_injected(self, ctx: FaultContext) -> str:
        record = ctx.load_record(self.key) or {}
        since = record.get("since")
        start = (
            datetime.fromisoformat(since) if since else datetime.now(UTC) - timedelta(minutes=10)
        )
        logs = live.backend_logs_since(ctx.host, start)
        found = []
        for kind in self.params.kinds:
            signature = SIGNATURES[kind]
            hits = matching_lines(kind, logs)
            if kind == "auth-failures" and self.params.user:
                hits = [line for line in hits if self.params.user in line]
            if not hits:
                raise live.not_live(
                    f"no hay líneas '{signature}' en los logs del backend.",
                    f"no '{signature}' lines in the backend logs.",
                )
            found.append(f"{kind}: {len(hits)} líneas")
        return "; ".join(found)

    def revert(self, ctx: FaultContext) -> None:
        # The log lines stay (they are history); only a half-done Flyway step is undone.
        flyway = ctx.load_record(self.key + ".flyway")
        if flyway and flyway.get("flyway_rank", "").isdigit():
            ctx.host.sql(
                f"UPDATE schema_version SET success = 1 "
                f"WHERE installed_rank = {flyway['flyway_rank']}"
            )
            ctx.drop_record(self.key + ".flyway")
        ctx.drop_record(self.key)
