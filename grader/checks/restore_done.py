"""`restore-done` and the single-table variant: a restore done the way the course says.

Full (Práctica 20): the data now equals the newest sound backup from before the damage
(`good`, a state of the lab's history manifest); a `backup-pre-restore-*` made in the
exercise holds the damaged data and was finished before the data changed; the backend
was stopped before the restore began and started only after it ended (the observer's
events and data record); the backend is healthy again.

Single table (`table` given, Práctica 21): that table equals the good backup, every
other table is exactly as it was when the exercise began, and a backup was made first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import grader.backups as backups
from grader.checks.backup_file import data_of
from grader.checks.base import Assertion, Check, CheckSpec, Outcome
from grader.context import CheckContext
from labs.core import constants
from labs.core.backups import DataState, differing_tables, same_data
from labs.core.i18n import tr


class RestoreDoneSpec(CheckSpec):
    kind: Literal["restore-done"]
    good: str = "now"  # the manifest state the sound backup holds
    table: str | None = None  # single-table restore
    pre_restore_glob: str = "backups/backup-pre-restore-*.sql.gz"


class RestoreDone(Check[RestoreDoneSpec]):
    kind = "restore-done"
    Spec = RestoreDoneSpec

    def evaluate(self, spec: RestoreDoneSpec, ctx: CheckContext) -> Outcome:
        good = backups.manifest(ctx).states.get(spec.good)
        start, _ = ctx.window()
        # data-loss proves itself live only once the observer recorded the damage.
        damaged = backups.state_at(ctx, start)
        if good is None or damaged is None:
            return Outcome.unavailable(
                tr(
                    "Falta el registro de datos del laboratorio.",
                    "The lab's data record is missing.",
                ),
                tr(
                    "Reinicie el ejercicio con `lab reset`.",
                    "Restart the exercise with `lab reset`.",
                ),
            )
        now = backups.live_data(ctx)
        changes = [c for c in backups.changes_after(ctx, start) if not same_data(c[1], damaged)]
        first_change = changes[0][0] if changes else None
        main = _full(now, good) if spec.table is None else _table(now, good, damaged, spec.table)
        assertions = [main, _pre_restore(ctx, spec, damaged, first_change)]
        if spec.table is None:
            assertions += [_backend_stopped(ctx, start, changes), _healthy(ctx)]
        return Outcome.from_assertions(assertions, {"changes_seen": str(len(changes))})


def _full(now: DataState, good: DataState) -> Assertion:
    wrong = differing_tables(now, good)
    return Assertion(
        tr(
            "los datos son los del respaldo sano más reciente",
            "the data is the newest sound backup's",
        ),
        not wrong,
        tr(f"{len(wrong)} tablas distintas", f"{len(wrong)} tables differ"),
        fix=tr(
            "Elija el respaldo a restaurar comprobándolo (`gunzip -t`, `CREATE TABLE`): el más "
            "nuevo no siempre sirve, y uno viejo pierde datos.",
            "Choose the backup by testing it (`gunzip -t`, `CREATE TABLE`): the newest is not "
            "always sound, and an old one loses data.",
        ),
    )


def _table(now: DataState, good: DataState, before: DataState, table: str) -> Assertion:
    others = [t for t in differing_tables(now, before) if t != table]
    back = table in now and table in good and same_data({table: now[table]}, {table: good[table]})
    return Assertion(
        tr("la tabla volvió y ninguna otra cambió", "the table is back and no other changed"),
        back and not others,
        tr(
            f"tabla {'restaurada' if back else 'sin restaurar'}; {len(others)} otras cambiaron",
            f"table {'restored' if back else 'not restored'}; {len(others)} others changed",
        ),
        fix=tr(
            "Extraiga solo esa tabla del respaldo y cárguela; si MySQL dice que la tabla ya "
            "existe, mire qué líneas del respaldo quedaron fuera del extracto.",
            "Extract only that table from the backup and load it; if MySQL says the table "
            "already exists, look at which lines of the backup the extract left out.",
        ),
    )


def _pre_restore(
    ctx: CheckContext, spec: RestoreDoneSpec, damaged: DataState, first_change: datetime | None
) -> Assertion:
    start, _ = ctx.window()
    made = [p for p in backups.files(ctx, spec.pre_restore_glob) if backups.mtime(p) >= start]
    label = tr("respaldo de seguridad previo a la restauración", "safety backup before the restore")
    fix = tr(
        "Antes de restaurar, respalde la base tal como está (paso 3 de la práctica).",
        "Before restoring, back up the database as it is (step 3 of the practice).",
    )
    for path in made:
        before = first_change is None or backups.mtime(path) <= first_change
        held = data_of(ctx, path)
        if before and held is not None and same_data(held, damaged):
            return Assertion(label, True)
    observed = (
        tr("no existe", "missing")
        if not made
        else tr("no sirve o es posterior", "unusable or made after")
    )
    return Assertion(label, False, observed, fix=fix)


def _backend_stopped(
    ctx: CheckContext, start: datetime, changes: list[tuple[datetime, DataState]]
) -> Assertion:
    label = tr(
        "el backend estuvo detenido durante la restauración",
        "the backend was stopped during the restore",
    )
    fix = tr(
        "Detenga el backend antes de restaurar (`docker compose stop backend`).",
        "Stop the backend before restoring (`docker compose stop backend`), start it when done.",
    )
    if not changes:
        return Assertion(label, False, tr("no hubo restauración", "no restore happened"), fix=fix)
    backend = constants.BACKEND_CONTAINER
    events = [e for e in ctx.timeline().events if e.container == backend and e.t >= start]
    first, last = changes[0][0], changes[-1][0]
    ok = False
    for stop in (e.t for e in events if e.verb in ("stop", "die", "kill") and e.t < first):
        restart = next((e.t for e in events if e.verb == "start" and e.t > stop), None)
        # A change is recorded up to one sampling period after it happened.
        ok = ok or restart is None or restart >= last - backups.SAMPLE_SLACK
    return Assertion(
        label, ok, tr("corría mientras cambiaban los datos", "it ran while data changed"), fix=fix
    )


def _healthy(ctx: CheckContext) -> Assertion:
    probe = ctx.health()
    ok = probe.http_status == 200 and probe.body is not None and probe.body.status == "UP"
    return Assertion(
        tr("el backend responde UP", "the backend answers UP"),
        ok,
        str(probe.http_status or probe.error),
        fix=tr(
            "`docker compose start backend` y consulte /actuator/health.",
            "`docker compose start backend`, then /actuator/health.",
        ),
    )


CHECK = RestoreDone
