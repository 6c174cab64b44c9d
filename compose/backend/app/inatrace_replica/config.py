"""Settings read from the environment docker compose passes in (AT property names)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import ConfigError

_JDBC = re.compile(r"^jdbc:(?:mysql|mariadb)://(?P<host>[^:/?]+)(?::(?P<port>\d+))?/(?P<db>[^?]*)")
_TRUE = {"true", "1", "yes", "on"}

# AT ships a hard-coded signing key; the lab uses its own obviously-fake default.
DEFAULT_JWT_KEY = "inatrace-lab-replica-signing-key-not-a-secret"
# AT application.properties: spring.datasource.url's default query string.
DEFAULT_URL_QUERY = (
    "autoReconnect=true&allowPublicKeyRetrieval=true&useSSL=false&serverTimezone=UTC"
)
START_MODES = ("real", "fast")


def parse_boolean(value: str | None) -> bool:
    """Java's Boolean.parseBoolean: only "true" (any case) is true; "1" or "yes" are not."""
    return (value or "").strip().lower() == "true"


def _bool(value: str | None, default: bool) -> bool:
    """Spring's relaxed boolean binding (true/false, yes/no, on/off, 1/0)."""
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in _TRUE


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from exc


_SIZE = re.compile(r"^\s*(\d+)\s*(B|KB|MB|GB|TB)?\s*$", re.IGNORECASE)
_UNITS = {"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30, "TB": 1 << 40}


def _size(env: Mapping[str, str], name: str, default: int) -> int:
    """Spring's DataSize: plain bytes or a number with B/KB/MB/GB/TB."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    match = _SIZE.match(raw)
    if not match:
        raise ConfigError(f"{name} is not a data size (e.g. 10485760 or 10MB): {raw!r}")
    return int(match[1]) * _UNITS[(match[2] or "B").upper()]


@dataclass(frozen=True)
class Settings:
    db_host: str
    db_port: int
    db_name: str
    db_user: str
    db_password: str
    server_port: int
    profiles: tuple[str, ...]
    env_name: str
    filestorage_root: str
    repair_on_startup: bool
    validate_on_migrate: bool
    product_type: str
    admin_email: str
    admin_password: str
    admin_name: str
    admin_surname: str
    admin_company_name: str
    jwt_signing_key: str
    disk_threshold: int
    mail_enabled: bool
    exchangerate_enabled: bool
    release_version: str
    release_tag: str
    release_bad: bool
    jdbc_url: str  # as Flyway's "Database:" line prints it: the full URL, query string included
    health_show_details: str  # management.endpoint.health.show-details: never|always|...
    disk_path: str  # management.health.diskspace.path; Boot's default is "." (working dir)
    start_mode: str  # LAB_BACKEND_START: "real" (JVM-like timings) or "fast" (self-tests, CI)

    @property
    def fast(self) -> bool:
        return self.start_mode == "fast"

    @property
    def connection_timeout_s(self) -> float:
        """Hikari's connectionTimeout (30 s): how long getConnection() keeps retrying a dead DB.
        The fast mode gives up after one attempt, so self-tests do not wait 30 s per request."""
        return 0.0 if self.fast else 30.0


def from_env(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    host = env.get("INATRACE_DATABASE_HOSTNAME") or "inatrace-mysql-test-fortaleza"
    port = _int(env, "INATRACE_DATABASE_PORT", 3306)
    name = env.get("INATRACE_DATABASE_NAME") or "inatrace_test_fortaleza"
    url = env.get("SPRING_DATASOURCE_URL", "").strip()
    jdbc_url = url or f"jdbc:mysql://{host}:{port}/{name}?{DEFAULT_URL_QUERY}"
    if url:
        match = _JDBC.match(url)
        if not match:
            raise ConfigError(f"SPRING_DATASOURCE_URL is not a jdbc:mysql:// URL: {url!r}")
        host = match["host"]
        port = int(match["port"] or 3306)
        name = match["db"] or name
    profiles = tuple(
        p.strip() for p in env.get("SPRING_PROFILES_ACTIVE", "").split(",") if p.strip()
    )
    return Settings(
        db_host=host,
        db_port=port,
        db_name=name,
        db_user=env.get("SPRING_DATASOURCE_USERNAME") or name,
        db_password=env.get("SPRING_DATASOURCE_PASSWORD", ""),
        server_port=_int(env, "SERVER_PORT", 8080),
        profiles=profiles,
        env_name=env.get("INATRACE_ENV") or "TEST",
        filestorage_root=(env.get("INATRACE_FILESTORAGE_ROOT") or "/opt/inatrace/uploads").rstrip(
            "/"
        )
        or "/",
        repair_on_startup=parse_boolean(env.get("INATRACE_FLYWAY_REPAIR_ON_STARTUP")),
        validate_on_migrate=_bool(env.get("INATRACE_FLYWAY_VALIDATE_ON_MIGRATE"), True),
        # Environment.getProperty(name, default) in AT's migrations: the default only when
        # the variable is absent (an empty one is taken as it is).
        product_type=env.get("INATRACE_PRODUCT_TYPE", "COCOA"),
        admin_email=env.get("INATRACE_ADMIN_EMAIL", "admin@example.com"),
        admin_password=env.get("INATRACE_ADMIN_PASSWORD", "Admin123!"),
        admin_name=env.get("INATRACE_ADMIN_NAME", "Admin"),
        admin_surname=env.get("INATRACE_ADMIN_SURNAME", "User"),
        admin_company_name=env.get("INATRACE_ADMIN_COMPANY_NAME", "Demo Company"),
        # An empty key is a key (Spring binds "" as it is): signing then fails (api_user).
        jwt_signing_key=env.get("INATRACE_AUTH_JWTSIGNINGKEY", DEFAULT_JWT_KEY),
        disk_threshold=_size(env, "MANAGEMENT_HEALTH_DISKSPACE_THRESHOLD", 10 * 1024 * 1024),
        mail_enabled=_bool(env.get("INATRACE_MAIL_SENDING_ENABLED"), False),
        exchangerate_enabled=_bool(env.get("INATRACE_EXCHANGERATE_ENABLED"), False),
        release_version=env.get("INATRACE_RELEASE_VERSION") or "2.38.0",
        release_tag=env.get("INATRACE_RELEASE_TAG") or "dev",
        release_bad=_bool(env.get("INATRACE_RELEASE_BAD"), False),
        jdbc_url=jdbc_url,
        health_show_details=(env.get("MANAGEMENT_ENDPOINT_HEALTH_SHOW_DETAILS") or "never")
        .strip()
        .lower(),
        disk_path=env.get("MANAGEMENT_HEALTH_DISKSPACE_PATH") or ".",
        start_mode=_start_mode(env.get("LAB_BACKEND_START")),
    )


def _start_mode(raw: str | None) -> str:
    mode = (raw or "real").strip().lower()
    if mode not in START_MODES:
        raise ConfigError(f"LAB_BACKEND_START must be real or fast, got {raw!r}")
    return mode
