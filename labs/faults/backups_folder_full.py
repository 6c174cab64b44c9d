"""`backups-folder-full`: the backups folder has no room left, and a backup was cut short.

A real ENOSPC without touching the host's disk: $LAB_HOME/backups gets a filesystem of
its own, a small ext4 image under .lab/ mounted with `mount -o loop` (through the host
layer). What the folder held is copied in; then the retention that never ran does the
rest: months of nightly `backup-auto-*` files past the retention, one a day at 02:00,
until there is less room than one full backup. Finally this morning's re-run of the
nightly dump is written as the job writes it, and the disk cuts it (ENOSPC).

What the folder held at the start, and which files a correct cleanup may delete (the
automatic ones past the retention, and damaged ones), goes to .lab/backups-full.json
for the grader. Reverting (and `lab stop`) copies the folder's files back out onto the
real disk, unmounts and deletes the image: the trainee's cleanup stays.
"""

from __future__ import annotations

import os
import shutil
import zlib
from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path

from pydantic import Field

from labs.core import constants as c
from labs.core.backups import FullFolderFile, FullFolderRecord, HistoryManifest, name_kind
from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register

IMAGE = "backups-fs.img"
MOVING = "backups-moving"
_DUMP = (
    'mysqldump -uroot -p"$MYSQL_ROOT_PASSWORD" --single-transaction --quick '
    '--lock-tables=false "$MYSQL_DATABASE" | gzip -9'
)
_BLOCK_SLACK = 16 << 10  # ext4 metadata and block rounding
_MAX_FILLERS = 4000


class BackupsFolderFullParams(FaultParams):
    size_mb: int = Field(default=64, ge=1, le=128)
    retention_days: int = Field(default=30, gt=0)


@register
class BackupsFolderFull(Fault[BackupsFolderFullParams]):
    kind = "backups-folder-full"
    Params = BackupsFolderFullParams

    def inject(self, ctx: FaultContext) -> None:
        ws, host = ctx.workspace, ctx.host
        image = ws.state_dir / IMAGE
        ctx.save_record(self.key, {"image": str(image), "target": str(ws.backups)})
        filler, full_size = _sources(ctx)
        _move_onto_image(ctx, image, self.params.size_mb)
        now = datetime.now().astimezone()
        _fill(ctx, filler, now, self.params.retention_days)
        # Named a minute back: a dump taken from now on never has its name, so a trainee's
        # (or the self-test's) new backup cannot hide the cut one.
        stamp = now - timedelta(minutes=1)
        cut = ws.backups / f"backup-auto-{stamp.strftime('%Y%m%d-%H%M%S')}.sql.gz"
        with suppress(OSError):  # ENOSPC: what the disk let through stays, as for real
            host.copy_out(c.MYSQL_CONTAINER, ["sh", "-c", _DUMP], cut)
        if not cut.exists():
            cut.write_bytes(b"")
        manifest = HistoryManifest.load(ws.state_dir)
        record = FullFolderRecord(cut=cut.name, full_size=full_size)
        limit = now - timedelta(days=self.params.retention_days)
        for path in sorted(ws.backups.iterdir()):
            if not path.is_file():
                continue
            old_auto = name_kind(path.name) == "auto" and _mtime(path) < limit
            entry = manifest.files.get(path.name)
            damaged = path.name == cut.name or bool(entry and entry.broken)
            record.files[path.name] = FullFolderFile(may_delete=old_auto or damaged)
        record.save(ws.state_dir)

    def verify_injected(self, ctx: FaultContext) -> str:
        ws = ctx.workspace
        record = FullFolderRecord.load(ws.state_dir)
        if record is None or not ctx.host.mounted(ws.backups):
            raise live.not_live(
                "la carpeta de respaldos no está en su sistema de archivos pequeño.",
                "the backups folder is not on its small filesystem.",
            )
        _, _, available = ctx.host.disk_use(ws.backups)
        cut = ws.backups / record.cut
        if available >= record.full_size or not cut.is_file() or _complete_gzip(cut):
            raise live.not_live(
                f"quedan {available // 1024} KB libres en backups/.",
                f"{available // 1024} KB still free in backups/.",
            )
        return (
            f"backups/ llena ({self.params.size_mb} MB, {available // 1024} KB libres); "
            f"{record.cut} cortado en {cut.stat().st_size} bytes"
        )

    def revert(self, ctx: FaultContext) -> None:
        if ctx.load_record(self.key) is None:
            return
        _move_off_image(ctx)
        ctx.drop_record(self.key)

    def release(self, ctx: FaultContext) -> None:
        """`lab stop`: no mount may outlive the lab."""
        self.revert(ctx)


def _sources(ctx: FaultContext) -> tuple[bytes, int]:
    """The oldest sound history dump (what the forgotten nightly files hold), and the size
    of the newest sound one (the room one more full backup needs)."""
    ws = ctx.workspace
    manifest = HistoryManifest.load(ws.state_dir)
    sound = [
        ws.backups / name
        for name, entry in manifest.files.items()
        if entry.broken is None and (ws.backups / name).is_file()
    ]
    if not sound:
        raise LabError(
            tr(
                "No hay respaldos del historial con que llenar la carpeta.",
                "No history backups to fill the folder with.",
            ),
            tr("Inicie el laboratorio de nuevo (`lab start`).", "Start the lab again."),
        )
    sound.sort(key=_mtime)
    return sound[0].read_bytes(), max(p.stat().st_size for p in sound)


def _move_onto_image(ctx: FaultContext, image: Path, size_mb: int) -> None:
    ws, host = ctx.workspace, ctx.host
    moving = ws.state_dir / MOVING
    if host.mounted(ws.backups):
        return
    shutil.rmtree(moving, ignore_errors=True)
    if ws.backups.exists():
        ws.backups.rename(moving)
    host.mount_image(image, size_mb, ws.backups)
    if moving.is_dir():
        for path in sorted(moving.iterdir()):
            shutil.copy2(path, ws.backups / path.name)
        shutil.rmtree(moving)


def _move_off_image(ctx: FaultContext) -> None:
    ws, host = ctx.workspace, ctx.host
    image, moving = ws.state_dir / IMAGE, ws.state_dir / MOVING
    if host.mounted(ws.backups):
        shutil.rmtree(moving, ignore_errors=True)
        shutil.copytree(ws.backups, moving, ignore=shutil.ignore_patterns("lost+found"))
        host.unmount_image(ws.backups, image)
        shutil.rmtree(ws.backups, ignore_errors=True)
        moving.rename(ws.backups)
    else:
        host.unmount_image(ws.backups, image)


def _fill(ctx: FaultContext, filler: bytes, now: datetime, retention_days: int) -> None:
    """One forgotten nightly backup a day, older than the retention, until it is full."""
    ws, host = ctx.workspace, ctx.host
    two_am = now.replace(hour=2, minute=0, second=0, microsecond=0)
    day = retention_days + 1
    for _ in range(_MAX_FILLERS):
        _, _, available = host.disk_use(ws.backups)
        if available < len(filler) + _BLOCK_SLACK:
            return
        when = two_am - timedelta(days=day)
        day += 1
        target = ws.backups / f"backup-auto-{when.strftime('%Y%m%d-%H%M%S')}.sql.gz"
        if target.exists():
            continue
        try:
            target.write_bytes(filler)
        except OSError:
            target.unlink(missing_ok=True)
            return
        stamp = (when + timedelta(seconds=3)).timestamp()
        os.utime(target, (stamp, stamp))


def _complete_gzip(path: Path) -> bool:
    """Would `gunzip -t` pass? (The cut backup must not.)"""
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        decoder.decompress(path.read_bytes())
    except zlib.error:
        return False
    return decoder.eof


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime).astimezone()
