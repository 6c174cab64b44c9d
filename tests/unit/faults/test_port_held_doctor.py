"""`lab doctor` during the puerto-ocupado exercise: the lab's own listener on 8082 is the
exercise's (not a failing finding); any other process there still is one."""

from __future__ import annotations

import json
from pathlib import Path

from labs import doctor, stack
from labs.core import constants as c
from labs.core.workspace import Workspace
from labs.host.fake import FakeHost
from labs.host.models import PortHolder

PORT = c.BACKEND_HOST_PORT


def _record_listener(ws: Workspace, pid: int) -> Path:
    record = ws.state_dir / "faults" / "po-puerto-ocupado.0.port-held.json"
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"holder": "proceso", stack.LISTENER_PID_KEY: str(pid)}))
    return record


def _port_finding(ws: Workspace, host: FakeHost) -> doctor.Finding:
    return next(f for f in doctor._ports(host, ws) if str(PORT) in f.name)


def test_the_exercises_listener_is_reported_as_the_labs(workspace: Workspace) -> None:
    host = FakeHost.healthy_stack()
    host.listening = [PortHolder(port=PORT, process="python3", pid=4321)]
    _record_listener(workspace, 4321)
    finding = _port_finding(workspace, host)
    assert finding.ok
    assert "ejercicio en curso (pid 4321)" in finding.detail


def test_a_foreign_listener_is_still_a_problem(workspace: Workspace) -> None:
    host = FakeHost.healthy_stack()
    host.listening = [PortHolder(port=PORT, process="nginx", pid=999)]
    _record_listener(workspace, 4321)
    finding = _port_finding(workspace, host)
    assert not finding.ok
    assert "kill 999" in finding.fix
