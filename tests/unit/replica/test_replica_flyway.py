"""Flyway behaviour of the replica: naming, ordering, checksums, validate, migrate, repair."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from inatrace_replica import flyway_resolve as fr
from inatrace_replica.db import Pool
from inatrace_replica.errors import JavaException, StartupFailure
from inatrace_replica.flyway import Flyway, validate_errors
from inatrace_replica.java_migrations import JAVA_MIGRATIONS
from inatrace_replica.startup import Startup
from replica_fakedb import FakeHistoryDb, history_row


def sql(version: str, desc: str, body: str = "SELECT 1;") -> fr.Migration:
    name = f"V{version.replace('.', '_')}__{desc.replace(' ', '_')}.sql"
    return fr.Migration(version, desc, "SQL", name, fr.checksum(body), body)


def test_version_with_underscores_is_stored_dotted() -> None:
    assert fr.parse_version("2025_11_15_01_00") == "2025.11.15.01.00"
    assert fr.parse_version("1") == "1"
    with pytest.raises(ValueError, match="non-numeric"):
        fr.parse_version("2025_x")


def test_description_underscores_become_spaces() -> None:
    assert fr.describe("Simplify_language_enum_to_EN_ES") == "Simplify language enum to EN ES"


def test_versions_order_numerically_not_as_text() -> None:
    versions = ["2025.12.22.12.30", "1", "2025.11.15.01.00", "2025.11.19.02.00", "2025.9.1"]
    assert sorted(versions, key=fr.version_key) == [
        "1",
        "2025.9.1",
        "2025.11.15.01.00",
        "2025.11.19.02.00",
        "2025.12.22.12.30",
    ]
    assert fr.version_key("1.0") == fr.version_key("1")


def test_checksum_is_flyways_signed_crc32_over_lines() -> None:
    unix = "CREATE TABLE a (id int);\nDROP TABLE b;\n"
    assert fr.checksum(unix) == fr.checksum(unix.replace("\n", "\r\n"))
    assert fr.checksum("\ufeff" + unix) == fr.checksum(unix)
    assert fr.checksum(unix) != fr.checksum(unix.replace("b;", "c;"))
    assert -(2**31) <= fr.checksum(unix) < 2**31
    assert fr.checksum("") == 0


def test_statement_splitter_ignores_semicolons_in_strings_and_comments() -> None:
    script = (
        "-- a comment; not a statement\n"
        "INSERT INTO t VALUES ('a;b', \"c;d\");\n"
        "/* block; comment */ UPDATE t SET x = 1 # trailing; comment\n"
        ";\n\nSET @ddl = IF(1, 'ALTER TABLE `T` ADD COLUMN `x` bit(1) DEFAULT b''0''', "
        "'DO 0');"
    )
    statements = fr.split_statements(script)
    assert [s for _, s in statements] == [
        "INSERT INTO t VALUES ('a;b', \"c;d\")",
        "UPDATE t SET x = 1",
        "SET @ddl = IF(1, 'ALTER TABLE `T` ADD COLUMN `x` bit(1) DEFAULT b''0''', 'DO 0')",
    ]
    assert [line for line, _ in statements] == [2, 3, 6]


def test_bundled_migrations_resolve_in_order_without_duplicates() -> None:
    migrations = fr.ordered([*fr.resolve_sql(), *JAVA_MIGRATIONS])
    versions = [m.version for m in migrations]
    assert versions[0] == "1"
    assert "2025.11.15.01.00" in versions
    assert "2025.12.22.12.30" in versions
    assert versions == sorted(versions, key=fr.version_key)
    admin = next(m for m in migrations if m.type == "CUSTOM" and "Admin" in m.script)
    assert admin.script == (
        "com.abelium.inatrace.db.migrations.V2025_11_19_02_00__Create_Default_Admin_Company"
    )
    assert admin.version == "2025.11.19.02.00"
    assert admin.checksum is None


def test_bundled_sql_runs_on_both_mysql_8_and_mariadb() -> None:
    for path in sorted(fr.MIGRATIONS_DIR.glob("*.sql")):
        text = re.sub(r"--[^\n]*", "", path.read_text())  # comments may name the forbidden forms
        assert "utf8mb4_0900_ai_ci" not in text, path.name
        assert not re.search(r"ADD\s+COLUMN\s+IF\s+NOT\s+EXISTS", text, re.I), path.name
        assert not re.search(r"DROP\s+COLUMN\s+IF\s+EXISTS", text, re.I), path.name


def test_duplicate_versions_are_refused() -> None:
    with pytest.raises(ValueError, match="more than one migration with version 1"):
        fr.ordered([sql("1", "A"), sql("1.0", "B")])


def test_fresh_schema_applies_pending_sql_migrations_in_order(settings, captured_log) -> None:
    db = FakeHistoryDb(has_table=False)
    migs = [sql("1", "Initial schema"), sql("2025.11.15.01.00", "Add fields"), JAVA_MIGRATIONS[0]]
    Flyway(db, settings, migs).migrate(frozenset({"SQL"}))
    assert [(r["installed_rank"], r["version"], r["success"]) for r in db.rows] == [
        (1, "1", 1),
        (2, "2025.11.15.01.00", 1),
    ]
    assert db.rows[0]["checksum"] == migs[0].checksum
    log = captured_log.getvalue()
    assert "Creating Schema History table `inatrace_test_fortaleza`.`schema_version` ..." in log
    assert "Current version of schema `inatrace_test_fortaleza`: << Empty Schema >>" in log
    assert 'Migrating schema `inatrace_test_fortaleza` to version "1 - Initial schema"' in log
    assert (
        "Successfully applied 2 migrations to schema `inatrace_test_fortaleza`, now at"
        " version v2025.11.15.01.00"
    ) in log


def test_up_to_date_schema_logs_no_migration_necessary(settings, captured_log) -> None:
    mig = sql("1", "Initial schema")
    db = FakeHistoryDb([history_row(1, "1", "Initial schema", checksum=mig.checksum)])
    Flyway(db, settings, [mig]).migrate(frozenset({"SQL"}))
    assert "Successfully validated 1 migrations" in captured_log.getvalue()
    assert "is up to date. No migration necessary." in captured_log.getvalue()


def test_failed_migration_row_blocks_startup_with_validate_error(settings) -> None:
    mig = sql("2025.12.22.12.30", "Simplify language enum to EN ES")
    db = FakeHistoryDb(
        [history_row(1, mig.version, mig.description, checksum=mig.checksum, success=0)]
    )
    with pytest.raises(JavaException) as caught:
        Flyway(db, settings, [mig]).migrate(frozenset({"SQL"}))
    assert caught.value.java_class == "org.flywaydb.core.api.exception.FlywayValidateException"
    assert caught.value.message.startswith(
        "Validate failed: Migrations have failed validation\n"
        "Detected failed migration to version 2025.12.22.12.30 (Simplify language enum to EN ES)."
        "\nPlease remove any half-completed changes then run repair to fix the schema history."
    )


def test_startup_failure_report_contains_the_flyway_exception_and_exits(
    settings, captured_log
) -> None:
    mig = sql("2025.12.22.12.30", "Simplify language enum to EN ES")
    exc = JavaException(
        "org.flywaydb.core.api.exception.FlywayValidateException",
        validate_errors([history_row(1, mig.version, mig.description, success=0)], [mig])[0],
    )
    with pytest.raises(StartupFailure) as caught:
        Startup(settings, Pool(settings)).fail_bean("flywayInitializer", exc)
    assert caught.value.exit_code == 1
    log = captured_log.getvalue()
    assert re.search(
        r"ERROR \d+ --- \[.*\] o\.s\.boot\.SpringApplication\s+: Application run "
        "failed",
        log,
    )
    flyway_lines = [ln for ln in log.splitlines() if re.search(r"Flyway\w*Exception", ln)]
    assert flyway_lines
    assert flyway_lines[0].startswith("Caused by: org.flywaydb.core.api.exception.")
    assert "Detected failed migration to version 2025.12.22.12.30" in log


def test_checksum_mismatch_is_reported_with_both_values() -> None:
    mig = sql("1", "Initial schema", "SELECT 2;")
    errors = validate_errors([history_row(1, "1", "Initial schema", checksum=123)], [mig])
    assert errors == [
        f"Migration checksum mismatch for migration version 1\n"
        f"-> Applied to database : 123\n-> Resolved locally    : {mig.checksum}\n"
        "Either revert the changes to the migration, or run repair to update the"
        " schema history."
    ]


def test_applied_migrations_missing_locally_are_ignored() -> None:
    assert validate_errors([history_row(1, "2023.1.1", "Gone", checksum=5)], []) == []


def test_repair_removes_failed_rows_then_migrate_reapplies_them(settings, captured_log) -> None:
    good, bad = sql("1", "Initial schema"), sql("2025.12.22.12.30", "Simplify language")
    db = FakeHistoryDb(
        [
            history_row(1, "1", good.description, checksum=good.checksum),
            history_row(2, bad.version, bad.description, checksum=bad.checksum, success=0),
        ]
    )
    flyway = Flyway(db, settings, [good, bad])
    flyway.repair()
    assert [r["version"] for r in db.rows] == ["1"]
    flyway.migrate(frozenset({"SQL"}))
    assert [(r["installed_rank"], r["version"], r["success"]) for r in db.rows] == [
        (1, "1", 1),
        (2, bad.version, 1),
    ]
    log = captured_log.getvalue()
    assert (
        "Successfully repaired schema history table `inatrace_test_fortaleza`.`schema_version`"
    ) in log
    assert "Manual cleanup of the remaining effects of the failed migration" in log


def test_repair_without_failed_rows_says_not_necessary(settings, captured_log) -> None:
    good = sql("1", "Initial schema")
    db = FakeHistoryDb([history_row(1, "1", good.description, checksum=99)])
    Flyway(db, settings, [good]).repair()
    assert db.rows[0]["checksum"] == good.checksum  # realigned, like flyway repair
    assert "not necessary. No failed migration detected." in captured_log.getvalue()


def test_sql_error_leaves_a_failed_row_and_a_flyway_migrate_exception(
    settings, captured_log
) -> None:
    body = "ALTER TABLE `UserCustomer`\n  ADD COLUMN `personType` int;\n"
    mig = fr.Migration(
        "2025.11.15.01.00",
        "Add person type",
        "SQL",
        "V2025_11_15_01_00__Add_person_type.sql",
        fr.checksum(body),
        body,
    )
    db = FakeHistoryDb(has_table=True, fail_on="ADD COLUMN `personType`")
    with pytest.raises(JavaException) as caught:
        Flyway(db, settings, [mig]).migrate(frozenset({"SQL"}))
    assert db.rows[-1]["success"] == 0
    assert db.rows[-1]["version"] == mig.version
    message = caught.value.message
    assert message.startswith("Migration V2025_11_15_01_00__Add_person_type.sql failed\n---")
    assert "SQL State  : 42S21\nError Code : 1060\n" in message
    assert "Message    : Duplicate column name 'personType'" in message
    assert "Line       : 1" in message
    assert "failed! Please restore backups and roll back database and code!" in (
        captured_log.getvalue()
    )


def test_validation_off_still_refuses_to_migrate_past_a_failed_row(tmp_path: Path) -> None:
    from inatrace_replica import config

    relaxed = config.from_env(
        {"INATRACE_FLYWAY_VALIDATE_ON_MIGRATE": "false", "INATRACE_FILESTORAGE_ROOT": str(tmp_path)}
    )
    db = FakeHistoryDb([history_row(1, "1", "Initial schema", success=0)])
    with pytest.raises(JavaException, match="contains a failed migration to version 1 !"):
        Flyway(db, relaxed, [sql("1", "Initial schema")]).migrate(frozenset({"SQL"}))


def test_non_empty_schema_without_history_is_baselined_at_0(settings, captured_log) -> None:
    db = FakeHistoryDb(has_table=False, other_tables=12)
    Flyway(db, settings, [sql("1", "Initial schema")]).migrate(frozenset({"SQL"}))
    assert [(r["version"], r["type"]) for r in db.rows] == [("0", "BASELINE"), ("1", "SQL")]
    assert "Successfully baselined schema with version: 0" in captured_log.getvalue()


def test_custom_migrations_run_only_in_the_java_phase(settings, captured_log) -> None:
    calls = []
    custom = fr.Migration(
        "2025.11.19.02.00",
        "Create Default Admin Company",
        "CUSTOM",
        "com.abelium.inatrace.db.migrations.V2025_11_19_02_00__X",
        None,
        runner=lambda ctx: calls.append(ctx.settings.admin_email),
    )
    base = sql("2025.12.22.12.30", "Later")
    db = FakeHistoryDb([history_row(1, base.version, base.description, checksum=base.checksum)])
    flyway = Flyway(db, settings, [custom, base])
    flyway.migrate(frozenset({"SQL"}))
    assert calls == []
    flyway.migrate(frozenset({"CUSTOM"}))
    assert calls == ["admin@fortaleza.lab"]
    assert db.rows[-1]["type"] == "CUSTOM"
    assert db.rows[-1]["checksum"] is None
    assert '"2025.11.19.02.00 - Create Default Admin Company" [out of order]' in (
        captured_log.getvalue()
    )
