"""The course the integration tests read is the project's own copy, kept equal to the plan."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COPY = ROOT / "tests" / "fixtures" / "course" / "plan-capacitacion-inatrace.md"
PLAN = ROOT.parent / "shared" / "course" / "plan-capacitacion-inatrace.md"


def test_the_courses_copy_in_the_tests_is_the_plan_itself() -> None:
    # A clone elsewhere has no shared folder beside it; the copy is then what the tests use.
    if not PLAN.is_file():
        pytest.skip(f"no plan at {PLAN} to compare with")
    assert COPY.read_bytes() == PLAN.read_bytes(), f"refresh {COPY} from {PLAN}"
