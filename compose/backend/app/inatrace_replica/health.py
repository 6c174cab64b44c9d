"""/actuator/health: db, diskSpace and ping, shown only when show-details asks for them.

INATrace sets no management.endpoint.health.show-details (AT application.properties), so
the real body is `{"status":"UP"}` (or 503 `{"status":"DOWN"}`); the components appear
only when MANAGEMENT_ENDPOINT_HEALTH_SHOW_DETAILS=always, as the lab's .env sets it.
Spring's DataSourceHealthIndicator borrows a pooled connection (Hikari waits up to its
30 s connectionTimeout when MySQL is gone) and DiskSpaceHealthIndicator checks "." (the
working directory, /app) unless management.health.diskspace.path says otherwise.
Failures are logged as WARN on every check, as AbstractHealthIndicator does.
"""

from __future__ import annotations

import os
from typing import Any

from . import frames as fr
from . import jdbc
from .config import Settings
from .db import Pool
from .errors import JavaException
from .logs import Logger

DB_LOG = Logger("org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator")
DISK_LOG = Logger("org.springframework.boot.actuate.system.DiskSpaceHealthIndicator")
CONTENT_TYPE = "application/vnd.spring-boot.actuator.v3+json"
DB_DOWN_ERROR = (
    "org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection"
)


def disk_component(root: str, threshold: int) -> dict[str, Any]:
    """Like java.io.File: a missing path has 0 total and 0 usable bytes (so DOWN); the path
    shown is File.getAbsolutePath(), e.g. "/app/." for Boot's default "."."""
    path = os.path.join(os.path.abspath(root), ".") if root == "." else root.rstrip("/") + "/."
    try:
        st = os.statvfs(root)
        total, free, exists = st.f_blocks * st.f_frsize, st.f_bavail * st.f_frsize, True
    except OSError:
        total, free, exists = 0, 0, False
    up = free >= threshold
    if not up:
        DISK_LOG.warn(
            f"Free disk space at path '{path}' below threshold. Available: {free} bytes"
            f" (threshold: {threshold}B)"
        )
    return {
        "status": "UP" if up else "DOWN",
        "details": {
            "total": total,
            "free": free,
            "threshold": threshold,
            "path": path,
            "exists": exists,
        },
    }


def db_component(pool: Pool) -> dict[str, Any]:
    try:
        with pool.connection(wait_s=pool.connection_timeout_s or 1.0) as conn:
            saved = (conn._read_timeout, conn._write_timeout)
            conn._read_timeout = conn._write_timeout = 2.0  # isValid(timeout) keeps it short
            try:
                conn.ping(reconnect=False)
            finally:
                conn._read_timeout, conn._write_timeout = saved
    except JavaException as exc:
        _warn_db(exc)
        return {"status": "DOWN", "details": {"error": DB_DOWN_ERROR}}
    except Exception as err:  # any failure of the probe means DOWN
        _warn_db(jdbc.lost_during_query(err, 0))
        return {"status": "DOWN", "details": {"error": DB_DOWN_ERROR}}
    return {"status": "UP", "details": {"database": "MySQL", "validationQuery": "isValid()"}}


def _warn_db(cause: JavaException) -> None:
    """WARN 'DataSource health check failed' with the chain, once per failed check."""
    DB_LOG.warn(
        "DataSource health check failed",
        JavaException(
            "org.springframework.jdbc.CannotGetJdbcConnectionException",
            "Failed to obtain JDBC Connection",
            fr.frames(
                "jdbc|org.springframework.jdbc.datasource.DataSourceUtils.getConnection"
                "(DataSourceUtils.java:84)",
                "jdbc|org.springframework.jdbc.core.JdbcTemplate.execute(JdbcTemplate.java:342)",
                "actuator|org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator"
                ".doDataSourceHealthCheck(DataSourceHealthIndicator.java:122)",
            ),
            cause,
            omitted=0,
        ),
    )


def health(settings: Settings, pool: Pool) -> tuple[int, dict[str, Any]]:
    components = {
        "db": db_component(pool),
        "diskSpace": disk_component(settings.disk_path, settings.disk_threshold),
        "ping": {"status": "UP"},
    }
    up = all(c["status"] == "UP" for c in components.values())
    doc: dict[str, Any] = {"status": "UP" if up else "DOWN"}
    if settings.health_show_details == "always":
        doc["components"] = components
    return (200 if up else 503), doc


def actuator_links(base: str) -> dict[str, Any]:
    return {
        "_links": {
            "self": {"href": f"{base}/actuator", "templated": False},
            "health": {"href": f"{base}/actuator/health", "templated": False},
            "health-path": {"href": f"{base}/actuator/health/{{*path}}", "templated": True},
        }
    }
