"""`deploy-job`: the deploy job "Deploy-Backend-Fortaleza" runs a real deploy of `tag`.

Práctica 24 watches a deploy in Jenkins; Práctica 25 rolls back the one that shipped the
bad release. The lab starts its CI page (labs/host/ci_server.py, 127.0.0.1:8080) when it
is not running, writes the job's history the first time (#38–#41: successes and
failures), then starts the next build (labs/host/ci_runner.py): pre-deploy mysqldump,
TAG in `.env`, backend recreated, health polled, all logged as it happens.

`from_tag`: the release running before the deploy (the history's last success), put in
place first so the deploy really changes something. `wait`: the exercise begins after
the build finished (Práctica 25), not while it runs (Práctica 24).
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Any

from labs.core import ci
from labs.core import constants as c
from labs.core.ci import BuildRecord
from labs.core.errors import LabError, WaitTimeout
from labs.core.i18n import tr
from labs.faults import live
from labs.faults.bad_release import login_status
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.faults.env_bad_value import read_line, recreate_backend, set_line
from labs.host.ci_runner import seed_history
from labs.host.waits import wait_until

TAGS = {r.tag: r for r in c.RELEASES}
BUILD_DEADLINE_S = 240.0
SERVER_PID = "server.pid"


class DeployJobParams(FaultParams):
    tag: str
    from_tag: str | None = None
    wait: bool = False

    def model_post_init(self, context: Any) -> None:
        for tag in filter(None, (self.tag, self.from_tag)):
            if tag not in TAGS:
                raise ValueError(f"unknown release tag {tag!r}; known: {', '.join(TAGS)}")


def server_pid(ctx: FaultContext) -> int | None:
    try:
        pid = int((ci.ci_dir(ctx.workspace.state_dir) / SERVER_PID).read_text())
    except (OSError, ValueError):
        return None
    return pid if ctx.host.process_alive(pid, ci.SERVER_MODULE) else None


def ensure_server(ctx: FaultContext) -> bool:
    """Start the CI page unless it runs; True when this call started it."""
    if server_pid(ctx) is not None:
        return False
    holders = ctx.host.port_processes(ci.CI_PORT)
    if holders:
        raise LabError(
            tr(
                f"El puerto {ci.CI_PORT} (la página de CI del Día 5) está ocupado: {holders[0]}.",
                f"Port {ci.CI_PORT} (Día 5's CI page) is taken: {holders[0]}.",
            ),
            tr(
                f"Libere el puerto {ci.CI_PORT} (`ss -ltnp | grep {ci.CI_PORT}`) y repita.",
                f"Free port {ci.CI_PORT} (`ss -ltnp | grep {ci.CI_PORT}`) and try again.",
            ),
        )
    root = ci.ci_dir(ctx.workspace.state_dir)
    root.mkdir(parents=True, exist_ok=True)
    args = ["--home", str(ctx.workspace.root)]
    pid = ctx.host.spawn(ci.SERVER_MODULE, args, root / "server.log")
    (root / SERVER_PID).write_text(str(pid))
    return True


def stop_server(ctx: FaultContext) -> None:
    pid = server_pid(ctx)
    if pid is not None:
        ctx.host.terminate(pid, ci.SERVER_MODULE)
    (ci.ci_dir(ctx.workspace.state_dir) / SERVER_PID).unlink(missing_ok=True)


def env_tag(ctx: FaultContext) -> str:
    return (read_line(ctx.workspace.env_file, "TAG") or "TAG=").partition("=")[2]


@register
class DeployJob(Fault[DeployJobParams]):
    kind = "deploy-job"
    Params = DeployJobParams

    def inject(self, ctx: FaultContext) -> None:
        state_dir = ctx.workspace.state_dir
        record = {"tag_line": read_line(ctx.workspace.env_file, "TAG") or "", "seeded": ""}
        ctx.save_record(self.key, record)
        if self.params.from_tag and env_tag(ctx) != self.params.from_tag:
            set_line(ctx.workspace.env_file, "TAG", f"TAG={self.params.from_tag}")
            recreate_backend(ctx)
            live.wait_backend_up(ctx.host)
        record["server"] = str(ensure_server(ctx))
        _one_build_at_a_time(ctx)
        now = datetime.now(UTC)
        if not ci.builds(state_dir):
            seeded = seed_history(state_dir, env_tag(ctx), now)
            record["seeded"] = ",".join(str(n) for n in seeded)
        last = ci.last_build(state_dir)
        number = (last.number if last else 0) + 1
        directory = ci.build_dir(state_dir, number)
        ci.write_build(directory, BuildRecord(number=number, tag=self.params.tag, timestamp=now))
        (directory / ci.LOG).write_text("")
        args = ["--home", str(ctx.workspace.root), "--number", str(number)]
        record["number"] = str(number)
        record["runner"] = str(ctx.host.spawn(ci.RUNNER_MODULE, args, directory / "runner.log"))
        ctx.save_record(self.key, record)

    def _build(self, ctx: FaultContext) -> BuildRecord | None:
        record = ctx.load_record(self.key) or {}
        number = record.get("number", "")
        return ci.build(ctx.workspace.state_dir, int(number)) if number.isdigit() else None

    def verify_injected(self, ctx: FaultContext) -> str:
        url = f"{ci.JOB_URL}/api/json"
        try:
            wait_until(lambda: ctx.host.get_url(url).status == 200, deadline_s=15, what=url)
            if self.params.wait:
                wait_until(
                    lambda: not getattr(self._build(ctx), "building", True),
                    deadline_s=BUILD_DEADLINE_S,
                    what="deploy build finished",
                )
        except WaitTimeout as exc:
            raise live.not_live(
                f"la página de CI o el build del despliegue de {self.params.tag} no respondió.",
                f"the CI page or the deploy build of {self.params.tag} did not answer.",
            ) from exc
        build = self._build(ctx)
        if build is None or (self.params.wait and build.result != "SUCCESS"):
            raise live.not_live(
                f"el build del despliegue de {self.params.tag} no terminó en SUCCESS.",
                f"the deploy build of {self.params.tag} did not end in SUCCESS.",
            )
        if self.params.wait and TAGS[self.params.tag].bad:
            try:
                wait_until(lambda: login_status(ctx) == 500, deadline_s=30, what="login → 500")
            except WaitTimeout as exc:
                raise live.not_live(
                    "tras el despliegue el login no responde 500.",
                    "after the deploy the login does not answer 500.",
                ) from exc
        state = build.result or "EN CURSO"
        return f"build #{build.number} TAG={build.tag}: {state} en {ci.JOB_URL}/"

    def revert(self, ctx: FaultContext) -> None:
        record = ctx.load_record(self.key)
        if record is None:
            return
        if record.get("runner", "").isdigit():
            ctx.host.terminate(int(record["runner"]), ci.RUNNER_MODULE)
        numbers = [record.get("number", ""), *record.get("seeded", "").split(",")]
        for number in filter(str.isdigit, numbers):
            _remove_build(ctx, int(number))
        if record.get("server") == "True":
            stop_server(ctx)
        wanted = record.get("tag_line") or None
        if read_line(ctx.workspace.env_file, "TAG") != wanted:
            set_line(ctx.workspace.env_file, "TAG", wanted)
            recreate_backend(ctx)
            live.wait_backend_up(ctx.host)
        ctx.drop_record(self.key)

    def release(self, ctx: FaultContext) -> None:
        stop_server(ctx)


def _one_build_at_a_time(ctx: FaultContext) -> None:
    """Like the job's disableConcurrentBuilds: a deploy still running (the trainee moved on
    before it finished) ends before the next one starts."""
    state_dir = ctx.workspace.state_dir
    # A build left "running" by a killed runner must not block the lab forever.
    with contextlib.suppress(WaitTimeout):
        wait_until(
            lambda: not any(b.building for b in ci.builds(state_dir)),
            deadline_s=BUILD_DEADLINE_S,
            what="previous deploy build finished",
        )


def _remove_build(ctx: FaultContext, number: int) -> None:
    directory = ci.build_dir(ctx.workspace.state_dir, number)
    if directory.is_dir():
        for path in directory.iterdir():
            path.unlink()
        directory.rmdir()
