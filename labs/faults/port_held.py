"""`port-held`: after a maintenance something else holds the backend's host port (8082),
so `docker compose up -d` cannot publish it and the backend never starts.

Who holds it varies per trainee: a test "nginx" container a colleague left running (a
compose project of its own under home/usuario, built from the lab's services image,
labelled as the lab's) gives Docker's own `Bind for 0.0.0.0:8082 failed: port is already
allocated`; a forgotten `python3 -m http.server 8082` on the host (started by the lab,
its pid recorded) gives `Error starting userland proxy: listen tcp4 0.0.0.0:8082: bind:
address already in use`. MySQL is never touched. The lab's own pre-flight recognises
both holders as the exercise's: the container by its labels, the process by the pid
recorded here (stack.lab_listener_pids).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Literal

from labs import stack
from labs.core import constants as c
from labs.core.errors import WaitTimeout
from labs.faults import env_bad_value as env_file
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.host.waits import wait_until

Holder = Literal["contenedor", "proceso"]
HOLDER_NAME = "nginx-prueba"
LISTENER_MODULE = "http.server"  # what `ps`/`ss -ltnp` show: a forgotten test web server
PORT = c.BACKEND_HOST_PORT
PORT_KEY = "HOST_PORT_BE"


class PortHeldParams(FaultParams):
    holder: Holder


def holder_compose(ws_root: str) -> str:
    """The colleague's test project: one nginx-like container on the backend's port."""
    return f"""# Prueba rápida de nginx (no borrar hasta terminar la prueba) — Jorge
name: prueba-nginx
services:
  nginx:
    image: {c.SERVICES_IMAGE}
    container_name: {HOLDER_NAME}
    command: ["nginx"]
    network_mode: bridge
    restart: "no"
    ports:
      - "{PORT}:80"
    labels:
      {c.LABEL_MANAGED}: "true"
      {c.LABEL_WORKSPACE}: "{ws_root}"
      {c.LABEL_ROLE}: "port-holder"
"""


@register
class PortHeld(Fault[PortHeldParams]):
    kind = "port-held"
    Params = PortHeldParams

    def _project(self, ctx: FaultContext) -> str:
        return str(ctx.workspace.trainee_home / "prueba-nginx")

    def inject(self, ctx: FaultContext) -> None:
        port_line = env_file.read_line(ctx.workspace.env_file, PORT_KEY) or ""
        record = {
            "holder": self.params.holder,
            stack.LISTENER_PID_KEY: "",
            "error": "",
            "port_line": port_line,
        }
        ctx.save_record(self.key, record)
        ctx.host.compose(ctx.workspace.deploy_dir, "stop", "backend", timeout=60)
        if self.params.holder == "contenedor":
            self._start_container(ctx)
        else:
            record[stack.LISTENER_PID_KEY] = str(self._start_listener(ctx))
            ctx.save_record(self.key, record)  # before anything can fail: revert kills it
        self._wait_held(ctx)
        # The maintenance's redeploy: Docker refuses to publish the port.
        result = ctx.host.compose(
            ctx.workspace.deploy_dir,
            "up",
            "-d",
            "--no-deps",
            "--force-recreate",
            "backend",
            timeout=120,
            check=False,
        )
        lines = (result.stderr or result.stdout).strip().splitlines()
        record["error"] = lines[-1] if lines else ""
        ctx.save_record(self.key, record)

    def _start_container(self, ctx: FaultContext) -> None:
        project = Path(self._project(ctx))
        project.mkdir(parents=True, exist_ok=True)
        (project / "docker-compose.yml").write_text(holder_compose(str(ctx.workspace.root)))
        ctx.host.compose(project, "up", "-d", timeout=60)

    def _start_listener(self, ctx: FaultContext) -> int:
        served = ctx.workspace.trainee_home
        served.mkdir(parents=True, exist_ok=True)
        log = ctx.records_dir / "port-held-listener.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        args = [str(PORT), "--bind", "0.0.0.0", "--directory", str(served)]
        return ctx.host.spawn(LISTENER_MODULE, args, log)

    def _wait_held(self, ctx: FaultContext) -> None:
        try:
            wait_until(lambda: bool(self._holders(ctx)), deadline_s=20, what=f"port {PORT} held")
        except WaitTimeout as exc:
            raise live.not_live(
                f"nada quedó escuchando en el puerto {PORT}.",
                f"nothing ended up listening on port {PORT}.",
            ) from exc

    def _holders(self, ctx: FaultContext) -> list[str]:
        """This fault's holder(s) of the port, as the trainee would name them."""
        if self.params.holder == "contenedor":
            return [
                h.container for h in ctx.host.port_holders([PORT]) if h.container == HOLDER_NAME
            ]
        pid = self._pid(ctx)
        return [
            f"{h.process} (pid {h.pid})"
            for h in ctx.host.port_processes(PORT)
            if pid and h.pid == pid
        ]

    def _pid(self, ctx: FaultContext) -> int | None:
        record = ctx.load_record(self.key) or {}
        raw = record.get(stack.LISTENER_PID_KEY, "")
        return int(raw) if raw.isdigit() else None

    def verify_injected(self, ctx: FaultContext) -> str:
        holders = self._holders(ctx)
        if not holders:
            raise live.not_live(
                f"el puerto {PORT} no está ocupado por el ocupante de la falla.",
                f"port {PORT} is not held by the fault's holder.",
            )
        if live.is_running(ctx.host, c.BACKEND_CONTAINER):
            raise live.not_live(
                "el backend corre pese al puerto ocupado.",
                "the backend runs although the port is held.",
            )
        error = (ctx.load_record(self.key) or {}).get("error", "")
        backend = live.health_status(ctx.host, c.BACKEND_CONTAINER)
        evidence = f"{PORT} ocupado por {', '.join(holders)}; backend {backend}"
        return evidence + (f"; {error}" if error else "")

    def revert(self, ctx: FaultContext) -> None:
        record = ctx.load_record(self.key) or {}
        self.release(ctx)
        up = ["up", "-d", "--no-deps", "backend"]
        # A trainee who moved the backend to another port: the baseline port comes back.
        wanted = record.get("port_line", "")
        if wanted and env_file.read_line(ctx.workspace.env_file, PORT_KEY) != wanted:
            env_file.set_line(ctx.workspace.env_file, PORT_KEY, wanted)
            up.insert(3, "--force-recreate")
        elif live.is_running(ctx.host, c.BACKEND_CONTAINER):
            up = []
        if up:
            ctx.host.compose(ctx.workspace.deploy_dir, *up, timeout=120)
        live.wait_backend_up(ctx.host)
        ctx.drop_record(self.key)

    def release(self, ctx: FaultContext) -> None:
        """Nothing this fault started may outlive the exercise or the lab."""
        pid = self._pid(ctx)
        if pid is not None:
            ctx.host.terminate(pid, LISTENER_MODULE)
        project = ctx.workspace.trainee_home / "prueba-nginx"
        if (project / "docker-compose.yml").is_file():
            ctx.host.compose(project, "down", "--timeout", "2", timeout=60, check=False)
            shutil.rmtree(project, ignore_errors=True)
