"""`data-loss`: a careless statement damaged one table (what a restore must undo).

Modes: `delete-rows` (a third of the rows gone), `drop-table` (the table is gone),
`update-no-where` (an UPDATE meant for one row changed all of them: same row count,
different data). The table and the mode come from the scenario's per-seed variables.
It runs as root inside the MySQL container, with FOREIGN_KEY_CHECKS off, as a bad
maintenance script would. Reverting loads the lab's reference dump back, but only
when the table still differs from before the damage (the trainee may have restored it).
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import Field

from labs.core import constants as c
from labs.core.backups import TableStats
from labs.core.errors import LabError, WaitTimeout
from labs.core.i18n import tr
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.host.waits import wait_until

Mode = Literal["delete-rows", "drop-table", "update-no-where"]
_ROOT = 'exec mysql -uroot -p"$MYSQL_ROOT_PASSWORD" "$MYSQL_DATABASE" "$@"'
_LOAD = (
    'gunzip -c /tmp/{dump} | mysql -uroot -p"$MYSQL_ROOT_PASSWORD" "$MYSQL_DATABASE"; '
    "rc=$?; rm -f /tmp/{dump}; exit $rc"
)
BASELINE_DUMP = "baseline.sql.gz"
WATCH_DATA_FLAG = "watch-data"  # as labs.observer / backups-history name them
DATA_FILE = "data.jsonl"
# What the UPDATE meant for one row set; tables not listed get a generic touch.
_UPDATES = {
    "User": "status = 'DEACTIVATED'",
    "Company": "email = NULL, updateTimestamp = NOW(6)",
    "UserCustomer": "email = NULL, updateTimestamp = NOW(6)",
    "StockOrder": "internalLotNumber = NULL, updateTimestamp = NOW(6)",
}


class DataLossParams(FaultParams):
    table: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    mode: Mode


def damage_sql(table: str, mode: Mode) -> str:
    if mode == "delete-rows":
        return f"DELETE FROM `{table}` WHERE MOD(id, 3) = 0"
    if mode == "drop-table":
        return f"DROP TABLE `{table}`"
    change = _UPDATES.get(table, "updateTimestamp = NOW(6), entityVersion = entityVersion + 1")
    return f"UPDATE `{table}` SET {change}"


@register
class DataLoss(Fault[DataLossParams]):
    kind = "data-loss"
    Params = DataLossParams

    def inject(self, ctx: FaultContext) -> None:
        before = ctx.host.table_stats().get(self.params.table)
        if before is None:
            raise LabError(
                tr(
                    f"La tabla {self.params.table} no existe: no se puede dañar.",
                    f"Table {self.params.table} does not exist: nothing to damage.",
                )
            )
        ctx.save_record(self.key, {"before": before.model_dump_json()})
        statement = "SET FOREIGN_KEY_CHECKS=0; " + damage_sql(self.params.table, self.params.mode)
        result = ctx.host.exec(c.MYSQL_CONTAINER, ["sh", "-c", _ROOT, "sh", "-e", statement])
        if result.exit_code != 0:
            raise LabError(
                tr("El daño no se aplicó: ", "The damage failed: ") + result.output[-300:]
            )

    def verify_injected(self, ctx: FaultContext) -> str:
        before = self._before(ctx)
        now = ctx.host.table_stats().get(self.params.table)
        if before is None or now == before:
            raise live.not_live(
                f"la tabla {self.params.table} no cambió.",
                f"table {self.params.table} did not change.",
            )
        _wait_observed(ctx, self.params.table, now)
        shown = "eliminada" if now is None else f"{now.rows} filas (antes {before.rows})"
        return f"{self.params.table} dañada ({self.params.mode}): {shown}"

    def revert(self, ctx: FaultContext) -> None:
        before = self._before(ctx)
        damaged = (
            before is not None
            and live.is_running(ctx.host, c.MYSQL_CONTAINER)
            and ctx.host.table_stats().get(self.params.table) != before
        )
        if damaged:
            _reload_reference(ctx)
        ctx.drop_record(self.key)

    def _before(self, ctx: FaultContext) -> TableStats | None:
        record = ctx.load_record(self.key)
        if record is None:
            return None
        return TableStats.model_validate(json.loads(record["before"]))


def _reload_reference(ctx: FaultContext) -> None:
    dump = ctx.workspace.state_dir / BASELINE_DUMP
    result = ctx.host.copy_in_and_run(
        c.MYSQL_CONTAINER, dump, ["sh", "-c", _LOAD.format(dump=dump.name)]
    )
    if result.exit_code != 0:
        raise LabError(
            tr("No se pudo recargar la base: ", "Could not reload the database: ")
            + result.output[-300:]
        )


def _wait_observed(ctx: FaultContext, table: str, now: TableStats | None) -> None:
    """Where the observer records data, wait until it saw the damage: the grader reads
    the damaged state from that record at the exercise's start."""
    if not (ctx.workspace.state_dir / WATCH_DATA_FLAG).exists():
        return
    record = ctx.workspace.timeline_dir / DATA_FILE

    def seen() -> bool:
        lines = record.read_text().splitlines() if record.is_file() else []
        if not lines:
            return False
        last = json.loads(lines[-1]).get("tables", {}).get(table)
        if last is None or now is None:
            return last is None and now is None
        return bool(last[0] == now.rows and last[1] == now.checksum)

    try:
        wait_until(seen, deadline_s=15, what="observer data record")
    except WaitTimeout as exc:
        raise live.not_live(
            "el observador no registró el daño.", "the observer did not record the damage."
        ) from exc
