"""`uploads-permissions` on FakeHost: the backend's user (1001) can no longer write uploads."""

from __future__ import annotations

import os

import pytest
from fault_support import build

from labs.core.uploads import UploadsRecord
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.faults.data_disk_full import ADMIN_LOGIN, UPLOAD_PATH
from labs.host.fake import FakeHost
from labs.host.models import ExecResult

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="chown needs root, as the lab does")


@pytest.fixture
def uploads_host(host: FakeHost, ctx: FaultContext) -> FakeHost:
    host.upload_dir = ctx.workspace.uploads
    for path in (ctx.workspace.uploads, ctx.workspace.uploads / "GENERAL"):
        os.chown(path, 1001, 1001)
    return host


def _upload(host: FakeHost) -> int | None:
    return host.upload(UPLOAD_PATH, "x.pdf", b"%PDF", login=ADMIN_LOGIN).status


@pytest.mark.parametrize("cause", ["propietario-incorrecto", "permisos-insuficientes"])
def test_each_cause_really_stops_the_backend_from_saving_a_document(
    ctx: FaultContext, uploads_host: FakeHost, cause: str
) -> None:
    assert _upload(uploads_host) == 200
    fault = build("uploads-permissions", cause=cause)
    fault.inject(ctx)
    assert "500" in fault.verify_injected(ctx)
    folder = ctx.workspace.uploads / "GENERAL"
    if cause == "propietario-incorrecto":
        assert folder.stat().st_uid == 0
    else:
        assert folder.stat().st_mode & 0o777 == 0o555


def test_the_documents_present_at_the_start_are_recorded(
    ctx: FaultContext, uploads_host: FakeHost
) -> None:
    build("uploads-permissions").inject(ctx)
    record = UploadsRecord.load(ctx.workspace.state_dir)
    assert record is not None
    assert len(record.files) >= 4


def test_a_folder_the_backend_can_write_is_not_live(
    ctx: FaultContext, uploads_host: FakeHost
) -> None:
    fault = build("uploads-permissions", cause="permisos-insuficientes")
    fault.inject(ctx)
    (ctx.workspace.uploads / "GENERAL").chmod(0o755)
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)


def test_reverting_gives_the_tree_back_to_the_backend(
    ctx: FaultContext, uploads_host: FakeHost
) -> None:
    fault = build("uploads-permissions")
    fault.inject(ctx)
    fault.revert(ctx)
    assert ("compose", "restart", "backend") not in uploads_host.calls  # its mount is fine
    for path in (ctx.workspace.uploads, *ctx.workspace.uploads.rglob("*")):
        assert path.stat().st_uid == 1001
    assert _upload(uploads_host) == 200
    assert UploadsRecord.load(ctx.workspace.state_dir) is None
    fault.revert(ctx)  # idempotent


def test_a_deleted_folder_comes_back_and_the_backend_is_restarted_onto_it(
    ctx: FaultContext, uploads_host: FakeHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    fault = build("uploads-permissions")
    fault.inject(ctx)
    shutil.rmtree(ctx.workspace.uploads)
    ctx.workspace.uploads.mkdir()
    uploads_host.calls.clear()
    # What the backend's mount shows now: the deleted folder, with no links left.
    monkeypatch.setattr(uploads_host, "exec", lambda *a, **k: ExecResult(exit_code=0, output="0\n"))
    fault.revert(ctx)
    assert (ctx.workspace.uploads / "GENERAL").is_dir()
    assert ("compose", "restart", "backend") in uploads_host.calls
