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

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from typing import Literal

from pydantic import Field

from labs import docker
from labs.core import constants as c
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register

LogKind = Literal["auth-failures", "db-outage", "flyway", "server-errors"]
SIGNATURES = {
    "auth-failures": "AUTH_ERROR",
    "db-outage": "Communications link failure",
    "flyway": "FlywayException",
    "server-errors": "Exception",
}
SERVER_ERROR_PATH = "/api/company/profile/{id}"


class LogTrafficParams(FaultParams):
    kinds: list[LogKind] = Field(min_length=1)
    user: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+$")
    count: int = Field(default=5, ge=1, le=200)


def http(
    method: str,
    path: str,
    body: dict[str, str] | None = None,
    timeout: float = 10,
    opener: urllib.request.OpenerDirector | None = None,
) -> int | None:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"http://127.0.0.1:{c.BACKEND_HOST_PORT}{path}",
        data=data,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=timeout) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return None


def failed_logins(user: str, count: int) -> None:
    for attempt in range(count):
        http("POST", "/api/user/login", {"username": user, "password": f"clave-{attempt}"})


def db_outage(count: int) -> None:
    docker.run(["stop", "--time", "5", c.MYSQL_CONTAINER], timeout=60)
    try:
        for attempt in range(max(3, count)):
            http(
                "POST",
                "/api/user/login",
                {"username": f"outage{attempt}@fortaleza.lab", "password": "x"},
            )
    finally:
        docker.run(["start", c.MYSQL_CONTAINER], timeout=60)
        live.wait_mysql_healthy()
        live.wait_backend_up()


def flyway_failure(ctx: FaultContext, key: str) -> None:
    rank = live.mysql_query(
        "SELECT MAX(installed_rank) FROM schema_version WHERE success = 1"
    ).strip()
    ctx.save_record(key, {"flyway_rank": rank})
    live.mysql_query(f"UPDATE schema_version SET success = 0 WHERE installed_rank = {rank}")
    try:
        docker.run(["restart", "--time", "3", c.BACKEND_CONTAINER], timeout=60)
        live.wait_until_true(
            lambda: live.backend_restart_count() >= 1, 60, "backend stopped by Flyway validation"
        )
    finally:
        live.mysql_query(f"UPDATE schema_version SET success = 1 WHERE installed_rank = {rank}")
    live.wait_backend_up(180)


def server_errors(count: int) -> None:
    # Logged in first: like Spring Security, the replica answers 401 before any handler runs.
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    http(
        "POST",
        "/api/user/login",
        {"username": c.ADMIN_EMAIL, "password": c.ADMIN_PASSWORD},
        opener=opener,
    )
    for attempt in range(count):
        http("GET", SERVER_ERROR_PATH.format(id=f"x{attempt}"), opener=opener)


@register
class LogTraffic(Fault[LogTrafficParams]):
    kind = "log-traffic"
    Params = LogTrafficParams

    def inject(self, ctx: FaultContext) -> None:
        since = datetime.now(UTC).isoformat()
        ctx.save_record(self.key, {"since": since})
        for kind in self.params.kinds:
            if kind == "auth-failures":
                failed_logins(self.params.user or c.ADMIN_EMAIL, self.params.count)
            elif kind == "db-outage":
                db_outage(self.params.count)
            elif kind == "flyway":
                flyway_failure(ctx, self.key + ".flyway")
            else:
                server_errors(self.params.count)

    def verify_injected(self, ctx: FaultContext) -> str:
        record = ctx.load_record(self.key) or {}
        logs = live.backend_logs_since(record.get("since", "10m"))
        found = []
        for kind in self.params.kinds:
            signature = SIGNATURES[kind]
            if kind == "auth-failures" and self.params.user:
                user = self.params.user
                hits = [ln for ln in logs.splitlines() if signature in ln and user in ln]
            else:
                hits = [ln for ln in logs.splitlines() if signature in ln]
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
            live.mysql_query(
                f"UPDATE schema_version SET success = 1 "
                f"WHERE installed_rank = {flyway['flyway_rank']}"
            )
            ctx.drop_record(self.key + ".flyway")
        ctx.drop_record(self.key)
