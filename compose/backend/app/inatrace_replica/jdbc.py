"""Translate PyMySQL/socket errors into the exceptions MySQL Connector/J 8.3 would throw.

Operators grep for these texts ("Communications link failure", "Access denied for
user"), so messages come from the server where there is one (MySQL's own wording).
"""

from __future__ import annotations

import pymysql

from . import frames as fr
from .errors import JavaException

COMM = "Communications link failure"
NO_PACKETS = (
    "The last packet sent successfully to the server was 0 milliseconds ago. "
    "The driver has not received any packets from the server."
)

# MySQL error code -> SQLSTATE, for the codes an operator of this lab can meet.
_SQL_STATES = {
    1044: "42000",
    1045: "28000",
    1049: "42000",
    1050: "42S01",
    1054: "42S22",
    1060: "42S21",
    1061: "42000",
    1062: "23000",
    1064: "42000",
    1091: "42000",
    1146: "42S02",
    1205: "HY000",
    1213: "40001",
    1265: "01000",
    1366: "HY000",
    1451: "23000",
    1452: "23000",
}
_CLIENT_LOST = {2006, 2013, 2014, 2055, 0}


def error_code(err: BaseException) -> int | None:
    if isinstance(err, pymysql.err.MySQLError) and err.args and isinstance(err.args[0], int):
        return int(err.args[0])
    return None


def error_text(err: BaseException) -> str:
    if isinstance(err, pymysql.err.MySQLError) and len(err.args) > 1:
        return str(err.args[1])
    return str(err) or err.__class__.__name__


def sql_state(code: int | None) -> str:
    if code is None or code == 0 or code >= 2000:
        return "08S01"  # Connector/J's SQLSTATE for every communications failure
    return _SQL_STATES.get(code, "HY000")


def is_connection_lost(err: BaseException) -> bool:
    """True when the connection itself is gone (server stopped, network cut, timeout)."""
    if isinstance(err, (OSError, EOFError)):
        return True
    if isinstance(err, pymysql.err.InterfaceError):
        return True
    code = error_code(err)
    return isinstance(err, pymysql.err.OperationalError) and (code in _CLIENT_LOST or code == 2003)


def _socket_cause(text: str, host: str) -> JavaException:
    """The java.net exception at the bottom of a failed connect."""
    lowered = text.lower()
    if "name or service not known" in lowered or "errno -2" in lowered or "errno -5" in lowered:
        return JavaException(
            "java.net.UnknownHostException",
            f"{host}: Name or service not known",
            fr.UNKNOWN_HOST,
            omitted=56,
        )
    if "temporary failure in name resolution" in lowered or "errno -3" in lowered:
        return JavaException(
            "java.net.UnknownHostException",
            f"{host}: Temporary failure in name resolution",
            fr.UNKNOWN_HOST,
            omitted=56,
        )
    if "timed out" in lowered:
        return JavaException(
            "java.net.SocketTimeoutException", "Connect timed out", fr.SOCKET_CONNECT, omitted=56
        )
    if "no route to host" in lowered:
        return JavaException(
            "java.net.NoRouteToHostException", "No route to host", fr.SOCKET_CONNECT, omitted=56
        )
    return JavaException(
        "java.net.ConnectException", "Connection refused", fr.SOCKET_CONNECT, omitted=56
    )


def connect_error(err: BaseException, host: str) -> JavaException:
    """The exception DriverManager.getConnection() throws for a failed connect."""
    code = error_code(err)
    text = error_text(err)
    if code is not None and code < 2000:
        # The server answered: wrong password, unknown database, no grant...
        java_class = (
            "java.sql.SQLSyntaxErrorException"
            if code in (1044, 1049)
            else ("java.sql.SQLException")
        )
        return JavaException(java_class, text, fr.MYSQL_SQLERROR + fr.MYSQL_CONNECT, sql_code=code)
    message = f"{COMM}\n\n{NO_PACKETS}"
    cj = JavaException(
        "com.mysql.cj.exceptions.CJCommunicationsException",
        message,
        fr.CJ_COMMUNICATIONS,
        _socket_cause(text, host),
        omitted=8,
    )
    return JavaException(
        "com.mysql.cj.jdbc.exceptions.CommunicationsException",
        message,
        fr.MYSQL_CONNECT,
        cj,
        sql_code=0,
    )


def lost_during_query(err: BaseException, idle_ms: int) -> JavaException:
    """Connector/J's CommunicationsException for a connection that died under a statement."""
    message = (
        f"{COMM}\n\nThe last packet successfully received from the server was {idle_ms:,}"
        f" milliseconds ago. The last packet sent successfully to the server was"
        f" {idle_ms:,} milliseconds ago."
    )
    if "timed out" in error_text(err).lower():
        cause = JavaException(
            "java.net.SocketTimeoutException", "Read timed out", fr.SOCKET_READ, omitted=12
        )
    else:
        cause = JavaException(
            "java.io.EOFException",
            "Can not read response from server. Expected to read 4 bytes, read 0 bytes before"
            " connection was unexpectedly lost.",
            fr.SOCKET_READ,
            omitted=12,
        )
    cj = JavaException(
        "com.mysql.cj.exceptions.CJCommunicationsException",
        message,
        fr.CJ_COMMUNICATIONS[:4],
        cause,
        omitted=10,
    )
    return JavaException(
        "com.mysql.cj.jdbc.exceptions.CommunicationsException",
        message,
        fr.MYSQL_QUERY,
        cj,
        sql_code=0,
    )


def statement_error(err: BaseException) -> JavaException:
    """A server-side SQL error (syntax, missing table, constraint) as Connector/J types it."""
    code = error_code(err)
    state = sql_state(code)
    if state.startswith("23"):
        java_class = "java.sql.SQLIntegrityConstraintViolationException"
    elif state.startswith("42"):
        java_class = "java.sql.SQLSyntaxErrorException"
    else:
        java_class = "java.sql.SQLException"
    return JavaException(
        java_class, error_text(err), fr.MYSQL_SQLERROR + fr.MYSQL_QUERY, sql_code=code
    )


def pool_timeout(
    pool_name: str, waited_ms: int, stats: str, cause: JavaException | None
) -> JavaException:
    return JavaException(
        "java.sql.SQLTransientConnectionException",
        f"{pool_name} - Connection is not available, request timed out after {waited_ms}ms"
        f" {stats}.",
        fr.HIKARI_GET,
        cause,
        omitted=4,
    )
