"""The exam result as it is signed, certified and reported."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from grader import CheckResult
from labs.core.criteria import Criterion

Mode = Literal["exam", "practice"]
PartClosure = Literal["submit", "time", "not-reached"]
RESULT_FORMAT = "inatrace-lab/exam-result"

# The course's certification text ("Certificación"): the competencies a pass certifies.
COMPETENCIES = (
    "Verificación y monitoreo del sistema",
    "Reinicio y gestión de servicios",
    "Respaldos y restauración de base de datos",
    "Diagnóstico y resolución de problemas comunes",
    "Documentación y procedimientos operativos",
)


class PartOutcome(BaseModel):
    id: str
    title: str
    criterion: Criterion
    minutes: float  # the limit that applied (after any compression)
    exercises: list[str]
    started_at: datetime | None = None
    closed_at: datetime | None = None
    closed_by: PartClosure = "not-reached"
    score: float = 0.0
    max: float = 0.0

    @property
    def seconds_used(self) -> float | None:
        if self.started_at is None or self.closed_at is None:
            return None
        return (self.closed_at - self.started_at).total_seconds()


class CriterionOutcome(BaseModel):
    criterion: Criterion
    label: str
    course_weight: float
    score: float
    max: float
    percent: float | None
    passed: bool


class IncidentTimeline(BaseModel):
    """What the observer saw during one troubleshooting scenario (for the class report)."""

    exercise: str
    started_at: datetime | None = None
    closed_at: datetime | None = None
    downtime_seconds: float = 0.0
    backend_restarts: int = 0
    detect_seconds: float | None = None  # first logbook/diagnosis check seen passing
    resolve_seconds: float | None = None  # service healthy again
    down: list[tuple[float, float]] = []  # when the backend was not UP (seconds from start)
    restarts: list[float] = []  # when the backend (re)started (seconds from start)

    @property
    def seconds(self) -> float | None:
        if self.started_at is None or self.closed_at is None:
            return None
        return (self.closed_at - self.started_at).total_seconds()


class ExamResult(BaseModel):
    format: str = RESULT_FORMAT
    format_version: int = 1
    mode: Mode
    exam_id: str
    title: str
    trainee: str
    instructor: str
    seed: int
    drawn: list[str]
    started_at: datetime
    finished_at: datetime
    pass_mark: float
    total_percent: float
    passed: bool
    criteria: list[CriterionOutcome]
    parts: list[PartOutcome]
    checks: list[CheckResult]
    incidents: list[IncidentTimeline] = []
    exercise_seconds: dict[str, float] = {}  # from the exercise's start to its submission
    competencies: list[str] = list(COMPETENCIES)
    scenario_sha256: str
    grader_version: str


class SignedResult(BaseModel):
    """The result and, for an exam, the instructor's signature over its canonical form."""

    result: ExamResult
    algorithm: Literal["Ed25519"] | None = None
    public_key: str | None = None  # base64 of the raw 32-byte key, for anyone to verify
    key_fingerprint: str | None = None
    signature: str | None = None  # base64

    @property
    def signed(self) -> bool:
        return self.signature is not None
