"""The hint ledger (the records' hints_file): every reveal is recorded with its cost."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, ValidationError

from labs.core.errors import WorkspaceError
from labs.core.i18n import tr
from labs.core.records import Records
from labs.core.state import write_atomically
from labs.core.workspace import Workspace


class HintReveal(BaseModel):
    lab: str
    exercise: str
    tier: int = Field(ge=1)
    cost: float = Field(ge=0)
    at: datetime


class HintLedger(BaseModel):
    reveals: list[HintReveal] = []

    def for_exercise(self, lab: str, exercise_id: str) -> list[HintReveal]:
        return [r for r in self.reveals if r.lab == lab and r.exercise == exercise_id]

    def cost(self, lab: str, exercise_id: str) -> float:
        return round(sum(r.cost for r in self.for_exercise(lab, exercise_id)), 2)


def load_ledger(records: Records | Workspace) -> HintLedger:
    path = records.hints_file
    if not path.is_file():
        return HintLedger()
    try:
        return HintLedger.model_validate_json(path.read_text())
    except ValidationError as exc:
        raise WorkspaceError(
            tr(f"El registro de pistas {path} está dañado.", f"The hint ledger {path} is damaged."),
            tr(
                "Consulte al instructor: ese archivo descuenta puntos y no debe editarse.",
                "Ask the instructor: that file deducts points and must not be edited.",
            ),
        ) from exc


def save_ledger(records: Records | Workspace, ledger: HintLedger) -> None:
    write_atomically(records.hints_file, ledger)
