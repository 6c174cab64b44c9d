"""An in-memory stand-in for the `schema_version` table, enough for Flyway's SQL."""

from __future__ import annotations

from typing import Any

import pymysql


class FakeHistoryDb:
    def __init__(
        self,
        rows: list[dict[str, Any]] | None = None,
        has_table: bool = True,
        other_tables: int = 0,
        fail_on: str | None = None,
    ) -> None:
        self.rows = [dict(r) for r in rows or []]
        self.has_table = has_table
        self.other_tables = other_tables
        self.fail_on = fail_on
        self.executed: list[str] = []

    def cursor(self) -> FakeCursor:
        return FakeCursor(self)


def history_row(
    rank: int,
    version: str,
    description: str,
    *,
    type_: str = "SQL",
    checksum: int | None = 0,
    success: int = 1,
    script: str = "x",
) -> dict[str, Any]:
    return {
        "installed_rank": rank,
        "version": version,
        "description": description,
        "type": type_,
        "script": script,
        "checksum": checksum,
        "installed_by": "inatrace",
        "execution_time": 1,
        "success": success,
    }


class FakeCursor:
    def __init__(self, db: FakeHistoryDb) -> None:
        self.db = db
        self.result: list[dict[str, Any]] = []
        self.rowcount = 0
        self.lastrowid = 0

    def __enter__(self) -> FakeCursor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def fetchall(self) -> list[dict[str, Any]]:
        return self.result

    def execute(self, sql: str, args: Any = None) -> None:  # noqa: C901 - a tiny SQL switch
        db = self.db
        text = " ".join(sql.split())
        db.executed.append(text)
        if db.fail_on and db.fail_on in text:
            raise pymysql.err.OperationalError(1060, "Duplicate column name 'personType'")
        self.result = []
        if text.startswith("SELECT 1 FROM information_schema.TABLES"):
            self.result = [{"1": 1}] if db.has_table else []
        elif text.startswith("SELECT COUNT(*) AS n FROM information_schema.TABLES"):
            self.result = [{"n": db.other_tables}]
        elif text.startswith("SELECT * FROM `schema_version`"):
            self.result = sorted((dict(r) for r in db.rows), key=lambda r: r["installed_rank"])
        elif "COALESCE(MAX(installed_rank), 0) + 1" in text:
            self.result = [{"r": max((r["installed_rank"] for r in db.rows), default=0) + 1}]
        elif "SUBSTRING_INDEX(USER()" in text:
            self.result = [{"u": "inatrace_test_fortaleza"}]
        elif text.startswith("INSERT INTO `schema_version`"):
            keys = (
                "installed_rank",
                "version",
                "description",
                "type",
                "script",
                "checksum",
                "installed_by",
                "execution_time",
                "success",
            )
            db.rows.append(dict(zip(keys, args, strict=True)))
        elif text.startswith("DELETE FROM `schema_version` WHERE success = 0"):
            db.rows = [r for r in db.rows if r["success"] or r["type"] == "BASELINE"]
        elif text.startswith("UPDATE `schema_version` SET checksum"):
            checksum, description, type_, rank = args
            for row in db.rows:
                if row["installed_rank"] == rank:
                    row.update(checksum=checksum, description=description, type=type_)
        elif text.startswith("CREATE TABLE `schema_version`"):
            db.has_table = True
