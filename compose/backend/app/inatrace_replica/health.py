"""/actuator/health with the db, diskSpace and ping components.

Spring's DataSourceHealthIndicator checks Connection.isValid() and its
DiskSpaceHealthIndicator compares usable bytes with a threshold. Either one DOWN makes
the whole thing DOWN and the HTTP status 503. Failures are logged as WARN, as
AbstractHealthIndicator does, so `docker logs` shows why the container turned unhealthy.
"""

from __future__ import annotations

import os
import threading
import time
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

_last_db_warning = 0.0
_warn_lock = threading.Lock()


def disk_component(root: str, threshold: int) -> dict[str, Any]:
    """Like java.io.File: a missing path has 0 total and 0 usable bytes (so DOWN)."""
    path = root.rstrip("/") + "/."
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
        with pool.connection(wait_s=1.0) as conn:
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
    """WARN 'DataSource health check failed' with the chain; at most once per 10 s,
    so Docker's 30 s healthcheck plus operators' curls do not bury the log."""
    global _last_db_warning
    with _warn_lock:
        now = time.monotonic()
        if now - _last_db_warning < 10 and _last_db_warning:
            return
        _last_db_warning = now
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
        "diskSpace": disk_component(settings.filestorage_root, settings.disk_threshold),
        "ping": {"status": "UP"},
    }
    up = all(c["status"] == "UP" for c in components.values())
    return (200 if up else 503), {"status": "UP" if up else "DOWN", "components": components}


def actuator_links(base: str) -> dict[str, Any]:
    return {
        "_links": {
            "self": {"href": f"{base}/actuator", "templated": False},
            "health": {"href": f"{base}/actuator/health", "templated": False},
            "health-path": {"href": f"{base}/actuator/health/{{*path}}", "templated": True},
        }
    }
