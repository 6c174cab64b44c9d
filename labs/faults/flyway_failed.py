"""`flyway-failed`: one migration's `schema_version` row says success=0 and stays so.

That is what a half-applied DDL migration leaves behind on MySQL (it cannot roll DDL
back). With validate-on-migrate the backend then refuses every start with
`FlywayValidateException … Detected failed migration to version X`, and `restart: always`
turns that into a restart loop. The course's fix: INATRACE_FLYWAY_REPAIR_ON_STARTUP=true in
.env and a *recreate* (a `docker compose restart` keeps the old environment), or the SQL
fix (`DELETE FROM schema_version WHERE success = 0`) and a restart. Which migration fails
varies with the trainee's seed (`version`, from a scenario variable).

Revert puts the original history row back exactly (a repair deletes it and re-applies the
migration under a new rank), so the lab's baseline still matches afterwards.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pydantic import Field

from labs.core import constants as c
from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.faults.env_bad_value import read_line, recreate_backend, set_line

REPAIR_KEY = "INATRACE_FLYWAY_REPAIR_ON_STARTUP"
COLUMNS = (
    "installed_rank",
    "version",
    "description",
    "type",
    "script",
    "checksum",
    "installed_by",
    "installed_on",
    "execution_time",
    "success",
)
SIGNATURE = "Detected failed migration to version {version}"


class FlywayFailedParams(FaultParams):
    version: str = Field(pattern=r"^[0-9]+(\.[0-9]+)*$")  # dotted, as schema_version holds it


def _literal(value: str) -> str:
    # Values come from our own SELECT ("NULL" is how the host renders a NULL cell).
    if value == "NULL":
        return "NULL"
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def history_row(ctx: FaultContext, version: str) -> list[str] | None:
    rows = ctx.host.sql(
        f"SELECT {', '.join(COLUMNS)} FROM schema_version "
        f"WHERE version = '{version}' ORDER BY installed_rank LIMIT 1"
    )
    return rows[0] if rows else None


def restore_row(ctx: FaultContext, version: str, row: list[str]) -> None:
    """Exactly the original row again, whatever a repair or a hand fix left behind."""
    ctx.host.sql(f"DELETE FROM schema_version WHERE version = '{version}'")
    values = ", ".join(_literal(v) for v in row)
    ctx.host.sql(f"INSERT INTO schema_version ({', '.join(COLUMNS)}) VALUES ({values})")


@register
class FlywayFailed(Fault[FlywayFailedParams]):
    kind = "flyway-failed"
    Params = FlywayFailedParams

    def inject(self, ctx: FaultContext) -> None:
        version = self.params.version
        row = history_row(ctx, version)
        if row is None or row[-1] not in ("1", "True"):
            raise LabError(
                tr(
                    f"schema_version no tiene la migración {version} aplicada con éxito.",
                    f"schema_version has no successful migration {version}.",
                ),
                tr("Elija otra versión en el escenario.", "Pick another version."),
            )
        ctx.save_record(
            self.key,
            {
                "row": json.dumps(row),
                "repair_line": read_line(ctx.workspace.env_file, REPAIR_KEY) or "",
                "since": datetime.now(UTC).isoformat(),
            },
        )
        ctx.host.sql(f"UPDATE schema_version SET success = 0 WHERE version = '{version}'")
        # A restart, as any routine one would: validation now fails on every start.
        ctx.host.restart(c.BACKEND_CONTAINER, timeout=3)

    def verify_injected(self, ctx: FaultContext) -> str:
        record = ctx.load_record(self.key) or {}
        since = datetime.fromisoformat(record.get("since") or datetime.now(UTC).isoformat())
        signature = SIGNATURE.format(version=self.params.version)
        return live.wait_for_crash_loop(
            ctx.host, since, signature, "backend stopped by Flyway validation"
        )

    def revert(self, ctx: FaultContext) -> None:
        record = ctx.load_record(self.key)
        if record is not None:
            restore_row(ctx, self.params.version, json.loads(record["row"]))
            env_file = ctx.workspace.env_file
            wanted = record.get("repair_line") or None
            if read_line(env_file, REPAIR_KEY) != wanted:
                set_line(env_file, REPAIR_KEY, wanted)
                recreate_backend(ctx)
        if (
            not live.is_running(ctx.host, live.container("backend"))
            or ctx.host.health(2.0).http_status != 200
        ):
            recreate_backend(ctx)
        live.wait_backend_up(ctx.host, 180)
        ctx.drop_record(self.key)
