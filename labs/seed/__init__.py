"""Deterministic, believable seed data for the replica database.

`plan()` is pure: the same seed and scale always give the same rows (and digest).
`apply()` writes a plan in one transaction and records it in the `lab_seed` marker
table, so a restarted lab never doubles its data. Ids in a plan are local (1..n per
table); `apply()` maps them onto the ids free in the database, because the backend's
own migrations already created some rows (the admin user and its company).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from labs.core import constants
from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.host import mysql as db
from labs.seed.catalog import Login
from labs.seed.chain import ChainBuilder
from labs.seed.rows import Builder, SeedFile, TableRows, Volumes

# Every seeded account shares this password; obviously lab-only, like the admin's.
LAB_PASSWORD = constants.SEED_PASSWORD
# Dates are relative to a fixed day, so the data (and its digest) never change with
# the calendar: "the last 18 months" before this day.
ANCHOR_DATE = date(2026, 10, 31)
MARKER_TABLE = "lab_seed"
SCHEMA_TABLE = "schema_version"
_LOCK_NAME = "inatrace_lab_seed"


class AdminLink(BaseModel):
    """A CompanyUser row for the backend-created admin, resolved by e-mail at apply time."""

    model_config = ConfigDict(frozen=True)

    email: str
    company: int  # local Company id
    role: str


class SeedPlan(BaseModel):
    """Every row and file of a seed, plus the logins to show trainees."""

    model_config = ConfigDict(frozen=True)

    seed: int
    scale: int
    anchor: date
    tables: tuple[TableRows, ...]
    files: tuple[SeedFile, ...]
    logins: tuple[Login, ...]
    admin_links: tuple[AdminLink, ...]
    digest: str

    def table(self, name: str) -> TableRows:
        for rows in self.tables:
            if rows.table == name:
                return rows
        raise KeyError(name)

    def counts(self) -> dict[str, int]:
        return {t.table: len(t.rows) for t in self.tables}


class SeedSummary(BaseModel):
    """What `apply` did: rows inserted per table (when skipped: the tables' current counts)."""

    seed: int
    scale: int
    digest: str
    skipped: bool
    rows: dict[str, int]
    files_written: int
    bytes_written: int
    admin_linked: bool
    seconds: float


def plan(seed: int, scale: int = 1, *, anchor: date = ANCHOR_DATE) -> SeedPlan:
    """Build the full seed for `seed` and `scale` without touching any database."""
    if scale < 1:
        raise LabError(
            tr(
                f"La escala debe ser 1 o más (se pidió {scale}).",
                f"The scale must be 1 or more ({scale} was asked for).",
            ),
            "--scale 1",
        )
    builder = Builder(seed, anchor, Volumes().times(scale).model_dump(), LAB_PASSWORD)
    people = builder.people()
    chain = ChainBuilder(builder, people.facilities).build(len(people.logos) + 1)
    tables = builder.assemble(people, chain)
    logins = tuple(builder.logins)
    links = (AdminLink(email=constants.ADMIN_EMAIL, company=1, role="COMPANY_ADMIN"),)
    digest = _digest(seed, scale, anchor, tables, builder.files, logins, links)
    return SeedPlan(
        seed=seed,
        scale=scale,
        anchor=anchor,
        tables=tables,
        files=builder.files,
        logins=logins,
        admin_links=links,
        digest=digest,
    )


def _digest(*parts: Any) -> str:
    def default(value: Any) -> Any:
        if isinstance(value, BaseModel):
            return value.model_dump(mode="json")
        return str(value)

    seed, scale, anchor, tables, files, logins, links = parts
    payload = {
        "seed": seed,
        "scale": scale,
        "anchor": anchor,
        "tables": [[t.table, t.columns, t.rows] for t in tables],
        "files": [[f.relpath, hashlib.sha256(f.content).hexdigest()] for f in files],
        "logins": logins,
        "links": links,
    }
    text = json.dumps(payload, default=default, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def apply(plan: SeedPlan, conn: Any, uploads_dir: Path) -> SeedSummary:
    """Write `plan` into the database (one transaction) and its files into `uploads_dir`.

    Re-applying the same plan is a no-op; a database seeded differently, or holding data
    that no seed wrote, is refused with a LabError instead of being mixed.
    """
    started = time.monotonic()
    with conn.cursor() as cur:
        _ensure_marker_table(cur)  # DDL commits implicitly: do it before the transaction
        conn.commit()
        cur.execute("SELECT GET_LOCK(%s, 30)", (_LOCK_NAME,))
        if cur.fetchone()[0] != 1:  # another `lab start` is seeding this database right now
            raise LabError(
                tr(
                    "Otro proceso está sembrando esta base de datos.",
                    "Another process is seeding this database.",
                ),
                tr(
                    "Espere a que termine y vuelva a intentarlo.",
                    "Wait for it to finish and try again.",
                ),
            )
        try:
            if _already_seeded(cur, plan):
                rows = {t.table: _count(cur, t.table) for t in plan.tables}
                return _summary(plan, started, rows, skipped=True)
            _refuse_foreign_data(cur)
            files, size = _write_files(plan, uploads_dir)
            rows, linked = _insert_all(cur, plan)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            cur.execute("SELECT RELEASE_LOCK(%s)", (_LOCK_NAME,))
    return _summary(plan, started, rows, files=files, size=size, linked=linked)


def _summary(
    plan: SeedPlan,
    started: float,
    rows: dict[str, int],
    *,
    skipped: bool = False,
    files: int = 0,
    size: int = 0,
    linked: bool = False,
) -> SeedSummary:
    return SeedSummary(
        seed=plan.seed,
        scale=plan.scale,
        digest=plan.digest,
        skipped=skipped,
        rows=rows,
        files_written=files,
        bytes_written=size,
        admin_linked=linked,
        seconds=round(time.monotonic() - started, 3),
    )


def _ensure_marker_table(cur: Any) -> None:
    cur.execute(
        f"CREATE TABLE IF NOT EXISTS `{MARKER_TABLE}` ("
        "`id` int NOT NULL AUTO_INCREMENT, `seed` bigint NOT NULL, `scale` int NOT NULL, "
        "`digest` char(64) NOT NULL, `appliedAt` datetime(6) NOT NULL, PRIMARY KEY (`id`)"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
    )


def _already_seeded(cur: Any, plan: SeedPlan) -> bool:
    cur.execute(f"SELECT seed, scale, digest FROM `{MARKER_TABLE}` ORDER BY id DESC LIMIT 1")
    found = cur.fetchone()
    if found is None:
        return False
    if found[2] == plan.digest:
        return True
    raise LabError(
        tr(
            f"La base ya tiene datos de otra semilla (semilla {found[0]}, escala {found[1]}); "
            f"no se mezclan con la semilla {plan.seed}, escala {plan.scale}.",
            f"The database already holds another seed's data (seed {found[0]}, scale "
            f"{found[1]}); it is not mixed with seed {plan.seed}, scale {plan.scale}.",
        ),
        tr(
            f"Use la misma semilla (--seed {found[0]} --scale {found[1]}) o `lab reset` "
            "para volver a una base limpia.",
            f"Use the same seed (--seed {found[0]} --scale {found[1]}) or `lab reset` "
            "to get back a clean database.",
        ),
    )


def _refuse_foreign_data(cur: Any) -> None:
    # The backend itself only creates the admin and its company: any farmer, order or
    # transaction means someone else's data is here.
    for table in ("UserCustomer", "StockOrder", "Transaction"):
        if _count(cur, table):
            raise LabError(
                tr(
                    f"La tabla {table} ya tiene filas que no vienen de la semilla del laboratorio.",
                    f"Table {table} already has rows that do not come from the lab's seed.",
                ),
                tr(
                    "Use una base vacía (`lab reset`) o restaure el respaldo de la semilla.",
                    "Use an empty database (`lab reset`) or restore the seed's backup.",
                ),
            )


def _count(cur: Any, table: str) -> int:
    cur.execute(f"SELECT COUNT(*) FROM `{table}`")
    return int(cur.fetchone()[0])


def _write_files(plan: SeedPlan, uploads_dir: Path) -> tuple[int, int]:
    try:
        for item in plan.files:
            target = uploads_dir / item.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.content)
    except OSError as exc:
        raise LabError(
            tr(
                f"No se pudieron escribir los archivos subidos en {uploads_dir}: {exc}",
                f"Could not write the uploaded files into {uploads_dir}: {exc}",
            ),
            tr(
                "Revise permisos y espacio: `ls -ld` y `df -h` sobre ese directorio.",
                "Check permissions and space: `ls -ld` and `df -h` on that directory.",
            ),
        ) from exc
    return len(plan.files), sum(len(f.content) for f in plan.files)


def _insert_all(cur: Any, plan: SeedPlan) -> tuple[dict[str, int], bool]:
    idmaps: dict[str, dict[int, int]] = {}
    rows: dict[str, int] = {}
    for table in plan.tables:
        idmaps[table.table], fresh = _id_map(cur, table)
        rows[table.table] = db.insert_rows(
            cur, table.table, table.columns, table.remapped(idmaps, fresh)
        )
    linked = _link_admins(cur, plan, idmaps)
    cur.execute(
        f"INSERT INTO `{MARKER_TABLE}` (seed, scale, digest, appliedAt) "
        "VALUES (%s, %s, %s, UTC_TIMESTAMP(6))",
        (plan.seed, plan.scale, plan.digest),
    )
    return rows, linked


def _id_map(cur: Any, table: TableRows) -> tuple[dict[int, int], set[int]]:
    """Local id -> database id, and which local ids must be inserted."""
    cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM `{table.table}`")
    next_id = int(cur.fetchone()[0]) + 1
    existing: dict[Any, int] = {}
    if table.natural_key:
        cur.execute(f"SELECT `{table.natural_key}`, id FROM `{table.table}`")
        existing = {key: int(row_id) for key, row_id in cur.fetchall()}
    key_at = table.columns.index(table.natural_key) if table.natural_key else -1
    mapping: dict[int, int] = {}
    fresh: set[int] = set()
    for row in table.rows:
        local = int(row[0])
        if key_at >= 0 and row[key_at] in existing:
            mapping[local] = existing[row[key_at]]
            continue
        mapping[local], next_id = next_id, next_id + 1
        fresh.add(local)
    return mapping, fresh


def _link_admins(cur: Any, plan: SeedPlan, idmaps: dict[str, dict[int, int]]) -> bool:
    linked = False
    for link in plan.admin_links:
        cur.execute("SELECT id FROM `User` WHERE email = %s", (link.email,))
        found = cur.fetchone()
        if found is None:  # a bare schema without the backend's admin migration
            continue
        db.insert_rows(
            cur,
            "CompanyUser",
            ("role", "company_id", "user_id"),
            [(link.role, idmaps["Company"][link.company], found[0])],
        )
        linked = True
    return linked


def schema_probe(
    plan: SeedPlan, settings: db.ConnectionSettings, *, require_admin: bool = True
) -> Callable[[], str | None]:
    """A probe for db.wait_until: ready once migrations ran and the plan's columns exist."""
    wanted = {t.table: t.columns for t in plan.tables}

    def probe() -> str | None:
        conn = settings.open()
        try:
            with conn.cursor() as cur:
                if not db.table_exists(cur, SCHEMA_TABLE):
                    return tr(f"falta la tabla {SCHEMA_TABLE}", f"table {SCHEMA_TABLE} is missing")
                cur.execute(f"SELECT COUNT(*) FROM `{SCHEMA_TABLE}` WHERE success = 1")
                if not cur.fetchone()[0]:
                    return tr("ninguna migración aplicada todavía", "no migration applied yet")
                missing = db.missing_columns(cur, wanted)
                if missing:
                    return tr("faltan columnas: ", "columns missing: ") + ", ".join(missing[:5])
                cur.execute(
                    "SELECT COUNT(*) FROM `User` WHERE email = %s", (constants.ADMIN_EMAIL,)
                )
                if require_admin and not cur.fetchone()[0]:
                    return tr(
                        f"la migración del administrador no creó {constants.ADMIN_EMAIL}",
                        f"the admin migration did not create {constants.ADMIN_EMAIL}",
                    )
                return None
        finally:
            conn.close()

    return probe


def seed_database(
    seed: int,
    scale: int,
    uploads_dir: Path,
    *,
    settings: db.ConnectionSettings | None = None,
    deadline_s: float = 180,
    require_admin: bool = True,
    **conn_kwargs: Any,
) -> SeedSummary:
    """Wait for MySQL and the backend's schema, then apply the plan for `seed`/`scale`."""
    settings = settings or db.ConnectionSettings(**conn_kwargs)
    the_plan = plan(seed, scale)
    end = time.monotonic() + deadline_s
    db.wait_for_sql(deadline_s, settings)
    db.wait_until(
        schema_probe(the_plan, settings, require_admin=require_admin),
        max(1.0, end - time.monotonic()),
        tr("El esquema de la base", "The database schema"),
        tr(
            "El backend aplica las migraciones al arrancar: revise "
            f"`docker logs {constants.BACKEND_CONTAINER} --tail 100`.",
            "The backend applies the migrations when it starts: check "
            f"`docker logs {constants.BACKEND_CONTAINER} --tail 100`.",
        ),
    )
    conn = settings.open()
    try:
        return apply(the_plan, conn, uploads_dir)
    finally:
        conn.close()
