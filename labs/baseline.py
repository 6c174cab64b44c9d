"""The data baseline: per table row count, CHECKSUM TABLE and max id.

Taken right after seeding, it answers later "is the data intact?" and "did the restore
bring everything back?". CHECKSUM TABLE values are engine specific (MySQL 8 and
MariaDB compute them differently), so checksums are only compared between snapshots of
the same engine and version; counts and ids are always compared.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from labs.core.errors import LabError
from labs.core.i18n import tr

SCHEMA_TABLE = "schema_version"

Change = Literal["missing", "unexpected", "rows_lost", "rows_gained", "changed"]


class TableState(BaseModel):
    model_config = ConfigDict(frozen=True)

    rows: int
    checksum: int | None  # None: the server could not compute it
    max_id: int | None  # None: no `id` column, or an empty table


class Baseline(BaseModel):
    """A snapshot of every base table of one database."""

    model_config = ConfigDict(frozen=True)

    database: str
    server: str  # SELECT VERSION(), e.g. "8.0.35" or "10.11.6-MariaDB-..."
    taken_at: datetime
    tables: dict[str, TableState]  # every base table except schema_version
    schema_version: TableState | None  # the Flyway history, kept apart

    @property
    def engine(self) -> str:
        """`mariadb-10.11` or `mysql-8.0`: checksums are comparable only within one."""
        name = "mariadb" if "mariadb" in self.server.lower() else "mysql"
        return f"{name}-{'.'.join(self.server.split('.')[:2])}"

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValidationError) as exc:
            raise LabError(
                tr(
                    f"No se pudo leer la línea base de datos {path}: {exc}",
                    f"Could not read the data baseline {path}: {exc}",
                ),
                tr(
                    "Vuelva a iniciar el laboratorio (`lab start`) para tomarla de nuevo.",
                    "Start the lab again (`lab start`) to record it anew.",
                ),
            ) from exc


class TableDiff(BaseModel):
    """One difference between a baseline and the current database."""

    model_config = ConfigDict(frozen=True)

    table: str
    change: Change
    expected_rows: int | None
    actual_rows: int | None

    def describe(self) -> str:
        """A sentence for the trainee, in the trainee's language."""
        actual, expected = self.actual_rows, self.expected_rows
        texts = {
            "missing": tr("la tabla ya no existe", "the table no longer exists"),
            "unexpected": tr(
                "la tabla no estaba en la línea base", "the table was not in the baseline"
            ),
            "rows_lost": tr(
                f"faltan filas ({actual} de {expected})", f"rows missing ({actual} of {expected})"
            ),
            "rows_gained": tr(
                f"hay filas nuevas ({actual}, antes {expected})",
                f"new rows ({actual}, before {expected})",
            ),
            "changed": tr(
                "mismo número de filas pero el contenido cambió",
                "same number of rows but the content changed",
            ),
        }
        return f"{self.table}: {texts[self.change]}"


def _base_tables(cur: Any) -> list[str]:
    cur.execute(
        "SELECT TABLE_NAME FROM information_schema.TABLES "
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' "
        "ORDER BY TABLE_NAME"
    )
    return [str(name) for (name,) in cur.fetchall()]


def _tables_with_id(cur: Any) -> set[str]:
    cur.execute(
        "SELECT TABLE_NAME FROM information_schema.COLUMNS "
        "WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'id'"
    )
    return {str(name) for (name,) in cur.fetchall()}


def _state(cur: Any, table: str, has_id: bool) -> TableState:
    cur.execute(f"SELECT COUNT(*){', MAX(`id`)' if has_id else ''} FROM `{table}`")
    found = cur.fetchone()
    cur.execute(f"CHECKSUM TABLE `{table}`")
    checksum = cur.fetchone()[1]
    return TableState(
        rows=int(found[0]),
        checksum=None if checksum is None else int(checksum),
        max_id=int(found[1]) if has_id and found[1] is not None else None,
    )


def snapshot(conn: Any) -> Baseline:
    """Count, checksum and max id of every base table in the connection's database."""
    with conn.cursor() as cur:
        cur.execute("SELECT DATABASE(), VERSION()")
        database, server = cur.fetchone()
        if database is None:
            raise LabError(
                tr(
                    "La conexión no tiene una base de datos seleccionada.",
                    "The connection has no database selected.",
                ),
                tr(
                    "Conecte indicando la base (constants.DATABASE_NAME).",
                    "Connect naming the database (constants.DATABASE_NAME).",
                ),
            )
        with_id = _tables_with_id(cur)
        states = {name: _state(cur, name, name in with_id) for name in _base_tables(cur)}
    conn.commit()  # end the read transaction: later snapshots must see new data
    history = states.pop(SCHEMA_TABLE, None)
    return Baseline(
        database=str(database),
        server=str(server),
        taken_at=datetime.now(UTC),
        tables=states,
        schema_version=history,
    )


def save(baseline: Baseline, path: Path) -> None:
    baseline.save(path)


def load(path: Path) -> Baseline:
    return Baseline.load(path)


def _diff(
    table: str, before: TableState | None, after: TableState | None, checksums: bool
) -> TableDiff | None:
    if before is None and after is None:
        return None
    if after is None:
        return TableDiff(
            table=table,
            change="missing",
            expected_rows=before.rows if before else None,
            actual_rows=None,
        )
    if before is None:
        return TableDiff(
            table=table, change="unexpected", expected_rows=None, actual_rows=after.rows
        )
    change: Change | None = None
    if after.rows < before.rows:
        change = "rows_lost"
    elif after.rows > before.rows:
        change = "rows_gained"
    elif before.max_id != after.max_id or (checksums and before.checksum != after.checksum):
        change = "changed"
    if change is None:
        return None
    return TableDiff(table=table, change=change, expected_rows=before.rows, actual_rows=after.rows)


def compare(baseline: Baseline, current: Baseline) -> list[TableDiff]:
    """What changed since `baseline`, table by table (schema_version included); [] if intact.

    Checksums count only when both snapshots come from the same engine and version:
    a MySQL baseline and a MariaDB restore test are compared by rows and ids alone.
    """
    checksums = baseline.engine == current.engine
    names = sorted(set(baseline.tables) | set(current.tables))
    diffs = [_diff(n, baseline.tables.get(n), current.tables.get(n), checksums) for n in names]
    diffs.append(_diff(SCHEMA_TABLE, baseline.schema_version, current.schema_version, checksums))
    return [d for d in diffs if d is not None]
