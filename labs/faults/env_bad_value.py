"""`env-bad-value`: a bad value in the workspace .env, then the backend is recreated → it
crashes on start and `restart: always` turns that into a restart loop.

Pick keys compose passes to the backend only (e.g. DATABASE_PORT →
INATRACE_DATABASE_PORT), so MySQL is not recreated by the trainee's fix.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field

from labs.core.errors import WaitTimeout
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.host.waits import wait_until


class EnvBadValueParams(FaultParams):
    key: str = Field(pattern=r"^[A-Z_][A-Z0-9_]*$")
    value: str


def read_line(env_file: Path, key: str) -> str | None:
    for line in env_file.read_text().splitlines():
        if re.match(rf"^{key}=", line):
            return line
    return None


def set_line(env_file: Path, key: str, line: str | None) -> None:
    """Replace KEY=… (or drop it when line is None); append when absent."""
    lines = env_file.read_text().splitlines()
    kept = [raw for raw in lines if not re.match(rf"^{key}=", raw)]
    position = next((i for i, raw in enumerate(lines) if re.match(rf"^{key}=", raw)), len(kept))
    if line is not None:
        kept.insert(min(position, len(kept)), line)
    env_file.write_text("\n".join(kept) + "\n")


def recreate_backend(ctx: FaultContext) -> None:
    # --no-deps: the lab only recreates the backend, as the course's fix does.
    ctx.host.compose(
        ctx.workspace.deploy_dir,
        "up",
        "-d",
        "--no-deps",
        "--force-recreate",
        "backend",
        timeout=120,
    )


@register
class EnvBadValue(Fault[EnvBadValueParams]):
    kind = "env-bad-value"
    Params = EnvBadValueParams

    def inject(self, ctx: FaultContext) -> None:
        env_file = ctx.workspace.env_file
        original = read_line(env_file, self.params.key)
        ctx.save_record(self.key, {"original": original or "", "had": str(original is not None)})
        set_line(env_file, self.params.key, f"{self.params.key}={self.params.value}")
        recreate_backend(ctx)

    def verify_injected(self, ctx: FaultContext) -> str:
        try:
            wait_until(
                lambda: live.backend_restart_count(ctx.host) >= 1,
                deadline_s=60,
                what="backend restart loop",
            )
        except WaitTimeout as exc:
            raise live.not_live(
                "el backend no entró en bucle de reinicio (RestartCount = 0).",
                "the backend did not go into a restart loop (RestartCount = 0).",
            ) from exc
        count = live.backend_restart_count(ctx.host)
        return f"RestartCount={count} con {self.params.key}={self.params.value}"

    def revert(self, ctx: FaultContext) -> None:
        record = ctx.load_record(self.key)
        if record is not None:
            env_file = ctx.workspace.env_file
            wanted = record["original"] if record.get("had") == "True" else None
            if read_line(env_file, self.params.key) != wanted:
                set_line(env_file, self.params.key, wanted)
                recreate_backend(ctx)
        if (
            not live.is_running(ctx.host, live.container("backend"))
            or ctx.host.health(2.0).http_status != 200
        ):
            recreate_backend(ctx)
        live.wait_backend_up(ctx.host)
        ctx.drop_record(self.key)
