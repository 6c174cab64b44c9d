"""`log-traffic`: real events that leave real lines in the backend's logs.

Nothing is written into the logs directly: the lab makes the events happen, and the
replica logs them as the real server does (labs/core/log_signatures.py).
  auth-failures  failed POST /api/user/login for `user`: "ApiException: AUTH_ERROR
                 Invalid credentials", which, as on the real server, does not name the user
  db-outage      MySQL stops while requests arrive; it comes back once the backend has
                 given up on them ("Communications link failure"): at once in the fast
                 mode, after Hikari's 30 s connection timeout in the real one
  db-access-denied  the app's MySQL password is changed on the server (ALTER USER, as a
                 DBA would) and the backend restarts into "Access denied for user '…'@'…'
                 (using password: YES)"; the password is put back and it starts again
  flyway         the latest schema_version row is marked failed and the backend
                 restarts into "FlywayValidateException … Detected failed migration",
                 then the row is restored and the backend starts again
  port-in-use    a second backend is started inside the container while the first holds
                 its port (as someone running the application by hand would): it fails with
                 Spring Boot's "Web server failed to start. Port 8080 was already in use."
                 and its output goes where the container's goes, so `docker logs` shows it
  server-errors  a negative page offset, which INATrace hands to Hibernate unchecked
                 (tools/PaginationTools.java): HTTP 500 + "IP: …, exception: …" + trace
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
SERVER_ERROR_PATH = "/api/company/list?offset=-{n}"
OUTAGE_DEADLINE_S = 75  # Hikari's 30 s per request in the real mode, with room to spare


class LogTrafficParams(FaultParams):
    kinds: list[LogKind] = Field(min_length=1)
    user: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+$")
    count: int = Field(default=5, ge=1, le=200)


def failed_logins(host: Host, user: str, count: int) -> None:
    for attempt in range(count):
        host.http("POST", LOGIN_PATH, json={"username": user, "password": f"clave-{attempt}"})


def db_outage(host: Host, count: int) -> None:
    since = datetime.now(UTC)
    host.stop(c.MYSQL_CONTAINER, timeout=5)
    try:
        for attempt in range(max(3, count)):
            body = {"username": f"outage{attempt}@fortaleza.lab", "password": "x"}
            # The client gives up after 2 s; the backend keeps waiting for a connection
            # and logs the failure when Hikari gives up (real mode: after 30 s).
            host.http("POST", LOGIN_PATH, json=body, timeout=2)
        wait_until(
            lambda: bool(matching_lines("db-outage", live.backend_logs_since(host, since))),
            deadline_s=OUTAGE_DEADLINE_S,
            what="backend logged the lost database",
        )
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


# The app account's password while the "DBA" has changed it; the real one is MySQL's own.
CHANGED_PASSWORD = "p12-clave-cambiada"
# A second instance of the container's own command, its output on the container's.
SECOND_INSTANCE = "exec python3 -m inatrace_replica >/proc/1/fd/1 2>/proc/1/fd/2"
SECOND_INSTANCE_DEADLINE_S = 90  # the real mode's start (20–30 s) before it binds the port


def _sql_text(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def app_account(host: Host) -> tuple[str, str]:
    """The app's MySQL account as MySQL was created with it (its container's env): right
    even when the trainee has edited the .env."""
    info = host.container(c.MYSQL_CONTAINER)
    env = info.env() if info else {}
    user = env.get("MYSQL_USER") or c.DATASOURCE_USERNAME
    return user, env.get("MYSQL_PASSWORD") or c.DATASOURCE_PASSWORD


def set_app_password(host: Host, password: str) -> None:
    user, _ = app_account(host)
    host.sql(f"ALTER USER {_sql_text(user)}@'%' IDENTIFIED BY {_sql_text(password)}")


def wait_backend_logs(host: Host, kind: LogKind, since: datetime, deadline_s: float) -> None:
    wait_until(
        lambda: bool(matching_lines(kind, live.backend_logs_since(host, since))),
        deadline_s=deadline_s,
        what=f"backend logged {SIGNATURES[kind]}",
    )


def access_denied(ctx: FaultContext, key: str) -> None:
    host, since = ctx.host, datetime.now(UTC)
    ctx.save_record(key, {"password_changed": "yes"})
    set_app_password(host, CHANGED_PASSWORD)
    try:
        host.restart(c.BACKEND_CONTAINER, timeout=3)
        wait_backend_logs(host, "db-access-denied", since, live.CRASH_LOOP_DEADLINE_S)
    finally:
        set_app_password(host, app_account(host)[1])
    ctx.drop_record(key)
    live.wait_backend_up(host, 180)


def port_in_use(host: Host) -> None:
    since = datetime.now(UTC)
    host.exec(
        c.BACKEND_CONTAINER, ["sh", "-c", SECOND_INSTANCE], timeout=SECOND_INSTANCE_DEADLINE_S
    )
    wait_backend_logs(host, "port-in-use", since, 10)


def server_errors(host: Host, count: int) -> None:
    # Logged in first: like Spring Security, the replica answers 401 before any handler runs.
    with host.http_session() as session:
        session.request(
            "POST", LOGIN_PATH, json={"username": c.ADMIN_EMAIL, "password": c.ADMIN_PASSWORD}
        )
        for attempt in range(count):
            session.request("GET", SERVER_ERROR_PATH.format(n=attempt + 1))


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
            elif kind == "db-access-denied":
                access_denied(ctx, self.key + ".password")
            elif kind == "port-in-use":
                port_in_use(host)
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
        if ctx.load_record(self.key + ".password"):
            set_app_password(ctx.host, app_account(ctx.host)[1])
            ctx.drop_record(self.key + ".password")
        ctx.drop_record(self.key)
