"""upload-works and uploads-safe on FakeHost: a real upload is the proof of the fix; losing
documents or opening the folder to everyone fails; nothing is given away."""

from __future__ import annotations

import os
import shutil

import pytest
from grader_recordings import ContextFactory

from grader.checks.base import Outcome
from grader.checks.upload_works import UploadWorks, UploadWorksSpec
from grader.checks.uploads_safe import UploadsSafe, UploadsSafeSpec
from grader.context import CheckContext
from labs.core.uploads import UploadsRecord
from labs.host.fake import FakeHost

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="chown needs root, as the lab does")


@pytest.fixture
def host(evidence: FakeHost) -> FakeHost:
    evidence.simulate = True
    return evidence


@pytest.fixture
def ctx(make_ctx: ContextFactory, host: FakeHost) -> CheckContext:
    ctx = make_ctx()
    uploads = ctx.workspace.uploads
    (uploads / "GENERAL" / "doc-1").write_bytes(b"%PDF-1.4 uno")
    (uploads / "GENERAL" / "doc-2").write_bytes(b"%PDF-1.4 dos")
    for path in (uploads, *uploads.rglob("*")):
        os.chown(path, 1001, 1001)
    UploadsRecord.of(uploads).save(ctx.workspace.state_dir)
    host.upload_dir = uploads
    return ctx


def _works(ctx: CheckContext) -> Outcome:
    spec = UploadWorksSpec(id="u", kind="upload-works", criterion="troubleshooting", weight=1)
    return UploadWorks().evaluate(spec, ctx)


def _safe(ctx: CheckContext) -> Outcome:
    spec = UploadsSafeSpec(id="s", kind="uploads-safe", criterion="troubleshooting", weight=1)
    return UploadsSafe().evaluate(spec, ctx)


def test_an_upload_into_a_folder_the_backend_owns_passes(ctx: CheckContext, host: FakeHost) -> None:
    assert _works(ctx).fraction == 1.0
    assert any(call[0] == "upload" for call in host.calls)
    assert _safe(ctx).fraction == 1.0


def test_a_folder_owned_by_root_makes_the_upload_fail_with_the_backend_s_error(
    ctx: CheckContext,
) -> None:
    os.chown(ctx.workspace.uploads / "GENERAL", 0, 0)
    outcome = _works(ctx)
    assert outcome.fraction == 0.0
    assert "500 Error saving file" in outcome.message


def test_chmod_777_works_but_is_not_safe(ctx: CheckContext) -> None:
    os.chown(ctx.workspace.uploads / "GENERAL", 0, 0)
    for path in (ctx.workspace.uploads, *ctx.workspace.uploads.rglob("*")):
        path.chmod(0o777)
    assert _works(ctx).fraction == 1.0
    outcome = _safe(ctx)
    assert outcome.fraction == 0.0
    assert "escribible por cualquiera" in outcome.message


def test_a_recreated_folder_lost_the_documents(ctx: CheckContext) -> None:
    shutil.rmtree(ctx.workspace.uploads)
    (ctx.workspace.uploads / "GENERAL").mkdir(parents=True)
    outcome = _safe(ctx)
    assert outcome.fraction == 0.0
    assert "faltan 2 de 2" in outcome.message


def test_without_the_baseline_the_documents_cannot_be_judged(ctx: CheckContext) -> None:
    UploadsRecord.drop(ctx.workspace.state_dir)
    assert _safe(ctx).error
