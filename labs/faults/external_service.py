"""`external-service`: an internet service INATrace uses stops working for the backend,
which stays UP: only the action that needs the service fails, with its log lines.

- exchange-rate (the lab's stand-in `lab-exchangerate`):
  `url-incorrecta`: INATRACE_EXCHANGERATE_URL in .env points to the wrong port, and the
  backend is recreated (a redeploy with the edited .env);
  `servicio-detenido`: the service's container is stopped and the backend restarted (the
  nightly restart), so its start-up job fails.
  Either way the currency job logs `Error updating exchange rates … WebClientRequestException`
  and retries.
- mail (`lab-smtp`): `puerto-incorrecto` (SPRING_MAIL_PORT=465, production's SSL port) or
  `clave-incorrecta` (a stale SPRING_MAIL_PASSWORD), then the backend is recreated. A
  password-reset request still answers 200, but the backend logs
  `Error building or sending email` and nothing is delivered.

No name outside the machine is ever looked up: both causes of each service fail on the
lab's own network. MySQL is never touched.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import model_validator

from labs.core import constants as c
from labs.core.errors import WaitTimeout
from labs.faults import env_bad_value as envfile
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.host.waits import wait_until

Service = Literal["exchange-rate", "mail"]
Cause = Literal["url-incorrecta", "servicio-detenido", "puerto-incorrecto", "clave-incorrecta"]
CAUSES: dict[str, tuple[str, ...]] = {
    "exchange-rate": ("url-incorrecta", "servicio-detenido"),
    "mail": ("puerto-incorrecto", "clave-incorrecta"),
}
CONTAINER = {"exchange-rate": "lab-exchangerate", "mail": "lab-smtp"}
# (.env key, bad value) per cause that edits the .env.
BAD_ENV = {
    "url-incorrecta": ("INATRACE_EXCHANGERATE_URL", "http://exchangerate.fortaleza.lab:8000"),
    "puerto-incorrecto": ("SPRING_MAIL_PORT", "465"),
    "clave-incorrecta": ("SPRING_MAIL_PASSWORD", "lab-only-mail-pass-2023"),
}
SIGNATURE = {
    "exchange-rate": "Error updating exchange rates",
    "mail": "Error building or sending email",
}
RESET_PATH = "/api/user/request_reset_password"


class ExternalServiceParams(FaultParams):
    service: Service
    cause: Cause

    @model_validator(mode="after")
    def _cause_of_service(self) -> ExternalServiceParams:
        if self.cause not in CAUSES[self.service]:
            raise ValueError(f"cause {self.cause!r} is not one of {CAUSES[self.service]}")
        return self


@register
class ExternalService(Fault[ExternalServiceParams]):
    kind = "external-service"
    Params = ExternalServiceParams

    def inject(self, ctx: FaultContext) -> None:
        record = {"since": datetime.now(UTC).isoformat(), "line": "", "had": "False"}
        bad = BAD_ENV.get(self.params.cause)
        if bad is not None:
            original = envfile.read_line(ctx.workspace.env_file, bad[0])
            record.update(line=original or "", had=str(original is not None))
        ctx.save_record(self.key, record)
        if bad is not None:
            envfile.set_line(ctx.workspace.env_file, bad[0], f"{bad[0]}={bad[1]}")
            envfile.recreate_backend(ctx)
        else:
            ctx.host.stop(CONTAINER[self.params.service])
            ctx.host.compose(ctx.workspace.deploy_dir, "restart", "backend", timeout=120)
        live.wait_backend_up(ctx.host)

    def _failed_since(self, ctx: FaultContext) -> bool:
        record = ctx.load_record(self.key) or {}
        since = datetime.fromisoformat(record.get("since") or datetime.now(UTC).isoformat())
        return SIGNATURE[self.params.service] in live.backend_logs_since(ctx.host, since)

    def verify_injected(self, ctx: FaultContext) -> str:
        def failing() -> bool:
            if self.params.service == "mail":  # the action that needs the service
                ctx.host.http("POST", RESET_PATH, json={"email": c.ADMIN_EMAIL}, timeout=15)
            return self._failed_since(ctx)

        try:
            wait_until(failing, deadline_s=45, what=f"{self.params.service} failing")
        except WaitTimeout as exc:
            raise live.not_live(
                f"el backend no registró «{SIGNATURE[self.params.service]}».",
                f"the backend did not log '{SIGNATURE[self.params.service]}'.",
            ) from exc
        status = live.health_status(ctx.host, c.BACKEND_CONTAINER)
        return f"backend {status}; {SIGNATURE[self.params.service]} ({self.params.cause})"

    def revert(self, ctx: FaultContext) -> None:
        record = ctx.load_record(self.key)
        service = CONTAINER[self.params.service]
        if not live.is_running(ctx.host, service) and ctx.host.container(service) is not None:
            ctx.host.start(service)
        bad = BAD_ENV.get(self.params.cause)
        if record is not None and bad is not None:
            wanted = record["line"] if record.get("had") == "True" else None
            if envfile.read_line(ctx.workspace.env_file, bad[0]) != wanted:
                envfile.set_line(ctx.workspace.env_file, bad[0], wanted)
                envfile.recreate_backend(ctx)
        if not live.is_running(ctx.host, c.BACKEND_CONTAINER):
            envfile.recreate_backend(ctx)
        live.wait_backend_up(ctx.host)
        ctx.drop_record(self.key)
