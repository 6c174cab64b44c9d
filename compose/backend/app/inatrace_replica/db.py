"""A small HikariCP look-alike on top of PyMySQL.

Why a pool at all: it is what makes the replica recover by itself when MySQL comes
back (broken connections are validated on checkout and replaced), exactly the
behaviour operators see from Hikari. Timeouts are short (2 s connect) so a stopped
MySQL never makes health or requests hang.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pymysql
import pymysql.cursors

from . import frames as fr
from . import jdbc
from .config import Settings
from .errors import JavaException
from .logs import Logger

POOL_NAME = "HikariPool-1"
DS_LOG = Logger("com.zaxxer.hikari.HikariDataSource")
POOL_LOG = Logger("com.zaxxer.hikari.pool.HikariPool")
BASE_LOG = Logger("com.zaxxer.hikari.pool.PoolBase")

MAX_LIFETIME_S = 30.0  # AT: spring.datasource.hikari.max-lifetime=30000
CONNECTION_TIMEOUT_S = 30.0  # Hikari's connectionTimeout: how long a request waits for a free slot
# Statements may wait on MySQL locks for long (Connector/J has no socket timeout by default);
# read_timeout is only a safety net. Opening a connection fails fast instead (2 s), so a
# stopped MySQL gives an immediate "Communications link failure" rather than a hang.
RETRY_S = 1.0  # between connection attempts while getConnection() waits
ALIVE_BYPASS_S = 0.5  # Hikari skips validation for connections used in the last 500 ms


class _Entry:
    def __init__(self, conn: pymysql.connections.Connection) -> None:
        self.conn = conn
        self.created = time.monotonic()
        self.last_used = self.created
        self.label = f"com.mysql.cj.jdbc.ConnectionImpl@{id(conn) & 0xFFFFFFFF:x}"


class Pool:
    def __init__(
        self,
        settings: Settings,
        max_size: int = 20,
        connect_timeout: float = 2.0,
        read_timeout: float = 300.0,
    ) -> None:
        self.settings = settings
        self.max_size = max_size
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self._idle: list[_Entry] = []
        self._slots = threading.BoundedSemaphore(max_size)
        self._lock = threading.Lock()
        self._active = 0
        self._waiting = 0
        self.server_version = ""
        # Hikari's connectionTimeout: getConnection() keeps trying a dead MySQL this long
        self.connection_timeout_s = settings.connection_timeout_s

    # -- connections ---------------------------------------------------------------
    def _open(self, connect_timeout: float | None = None) -> _Entry:
        s = self.settings
        try:
            conn = pymysql.connect(
                host=s.db_host,
                port=s.db_port,
                user=s.db_user,
                password=s.db_password,
                database=s.db_name,
                charset="utf8mb4",
                autocommit=True,
                connect_timeout=connect_timeout or self.connect_timeout,
                read_timeout=self.read_timeout,
                write_timeout=self.read_timeout,
                cursorclass=pymysql.cursors.DictCursor,
            )
        except (pymysql.err.MySQLError, OSError) as err:
            raise jdbc.connect_error(err, s.db_host) from err
        self.server_version = conn.get_server_info() or self.server_version
        return _Entry(conn)

    def _valid(self, entry: _Entry) -> bool:
        """Connection.isValid(): a ping with a short timeout, never longer than 2 s."""
        conn = entry.conn
        saved = (conn._read_timeout, conn._write_timeout)
        conn._read_timeout = conn._write_timeout = 2.0
        try:
            conn.ping(reconnect=False)
            return True
        except (pymysql.err.MySQLError, OSError):
            return False
        finally:
            conn._read_timeout, conn._write_timeout = saved

    @staticmethod
    def _close(entry: _Entry) -> None:
        with contextlib.suppress(pymysql.err.MySQLError, OSError):
            entry.conn.close()

    def stats(self, asking: int = 0) -> str:
        """Hikari's pool summary; `asking` removes the caller's own not-yet-filled slot."""
        idle = len(self._idle)
        active = max(0, self._active - asking)
        return f"(total={idle + active}, active={active}, idle={idle}, waiting={self._waiting})"

    def start(self) -> None:
        """HikariDataSource.getConnection() on first use: fail fast if MySQL is unusable."""
        DS_LOG.info(f"{POOL_NAME} - Starting...")
        try:
            entry = self._open(connect_timeout=5.0)
        except JavaException as exc:
            POOL_LOG.error(f"{POOL_NAME} - Exception during pool initialization.", exc)
            raise
        POOL_LOG.info(f"{POOL_NAME} - Added connection {entry.label}")
        with self._lock:
            self._idle.append(entry)
        DS_LOG.info(f"{POOL_NAME} - Start completed.")

    def _checkout(self, wait_s: float) -> _Entry:
        started = time.monotonic()
        with self._lock:
            self._waiting += 1
        try:
            got = self._slots.acquire(timeout=wait_s)
        finally:
            with self._lock:
                self._waiting -= 1
        if not got:
            waited = int((time.monotonic() - started) * 1000)
            raise jdbc.pool_timeout(POOL_NAME, waited, self.stats(), None)
        with self._lock:
            self._active += 1
        try:
            return self._take(started)
        except BaseException:
            self._release_slot()
            raise

    def _take(self, started: float) -> _Entry:
        while True:
            with self._lock:
                entry = self._idle.pop() if self._idle else None
            if entry is None:
                break
            now = time.monotonic()
            if now - entry.created > MAX_LIFETIME_S:
                self._close(entry)  # retired quietly, as Hikari's maxLifetime does
                continue
            if now - entry.last_used < ALIVE_BYPASS_S or self._valid(entry):
                return entry
            BASE_LOG.warn(
                f"{POOL_NAME} - Failed to validate connection {entry.label} (No operations"
                " allowed after connection closed.). Possibly consider using a shorter"
                " maxLifetime value."
            )
            self._close(entry)
        while True:
            try:
                return self._open()
            except JavaException as exc:
                left = self.connection_timeout_s - (time.monotonic() - started)
                if left <= 0:
                    waited = int((time.monotonic() - started) * 1000)
                    raise jdbc.pool_timeout(POOL_NAME, waited, self.stats(asking=1), exc) from exc
            time.sleep(min(RETRY_S, left))

    def _release_slot(self) -> None:
        with self._lock:
            self._active -= 1
        self._slots.release()

    def _checkin(self, entry: _Entry, broken: bool) -> None:
        entry.last_used = time.monotonic()
        if broken:
            self._close(entry)
        else:
            with self._lock:
                self._idle.append(entry)
        self._release_slot()

    @contextmanager
    def connection(self, wait_s: float = 2.0) -> Iterator[pymysql.connections.Connection]:
        """Borrow a connection; one that failed underneath the caller is thrown away."""
        entry = self._checkout(wait_s)
        broken = False
        try:
            yield entry.conn
        except BaseException as err:
            broken = jdbc.is_connection_lost(err) or isinstance(err, JavaException)
            raise
        finally:
            self._checkin(entry, broken)

    # -- statements ----------------------------------------------------------------
    def run(self, sql: str, args: Any = None, *, fetch: bool = True) -> Any:
        """Run one statement the way a JPA repository call would, with Java-like errors.

        Returns rows (list of dicts) when fetch, else (rowcount, lastrowid).
        """
        try:
            entry = self._checkout(max(CONNECTION_TIMEOUT_S, self.connection_timeout_s))
        except JavaException as exc:
            raise JavaException(
                "org.springframework.transaction.CannotCreateTransactionException",
                "Could not open JPA EntityManager for transaction",
                fr.TX_BEGIN + fr.request(),
                JavaException(
                    "org.hibernate.exception.JDBCConnectionException",
                    f"Unable to acquire JDBC Connection [{exc.message}] [n/a]",
                    (),
                    exc,
                    omitted=20,
                ),
            ) from exc
        started = time.monotonic()
        broken = False
        try:
            with entry.conn.cursor() as cur:
                cur.execute(sql, args)
                return cur.fetchall() if fetch else (cur.rowcount, cur.lastrowid)
        except (pymysql.err.MySQLError, OSError) as err:
            broken = jdbc.is_connection_lost(err)
            raise self._translate(err, sql, started) from err
        finally:
            self._checkin(entry, broken)

    @staticmethod
    def _translate(err: BaseException, sql: str, started: float) -> JavaException:
        one_line = " ".join(sql.split())
        if jdbc.is_connection_lost(err):
            cause = jdbc.lost_during_query(err, int((time.monotonic() - started) * 1000))
            return JavaException(
                "org.hibernate.exception.JDBCConnectionException",
                f"JDBC exception executing SQL [{one_line}] [{jdbc.COMM}]",
                (),
                cause,
            )
        cause = jdbc.statement_error(err)
        return JavaException(
            "org.hibernate.exception.SQLGrammarException"
            if jdbc.sql_state(cause.sql_code).startswith("42")
            else "org.hibernate.exception.GenericJDBCException",
            f"JDBC exception executing SQL [{one_line}] [{cause.message}]",
            (),
            cause,
        )

    def query(self, sql: str, args: Any = None) -> list[dict[str, Any]]:
        return list(self.run(sql, args, fetch=True))

    def execute(self, sql: str, args: Any = None) -> tuple[int, int]:
        rowcount, lastrowid = self.run(sql, args, fetch=False)
        return int(rowcount), int(lastrowid or 0)

    def close(self, thread: str | None = None) -> None:
        DS_LOG.info(f"{POOL_NAME} - Shutdown initiated...", thread=thread)
        with self._lock:
            idle, self._idle = self._idle, []
        for entry in idle:
            self._close(entry)
        DS_LOG.info(f"{POOL_NAME} - Shutdown completed.", thread=thread)
