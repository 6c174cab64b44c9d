"""The lab's deploy job as Jenkins keeps it: one directory per build, a record and a log.

Práctica 24 reads the job "Deploy-Backend-Fortaleza" in Jenkins. The lab keeps the same
facts under `$LAB_HOME/.lab/ci/<job>/<number>/` (`build.json` and `log`): the runner
(labs/host/ci_runner.py) writes them as a deploy happens, the CI page
(labs/host/ci_server.py) serves them over HTTP, and the grader compares a trainee's
notes with them. Only the lab writes here.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError

JOB_NAME = "Deploy-Backend-Fortaleza"
CI_HOST = "127.0.0.1"
# Jenkins' port in the course (http://jenkins.servidor.com:8080); loopback only.
CI_PORT = 8080
CI_URL = f"http://{CI_HOST}:{CI_PORT}"
JOB_URL = f"{CI_URL}/job/{JOB_NAME}"
RECORD = "build.json"
LOG = "log"
SERVER_MODULE = "labs.host.ci_server"
RUNNER_MODULE = "labs.host.ci_runner"


class BuildRecord(BaseModel):
    """What Jenkins' `api/json` says of one build, plus what the deploy left behind."""

    number: int
    job: str = JOB_NAME
    tag: str
    previous_tag: str | None = None
    branch: str = "staging"
    building: bool = True
    result: str | None = None  # SUCCESS | FAILURE | ABORTED, None while building
    timestamp: datetime
    finished_at: datetime | None = None
    stage: str | None = None  # the stage running now (or where it failed)
    backup_file: str | None = None  # backups/<name>, written by the Database Backup stage
    container_id: str | None = None  # the backend container the deploy left running
    container_image: str | None = None
    started_line: str | None = None  # "Started INATraceBackendApplication …" seen after deploy
    seeded: bool = False  # history the lab wrote, not a deploy that ran here

    @property
    def duration_s(self) -> float:
        end = self.finished_at or datetime.now(UTC)
        return max(0.0, (end - self.timestamp).total_seconds())


def ci_dir(state_dir: Path) -> Path:
    return state_dir / "ci"


def job_dir(state_dir: Path) -> Path:
    return ci_dir(state_dir) / JOB_NAME


def build_dir(state_dir: Path, number: int) -> Path:
    return job_dir(state_dir) / str(number)


def read_build(directory: Path) -> BuildRecord | None:
    try:
        return BuildRecord.model_validate_json((directory / RECORD).read_text())
    except (OSError, ValueError, ValidationError):
        return None


def write_build(directory: Path, record: BuildRecord) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    partial = directory / f"{RECORD}.partial"
    partial.write_text(record.model_dump_json(indent=2) + "\n")
    partial.replace(directory / RECORD)  # readers never see half a record


def builds(state_dir: Path) -> list[BuildRecord]:
    """Every build of the job, newest first (Jenkins' build history order)."""
    root = job_dir(state_dir)
    found = [read_build(p) for p in root.iterdir() if p.is_dir()] if root.is_dir() else []
    return sorted((b for b in found if b is not None), key=lambda b: b.number, reverse=True)


def build(state_dir: Path, number: int) -> BuildRecord | None:
    return read_build(build_dir(state_dir, number))


def last_build(state_dir: Path) -> BuildRecord | None:
    found = builds(state_dir)
    return found[0] if found else None


def console(state_dir: Path, number: int) -> str:
    try:
        return (build_dir(state_dir, number) / LOG).read_text()
    except OSError:
        return ""


def api_json(record: BuildRecord) -> str:
    """Jenkins' field names, so `curl …/api/json | jq .result` reads as it does there."""
    body = {
        "_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun",
        "number": record.number,
        "fullDisplayName": f"{record.job} #{record.number}",
        "building": record.building,
        "result": record.result,
        "timestamp": int(record.timestamp.timestamp() * 1000),
        "duration": int(record.duration_s * 1000) if not record.building else 0,
        "url": f"{JOB_URL}/{record.number}/",
        "description": f"TAG={record.tag}",
    }
    return json.dumps(body, indent=2) + "\n"
