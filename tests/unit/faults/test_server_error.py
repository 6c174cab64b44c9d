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
TEMP_KEY = "0b7e-temporal"
LOGO_PAGE = '{"status": "OK", "data": {"id": 3, "logo": {"storageKey": "0b7e-temporal"}}}'


class DocumentsHost(FakeHost):
    """A FakeHost whose document download fails the way StorageService logs it."""

    def http(
        self, method: str, path: str, *, json: JsonBody = None, timeout: float = 10.0
    ) -> HttpAnswer:
        if path.startswith("/api/company/profile/"):
            self.calls.append(("http", method, path))
            return HttpAnswer(status=200, body=LOGO_PAGE)
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
    query = (
        "SELECT co.id, d.storageKey, COALESCE(d.type, 'GENERAL') FROM Company co"
        " JOIN Document d ON d.id = co.logo_id JOIN CompanyUser cu ON cu.company_id = co.id"
        f" JOIN `User` u ON u.id = cu.user_id WHERE u.email = '{USER}' ORDER BY co.id LIMIT 1"
    )
    host.sql_answers[query] = [["3", KEY, "IMAGE"]]
    (ctx.workspace.uploads / "IMAGE").mkdir(parents=True, exist_ok=True)
    (ctx.workspace.uploads / "IMAGE" / KEY).write_bytes(b"logo")


def test_a_missing_logo_file_makes_the_users_download_fail_and_revert_puts_it_back(
    host: FakeHost, ctx: FaultContext
) -> None:
    _with_document(host, ctx)
    fault = build("server-error", action="descargar-documento", user=USER, count=3)
    fault.inject(ctx)
    upload = ctx.workspace.uploads / "IMAGE" / KEY
    assert not upload.exists()
    downloads = [call for call in host.calls if call[:2] == ("http", "GET") and TEMP_KEY in call[2]]
    assert len(downloads) == 3
    assert ("http", "GET", "/api/company/profile/3") in host.calls
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


def test_a_user_without_a_company_logo_is_refused_before_anything_moves(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("server-error", action="descargar-documento", user=USER)
    with pytest.raises(FaultNotLiveError):
        fault.inject(ctx)
