"""The lab's own records about one trainee's lab, apart from the trainee's files.

What the lab recorded (the state with its drawn values, the baseline, each fault's restore
record, the observer's timeline, restore proofs, earlier results, hints, diagnoses) is read
through one folder. Where that folder is decides what a grade may believe: on the trainee's
own machine it is `$LAB_HOME/.lab` (practice: sealed, so a hand edit is noticed); for a
classroom it is the instructor's copy on the instructor's machine, which the trainee cannot
reach (labs/classroom).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from labs.core.workspace import Workspace


@dataclass(frozen=True)
class Records:
    root: Path

    @classmethod
    def of(cls, ws: Workspace) -> Records:
        return cls(ws.state_dir)

    @property
    def state_file(self) -> Path:
        return self.root / "state.json"

    @property
    def baseline_file(self) -> Path:
        return self.root / "baseline.json"

    @property
    def timeline_dir(self) -> Path:
        return self.root / "timeline"

    @property
    def results_dir(self) -> Path:
        return self.root / "results"

    @property
    def hints_file(self) -> Path:
        return self.root / "hints.json"

    @property
    def restores_dir(self) -> Path:
        return self.root / "restores"

    @property
    def diagnoses_file(self) -> Path:
        return self.root / "diagnoses.jsonl"
