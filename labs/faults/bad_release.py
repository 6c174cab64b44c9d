"""`bad-release`: the deploy .env points TAG at the defective release, backend recreated.

What a bad Jenkins deploy leaves behind: the backend starts, `/actuator/health` is UP, but
`POST /api/user/login` answers 500 with a NullPointerException trace (the image built
with RELEASE_BAD=1, constants.RELEASES). The fix is the course's rollback: the previous
TAG in `.env` and `docker compose up -d --force-recreate backend`. The .env mechanics
(edit, record, revert) are env-bad-value's.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from labs.core import constants as c
from labs.core.errors import WaitTimeout
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.faults.env_bad_value import EnvBadValue, EnvBadValueParams, read_line
from labs.host.waits import wait_until

LOGIN_PATH = "/api/user/login"
BAD_RELEASE = next(r for r in c.RELEASES if r.bad)
# The deploy job's history, as the team reads it after a Friday deploy (Jenkins' list).
HISTORY = "logs/despliegues.log"


class BadReleaseParams(FaultParams):
    pass


def login_status(ctx: FaultContext) -> int | None:
    answer = ctx.host.http(
        "POST", LOGIN_PATH, json={"username": c.ADMIN_EMAIL, "password": c.ADMIN_PASSWORD}
    )
    return answer.status


@register
class BadRelease(Fault[BadReleaseParams]):
    kind = "bad-release"
    Params = BadReleaseParams

    def _env(self) -> EnvBadValue:
        params = EnvBadValueParams(key="TAG", value=BAD_RELEASE.tag)
        return EnvBadValue(params, exercise_id=self.exercise_id, index=self.index)

    def inject(self, ctx: FaultContext) -> None:
        history = ctx.workspace.root / HISTORY
        ctx.save_record(
            self.key, {"since": datetime.now(UTC).isoformat(), "history": str(history.exists())}
        )
        previous = (read_line(ctx.workspace.env_file, "TAG") or "TAG=").partition("=")[2]
        if not history.exists():
            history.parent.mkdir(parents=True, exist_ok=True)
            now = datetime.now(UTC).replace(microsecond=0)
            lines = [
                f"{(now - timedelta(days=9)).isoformat()} #41 TAG={previous} SUCCESS",
                f"{(now - timedelta(minutes=20)).isoformat()} #42 TAG={BAD_RELEASE.tag} SUCCESS",
            ]
            history.write_text("".join(f"{line}\n" for line in lines))
        self._env().inject(ctx)

    def verify_injected(self, ctx: FaultContext) -> str:
        try:
            live.wait_backend_up(ctx.host)
            wait_until(lambda: login_status(ctx) == 500, deadline_s=30, what="login → 500")
        except WaitTimeout as exc:
            raise live.not_live(
                f"con TAG={BAD_RELEASE.tag} el backend no quedó UP con el login en 500.",
                f"with TAG={BAD_RELEASE.tag} the backend did not come UP with login at 500.",
            ) from exc
        return f"TAG={BAD_RELEASE.tag}: health UP, POST {LOGIN_PATH} → 500"

    def revert(self, ctx: FaultContext) -> None:
        record = ctx.load_record(self.key) or {}
        self._env().revert(ctx)
        if record.get("history") == "False":
            (ctx.workspace.root / HISTORY).unlink(missing_ok=True)
        ctx.drop_record(self.key)
