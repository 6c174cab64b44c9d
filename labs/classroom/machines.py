"""Checking, preparing and starting trainee machines."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from pydantic import BaseModel

from labs.classroom.connect import open_trainee
from labs.classroom.models import Assignment, Trainee
from labs.classroom.store import ClassDir
from labs.core import constants as c
from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.core.state import LabState, utc_now
from labs.host.remote import RemoteHost

MAX_SKEW_S = 5.0
REMOTE_IMAGES_TAR = "/tmp/inatrace-lab-imagenes.tar"
# The lab's records right after a start, without what the instructor keeps for itself.
SNAPSHOT_EXCLUDES = ("./results", "./exam")


def lab_images() -> list[str]:
    """What `lab images list` shows: every image a trainee machine needs."""
    return [r.image for r in c.RELEASES] + [c.MYSQL_OFFLINE_IMAGE, c.BASE_IMAGE]


class Finding(BaseModel):
    what: str
    ok: bool
    detail: str = ""


class Doctor(BaseModel):
    trainee: str
    findings: list[Finding]
    seconds: float

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)


def doctor(classroom: ClassDir, trainee: Trainee) -> Doctor:
    started = time.monotonic()
    try:
        with open_trainee(classroom, trainee) as host:
            findings = [
                _engine(host),
                _images(host),
                *(_port(host, p) for p in (c.BACKEND_HOST_PORT, c.MYSQL_HOST_PORT)),
                _clock(host),
                _lab_installed(host),
            ]
    except LabError as exc:
        findings = [
            Finding(what=tr("conexión ssh", "ssh connection"), ok=False, detail=exc.message)
        ]
    else:
        findings.insert(0, Finding(what=tr("conexión ssh", "ssh connection"), ok=True))
    return Doctor(
        trainee=trainee.name, findings=findings, seconds=round(time.monotonic() - started, 2)
    )


def _engine(host: RemoteHost) -> Finding:
    version = host.engine_version()
    return Finding(
        what="Docker Engine",
        ok=version is not None,
        detail=version
        or tr(f"no responde en {host.docker_socket}", f"no answer on {host.docker_socket}"),
    )


def _images(host: RemoteHost) -> Finding:
    missing = [ref for ref in lab_images() if not host.image_exists(ref)]
    detail = tr("faltan: ", "missing: ") + ", ".join(missing) if missing else str(len(lab_images()))
    return Finding(
        what=tr("imágenes del laboratorio", "the lab's images"), ok=not missing, detail=detail
    )


def _port(host: RemoteHost, port: int) -> Finding:
    """Free, or held by the lab's own containers."""
    held = host.port_holders([port])
    foreign = [h for h in held if not any(k.startswith("io.inatrace-lab") for k in h.labels)]
    if held and not foreign:
        return Finding(
            what=tr(f"puerto {port}", f"port {port}"),
            ok=True,
            detail=tr("del laboratorio", "the lab's"),
        )
    processes = [] if held else host.port_processes(port)
    names = [h.container or h.process for h in [*foreign, *processes]]
    return Finding(
        what=tr(f"puerto {port}", f"port {port}"),
        ok=not names,
        detail=", ".join(names) if names else tr("libre", "free"),
    )


def _clock(host: RemoteHost) -> Finding:
    before = time.time()
    theirs = host.clock()
    skew = theirs - (before + time.time()) / 2
    return Finding(
        what=tr("reloj", "clock"),
        ok=abs(skew) <= MAX_SKEW_S,
        detail=tr(f"diferencia {skew:+.1f} s", f"skew {skew:+.1f} s"),
    )


def _lab_installed(host: RemoteHost) -> Finding:
    result = host.conn.run(["lab", "--version"], timeout=30)
    detail = result.stdout.strip() or tr(
        "`lab` no está instalado (ejecute scripts/install-host.sh allí)",
        "`lab` is not installed (run scripts/install-host.sh there)",
    )
    return Finding(what="lab", ok=result.returncode == 0, detail=detail)


class Prepared(BaseModel):
    trainee: str
    ok: bool
    detail: str
    seconds: float


def prepare(classroom: ClassDir, trainee: Trainee, archive: Path | None) -> Prepared:
    """Images shipped (when an archive from `lab images save` is given) and loaded there."""
    started = time.monotonic()
    with open_trainee(classroom, trainee) as host:
        if host.conn.run(["lab", "--version"], timeout=30).returncode != 0:
            return Prepared(
                trainee=trainee.name,
                ok=False,
                seconds=0.0,
                detail=tr(
                    "`lab` no está instalado allí: ejecute scripts/install-host.sh en esa máquina",
                    "`lab` is not installed there: run scripts/install-host.sh on that machine",
                ),
            )
        if archive is not None:
            sent = host.conn.send_file(archive, REMOTE_IMAGES_TAR)
            if sent.returncode != 0:
                return Prepared(
                    trainee=trainee.name,
                    ok=False,
                    detail=sent.stderr.strip(),
                    seconds=round(time.monotonic() - started, 2),
                )
            loaded = host.conn.run(["lab", "images", "load", REMOTE_IMAGES_TAR], timeout=1800)
            host.conn.run(["rm", "-f", REMOTE_IMAGES_TAR], timeout=30)
            if loaded.returncode != 0:
                return Prepared(
                    trainee=trainee.name,
                    ok=False,
                    detail=(loaded.stderr or loaded.stdout).strip()[-400:],
                    seconds=round(time.monotonic() - started, 2),
                )
        missing = [ref for ref in lab_images() if not host.image_exists(ref)]
    detail = tr("faltan: ", "missing: ") + ", ".join(missing) if missing else tr("listo", "ready")
    return Prepared(
        trainee=trainee.name,
        ok=not missing,
        detail=detail,
        seconds=round(time.monotonic() - started, 2),
    )


class Started(BaseModel):
    trainee: str
    assignment: Assignment | None
    detail: str
    seconds: float


def start(classroom: ClassDir, trainee: Trainee, lab: str, seed: int) -> Started:
    """`lab start` there, then the instructor's snapshot of what the lab recorded."""
    began = time.monotonic()
    with open_trainee(classroom, trainee) as host:
        result = host.lab("start", lab, "--seed", str(seed))
        if result.returncode != 0:
            tail = (result.stderr or result.stdout).strip()[-600:]
            return Started(
                trainee=trainee.name,
                assignment=None,
                detail=tail,
                seconds=round(time.monotonic() - began, 2),
            )
        snapshot = classroom.start_snapshot(trainee)
        if snapshot.exists():
            shutil.rmtree(snapshot)
        host.fetch_tree(f"{host.remote_home}/.lab", snapshot, exclude=SNAPSHOT_EXCLUDES)
    state = LabState.model_validate_json((snapshot / "state.json").read_text(encoding="utf-8"))
    assignment = Assignment(lab=state.lab, seed=seed, started_at=utc_now(), state=state)
    return Started(
        trainee=trainee.name,
        assignment=assignment,
        detail=tr("iniciado", "started"),
        seconds=round(time.monotonic() - began, 2),
    )


def stop(classroom: ClassDir, trainee: Trainee, home_suffix: str) -> Prepared:
    began = time.monotonic()
    with open_trainee(classroom, trainee) as host:
        host.remote_home += home_suffix
        result = host.lab("stop")
    return Prepared(
        trainee=trainee.name,
        ok=result.returncode == 0,
        detail=(result.stderr or result.stdout).strip()[-300:],
        seconds=round(time.monotonic() - began, 2),
    )


def seed_for(index: int, base: int) -> int:
    """Each trainee their own seed (their own data and fault values), reproducible."""
    return base + 101 * index
