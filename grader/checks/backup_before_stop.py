"""`backup-before-stop`: a full backup (`--all-databases`) was taken before MySQL went down.

Práctica 27, Paso 1 before Paso 2: the dump must hold every database (the application's
and MySQL's own `mysql`), be whole, be taken during the exercise, and come before the
first time the observer saw the MySQL container stop, die or be removed in the exercise.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from grader import backups
from grader.checks.base import Assertion, Check, CheckSpec, Outcome
from grader.context import CheckContext
from labs.core import constants as c
from labs.core.i18n import tr
from labs.core.tree import TraineePath

_DATABASE = re.compile(rb"CREATE DATABASE [^`]*`([^`]+)`")
_DOWN = frozenset({"stop", "die", "kill", "destroy"})


class BackupBeforeStopSpec(CheckSpec):
    kind: Literal["backup-before-stop"]


def databases(path: TraineePath) -> set[str]:
    text, _ = backups._gunzip_partial(path.read_bytes())
    return {m.decode() for m in _DATABASE.findall(text)}


def first_stop(ctx: CheckContext, start: datetime, end: datetime) -> datetime | None:
    events = ctx.timeline().events_for(c.MYSQL_CONTAINER, start, end)
    return next((e.t for e in events if e.verb in _DOWN), None)


class BackupBeforeStop(Check[BackupBeforeStopSpec]):
    kind = "backup-before-stop"
    Spec = BackupBeforeStopSpec

    def evaluate(self, spec: BackupBeforeStopSpec, ctx: CheckContext) -> Outcome:
        start, end = ctx.window("exercise")
        stopped = first_stop(ctx, start, end)
        limit = stopped or end
        full = [
            p
            for p in backups.files(ctx, "backups/*.sql.gz")
            if start <= backups.mtime(p) <= limit
            and not backups.read_dump(p).damaged
            and {"mysql", c.DATABASE_NAME} <= databases(p)
        ]
        assertions = [
            Assertion(
                tr(
                    "respaldo completo (todas las bases) antes de detener MySQL",
                    "a full backup (all databases) before MySQL went down",
                ),
                bool(full),
                tr("ninguno", "none"),
                fix=tr(
                    "Paso 1 antes del Paso 2: `mysqldump … --all-databases | gzip -9` a "
                    "$LAB_HOME/backups, y recién después `docker compose down`.",
                    "Step 1 before Step 2: `mysqldump … --all-databases | gzip -9` into "
                    "$LAB_HOME/backups, and only then `docker compose down`.",
                ),
            )
        ]
        evidence = {
            "mysql_down_at": stopped.isoformat() if stopped else "-",
            "backup": full[0].name if full else "-",
        }
        return Outcome.from_assertions(assertions, evidence)


CHECK = BackupBeforeStop
