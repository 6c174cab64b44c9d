"""The INATrace Ops Lab grader: evidence, checks, scoring and the results document.

The harness reaches the grader through this module only: `grade` a running lab, the
check kinds for scenario validation, and the results, hints and report it keeps.
The grader itself depends on labs.core and labs.host, never on the rest of `labs`.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from grader.version import __version__ as __version__
from labs.core.records import Records
from labs.core.scenario import Scenario
from labs.core.state import LabState
from labs.core.tree import TraineeTree
from labs.core.workspace import Workspace
from labs.host.api import Host


def grade(
    scenario: Scenario,
    scenario_path: Path,
    tree: TraineeTree,
    records: Records,
    state: LabState,
    host: Host,
    *,
    only: str | None = None,
    record: bool = True,
    for_instructor: bool = False,
    workspace: Workspace | None = None,
) -> ResultsDocument:
    """Grade the running lab from live evidence; write the results document when record.

    The trainee's files are read through `tree`, the lab's own records (earlier results
    among them) from `records`. Unless `for_instructor`, the answers a check knows
    (`expected`) are left out of what is returned and written: the trainee reads both."""
    from labs.core.scenario import scenario_sha256

    ctx = CheckContext(tree, records, state, host, workspace=workspace)
    previous, notice = read_latest(records)
    document = run_checks(
        scenario,
        ctx,
        scenario_path=scenario_path,
        scenario_sha256=scenario_sha256(scenario_path),
        ledger=load_ledger(records),
        previous=previous,
        only=only,
    )
    if notice:
        document.notices.append(notice)
    if not for_instructor:
        document = trainee_view(document)
    if record:
        write_results(records, document)
    return document


def check_spec_models() -> list[type[BaseModel]]:
    import grader.checks as checks

    return list(checks.spec_models())


def check_kinds() -> list[str]:
    import grader.checks as checks

    return checks.kinds()


# The grader's public API.
from grader.context import CheckContext  # noqa: E402
from grader.hints import HintLedger, HintReveal, load_ledger, save_ledger  # noqa: E402
from grader.report import render  # noqa: E402
from grader.results import (  # noqa: E402
    CheckResult,
    ResultsDocument,
    load_latest,
    read_latest,
    trainee_view,
    write_results,
)
from grader.runner import grade as run_checks  # noqa: E402

__all__ = [
    "CheckResult",
    "HintLedger",
    "HintReveal",
    "ResultsDocument",
    "check_kinds",
    "check_spec_models",
    "grade",
    "load_latest",
    "load_ledger",
    "render",
    "save_ledger",
]
