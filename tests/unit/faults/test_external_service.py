"""external-service on FakeHost: the backend stays UP, only the action that needs the
service fails (its log line), and revert puts back the .env line or the stopped service."""

from __future__ import annotations

from pathlib import Path

import pytest
from fault_support import build, new_process, record_file
from pydantic import ValidationError

from labs.core import constants as c
from labs.core.workspace import Workspace
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.faults.external_service import CONTAINER, RESET_PATH, SIGNATURE
from labs.host.api import JsonBody
from labs.host.fake import FakeHost, running_container
from labs.host.models import HttpAnswer

GOOD = {
    "INATRACE_EXCHANGERATE_URL": "http://exchangerate.fortaleza.lab:8080",
    "SPRING_MAIL_PORT": "25",
    "SPRING_MAIL_PASSWORD": "lab-only-mail-pass",
}


class ServicesHost(FakeHost):
    """The backend boots with any .env (these settings do not stop it) and logs the
    failure of the service it cannot use, as the replica does."""

    def _recreate(self, project_dir: Path, service: str, *, fresh: bool) -> None:
        self.env_dir = project_dir
        self._boot(c.CONTAINERS[service])
        self._rates_job()

    def _rates_job(self) -> None:
        env = _env(self)
        if env.get("INATRACE_EXCHANGERATE_URL") != GOOD["INATRACE_EXCHANGERATE_URL"] or not (
            self._running(CONTAINER["exchange-rate"])
        ):
            self._log(f"ERROR  {SIGNATURE['exchange-rate']} … WebClientRequestException")

    def http(
        self, method: str, path: str, *, json: JsonBody = None, timeout: float = 10.0
    ) -> HttpAnswer:
        if path == RESET_PATH:
            env = _env(self)
            if any(env.get(k) != GOOD[k] for k in ("SPRING_MAIL_PORT", "SPRING_MAIL_PASSWORD")):
                self._log(f"ERROR  {SIGNATURE['mail']}")
            return HttpAnswer(status=200)
        return super().http(method, path, json=json, timeout=timeout)


def _env(host: ServicesHost) -> dict[str, str]:
    path = getattr(host, "env_dir", Path("/nonexistent")) / ".env"
    lines = path.read_text().splitlines() if path.is_file() else []
    return dict(line.split("=", 1) for line in lines if "=" in line)


@pytest.fixture
def host() -> ServicesHost:
    fake = ServicesHost.healthy_stack()
    assert isinstance(fake, ServicesHost)
    for service, name in CONTAINER.items():
        fake.containers[name] = running_container(name, service)
    return fake


@pytest.fixture
def ctx(workspace: Workspace, host: ServicesHost) -> FaultContext:
    env = workspace.env_file
    env.write_text(env.read_text() + "".join(f"{k}={v}\n" for k, v in GOOD.items()))
    host.env_dir = workspace.deploy_dir
    return FaultContext(workspace, host, seed=7)


@pytest.mark.parametrize(
    ("service", "cause", "key", "bad"),
    [
        ("exchange-rate", "url-incorrecta", "INATRACE_EXCHANGERATE_URL", ":8000"),
        ("mail", "puerto-incorrecto", "SPRING_MAIL_PORT", "465"),
        ("mail", "clave-incorrecta", "SPRING_MAIL_PASSWORD", "2023"),
    ],
)
def test_an_env_cause_breaks_one_action_and_the_backend_stays_up(
    service: str, cause: str, key: str, bad: str, host: ServicesHost, ctx: FaultContext
) -> None:
    fault = build("external-service", service=service, cause=cause)
    fault.inject(ctx)
    assert bad in _env(host)[key]
    assert host.health(2).http_status == 200
    assert SIGNATURE[service] in fault.verify_injected(ctx)
    fault.revert(new_process(ctx))
    assert _env(host)[key] == GOOD[key]
    assert not record_file(ctx, fault).exists()
    assert not [call for call in host.calls if c.MYSQL_CONTAINER in call]


def test_a_stopped_exchange_rate_service_is_started_again_on_revert(
    host: ServicesHost, ctx: FaultContext
) -> None:
    fault = build("external-service", service="exchange-rate", cause="servicio-detenido")
    fault.inject(ctx)
    assert not host.containers[CONTAINER["exchange-rate"]].state.running
    assert ("compose", "restart", "backend") in host.calls
    assert "servicio-detenido" in fault.verify_injected(ctx)
    fault.revert(ctx)
    assert host.containers[CONTAINER["exchange-rate"]].state.running


def test_verify_says_not_live_when_the_service_works(ctx: FaultContext) -> None:
    with pytest.raises(FaultNotLiveError, match="no registró"):
        build("external-service", service="mail", cause="clave-incorrecta").verify_injected(ctx)


def test_a_cause_of_the_other_service_is_refused() -> None:
    with pytest.raises(ValidationError, match="not one of"):
        build("external-service", service="mail", cause="servicio-detenido")
