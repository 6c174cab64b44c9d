"""Grade the running lab from code (used by `lab next` and the self-test)."""

from __future__ import annotations

from grader.context import CheckContext
from grader.evidence_live import LiveEvidence
from grader.hints import load_ledger
from grader.results import ResultsDocument, load_latest, write_results
from grader.runner import grade
from labs.core.scenario import scenario_sha256
from labs.core.state import LabState
from labs.core.workspace import Workspace
from labs.scenario.load import current_scenario


def grade_now(
    ws: Workspace, state: LabState, only: str | None = None, *, record: bool = True
) -> ResultsDocument:
    path, scenario = current_scenario(state)
    ctx = CheckContext(ws, state, LiveEvidence())
    document = grade(
        scenario,
        ctx,
        scenario_path=path,
        scenario_sha256=scenario_sha256(path),
        ledger=load_ledger(ws),
        previous=load_latest(ws),
        only=only,
    )
    if record:
        write_results(ws, document)
    return document
