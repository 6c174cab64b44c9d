from __future__ import annotations

from pathlib import Path

import pytest

from labs.core.errors import WorkspaceError
from labs.core.workspace import Workspace, resolve_home


def test_workspace_mirrors_the_production_tree(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "lab")
    ws.ensure()
    assert ws.compose_file == ws.root / "backend/test/fortaleza/docker-compose.yml"
    for sub in (
        "uploads/GENERAL",
        "mysql",
        "backups",
        "logs",
        "notas/incidentes",
        "home/usuario",
        ".lab",
    ):
        assert (ws.root / sub).is_dir(), sub
    assert ws.is_lab_workspace()


def test_workspace_refuses_a_directory_with_foreign_content(tmp_path: Path) -> None:
    (tmp_path / "someone-elses.txt").write_text("keep me")
    with pytest.raises(WorkspaceError, match="no creó el laboratorio"):
        Workspace(tmp_path).ensure()
    assert (tmp_path / "someone-elses.txt").read_text() == "keep me"


def test_workspace_can_be_prepared_twice_without_losing_notes(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "lab")
    ws.ensure()
    ws.logbook.write_text("| Fecha | Actividad |\n")
    ws.ensure()
    assert ws.logbook.read_text() == "| Fecha | Actividad |\n"


def test_home_option_wins_over_lab_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LAB_HOME", str(tmp_path / "env"))
    assert resolve_home(str(tmp_path / "opt")).root == (tmp_path / "opt").resolve()
    assert resolve_home(None).root == (tmp_path / "env").resolve()
