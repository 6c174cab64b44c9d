"""`backups-history`: $LAB_HOME/backups as a production host has it after weeks of work.

Automatic (`backup-auto-*`, 02:00) and deploy-time (`backup-…-pre-deploy`) backups,
named as production names them, with file times spread over ten weeks (some past the
30- and 60-day retentions), and two broken ones a careless operator would restore: the
newest automatic backup is a truncated gzip, and an older manual one is a dump cut in
the middle (a valid gzip without half the tables).

The dumps are real: the seeded database is loaded into a side database of the lab's
MySQL and trimmed back to earlier points of its history (fewer rows, older
migrations), each dumped with the course's own mysqldump options. What each file holds
is written to the manifest (.lab/backups-history.json), which the grader compares
restores with. The fault also switches on the observer's data record (row counts and
checksums over time). Reverting leaves the files: history stays history.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from labs.core import constants as c
from labs.core.backups import DataState, HistoryFile, HistoryManifest
from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register

SIDE_DB = "ilab_hist"
WATCH_DATA_FLAG = "watch-data"  # labs.observer records the data while this exists
BASELINE_DUMP = "baseline.sql.gz"  # written by labs.datastore at `lab start`
_ROOT = 'exec mysql -uroot -p"$MYSQL_ROOT_PASSWORD" "$@"'
_LOAD = (
    'mysql -uroot -p"$MYSQL_ROOT_PASSWORD" -e "DROP DATABASE IF EXISTS {db}; CREATE DATABASE {db}"'
    ' && gunzip -c /tmp/{dump} | mysql -uroot -p"$MYSQL_ROOT_PASSWORD" {db}; '
    "rc=$?; rm -f /tmp/{dump}; exit $rc"
)
# The course's Práctica 15 command, on the side database; the header names the real one.
_DUMP = (
    'mysqldump -uroot -p"$MYSQL_ROOT_PASSWORD" --single-transaction --quick '
    '--lock-tables=false {db} | sed "1,8s/Database: {db}/Database: $MYSQL_DATABASE/" | gzip -9'
)
_GROWING_MIN_ROWS = 10  # lookup tables (countries, product types) are not trimmed


@dataclass(frozen=True)
class Point:
    """A point of the database's history: the share of rows it had and its migrations."""

    name: str
    keep: float
    migrations_dropped: int


POINTS = (
    Point("now", 1.0, 0),
    Point("weeks-1", 0.93, 0),
    Point("weeks-4", 0.8, 1),
    Point("weeks-8", 0.6, 3),
)


@dataclass(frozen=True)
class Planned:
    kind: str  # auto | pre-deploy | manual
    when: datetime
    point: str
    broken: str | None = None

    @property
    def name(self) -> str:
        stamp = self.when.strftime("%Y%m%d-%H%M%S")
        if self.kind == "pre-deploy":
            return f"backup-{stamp}-pre-deploy.sql.gz"
        return f"backup-{self.kind}-{stamp}.sql.gz"


def plan(now: datetime) -> list[Planned]:
    """Every file of the history, relative to `now` (local, aware)."""
    two_am = now.replace(hour=2, minute=0, second=0, microsecond=0)
    if now - two_am < timedelta(hours=1):
        two_am -= timedelta(days=1)
    files = [
        Planned("auto", two_am - timedelta(days=d), point)
        for d, point in (
            (62, "weeks-8"),
            (40, "weeks-8"),
            (33, "weeks-4"),
            (26, "weeks-4"),
            (19, "weeks-4"),
            (9, "weeks-1"),
            (6, "weeks-1"),
            (4, "weeks-1"),
            (3, "weeks-1"),
            (2, "weeks-1"),
        )
    ]
    deploy = two_am - timedelta(hours=7, minutes=31, seconds=12)  # 18:28:48 the day before
    files += [
        Planned("pre-deploy", deploy - timedelta(days=d), point)
        for d, point in ((70, "weeks-8"), (45, "weeks-8"), (21, "weeks-4"), (12, "weeks-1"))
    ]
    files += [
        Planned("pre-deploy", deploy - timedelta(days=5), "weeks-1"),
        # The last good backup before today, and the newest file: a truncated automatic one.
        Planned("pre-deploy", deploy, "now"),
        Planned("auto", two_am, "now", broken="truncated-gzip"),
        Planned("manual", deploy - timedelta(days=14, hours=2), "weeks-1", broken="cut-dump"),
    ]
    return files


class BackupsHistoryParams(FaultParams):
    pass


@register
class BackupsHistory(Fault[BackupsHistoryParams]):
    kind = "backups-history"
    Params = BackupsHistoryParams

    def inject(self, ctx: FaultContext) -> None:
        ctx.save_record(self.key, {"flag": WATCH_DATA_FLAG})
        (ctx.workspace.state_dir / WATCH_DATA_FLAG).touch()
        if not _complete(ctx):
            write_history(ctx, datetime.now().astimezone())

    def verify_injected(self, ctx: FaultContext) -> str:
        manifest = HistoryManifest.load(ctx.workspace.state_dir)
        if not manifest.files or not _complete(ctx):
            raise live.not_live(
                "faltan respaldos del historial en $LAB_HOME/backups.",
                "history backups are missing from $LAB_HOME/backups.",
            )
        broken = sum(1 for f in manifest.files.values() if f.broken)
        return f"{len(manifest.files)} respaldos en backups/ ({broken} dañados)"

    def revert(self, ctx: FaultContext) -> None:
        # The files are the trainee's folder now; only the side database may be left over.
        if live.is_running(ctx.host, c.MYSQL_CONTAINER):
            ctx.host.sql(f"DROP DATABASE IF EXISTS {SIDE_DB}")
        ctx.drop_record(self.key)


def _complete(ctx: FaultContext) -> bool:
    """The history is on disk as the manifest says (a reset must not rebuild it)."""
    manifest = HistoryManifest.load(ctx.workspace.state_dir)
    backups = ctx.workspace.backups
    return bool(manifest.files) and all(
        (backups / name).is_file() and _sha256(backups / name) == entry.sha256
        for name, entry in manifest.files.items()
    )


def write_history(ctx: FaultContext, now: datetime) -> HistoryManifest:
    dumps = _dump_points(ctx)
    manifest = HistoryManifest(states={p: stats for p, (stats, _) in dumps.items()})
    ctx.workspace.backups.mkdir(parents=True, exist_ok=True)
    for item in plan(now):
        content = _content(dumps[item.point][1], item.broken)
        target = ctx.workspace.backups / item.name
        target.write_bytes(content)
        stamp = (item.when + timedelta(seconds=3)).timestamp()  # a dump takes a moment
        os.utime(target, (stamp, stamp))
        manifest.files[item.name] = HistoryFile(
            sha256=_sha256(target), state=item.point, broken=item.broken
        )
    manifest.save(ctx.workspace.state_dir)
    return manifest


def _content(dump: bytes, broken: str | None) -> bytes:
    if broken == "truncated-gzip":
        return dump[: max(len(dump) * 2 // 5, 1)]  # the write died: no gzip trailer
    if broken == "cut-dump":
        text = _gunzip(dump)
        cut = text.rfind(b"\n", 0, len(text) * 11 // 20) + 1  # half the tables, whole lines
        return gzip.compress(text[:cut], compresslevel=9, mtime=0)
    return dump


def _gunzip(data: bytes) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error):
        return b""


def _dump_points(ctx: FaultContext) -> dict[str, tuple[DataState, bytes]]:
    """Load the seeded dump into the side database, then walk it back in time."""
    host, ws = ctx.host, ctx.workspace
    dump = ws.state_dir / BASELINE_DUMP
    if not dump.is_file():
        raise LabError(
            tr("Falta el respaldo de referencia del laboratorio.", "The lab's dump is missing."),
            tr("Inicie el laboratorio de nuevo (`lab start`).", "Start the lab again."),
        )
    loaded = host.copy_in_and_run(
        c.MYSQL_CONTAINER, dump, ["sh", "-c", _LOAD.format(db=SIDE_DB, dump=dump.name)]
    )
    if loaded.exit_code != 0:
        raise LabError(
            tr("No se pudo preparar el historial: ", "History setup failed: ")
            + loaded.output[-300:]
        )
    found: dict[str, tuple[DataState, bytes]] = {}
    try:
        for point in POINTS:
            _walk_back(ctx, point)
            stats = host.table_stats(SIDE_DB)
            target = ws.state_dir / f"history-{point.name}.sql.gz"
            result = host.copy_out(
                c.MYSQL_CONTAINER, ["sh", "-c", _DUMP.format(db=SIDE_DB)], target
            )
            if result.exit_code != 0:
                raise LabError(tr("mysqldump falló: ", "mysqldump failed: ") + result.output[-300:])
            found[point.name] = (stats, target.read_bytes())
            target.unlink()
    finally:
        host.sql(f"DROP DATABASE IF EXISTS {SIDE_DB}")
    return found


def _walk_back(ctx: FaultContext, point: Point) -> None:
    """Delete the newer rows and migrations (FK checks off: a bulk trim, as a restore does)."""
    host = ctx.host
    statements = ["SET FOREIGN_KEY_CHECKS=0"]
    if point.keep < 1.0:
        with_id = host.sql(
            "SELECT TABLE_NAME FROM information_schema.COLUMNS "
            f"WHERE TABLE_SCHEMA = '{SIDE_DB}' AND COLUMN_NAME = 'id'"
        )
        for (table,) in with_id:
            counted = host.sql(f"SELECT COUNT(*), COALESCE(MAX(id), 0) FROM {SIDE_DB}.{table}")
            rows, top = (int(v) for v in counted[0]) if counted else (0, 0)
            if rows >= _GROWING_MIN_ROWS:
                statements.append(f"DELETE FROM {table} WHERE id > {int(top * point.keep)}")
    if point.migrations_dropped:
        ranks = host.sql(f"SELECT COALESCE(MAX(installed_rank), 0) FROM {SIDE_DB}.schema_version")
        keep_rank = (int(ranks[0][0]) if ranks else 0) - point.migrations_dropped
        statements.append(f"DELETE FROM schema_version WHERE installed_rank > {keep_rank}")
    if len(statements) == 1:
        return
    result = host.exec(
        c.MYSQL_CONTAINER, ["sh", "-c", _ROOT, "sh", SIDE_DB, "-e", "; ".join(statements)]
    )
    if result.exit_code != 0:
        raise LabError(
            tr("No se pudo preparar el historial: ", "History setup failed: ")
            + result.output[-300:]
        )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
