"""The results document: one JSON file that feeds the CLI, the exam, certificates and disputes."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from grader.hints import HintReveal
from grader.version import __version__
from labs.core import seal
from labs.core.criteria import Criterion
from labs.core.i18n import tr
from labs.core.records import Records
from labs.core.workspace import Workspace

CheckStatus = Literal["passed", "failed", "error", "pending"]
ExerciseStatus = Literal["live", "carried", "pending", "not-graded"]
HINT_POLICY = "deduct-on-reveal"  # every reveal costs points, solved or not (shown in results)
LATEST = "latest.json"


class CheckResult(BaseModel):
    id: str
    kind: str
    criterion: Criterion
    exercise: str
    title: str | None = None
    score: float
    max: float
    passed: bool
    status: CheckStatus
    message: str
    evidence: dict[str, str] = {}
    # The answer where the check asks for one: the instructor's copy only (see trainee_view).
    expected: dict[str, str] = {}


class ExerciseScore(BaseModel):
    id: str
    title: str
    status: ExerciseStatus
    # True when graded while this exercise was the active one, so its result may be carried.
    graded_while_active: bool
    score: float
    raw_score: float
    max: float
    hint_cost: float
    hints_used: int
    passed: bool


class CriterionScore(BaseModel):
    criterion: Criterion
    label: str
    course_weight: float
    score: float
    max: float
    percent: float | None  # None: this lab has no checks for the criterion


class TimelineFigures(BaseModel):
    health_samples: int = 0
    downtime_seconds: float = 0.0
    backend_restarts: int = 0
    mysql_lifecycle_events: int = 0
    last_health: str | None = None
    skipped_lines: int = 0


class ResultsDocument(BaseModel):
    format_version: int = 1
    lab: str
    scenario_file: str
    scenario_sha256: str
    scenario_version: str
    grader_version: str = __version__
    seed: int
    home: str
    started_at: datetime
    checked_at: datetime
    active_exercise: str | None = None
    checks: list[CheckResult]
    exercises: list[ExerciseScore]
    criteria: list[CriterionScore]
    total_percent: float
    passed: bool
    hint_policy: str = HINT_POLICY
    hints: list[HintReveal] = []
    timeline: TimelineFigures = TimelineFigures()
    # What the grade could not believe (an edited earlier result, a broken record): shown.
    notices: list[str] = []
    signature: str | None = None  # filled by the certificate/exam signer

    def exercise(self, exercise_id: str) -> ExerciseScore | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    def checks_of(self, exercise_id: str) -> list[CheckResult]:
        return [c for c in self.checks if c.exercise == exercise_id]


def trainee_view(document: ResultsDocument) -> ResultsDocument:
    """The document as the trainee may read it: no check's answer (`expected`)."""
    checks = [c.model_copy(update={"expected": {}}) for c in document.checks]
    return document.model_copy(update={"checks": checks})


def write_results(records: Records | Workspace, document: ResultsDocument) -> Path:
    """Write latest.json and a timestamped copy, sealed; return the timestamped path."""
    directory = records.results_dir
    directory.mkdir(parents=True, exist_ok=True)
    text = json.dumps(seal.sealed(json.loads(document.model_dump_json())), indent=2) + "\n"
    stamped = directory / f"results-{document.checked_at:%Y%m%dT%H%M%S%fZ}.json"
    stamped.write_text(text)
    tmp = directory / (LATEST + ".tmp")
    tmp.write_text(text)
    tmp.replace(directory / LATEST)
    return stamped


def read_latest(records: Records | Workspace) -> tuple[ResultsDocument | None, str | None]:
    """The last results the lab wrote, and a notice when the file was not the lab's own
    (edited, or sealed elsewhere): then nothing of it is carried over."""
    path = records.results_dir / LATEST
    if not path.is_file():
        return None, None
    try:
        data = json.loads(path.read_text())
    except ValueError:
        return None, None  # cut by a crash: simply not carried over
    if not isinstance(data, dict) or not seal.intact(data):
        return None, tr(
            f"El resultado anterior ({path}) fue modificado fuera del laboratorio: no se tiene "
            "en cuenta; los ejercicios ya dejados atrás se evalúan de nuevo o quedan sin nota.",
            f"The previous result ({path}) was changed outside the lab: it is ignored; "
            "exercises already left behind are graded again or stay ungraded.",
        )
    try:
        return ResultsDocument.model_validate(data), None
    except ValidationError:
        return None, None  # an older format: simply not carried over


def load_latest(records: Records | Workspace) -> ResultsDocument | None:
    return read_latest(records)[0]
