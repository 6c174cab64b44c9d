"""Live facts read from MySQL: row counts, table names and the slow-query log."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from grader.checks.base import Assertion
from grader.context import CheckContext
from grader.evidence import EvidenceError, has_token
from labs.core.i18n import tr

SLOW_LOG_NAME = "slow-query.log"  # $LAB_HOME/logs/mysql is /var/log/mysql in the container
SLOW_LOG_IN_CONTAINER = f"/var/log/mysql/{SLOW_LOG_NAME}"
SLOW_THRESHOLD_S = 1.0
# Slow-log lines that are not statements: server banners, column titles, `use db;`.
_NOISE = re.compile(r"(?i)^(use\s+\S+;|\S*mysqld|\S*mariadbd|tcp port|time\s+id)")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# Sessions merely waiting for a lock are the victims, not the slow statement itself.
LONG_RUNNING_SQL = (
    "SELECT INFO FROM information_schema.PROCESSLIST "
    "WHERE COMMAND = 'Query' AND TIME >= 1 AND INFO IS NOT NULL "
    "AND COALESCE(STATE, '') NOT LIKE 'Waiting for%'"
)


def _count(ctx: CheckContext, table: str) -> str | None:
    try:
        rows = ctx.sql(f"SELECT COUNT(*) FROM `{table}`")
    except (EvidenceError, RuntimeError, OSError):
        return None
    return rows[0][0] if rows and rows[0] else None


def _count_fact(ctx: CheckContext, text: str, table: str) -> Assertion:
    live = _count(ctx, table)
    return Assertion(
        tr(f"número real de filas en {table}", f"real row count of {table}"),
        live is not None and has_token(text, live),
        tr("no aparece", "absent") if live else tr("MySQL no respondió", "no MySQL"),
        live or "?",
        tr(
            f"Incluya el resultado de `SELECT COUNT(*) FROM {table};`.",
            f"Include the result of `SELECT COUNT(*) FROM {table};`.",
        ),
    )


def user_count(ctx: CheckContext, text: str) -> Assertion:
    return _count_fact(ctx, text, "User")


def company_count(ctx: CheckContext, text: str) -> Assertion:
    return _count_fact(ctx, text, "Company")


def table_names(ctx: CheckContext, text: str) -> Assertion:
    try:
        tables = [row[0] for row in ctx.sql("SHOW TABLES") if row]
    except (EvidenceError, RuntimeError, OSError):
        tables = []
    shown = [t for t in tables if has_token(text, t)]
    # Most, not all: a trainee may cut a long `SHOW TABLES` output at the screen's end.
    ok = bool(tables) and len(shown) >= 0.9 * len(tables)
    return Assertion(
        tr("tablas de la base", "database tables"),
        ok,
        f"{len(shown)}/{len(tables)}",
        f"≥ 90% de {len(tables)}",
        tr(
            "Incluya la salida completa de `SHOW TABLES;`.",
            "Include the full output of `SHOW TABLES;`.",
        ),
    )


@dataclass(frozen=True)
class SlowQuery:
    at: datetime | None
    seconds: float
    sql: str


def parse_slow_log(text: str) -> list[SlowQuery]:
    """Entries of a MySQL or MariaDB slow-query log (both share these markers)."""
    found: list[SlowQuery] = []
    seconds, at, sql_lines = 0.0, None, list[str]()
    for line in [*text.splitlines(), "# end"]:
        if line.startswith("#"):
            if sql_lines:
                found.append(SlowQuery(at, seconds, " ".join(sql_lines)))
                sql_lines = []
            match = re.search(r"Query_time:\s*([\d.]+)", line)
            seconds = float(match.group(1)) if match else seconds
        elif (stamp := re.match(r"SET timestamp=(\d+);", line)) is not None:
            at = datetime.fromtimestamp(int(stamp.group(1)), UTC)
        elif line.strip() and not _NOISE.match(line.strip()):
            sql_lines.append(line.strip())
    return found


def normalize_sql(sql: str) -> str:
    """Compare statements without case, comments, backticks or spacing differences."""
    plain = _COMMENT.sub(" ", sql).lower().replace("`", "")
    return " ".join(plain.split()).rstrip(";").strip()


def read_slow_log(ctx: CheckContext) -> str:
    path = ctx.tree.mysql_logs / SLOW_LOG_NAME
    if path.is_file():
        return path.read_text(errors="replace")
    return ctx.container_file("mysql", SLOW_LOG_IN_CONTAINER)


def _long_running(ctx: CheckContext) -> list[str]:
    try:
        return [row[0] for row in ctx.sql(LONG_RUNNING_SQL) if row]
    except (EvidenceError, RuntimeError, OSError):
        return []


def slow_query(ctx: CheckContext, text: str) -> Assertion:
    start, end = ctx.window("exercise")
    # A statement is in the exercise if it *ended* there: the culprit often started earlier.
    candidates = [
        q.sql
        for q in parse_slow_log(read_slow_log(ctx))
        if q.seconds >= SLOW_THRESHOLD_S
        and (q.at is None or start <= q.at + timedelta(seconds=q.seconds) <= end)
    ]
    # A statement still running (not yet in the slow log) counts too.
    candidates += _long_running(ctx)
    wanted = {normalize_sql(sql) for sql in candidates}
    written = " ".join(normalize_sql(line) for line in text.splitlines())
    ok = any(sql and sql in written for sql in wanted)
    return Assertion(
        tr("consulta lenta identificada", "slow query identified"),
        ok,
        tr("no coincide con el slow log", "does not match the slow log"),
        tr(
            f"una de las {len(wanted)} consultas lentas del ejercicio",
            f"one of the exercise's {len(wanted)} slow queries",
        ),
        tr(
            f"Copie la consulta tal como aparece en {SLOW_LOG_IN_CONTAINER}.",
            f"Copy the query as it appears in {SLOW_LOG_IN_CONTAINER}.",
        ),
    )
