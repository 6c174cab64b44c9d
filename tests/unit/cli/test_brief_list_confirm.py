"""Finding the way back (`lab brief`, `lab list`) and never losing points by accident."""

from __future__ import annotations

import json

import pytest
from conftest import start_fake_lab
from typer.testing import CliRunner

from labs.cli.main import app
from labs.core.errors import EXIT_REFUSED, EXIT_USAGE, Refused, UsageError
from labs.core.workspace import Workspace
from labs.host.fake import FakeHost

runner = CliRunner()


def test_brief_reprints_the_consigna_with_this_trainees_values_and_touches_nothing(
    ws: Workspace, host: FakeHost
) -> None:
    start_fake_lab(ws, "day1")
    before = ws.state_file.read_text()
    result = runner.invoke(app, ["brief", "--home", str(ws.root)])
    assert result.exit_code == 0, result.output
    assert "[p01-acceso]" in result.output
    assert f"export LAB_HOME={ws.root}" in result.output
    assert ws.state_file.read_text() == before  # no reset, no new clock
    assert host.calls == []  # nothing injected, restarted or reverted


def test_brief_of_one_exercise_shows_only_that_one(ws: Workspace, host: FakeHost) -> None:
    start_fake_lab(ws, "day1")
    result = runner.invoke(app, ["brief", "p02-contenedores", "--home", str(ws.root)])
    assert "[p02-contenedores]" in result.output
    assert "[p01-acceso]" not in result.output
    unknown = runner.invoke(app, ["brief", "p99", "--home", str(ws.root)])
    assert isinstance(unknown.exception, UsageError)
    assert unknown.exception.exit_code == EXIT_USAGE


def test_list_shows_the_labs_and_each_exercise_of_the_running_one_with_its_score(
    ws: Workspace, host: FakeHost
) -> None:
    nothing = runner.invoke(app, ["list", "--home", str(ws.root)])
    assert nothing.exit_code == 0
    assert "day1" in nothing.output
    assert "day2" in nothing.output
    assert "lab start day1" in nothing.output
    start_fake_lab(ws, "day2")
    runner.invoke(app, ["check", "--home", str(ws.root)])  # writes results/latest.json
    listed = runner.invoke(app, ["list", "--json", "--home", str(ws.root)])
    document = json.loads(listed.output)
    assert document["running"] == "day2"
    first, second = document["exercises"][:2]
    assert first["state"] == "active"
    assert first["score"] is not None
    assert second["state"] == "todo"
    assert second["score"] is None
    table = runner.invoke(app, ["list", "--home", str(ws.root)])
    assert "activo" in table.output
    assert "por hacer" in table.output


def test_next_without_a_terminal_refuses_unless_yes(ws: Workspace, host: FakeHost) -> None:
    start_fake_lab(ws, "day2")
    before = ws.state_file.read_text()
    result = runner.invoke(app, ["next", "--home", str(ws.root)])
    assert isinstance(result.exception, Refused)
    assert result.exception.exit_code == EXIT_REFUSED
    assert "--yes" in (result.exception.fix or "")
    assert ws.state_file.read_text() == before


def test_next_asks_and_a_no_changes_nothing(
    ws: Workspace, host: FakeHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_fake_lab(ws, "day2")
    monkeypatch.setattr("labs.cli.confirm.interactive", lambda: True)
    before = ws.state_file.read_text()
    result = runner.invoke(app, ["next", "--home", str(ws.root)], input="n\n")
    assert "para siempre" in result.output
    assert isinstance(result.exception, Refused)
    assert ws.state_file.read_text() == before


def test_a_hint_that_costs_points_asks_first(
    ws: Workspace, host: FakeHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_fake_lab(ws, "day1")
    home = ["--home", str(ws.root)]
    refused = runner.invoke(app, ["hint", "p01-acceso", *home])
    assert isinstance(refused.exception, Refused)
    assert not ws.hints_file.exists()
    monkeypatch.setattr("labs.cli.confirm.interactive", lambda: True)
    declined = runner.invoke(app, ["hint", "p01-acceso", *home], input="n\n")
    assert "−0,25" in declined.output
    assert not ws.hints_file.exists()
    accepted = runner.invoke(app, ["hint", "p01-acceso", *home], input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert "Pistas 1/" in accepted.output
    assert json.loads(ws.hints_file.read_text())["reveals"][0]["tier"] == 1
