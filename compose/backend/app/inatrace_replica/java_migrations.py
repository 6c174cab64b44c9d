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
from .logs import Logger

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
PRODUCT_CLASS = f"{PACKAGE}.V2025_11_20_09_15__Seed_Product_Type_From_Environment"
_ADMIN_LOG = Logger(ADMIN_CLASS)
_PRODUCT_LOG = Logger(PRODUCT_CLASS)

# INATRACE_PRODUCT_TYPE values (AT accepts Spanish aliases) -> ProductType code and name.
_PRODUCT_TYPES = {
    "COCOA": ("COCOA", "Cocoa"),
    "CACAO": ("COCOA", "Cocoa"),
    "COFFEE": ("COFFEE", "Coffee"),
    "CAFE": ("COFFEE", "Coffee"),
    "SHRIMP": ("SHRIMP", "Shrimp"),
    "CAMARON": ("SHRIMP", "Shrimp"),
}


def create_default_admin_company(ctx: MigrationContext) -> None:
    """SYSTEM_ADMIN user + ACTIVE company + COMPANY_ADMIN link, from INATRACE_ADMIN_*."""
    s = ctx.settings
    if not s.admin_email or not s.admin_password:
        _ADMIN_LOG.warn(
            "INATRACE_ADMIN_EMAIL / INATRACE_ADMIN_PASSWORD not set - "
            "skipping creation of the default admin user and company"
        )
        return
    now = _now()
    rows = ctx.query("SELECT id FROM `User` WHERE email = %s", (s.admin_email,))
    if rows:
        _ADMIN_LOG.info(
            f"Default admin user {s.admin_email} already exists (id={rows[0]['id']})"
            " - nothing to do"
        )
        return
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
    companies = ctx.query(
        "SELECT id FROM Company WHERE name = %s ORDER BY id LIMIT 1", (s.admin_company_name,)
    )
    if companies:
        company_id = int(companies[0]["id"])
    else:
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
    _ADMIN_LOG.info(
        f"Created default admin user {s.admin_email} (id={user_id}) as COMPANY_ADMIN"
        f" of company '{s.admin_company_name}' (id={company_id})"
    )


def seed_product_type(ctx: MigrationContext) -> None:
    """The ProductType row for INATRACE_PRODUCT_TYPE, so value chains have one to use."""
    code, name = _PRODUCT_TYPES.get(ctx.settings.product_type.upper(), ("COCOA", "Cocoa"))
    if ctx.query("SELECT id FROM ProductType WHERE code = %s", (code,)):
        _PRODUCT_LOG.info(f"ProductType {code} already present")
        return
    now = _now()
    ctx.insert(
        "INSERT INTO ProductType (creationTimestamp, updateTimestamp, code, name,"
        " description, entityVersion) VALUES (%s, %s, %s, %s, %s, 0)",
        (now, now, code, name, f"{name} value chain"),
    )
    _PRODUCT_LOG.info(
        f"Created ProductType {code} from INATRACE_PRODUCT_TYPE={ctx.settings.product_type}"
    )


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
    _java(PRODUCT_CLASS, seed_product_type),
)
