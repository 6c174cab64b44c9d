"""The course's four evaluation criteria and their weights (plan, "Criterios de Evaluación")."""

from __future__ import annotations

from typing import Literal

from labs.core.i18n import tr

Criterion = Literal["operaciones", "respaldos", "troubleshooting", "documentacion"]

CRITERIA: tuple[Criterion, ...] = ("operaciones", "respaldos", "troubleshooting", "documentacion")

# Percentages of the final grade, as the course states them.
CRITERION_WEIGHTS: dict[Criterion, float] = {
    "operaciones": 40.0,
    "respaldos": 30.0,
    "troubleshooting": 20.0,
    "documentacion": 10.0,
}


def criterion_label(criterion: Criterion) -> str:
    labels: dict[Criterion, str] = {
        "operaciones": tr("Operaciones básicas", "Basic operations"),
        "respaldos": tr("Respaldos y restauración", "Backups and restore"),
        "troubleshooting": tr("Troubleshooting", "Troubleshooting"),
        "documentacion": tr("Documentación", "Documentation"),
    }
    return labels[criterion]
