"""The results document: one JSON file that feeds the CLI, the exam, certificates and disputes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from grader.hints import HintReveal
from grader.version import __version__
from labs.core.criteria import Criterion
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
    signature: str | None = None  # filled by the certificate/exam signer

    def exercise(self, exercise_id: str) -> ExerciseScore | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    def checks_of(self, exercise_id: str) -> list[CheckResult]:
        return [c for c in self.checks if c.exercise == exercise_id]


def write_results(workspace: Workspace, document: ResultsDocument) -> Path:
    """Write latest.json and a timestamped copy; return the timestamped path."""
    directory = workspace.results_dir
    directory.mkdir(parents=True, exist_ok=True)
    text = document.model_dump_json(indent=2) + "\n"
    stamped = directory / f"results-{document.checked_at:%Y%m%dT%H%M%S%fZ}.json"
    stamped.write_text(text)
    tmp = directory / (LATEST + ".tmp")
    tmp.write_text(text)
    tmp.replace(directory / LATEST)
    return stamped


def load_latest(workspace: Workspace) -> ResultsDocument | None:
    path = workspace.results_dir / LATEST
    if not path.is_file():
        return None
    try:
        return ResultsDocument.model_validate_json(path.read_text())
    except ValidationError:
        return None  # an old or damaged document is simply not carried over
