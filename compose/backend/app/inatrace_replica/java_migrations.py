"""The "Java" (JpaMigration) migrations of AT, written in Python.

Flyway records them with type CUSTOM and the Java class name as script. They run in
the delayed phase, after the SQL migrations, like AT's DelayedFlywayMigrationInitializer.
Each one is idempotent: it checks before it inserts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pymysql

from . import security
from .config import Settings
from .flyway_resolve import Migration

PACKAGE = "com.abelium.inatrace.db.migrations"


@dataclass
class MigrationContext:
    """What JpaMigration.migrate(EntityManager, Environment) gets: a connection and env."""

    conn: pymysql.connections.Connection
    settings: Settings

    def query(self, sql: str, args: Any = None) -> list[dict[str, Any]]:
        with self.conn.cursor() as cur:
            cur.execute(sql, args)
            return list(cur.fetchall())

    def insert(self, sql: str, args: Any = None) -> int:
        with self.conn.cursor() as cur:
            cur.execute(sql, args)
            return int(cur.lastrowid)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


ADMIN_CLASS = f"{PACKAGE}.V2025_11_19_02_00__Create_Default_Admin_Company"
PRODUCT_CLASS = f"{PACKAGE}.V2025_12_16_12_00__Fix_ProductType_Initialization_For_Cocoa"


def create_default_admin_company(ctx: MigrationContext) -> None:
    """AT's V2025_11_19_02_00: a SYSTEM_ADMIN user, a new ACTIVE company and the
    COMPANY_ADMIN link, unless a user with that e-mail exists. It logs nothing itself."""
    s = ctx.settings
    if ctx.query("SELECT id FROM `User` WHERE email = %s", (s.admin_email,)):
        return
    now = _now()
    user_id = ctx.insert(
        "INSERT INTO `User` (creationTimestamp, updateTimestamp, email, entityVersion, language,"
        " name, password, role, status, surname) VALUES (%s, %s, %s, 0, 'ES', %s, %s,"
        " 'SYSTEM_ADMIN', 'ACTIVE', %s)",
        (
            now,
            now,
            s.admin_email,
            s.admin_name,
            security.hash_password(s.admin_password),
            s.admin_surname,
        ),
    )
    company_id = ctx.insert(
        "INSERT INTO Company (creationTimestamp, updateTimestamp, entityVersion, name,"
        " email, status) VALUES (%s, %s, 0, %s, %s, 'ACTIVE')",
        (now, now, s.admin_company_name, s.admin_email),
    )
    ctx.insert(
        "INSERT INTO CompanyUser (entityVersion, role, company_id, user_id)"
        " VALUES (0, 'COMPANY_ADMIN', %s, %s)",
        (company_id, user_id),
    )


def fix_product_type_for_cocoa(ctx: MigrationContext) -> None:
    """AT's V2025_12_16_12_00: only when INATrace.product.type is COCOA (any case), make
    sure a Cacao product type exists and move Coffee's producers to it. Fortaleza sets
    CACAO, which is not COCOA, so there it does nothing. The replica has no translation
    or value chain tables; producers point at their product type directly."""
    if ctx.settings.product_type.upper() != "COCOA":
        return
    cacao = _product_type(ctx, "CACAO")
    if cacao is None:
        now = _now()
        cacao = ctx.insert(
            "INSERT INTO ProductType (creationTimestamp, updateTimestamp, code, name,"
            " description, entityVersion) VALUES (%s, %s, 'CACAO', 'Cacao',"
            " 'Cacao product type', 0)",
            (now, now),
        )
    coffee = _product_type(ctx, "COFFEE")
    if coffee is not None:
        ctx.query(
            "UPDATE UserCustomer SET productType_id = %s WHERE productType_id = %s",
            (cacao, coffee),
        )


def _product_type(ctx: MigrationContext, code: str) -> int | None:
    rows = ctx.query(
        "SELECT id FROM ProductType WHERE UPPER(code) = %s OR UPPER(name) = %s ORDER BY id",
        (code, code),
    )
    return int(rows[0]["id"]) if rows else None


def _java(fqcn: str, runner: Any) -> Migration:
    simple = fqcn.rsplit(".", 1)[-1]  # V2025_11_19_02_00__Create_Default_Admin_Company
    raw_version, _, raw_desc = simple[1:].partition("__")
    return Migration(
        version=raw_version.replace("_", "."),
        description=raw_desc.replace("_", " "),
        type="CUSTOM",
        script=fqcn,
        checksum=None,
        runner=runner,
    )


JAVA_MIGRATIONS = (
    _java(ADMIN_CLASS, create_default_admin_company),
    _java(PRODUCT_CLASS, fix_product_type_for_cocoa),
)
