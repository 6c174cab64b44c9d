"""`uploads-permissions`: the backend may no longer write into the uploads folder.

The replica runs as `inatrace` (uid/gid 1001), as the real image does, so permissions on
$LAB_HOME/uploads (bind-mounted at /opt/inatrace/uploads) really matter. Per trainee
(`cause`), the folder tree is handed to root (`propietario-incorrecto`, as a restore or an
rsync done as root leaves it) or made read-only (`permisos-insuficientes`, a `chmod` too
far). An upload then fails exactly as the real StorageService fails: ERROR "Error writing
file" with the AccessDeniedException, and a 500 "Error saving file" to the client.

The documents present when the exercise began go to .lab/uploads-baseline.json for the
`uploads-safe` check. Reverting gives the tree back to the backend (755/644, 1001:1001),
recreates the folder if it was deleted, and restarts the backend if its bind mount now
points at a deleted folder.
"""

from __future__ import annotations

import os
import random
from contextlib import suppress
from pathlib import Path
from typing import Literal

from labs.core import constants as c
from labs.core.errors import LabError
from labs.core.uploads import BACKEND_UID, UploadsRecord
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.faults.data_disk_full import ADMIN_LOGIN, UPLOAD_PATH, ensure_uploads

Cause = Literal["propietario-incorrecto", "permisos-insuficientes"]
SIGNATURE = "Error saving file"
UPLOADS_IN_CONTAINER = "/opt/inatrace/uploads"  # FILE_STORAGE_ROOT in the lab's .env


class UploadsPermissionsParams(FaultParams):
    cause: Cause = "propietario-incorrecto"


@register
class UploadsPermissions(Fault[UploadsPermissionsParams]):
    kind = "uploads-permissions"
    Params = UploadsPermissionsParams

    def inject(self, ctx: FaultContext) -> None:
        ws = ctx.workspace
        ensure_uploads(ws, random.Random(ctx.seed))
        ctx.save_record(self.key, {"cause": self.params.cause})
        UploadsRecord.of(ws.uploads).save(ws.state_dir)
        for path in _tree(ws.uploads):
            if self.params.cause == "propietario-incorrecto":
                os.chown(path, 0, 0)
            elif path.is_dir():
                path.chmod(0o555)

    def verify_injected(self, ctx: FaultContext) -> str:
        answer = ctx.host.upload(
            UPLOAD_PATH, "sonda-permisos.pdf", b"%PDF-1.4\n%sonda\n", login=ADMIN_LOGIN
        )
        if answer.status != 500 or SIGNATURE not in answer.body:
            raise live.not_live(
                f"una subida de documento responde {answer.status}.",
                f"a document upload answers {answer.status}.",
            )
        if SIGNATURE not in ctx.host.logs(c.BACKEND_CONTAINER, tail=200):
            raise live.not_live(
                f"el log del backend no muestra «{SIGNATURE}».",
                f"the backend's log does not show «{SIGNATURE}».",
            )
        return f"subida de documento: 500 «{SIGNATURE}»"

    def revert(self, ctx: FaultContext) -> None:
        ws = ctx.workspace
        saved = ctx.load_record(self.key)
        if saved is None:
            return
        ws.uploads.mkdir(parents=True, exist_ok=True)
        (ws.uploads / "GENERAL").mkdir(exist_ok=True)
        for path in _tree(ws.uploads):
            with suppress(OSError):
                os.chown(path, BACKEND_UID, BACKEND_UID)
                path.chmod(0o755 if path.is_dir() else 0o644)
        UploadsRecord.drop(ws.state_dir)
        ctx.drop_record(self.key)
        if _mount_is_stale(ctx):
            # Its bind mount still holds the deleted folder: only a new start sees this one.
            with suppress(LabError):
                live.restart_backend(ctx)


def _mount_is_stale(ctx: FaultContext) -> bool:
    """Was the folder deleted under the running backend? Its mount then shows a directory
    with no links left (`stat -c %h` is 0); a new one is seen only by a new start."""
    if not live.is_running(ctx.host, c.BACKEND_CONTAINER):
        return False
    probe = ctx.host.exec(c.BACKEND_CONTAINER, ["stat", "-c", "%h", UPLOADS_IN_CONTAINER])
    return probe.exit_code == 0 and probe.output.strip() == "0"


def _tree(root: Path) -> list[Path]:
    return [root, *sorted(root.rglob("*"))] if root.exists() else []
