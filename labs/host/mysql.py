"""MySQL from the host: one way to connect and query, friendly errors, waits with deadlines.

The backend creates its schema on startup, so everything that reads or writes the
replica database first waits for it here: always by polling with a deadline, never by
sleeping a fixed time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pymysql
from pydantic import BaseModel, ConfigDict

from labs.core import constants
from labs.core.errors import LabError, WaitTimeout
from labs.core.i18n import tr
from labs.host import waits
from labs.host.errors import SqlError
from labs.host.models import SqlRows

POLL_INTERVAL_S = 0.5

# MySQL client error codes a person can act on.
_CANT_CONNECT = (2002, 2003, 2006, 2013)
_ACCESS_DENIED = 1045
_UNKNOWN_DATABASE = 1049


class ConnectionSettings(BaseModel):
    """Where the replica database is; defaults are the lab's own MySQL container."""

    model_config = ConfigDict(frozen=True)

    host: str = "127.0.0.1"
    port: int = constants.MYSQL_HOST_PORT
    user: str = "root"
    password: str = constants.MYSQL_ROOT_PASSWORD
    database: str = constants.DATABASE_NAME
    connect_timeout: int = 3
    read_timeout: int | None = None
    unix_socket: str | None = None  # a trainee's MySQL through an ssh tunnel

    def open(self) -> pymysql.Connection[Any]:
        return connect(**self.model_dump())


def connect(
    host: str = "127.0.0.1",
    port: int = constants.MYSQL_HOST_PORT,
    user: str = "root",
    password: str = constants.MYSQL_ROOT_PASSWORD,
    database: str = constants.DATABASE_NAME,
    connect_timeout: int = 3,
    read_timeout: int | None = None,
    unix_socket: str | None = None,
) -> pymysql.Connection[Any]:
    """Open a connection, or raise a LabError that says what to check."""
    try:
        return pymysql.connect(
            unix_socket=unix_socket,
            host=host,
            port=port,
            user=user,
            password=password,
            database=database,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            charset="utf8mb4",
            autocommit=False,
        )
    except pymysql.err.OperationalError as exc:
        raise _explain(exc, host, port, user, database) from exc


def _explain(
    exc: pymysql.err.OperationalError, host: str, port: int, user: str, database: str
) -> LabError:
    code = exc.args[0] if exc.args else 0
    reason = exc.args[-1] if exc.args else exc
    if code == _ACCESS_DENIED:
        return LabError(
            tr(
                f"MySQL rechazó al usuario '{user}' en {host}:{port} (Access denied).",
                f"MySQL refused user '{user}' on {host}:{port} (Access denied).",
            ),
            tr(
                "Revise la contraseña en el .env (MYSQL_ROOT_PASSWORD / DATASOURCE_PASSWORD).",
                "Check the password in .env (MYSQL_ROOT_PASSWORD / DATASOURCE_PASSWORD).",
            ),
        )
    if code == _UNKNOWN_DATABASE:
        return LabError(
            tr(
                f"La base de datos '{database}' no existe en {host}:{port}.",
                f"Database '{database}' does not exist on {host}:{port}.",
            ),
            tr(
                "Revise DATABASE_NAME en el .env, o arranque el backend para que la cree.",
                "Check DATABASE_NAME in .env, or start the backend so that it creates it.",
            ),
        )
    return LabError(
        tr(
            f"No se pudo conectar a MySQL en {host}:{port}: {reason}",
            f"Could not connect to MySQL on {host}:{port}: {reason}",
        ),
        tr(
            "Verifique que el contenedor esté corriendo: `docker ps | grep mysql` "
            f"(esperado: {constants.MYSQL_CONTAINER}, puerto {port}).",
            "Check that the container is running: `docker ps | grep mysql` "
            f"(expected: {constants.MYSQL_CONTAINER}, port {port}).",
        ),
    )


def wait_until(probe: Callable[[], str | None], deadline_s: float, what: str, fix: str) -> None:
    """Poll `probe` until it returns None (ready); otherwise it returns why it is not ready."""
    last: list[str] = [tr("sin intentar", "not tried")]

    def ready() -> bool:
        try:
            reason = probe()
        except LabError as exc:
            reason = exc.message
        except pymysql.err.MySQLError as exc:
            reason = str(exc)
        if reason is not None:
            last[0] = reason
        return reason is None

    try:
        waits.wait_until(
            ready,
            deadline_s=deadline_s,
            what=what,
            diagnose=lambda: f"({last[0]})",
            interval_s=POLL_INTERVAL_S,
        )
    except WaitTimeout as exc:
        raise WaitTimeout(exc.message, fix) from exc


def _query_probe(
    settings: ConnectionSettings, check: Callable[[Any], str | None]
) -> Callable[[], str | None]:
    def probe() -> str | None:
        conn = settings.open()
        try:
            with conn.cursor() as cur:
                return check(cur)
        finally:
            conn.close()

    return probe


def wait_for_sql(deadline_s: float, settings: ConnectionSettings | None = None) -> None:
    """Wait until MySQL answers `SELECT 1`."""

    def check(cur: Any) -> str | None:
        cur.execute("SELECT 1")
        return (
            None
            if cur.fetchone() == (1,)
            else tr("SELECT 1 no devolvió 1", "SELECT 1 did not return 1")
        )

    wait_until(
        _query_probe(settings or ConnectionSettings(), check),
        deadline_s,
        "MySQL",
        f"Revise `docker logs {constants.MYSQL_CONTAINER} --tail 50`.",
    )


def table_exists(cur: Any, name: str) -> bool:
    cur.execute(
        "SELECT COUNT(*) FROM information_schema.TABLES "
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s",
        (name,),
    )
    return bool(cur.fetchone()[0])


def missing_columns(cur: Any, wanted: Mapping[str, Sequence[str]]) -> list[str]:
    """Which `Table.column` of `wanted` the current database does not have (yet)."""
    cur.execute(
        "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS "
        "WHERE TABLE_SCHEMA = DATABASE()"
    )
    have = {(t, c) for t, c in cur.fetchall()}
    return [f"{t}.{c}" for t, cols in wanted.items() for c in cols if (t, c) not in have]


def wait_for_table(
    name: str, deadline_s: float, settings: ConnectionSettings | None = None
) -> None:
    """Wait until the backend has created table `name`."""

    def check(cur: Any) -> str | None:
        return (
            None
            if table_exists(cur, name)
            else tr(f"falta la tabla {name}", f"table {name} is missing")
        )

    wait_until(
        _query_probe(settings or ConnectionSettings(), check),
        deadline_s,
        tr(f"La tabla {name}", f"Table {name}"),
        tr(
            "El backend crea las tablas al arrancar: revise "
            f"`docker logs {constants.BACKEND_CONTAINER} --tail 100`.",
            "The backend creates the tables when it starts: check "
            f"`docker logs {constants.BACKEND_CONTAINER} --tail 100`.",
        ),
    )


def insert_rows(cur: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert many rows; PyMySQL turns executemany into multi-row INSERTs."""
    batch = list(rows)
    if not batch:
        return 0
    names = ", ".join(f"`{c}`" for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    cur.executemany(f"INSERT INTO `{table}` ({names}) VALUES ({marks})", batch)
    return len(batch)


def query(settings: ConnectionSettings, sql: str) -> SqlRows:
    """Run one statement; rows as the `mysql -N -B` client prints them (NULL as "NULL")."""
    conn = settings.open()
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
            rows = cur.fetchall() if cur.description else ()
        conn.commit()
    except pymysql.err.MySQLError as exc:
        raise SqlError(str(exc.args[-1]) if exc.args else str(exc)) from exc
    finally:
        conn.close()
    return [[_cell(value) for value in row] for row in rows]


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode(errors="replace")
    return str(value)
