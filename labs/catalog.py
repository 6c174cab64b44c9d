"""The labs the lab knows: one scenario file per lab in scenarios/."""

from __future__ import annotations

from pathlib import Path

from labs.errors import UsageError
from labs.i18n import tr
from labs.paths import scenarios_dir


def known_labs() -> list[str]:
    return sorted(p.stem for p in scenarios_dir().glob("*.yaml"))


def scenario_path(lab: str) -> Path:
    path = scenarios_dir() / f"{lab}.yaml"
    if not path.is_file():
        known = ", ".join(known_labs()) or "-"
        raise UsageError(
            tr(f"No existe el laboratorio '{lab}'.", f"There is no lab '{lab}'."),
            tr(f"Laboratorios disponibles: {known}", f"Available labs: {known}"))
    return path
