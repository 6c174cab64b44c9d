"""The class directory's documents, typed."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from labs.core.state import LabState

DEFAULT_REMOTE_HOME = "inatrace-lab"  # relative: under the trainee user's home directory
DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class Trainee(BaseModel):
    """One trainee machine, as the instructor reaches it."""

    model_config = ConfigDict(extra="forbid")

    name: str
    url: str  # ssh://user@host[:port]
    home: str = DEFAULT_REMOTE_HOME
    docker_socket: str = DEFAULT_DOCKER_SOCKET

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(
                "lowercase letters, digits, '-' or '_' (a directory is named after it)"
            )
        return value


class Assignment(BaseModel):
    """What the instructor started on a trainee machine, and the lab's state right after.

    The state is the instructor's copy: lab, seed and the drawn variables are taken from it
    when grading, whatever the trainee's machine says later.
    """

    lab: str
    seed: int
    started_at: datetime
    state: LabState | None = None
    # The exam runs in a workspace of its own next to the course days' one (it refuses
    # earlier work): the trainee's home plus this suffix.
    home_suffix: str = ""
    exam: bool = False


class GradeSummary(BaseModel):
    """The last remote grade of one trainee (the full results stay in the copy's .lab)."""

    lab: str
    exercise: str | None = None
    score_percent: float
    passed: int
    total: int
    healthy: bool | None = None
    graded_at: datetime
    seconds: float


class Roster(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = 1
    trainees: list[Trainee] = Field(default_factory=list)
    assignments: dict[str, Assignment] = Field(default_factory=dict)
    grades: dict[str, GradeSummary] = Field(default_factory=dict)

    def find(self, name: str) -> Trainee | None:
        return next((t for t in self.trainees if t.name == name), None)
