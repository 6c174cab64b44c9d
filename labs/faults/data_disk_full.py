"""`data-disk-full`: the disk that holds $LAB_HOME (the course's /opt/inatrace) is full.

Real, and without touching the host's disk: a small ext4 image is mounted *over* $LAB_HOME
(labs/host/loopfs.py), with the data folders (logs, backups, uploads, notes, the trainee's
home) copied onto it; the lab's own state, MySQL's data and the deploy folder stay on the
real disk through bind mounts. The backend is restarted so that its uploads folder and
its diskSpace health check (management.health.diskspace.path in the compose file) sit on
the image. Then the disk fills as such disks do: a week of nightly backups (real dumps),
months of forgotten `backup-auto-*` past the retention, and a log nobody rotates, until
a write fails with ENOSPC. Which of the two takes most of the room varies per trainee
(`cause`), so `du` has to be read.

The symptoms are the real ones: `df -h $LAB_HOME` at 100 %, /actuator/health DOWN with
`diskSpace` DOWN (Docker: unhealthy), and document uploads answered 500 "Error saving
file" with the StorageService's ERROR in the log.

What a correct cleanup must keep (recent backups, every uploaded document) goes to
.lab/data-disk-full.json. Reverting (and `lab stop`) removes the fault's own leftovers,
copies the image's folders back onto the real disk (the trainee's work stays), unmounts,
and restarts the backend onto the real uploads folder.
"""

from __future__ import annotations

import errno
import os
import random
import uuid
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from io import FileIO
from pathlib import Path
from typing import Literal

from pydantic import Field

from labs.core import constants as c
from labs.core.datadisk import DataDiskRecord
from labs.core.errors import LabError
from labs.core.workspace import Workspace
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.host.waits import wait_until

IMAGE = "data-fs.img"
BACKEND_UID = 1001  # the replica's user: the uploads it stores are its own
DISK_THRESHOLD = 10 << 20  # Spring's DiskSpaceHealthIndicator default (the compose sets it)
UPLOAD_PATH = "/api/common/document?type=GENERAL"
_DUMP = (
    'mysqldump -uroot -p"$MYSQL_ROOT_PASSWORD" --single-transaction --quick '
    '--lock-tables=false "$MYSQL_DATABASE" | gzip -9'
)
_CHUNK = 256 << 10
_MAX_FILES = 3000
Cause = Literal["log-sin-rotar", "respaldos-acumulados"]


class DataDiskFullParams(FaultParams):
    cause: Cause = "log-sin-rotar"
    log: str = Field(default="logs/backend/inatrace-backend.log", pattern=r"^logs/[\w./-]+$")
    size_mb: int = Field(default=96, ge=16, le=256)
    retention_days: int = Field(default=14, gt=1, le=60)
    recent_days: int = Field(default=7, gt=0, le=14)


@register
class DataDiskFull(Fault[DataDiskFullParams]):
    kind = "data-disk-full"
    Params = DataDiskFullParams

    def inject(self, ctx: FaultContext) -> None:
        ws, host = ctx.workspace, ctx.host
        ctx.save_record(self.key, {"image": str(ws.state_dir / IMAGE)})
        ensure_uploads(ws, random.Random(ctx.seed))
        dump = _one_dump(ctx)
        host.mount_over(ws.state_dir / IMAGE, self.params.size_mb, ws.root, passthrough(ws))
        now = datetime.now().astimezone()
        record = DataDiskRecord(cause=self.params.cause, log=self.params.log, log_size=0)
        record.backups = _recent_backups(ws, dump, now, self.params)
        record.uploads = _uploads(ws)
        record.fillers, record.log_size = _fill(ws, dump, now, self.params, host.disk_use)
        record.save(ws.state_dir)
        dump.unlink(missing_ok=True)
        # Its uploads bind mount and its disk check must now resolve onto the image.
        host.compose(ws.deploy_dir, "restart", "backend", timeout=120)
        wait_until(
            lambda: host.health(2.0).http_status is not None,
            deadline_s=120,
            what="GET /actuator/health answers",
        )

    def verify_injected(self, ctx: FaultContext) -> str:
        ws, host = ctx.workspace, ctx.host
        if DataDiskRecord.load(ws.state_dir) is None or not host.over_mounted(
            ws.root, passthrough(ws)
        ):
            raise live.not_live(
                "$LAB_HOME no está en su disco pequeño.", "$LAB_HOME is not on its small disk."
            )
        size, used, available = host.disk_use(ws.root)
        percent = round(100 * used / (used + available)) if used + available else 0
        if available >= DISK_THRESHOLD or percent < 99:
            raise live.not_live(
                f"el disco de $LAB_HOME está al {percent} %.",
                f"$LAB_HOME's disk is {percent}% used.",
            )
        probe = host.health(5.0)
        disk = probe.body.components.get("diskSpace") if probe.body else None
        if probe.http_status != 503 or (disk is not None and disk.status != "DOWN"):
            raise live.not_live(
                f"/actuator/health responde {probe.http_status}.",
                f"/actuator/health answers {probe.http_status}.",
            )
        answer = host.upload(UPLOAD_PATH, "sonda.pdf", b"%PDF-1.4\n%sonda\n", login=ADMIN_LOGIN)
        if answer.status != 500:
            raise live.not_live(
                f"una subida de documento responde {answer.status}.",
                f"a document upload answers {answer.status}.",
            )
        return (
            f"$LAB_HOME en {size >> 20} MB al {percent} % ({available >> 10} KB libres); "
            "health 503 (diskSpace DOWN); subida de documento 500"
        )

    def revert(self, ctx: FaultContext) -> None:
        ws, host = ctx.workspace, ctx.host
        saved = ctx.load_record(self.key)
        if saved is None:
            return
        if host.over_mounted(ws.root, passthrough(ws)):
            _drop_leftovers(ws)
        host.unmount_over(ws.root, Path(saved["image"]), passthrough(ws))
        _ensure_upload_dirs(ws)
        DataDiskRecord.drop(ws.state_dir)
        ctx.drop_record(self.key)
        if live.is_running(host, c.BACKEND_CONTAINER):
            # Back onto the real disk's uploads folder (the old mount went with the image).
            with suppress(LabError):
                live.restart_backend(ctx)

    def release(self, ctx: FaultContext) -> None:
        """`lab stop`: no mount may outlive the lab."""
        self.revert(ctx)


ADMIN_LOGIN = {"username": c.ADMIN_EMAIL, "password": c.ADMIN_PASSWORD}


def passthrough(ws: Workspace) -> list[str]:
    """What stays on the real disk: the lab's state first (the mount test looks at it)."""
    return [
        str(p.relative_to(ws.root))
        for p in (ws.state_dir, ws.mysql_data, ws.root / "backend", ws.mysql_logs)
    ]


def ensure_uploads(ws: Workspace, rng: random.Random) -> None:
    """The users' documents the cleanup must not lose (the seed gives each lab its own)."""
    folder = ws.uploads / "GENERAL"
    folder.mkdir(parents=True, exist_ok=True)
    existing = [p for p in folder.iterdir() if p.is_file()]
    for n in range(len(existing), 4):
        path = folder / str(uuid.UUID(int=rng.getrandbits(128), version=4))
        body = f"%PDF-1.4\n% certificado {n + 1}\n".encode() + rng.randbytes(24 << 10)
        path.write_bytes(body)
        with suppress(PermissionError):
            os.chown(path, BACKEND_UID, BACKEND_UID)


def _ensure_upload_dirs(ws: Workspace) -> None:
    """A deleted uploads folder comes back as the lab made it (the backend's own)."""
    for directory in (ws.uploads, ws.uploads / "GENERAL"):
        if not directory.is_dir():
            directory.mkdir(parents=True, exist_ok=True)
            with suppress(PermissionError):
                os.chown(directory, BACKEND_UID, BACKEND_UID)


def _one_dump(ctx: FaultContext) -> Path:
    """Tonight's nightly dump, taken for real; every backup on the disk is a copy of it."""
    dump = ctx.workspace.state_dir / "data-disk-dump.sql.gz"
    with suppress(OSError):
        ctx.host.copy_out(c.MYSQL_CONTAINER, ["sh", "-c", _DUMP], dump)
    if not dump.is_file() or dump.stat().st_size < 1024:
        dump.write_bytes(random.Random(0).randbytes(64 << 10))  # FakeHost: size matters only
    return dump


def _nightly(ws: Workspace, when: datetime) -> Path:
    return ws.backups / f"backup-auto-{when.strftime('%Y%m%d-%H%M%S')}.sql.gz"


def _write_backup(path: Path, dump: bytes, when: datetime) -> None:
    path.write_bytes(dump)
    stamp = (when + timedelta(seconds=4)).timestamp()
    os.utime(path, (stamp, stamp))


def _recent_backups(
    ws: Workspace, dump: Path, now: datetime, params: DataDiskFullParams
) -> dict[str, int]:
    """The last nights' backups, and any younger than the retention already there."""
    ws.backups.mkdir(exist_ok=True)
    data = dump.read_bytes()
    two_am = now.replace(hour=2, minute=0, second=0, microsecond=0)
    for day in range(1, params.recent_days + 1):
        when = two_am - timedelta(days=day)
        if not _nightly(ws, when).exists():
            _write_backup(_nightly(ws, when), data, when)
    limit = (now - timedelta(days=params.retention_days)).timestamp()
    return {
        p.name: p.stat().st_size
        for p in sorted(ws.backups.iterdir())
        if p.is_file() and p.stat().st_mtime >= limit
    }


def _uploads(ws: Workspace) -> dict[str, int]:
    return {
        str(p.relative_to(ws.uploads)): p.stat().st_size
        for p in sorted(ws.uploads.rglob("*"))
        if p.is_file()
    }


DiskUse = Callable[[Path], tuple[int, int, int]]


def _fill(
    ws: Workspace, dump: Path, now: datetime, params: DataDiskFullParams, disk_use: DiskUse
) -> tuple[list[str], int]:
    """Stale backups and the runaway log share the free room (the cause's one takes about
    two thirds), then the log takes the rest, up to a write the disk refuses (ENOSPC)."""
    _, _, free = disk_use(ws.root)
    log = ws.root / params.log
    log.parent.mkdir(parents=True, exist_ok=True)
    writer = _LogWriter(log, ws.root, now)
    fillers: list[str] = []
    stale = _StaleBackups(ws, dump.read_bytes(), now, params.retention_days, fillers)
    if params.cause == "log-sin-rotar":
        stale.fill(free * 30 // 100)
    else:
        writer.fill(free * 25 // 100, disk_use)
        stale.fill(free * 70 // 100)
    writer.fill(None, disk_use)
    return fillers, log.stat().st_size


class _StaleBackups:
    """One forgotten nightly backup a day, past the retention, going back in time."""

    def __init__(
        self, ws: Workspace, data: bytes, now: datetime, retention: int, names: list[str]
    ) -> None:
        self.ws, self.data, self.names = ws, data, names
        self.two_am = now.replace(hour=2, minute=0, second=0, microsecond=0)
        self.day = retention + 1

    def fill(self, budget: int) -> None:
        written = 0
        while written + len(self.data) <= budget and len(self.names) < _MAX_FILES:
            when = self.two_am - timedelta(days=self.day)
            self.day += 1
            path = _nightly(self.ws, when)
            try:
                _write_backup(path, self.data, when)
            except OSError:
                path.unlink(missing_ok=True)
                return
            self.names.append(path.name)
            written += len(self.data)


class _LogWriter:
    """The backend's log, exported by a job nobody rotates: weeks of DEBUG lines."""

    def __init__(self, path: Path, root: Path, now: datetime) -> None:
        self.path, self.root = path, root
        self.when = now - timedelta(days=60)
        self.rng = random.Random(path.name)

    def fill(self, budget: int | None, disk_use: DiskUse) -> None:
        """Append about `budget` bytes; None: until the disk refuses a write (ENOSPC)."""
        written = 0
        with self.path.open("ab", buffering=0) as out:
            while budget is None or written < budget:
                chunk = self._chunk()
                if budget is None:
                    available = disk_use(self.root)[2]
                    if available <= 0:
                        return
                    chunk = chunk[:available]
                try:
                    written += out.write(chunk) or 0
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    self._top_off(out)
                    return

    def _top_off(self, out: FileIO) -> None:
        """The last few blocks, line by line: the disk ends truly full."""
        line = self._chunk()[:512]
        with suppress(OSError):
            while out.write(line):
                pass

    def _chunk(self) -> bytes:
        lines = []
        size = 0
        while size < _CHUNK:
            self.when += timedelta(milliseconds=self.rng.randint(5, 400))
            thread = self.rng.randint(1, 10)
            stamp = self.when.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
            text = _LINES[self.rng.randrange(len(_LINES))]
            line = f"{stamp} DEBUG 1 --- [nio-8080-exec-{thread}] {text}\n"
            lines.append(line)
            size += len(line)
        return "".join(lines).encode()


_LINES = (
    "org.hibernate.SQL                        : select u1_0.id,u1_0.email,u1_0.status "
    "from User u1_0 where u1_0.email=?",
    "o.h.type.descriptor.sql.BasicBinder      : binding parameter [1] as [VARCHAR] - "
    "[maria.zambrano@fortaleza.lab]",
    'o.s.web.servlet.DispatcherServlet        : GET "/api/company/list", parameters={}',
    "o.s.w.s.m.m.a.HttpEntityMethodProcessor  : Using 'application/json', given [*/*]",
    "o.s.s.w.a.AnonymousAuthenticationFilter  : Set SecurityContextHolder to anonymous "
    "SecurityContext",
    "com.zaxxer.hikari.pool.HikariPool        : HikariPool-1 - Pool stats (total=10, "
    "active=0, idle=10, waiting=0)",
    "org.hibernate.SQL                        : select so1_0.id,so1_0.identifier from "
    "StockOrder so1_0 where so1_0.company_id=? order by so1_0.id desc limit ?",
)


def _drop_leftovers(ws: Workspace) -> None:
    """The fault's own filling, if the trainee left it: the real disk does not get it."""
    record = DataDiskRecord.load(ws.state_dir)
    if record is None:
        return
    for name in record.fillers:
        (ws.backups / name).unlink(missing_ok=True)
    log = ws.root / record.log
    with suppress(OSError):
        if log.stat().st_size >= record.log_size // 2:
            log.write_bytes(b"")
