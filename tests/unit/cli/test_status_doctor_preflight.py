"""Honest status and pre-flight: only this workspace's containers, and who holds a port."""

from __future__ import annotations

import json

import pytest
from conftest import labelled, start_fake_lab
from typer.testing import CliRunner

from labs import doctor
from labs.cli.main import app
from labs.core import constants as c
from labs.core.errors import EXIT_HOST, EnvironmentProblem
from labs.core.workspace import Workspace
from labs.host.fake import FakeHost
from labs.host.models import PortHolder
from labs.session import LabSession

runner = CliRunner()


def test_status_of_an_empty_home_does_not_report_another_workspaces_lab_as_healthy(
    ws: Workspace, host: FakeHost
) -> None:
    for info in host.containers.values():
        labelled(info, "/somewhere/else")
    result = runner.invoke(app, ["status", "--home", str(ws.root)])
    assert result.exit_code == 0, result.output
    assert "healthy" not in result.output
    assert "otro espacio de trabajo" in result.output
    facts = json.loads(runner.invoke(app, ["status", "--json", "--home", str(ws.root)]).output)
    assert facts["lab"] is None
    assert facts["health"] is None
    assert {item["owner"] for item in facts["containers"]} == {"other"}


def test_status_json_describes_this_workspaces_running_lab(ws: Workspace, host: FakeHost) -> None:
    start_fake_lab(ws, "day1")
    for info in host.containers.values():
        labelled(info, str(ws.root))
    facts = json.loads(runner.invoke(app, ["status", "--json", "--home", str(ws.root)]).output)
    assert facts["lab"] == "day1"
    assert [item["state"] for item in facts["containers"]] == ["healthy", "healthy"]


def test_a_foreign_container_on_8082_is_named_with_its_fix(ws: Workspace) -> None:
    fake = FakeHost()
    fake.published = [PortHolder(port=8082, container="someone-elses-web")]
    findings = {f.name: f for f in doctor._ports(fake, ws)}
    assert not findings["Puerto 8082"].ok
    assert "someone-elses-web" in findings["Puerto 8082"].detail
    assert "docker stop someone-elses-web" in findings["Puerto 8082"].fix
    assert findings["Puerto 3306"].ok


def test_a_process_on_3306_is_named_with_its_pid(ws: Workspace) -> None:
    fake = FakeHost()
    fake.listening = [PortHolder(port=3306, process="mysqld", pid=4242)]
    finding = next(f for f in doctor._ports(fake, ws) if f.name == "Puerto 3306")
    assert "mysqld (pid 4242)" in finding.detail
    assert "kill 4242" in finding.fix


def test_the_labs_own_container_is_not_a_conflict(ws: Workspace) -> None:
    fake = FakeHost()
    fake.published = [
        PortHolder(
            port=8082,
            container=c.BACKEND_CONTAINER,
            labels={c.LABEL_MANAGED: "true", c.LABEL_WORKSPACE: str(ws.root)},
        )
    ]
    assert all(f.ok for f in doctor._ports(fake, ws))


def test_doctor_json_exits_3_and_names_the_holder(
    ws: Workspace, host: FakeHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doctor, "_compose", lambda: doctor.Finding("Docker Compose v2", True, "x"))
    monkeypatch.setattr(doctor, "_images", lambda: doctor.Finding("Imágenes", True, "x"))
    host.listening = [PortHolder(port=8082, process="python3", pid=99)]
    result = runner.invoke(app, ["doctor", "--json", "--home", str(ws.root)])
    assert result.exit_code == EXIT_HOST
    document = json.loads(result.output)
    port = next(f for f in document["findings"] if f["name"] == "Puerto 8082")
    assert "python3 (pid 99)" in port["detail"]
    assert "kill 99" in port["fix"]


def test_start_with_a_held_port_touches_nothing_and_exits_3(ws: Workspace) -> None:
    fake = FakeHost()
    fake.published = [PortHolder(port=8082, container="intruder")]
    with pytest.raises(EnvironmentProblem) as caught:
        LabSession(ws, fake).start("day1", seed_value=7, scale=1)
    assert caught.value.exit_code == EXIT_HOST
    assert "intruder" in caught.value.message
    assert "docker stop intruder" in (caught.value.fix or "")
    assert not ws.root.exists()  # not even the workspace was created
    assert not any(call[0] == "compose" for call in fake.calls)
