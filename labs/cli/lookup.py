"""Cheap reads for shell completion and listings: no Docker, no scenario validation."""

from __future__ import annotations

from pathlib import Path

import yaml

from labs.core.state import load_state
from labs.core.workspace import Workspace
from labs.scenario.load import find_scenario


def exercise_ids(ws: Workspace) -> list[str]:
    """The running lab's exercise ids, read straight from its scenario file."""
    state = load_state(ws)
    path = Path(state.scenario_file)
    if not path.is_file():
        path = find_scenario(state.lab)
    raw = yaml.safe_load(path.read_text()) or {}
    return [str(e["id"]) for e in raw.get("exercises", []) if isinstance(e, dict) and "id" in e]
