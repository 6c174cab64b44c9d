"""Flyway 10.10 Community, as much of it as INATrace uses: validate, migrate, repair.

History lives in `schema_version` with Flyway's own columns. MySQL cannot roll back
DDL, so a failed migration leaves a success=0 row behind; with validate-on-migrate the
next start then fails until someone runs repair. That trap is what the lab teaches.
"""

from __future__ import annotations

import time
from typing import Any

import pymysql

from . import frames as fr
from . import jdbc
from .config import Settings
from .errors import JavaException
from .flyway_resolve import Migration, split_statements, version_key
from .java_migrations import MigrationContext
from .logs import Logger

TABLE = "schema_version"
LEARN_MORE = "Need more flexibility with validation rules? Learn more: https://rd.gt/3AbJUZE"
VALIDATE_LOG = Logger("org.flywaydb.core.internal.command.DbValidate")
MIGRATE_LOG = Logger("org.flywaydb.core.internal.command.DbMigrate")
REPAIR_LOG = Logger("org.flywaydb.core.internal.command.DbRepair")
HISTORY_LOG = Logger("org.flywaydb.core.internal.schemahistory.JdbcTableSchemaHistory")
BASELINE_LOG = Logger("org.flywaydb.core.internal.command.DbBaseline")
JPA_LOG = Logger("com.abelium.inatrace.components.flyway.JpaMigrationExecutor")

CREATE_TABLE = """CREATE TABLE `{table}` (
    `installed_rank` INT NOT NULL,
    `version` VARCHAR(50),
    `description` VARCHAR(200) NOT NULL,
    `type` VARCHAR(20) NOT NULL,
    `script` VARCHAR(1000) NOT NULL,
    `checksum` INT,
    `installed_by` VARCHAR(100) NOT NULL,
    `installed_on` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    `execution_time` INT NOT NULL,
    `success` BOOL NOT NULL,
    CONSTRAINT `{table}_pk` PRIMARY KEY (`installed_rank`)
) ENGINE=InnoDB"""


def elapsed(started: float) -> str:
    """Flyway's TimeFormat: mm:ss.SSSs."""
    ms = int((time.monotonic() - started) * 1000)
    return f"{ms // 60000:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}s"


def validate_errors(rows: list[dict[str, Any]], resolved: list[Migration]) -> list[str]:
    """Flyway's validation with ignoreMigrationPatterns=*:missing and outOfOrder=true."""
    local = {m.key: m for m in resolved}
    errors: list[str] = []
    for row in rows:
        if row["type"] == "BASELINE" or row["version"] is None:
            continue
        version, desc = row["version"], row["description"]
        if not row["success"]:
            errors.append(
                f"Detected failed migration to version {version} ({desc}).\n"
                "Please remove any half-completed changes then run repair to fix the"
                " schema history."
            )
            continue
        mine = local.get(version_key(version))
        if mine is None:
            continue  # *:missing is ignored
        if mine.type != row["type"]:
            errors.append(
                f"Migration type mismatch for migration version {version}\n"
                f"-> Applied to database : {row['type']}\n"
                f"-> Resolved locally    : {mine.type}\n"
                "Either revert the changes to the migration, or run repair to update"
                " the schema history."
            )
        elif mine.checksum != row["checksum"]:
            errors.append(
                f"Migration checksum mismatch for migration version {version}\n"
                f"-> Applied to database : {row['checksum']}\n"
                f"-> Resolved locally    : {mine.checksum}\n"
                "Either revert the changes to the migration, or run repair to update"
                " the schema history."
            )
        elif mine.description != desc:
            errors.append(
                f"Migration description mismatch for migration version {version}\n"
                f"-> Applied to database : {desc}\n"
                f"-> Resolved locally    : {mine.description}\n"
                "Either revert the changes to the migration, or run repair to update"
                " the schema history."
            )
    return errors


def validate_exception(errors: list[str]) -> JavaException:
    message = "Validate failed: Migrations have failed validation\n" + "\n".join(errors)
    return JavaException(
        "org.flywaydb.core.api.exception.FlywayValidateException",
        f"{message}\n{LEARN_MORE}",
        fr.FLYWAY_MIGRATE,
    )


def migrate_exception(
    mig: Migration, line: int, statement: str, cause: JavaException
) -> JavaException:
    title = f"Migration {mig.script} failed"
    code = cause.sql_code
    message = "\n".join(
        [
            title,
            "-" * len(title),
            f"SQL State  : {jdbc.sql_state(code)}",
            f"Error Code : {code if code is not None else 0}",
            f"Message    : {cause.message}",
            f"Location   : db/migrations/{mig.script} (nested:/app/app.jar/!BOOT-INF/classes/!/"
            f"db/migrations/{mig.script})",
            f"Line       : {line}",
            f"Statement  : {statement}",
        ]
    )
    return JavaException(
        "org.flywaydb.core.internal.command.DbMigrate$FlywayMigrateException",
        message,
        fr.FLYWAY_MIGRATE,
        cause,
        omitted=0,
    )


class Flyway:
    """One Flyway instance over one borrowed connection (Flyway's own JDBC connection)."""

    def __init__(
        self, conn: pymysql.connections.Connection, settings: Settings, migrations: list[Migration]
    ) -> None:
        self.conn = conn
        self.settings = settings
        self.migrations = migrations
        self.schema = settings.db_name
        self.qualified = f"`{self.schema}`.`{TABLE}`"

    # -- history table -------------------------------------------------------------
    def _q(self, sql: str, args: Any = None) -> list[dict[str, Any]]:
        with self.conn.cursor() as cur:
            cur.execute(sql, args)
            return list(cur.fetchall())

    def table_exists(self) -> bool:
        return bool(
            self._q(
                "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s"
                " AND TABLE_NAME = %s",
                (self.schema, TABLE),
            )
        )

    def rows(self) -> list[dict[str, Any]]:
        if not self.table_exists():
            return []
        return self._q(f"SELECT * FROM `{TABLE}` ORDER BY installed_rank")

    def _insert(self, mig: Migration, exec_ms: int, success: bool) -> None:
        rank = self._q(f"SELECT COALESCE(MAX(installed_rank), 0) + 1 AS r FROM `{TABLE}`")[0]["r"]
        user = self._q("SELECT SUBSTRING_INDEX(USER(), '@', 1) AS u")[0]["u"]
        self._q(
            f"INSERT INTO `{TABLE}` (installed_rank, version, description, type, script,"
            " checksum, installed_by, execution_time, success) VALUES"
            " (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                rank,
                mig.version,
                mig.description,
                mig.type,
                mig.script,
                mig.checksum,
                user,
                exec_ms,
                1 if success else 0,
            ),
        )

    def _create_table(self) -> None:
        others = self._q(
            "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s",
            (self.schema,),
        )[0]["n"]
        if others:
            # baseline-on-migrate=true, baseline-version=0 (AT defaults)
            HISTORY_LOG.info(f"Creating Schema History table {self.qualified} with baseline ...")
            self._q(CREATE_TABLE.format(table=TABLE))
            self._q(f"CREATE INDEX `{TABLE}_s_idx` ON `{TABLE}` (`success`)")
            baseline = Migration(
                "0", "<< Flyway Baseline >>", "BASELINE", "<< Flyway Baseline >>", None
            )
            self._insert(baseline, 0, True)
            BASELINE_LOG.info(f"Successfully baselined schema with version: {baseline.version}")
            return
        HISTORY_LOG.info(f"Creating Schema History table {self.qualified} ...")
        self._q(CREATE_TABLE.format(table=TABLE))
        self._q(f"CREATE INDEX `{TABLE}_s_idx` ON `{TABLE}` (`success`)")

    # -- commands ------------------------------------------------------------------
    def repair(self) -> None:
        started = time.monotonic()
        rows = self.rows()
        failed = [r for r in rows if not r["success"] and r["type"] != "BASELINE"]
        if failed:
            self._q(f"DELETE FROM `{TABLE}` WHERE success = 0 AND type <> 'BASELINE'")
        else:
            REPAIR_LOG.info(
                f"Repair of failed migration in Schema History table {self.qualified}"
                " not necessary. No failed migration detected."
            )
        local = {m.key: m for m in self.migrations}
        for row in rows:
            mine = local.get(version_key(row["version"])) if row["version"] else None
            if (
                row["success"]
                and mine is not None
                and (mine.checksum, mine.description, mine.type)
                != (row["checksum"], row["description"], row["type"])
            ):
                self._q(
                    f"UPDATE `{TABLE}` SET checksum = %s, description = %s, type = %s"
                    " WHERE installed_rank = %s",
                    (mine.checksum, mine.description, mine.type, row["installed_rank"]),
                )
        REPAIR_LOG.info(
            f"Successfully repaired schema history table {self.qualified}"
            f" (execution time {elapsed(started)})."
        )
        if failed:
            REPAIR_LOG.info(
                "Manual cleanup of the remaining effects of the failed migration may"
                " still be required."
            )

    def migrate(self, types: frozenset[str]) -> None:
        """Validate (if enabled), then apply pending migrations of the given types."""
        rows = self.rows()
        if self.settings.validate_on_migrate:
            started = time.monotonic()
            errors = validate_errors(rows, self.migrations)
            if errors:
                raise validate_exception(errors)
            count = len(
                {m.key for m in self.migrations}
                | {version_key(r["version"]) for r in rows if r["version"]}
            )
            VALIDATE_LOG.info(
                f"Successfully validated {count} migrations (execution time {elapsed(started)})"
            )
        if not self.table_exists():
            self._create_table()
            rows = self.rows()
        failed = [r for r in rows if not r["success"] and r["type"] != "BASELINE"]
        if failed:
            raise JavaException(
                "org.flywaydb.core.api.FlywayException",
                f"Schema `{self.schema}` contains a failed migration to version"
                f" {failed[0]['version']} !",
                fr.FLYWAY_MIGRATE,
            )
        applied = {version_key(r["version"]) for r in rows if r["version"]}
        current = max((version_key(r["version"]) for r in rows if r["version"]), default=None)
        current_text = next(
            (
                r["version"]
                for r in reversed(rows)
                if r["version"] and version_key(r["version"]) == current
            ),
            None,
        )
        MIGRATE_LOG.info(
            f"Current version of schema `{self.schema}`: {current_text or '<< Empty Schema >>'}"
        )
        pending = [m for m in self.migrations if m.type in types and m.key not in applied]
        if not pending:
            MIGRATE_LOG.info(f"Schema `{self.schema}` is up to date. No migration necessary.")
            return
        started = time.monotonic()
        for mig in pending:
            out_of_order = current is not None and mig.key < current
            MIGRATE_LOG.info(
                f'Migrating schema `{self.schema}` to version "{mig.label}"'
                + (" [out of order]" if out_of_order else "")
            )
            self._apply(mig)
        newest = max((m for m in pending), key=lambda m: m.key)
        top = newest.version if current is None or newest.key > current else current_text
        word = "migration" if len(pending) == 1 else "migrations"
        MIGRATE_LOG.info(
            f"Successfully applied {len(pending)} {word} to schema `{self.schema}`,"
            f" now at version v{top} (execution time {elapsed(started)})"
        )

    def _apply(self, mig: Migration) -> None:
        started = time.monotonic()
        try:
            if mig.type == "SQL":
                self._run_sql(mig)
            else:
                self._run_java(mig)
        except JavaException:
            self._insert(mig, int((time.monotonic() - started) * 1000), False)
            MIGRATE_LOG.error(
                f'Migration of schema `{self.schema}` to version "{mig.label}"'
                " failed! Please restore backups and roll back database and code!"
            )
            raise
        self._insert(mig, int((time.monotonic() - started) * 1000), True)

    def _run_sql(self, mig: Migration) -> None:
        for line, statement in split_statements(mig.sql):
            try:
                with self.conn.cursor() as cur:
                    cur.execute(statement)
            except pymysql.err.MySQLError as err:
                if jdbc.is_connection_lost(err):
                    raise  # nothing can be recorded without a connection
                raise migrate_exception(mig, line, statement, jdbc.statement_error(err)) from err

    def _run_java(self, mig: Migration) -> None:
        JPA_LOG.info(f"[Flyway] JpaMigrationExecutor.execute - starting migration: {mig.script}")
        try:
            assert mig.runner is not None
            mig.runner(MigrationContext(self.conn, self.settings))
        except pymysql.err.MySQLError as err:
            if jdbc.is_connection_lost(err):
                raise
            cause = jdbc.statement_error(err)
            JPA_LOG.error(
                f"[Flyway] JpaMigrationExecutor.execute - migration failed: {mig.script}", cause
            )
            raise JavaException(
                "org.flywaydb.core.api.FlywayException",
                "Migration failed!",
                fr.frames(
                    "app|com.abelium.inatrace.components.flyway.JpaMigrationExecutor"
                    ".execute(JpaMigrationExecutor.java:55)"
                )
                + fr.FLYWAY_MIGRATE,
                cause,
            ) from err
        JPA_LOG.info(
            f"[Flyway] JpaMigrationExecutor.execute - successfully finished migration: {mig.script}"
        )
