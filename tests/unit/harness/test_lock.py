from __future__ import annotations

from pathlib import Path

import pytest

from labs.core.errors import LabError
from labs.core.lock import workspace_lock
from labs.core.workspace import Workspace


def test_two_lab_commands_on_one_workspace_cannot_interleave(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    with (
        workspace_lock(ws, "start day1"),
        pytest.raises(LabError, match="start day1"),
        workspace_lock(ws, "check"),
    ):
        pass
    with workspace_lock(ws, "check"):
        pass
