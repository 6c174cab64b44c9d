"""`jwt-key-empty`: the JWT signing key in .env was left empty, backend recreated.

A key rotation gone wrong: `INATRACE_AUTH_JWTSIGNINGKEY=` (the new secret never got
pasted) and the backend recreated. Spring binds the empty value as it is; java-jwt
accepts HMAC256(""), and the first signature fails in the JDK: every login answers 500
with `java.lang.IllegalArgumentException: Empty key` (HMACAlgorithm.sign → TokenService),
open sessions are refused (401), and health stays UP. Only changing the key (not
emptying it) would leave logins working and just cut the open sessions, which is not
the course's "users cannot log in". The fix: a non-empty key in .env and a recreate of
the backend (open sessions are lost either way). The .env mechanics are env-bad-value's.
"""

from __future__ import annotations

from labs.core import constants as c
from labs.core.errors import WaitTimeout
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.faults.env_bad_value import EnvBadValue, EnvBadValueParams
from labs.host.waits import wait_until

KEY = "INATRACE_AUTH_JWTSIGNINGKEY"
LOGIN_PATH = "/api/user/login"
SIGNATURE = "Empty key"


class JwtKeyEmptyParams(FaultParams):
    pass


def login_status(ctx: FaultContext) -> int | None:
    body = {"username": c.ADMIN_EMAIL, "password": c.ADMIN_PASSWORD}
    return ctx.host.http("POST", LOGIN_PATH, json=body).status


@register
class JwtKeyEmpty(Fault[JwtKeyEmptyParams]):
    kind = "jwt-key-empty"
    Params = JwtKeyEmptyParams

    def _env(self) -> EnvBadValue:
        params = EnvBadValueParams(key=KEY, value="")
        return EnvBadValue(params, exercise_id=self.exercise_id, index=self.index)

    def inject(self, ctx: FaultContext) -> None:
        self._env().inject(ctx)

    def verify_injected(self, ctx: FaultContext) -> str:
        try:
            live.wait_backend_up(ctx.host)
            wait_until(lambda: login_status(ctx) == 500, deadline_s=30, what="login → 500")
        except WaitTimeout as exc:
            raise live.not_live(
                f"con {KEY} vacío el backend no quedó UP con el login en 500.",
                f"with an empty {KEY} the backend did not come UP with login at 500.",
            ) from exc
        if SIGNATURE not in ctx.host.logs(c.BACKEND_CONTAINER, tail=200):
            raise live.not_live(
                f"el log del backend no tiene «{SIGNATURE}».",
                f"the backend log lacks «{SIGNATURE}».",
            )
        return f"{KEY} vacío: health UP, POST {LOGIN_PATH} → 500 ({SIGNATURE})"

    def revert(self, ctx: FaultContext) -> None:
        self._env().revert(ctx)
