"""server-error (Problema 3) on FakeHost: one user's action fails for real, the rest works."""

from __future__ import annotations

import pytest
from fault_support import build, record_file

from labs.core import constants as c
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.host.api import JsonBody
from labs.host.fake import FakeHost
from labs.host.models import HttpAnswer

USER = "rosa.vera@fortaleza.lab"
KEY = "5f1c9a"


class DocumentsHost(FakeHost):
    """A FakeHost whose document download fails the way StorageService logs it."""

    def http(
        self, method: str, path: str, *, json: JsonBody = None, timeout: float = 10.0
    ) -> HttpAnswer:
        if path.startswith("/api/common/document/"):
            self.calls.append(("http", method, path))
            self._log("ERROR  c.a.i.c.common.StorageService : Error reading file")
            return HttpAnswer(status=500)
        return super().http(method, path, json=json, timeout=timeout)


@pytest.fixture
def host() -> FakeHost:
    fake = DocumentsHost()
    fake.containers = FakeHost.healthy_stack().containers
    fake.simulate = True
    fake.sql_answers = {}
    return fake


def _with_document(host: FakeHost, ctx: FaultContext) -> None:
    for query in (
        "SELECT d.storageKey, COALESCE(d.type, 'GENERAL') FROM Document d"
        " JOIN Company co ON co.logo_id = d.id JOIN CompanyUser cu ON cu.company_id = co.id"
        f" JOIN `User` u ON u.id = cu.user_id WHERE u.email = '{USER}' ORDER BY d.id LIMIT 1",
    ):
        host.sql_answers[query] = [[KEY, "IMAGE"]]
    (ctx.workspace.uploads / "IMAGE").mkdir(parents=True, exist_ok=True)
    (ctx.workspace.uploads / "IMAGE" / KEY).write_bytes(b"logo")


def test_a_missing_upload_makes_the_users_download_fail_and_revert_puts_it_back(
    host: FakeHost, ctx: FaultContext
) -> None:
    _with_document(host, ctx)
    fault = build("server-error", action="descargar-documento", user=USER, count=3)
    fault.inject(ctx)
    upload = ctx.workspace.uploads / "IMAGE" / KEY
    assert not upload.exists()
    downloads = [call for call in host.calls if call[:2] == ("http", "GET") and KEY in call[2]]
    assert len(downloads) == 3
    assert ("http", "POST", "/api/user/login") in host.calls
    assert "3 × 500" in fault.verify_injected(ctx)
    fault.revert(ctx)
    assert upload.read_bytes() == b"logo"
    assert not record_file(ctx, fault).exists()


def test_a_negative_offset_makes_the_company_list_fail_with_the_real_exception(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("server-error", action="listar-empresas", user=USER, count=2)
    fault.inject(ctx)
    assert "IllegalArgumentException" in host.logs(c.BACKEND_CONTAINER)
    assert "2 × 500" in fault.verify_injected(ctx)
    fault.revert(ctx)
    fault.revert(ctx)  # twice is harmless


def test_not_live_when_the_user_cannot_log_in(host: FakeHost, ctx: FaultContext) -> None:
    host.account_status[USER] = "DEACTIVATED"
    fault = build("server-error", action="listar-empresas", user=USER)
    fault.inject(ctx)
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)


def test_without_any_upload_the_fault_refuses_to_pretend(host: FakeHost, ctx: FaultContext) -> None:
    fault = build("server-error", action="descargar-documento", user=USER)
    with pytest.raises(FaultNotLiveError):
        fault.inject(ctx)
