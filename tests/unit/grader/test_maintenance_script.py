"""`maintenance-script`: the course's Práctica 26 script, run on the prepared sandbox,
passes; the classic slips (a `find -delete` without -mtime, truncating every log, pruning
volumes) fail; nothing outside the sandbox is touched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from grader_recordings import ContextFactory

from grader.checks.maintenance_script import MaintenanceScript, MaintenanceScriptSpec
from grader.context import CheckContext

COURSE_SCRIPT = Path(__file__).parent / "fixtures" / "maintenance-inatrace.sh"
SPEC = MaintenanceScriptSpec(id="m", kind="maintenance-script", criterion="operaciones", weight=3)


def _install(ctx: CheckContext, text: str) -> Path:
    path = ctx.path("bin/maintenance-inatrace.sh")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)
    return path


def _grade(ctx: CheckContext) -> float:
    return MaintenanceScript().evaluate(SPEC, ctx).fraction


def test_no_script_scores_nothing(make_ctx: ContextFactory) -> None:
    assert _grade(make_ctx()) == 0.0


def test_the_course_script_passes_on_the_prepared_host(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _install(ctx, COURSE_SCRIPT.read_text())
    outcome = MaintenanceScript().evaluate(SPEC, ctx)
    assert outcome.fraction == 1.0, outcome.message
    assert not (ctx.workspace.state_dir / "maintenance-trial").exists()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('-name "backup-*.sql.gz" -mtime +60 -delete', "-type f -delete"),
        ('-name "backup-*.sql.gz" -mtime +60 -delete', '-name "backup-*.sql.gz" -delete'),
        ("if [ $size -gt 104857600 ]; then", "if true; then"),
        ('--filter "name=inatrace"', ""),
        ('docker image prune -a -f --filter "until=720h"', "docker system prune -a -f --volumes"),
        ('docker image prune -a -f --filter "until=720h"', "docker image prune -a -f"),
        ('docker image prune -a -f --filter "until=720h"', "echo sin limpieza"),
    ],
)
def test_a_classic_slip_fails(make_ctx: ContextFactory, old: str, new: str) -> None:
    ctx = make_ctx()
    text = COURSE_SCRIPT.read_text()
    assert old in text
    _install(ctx, text.replace(old, new))
    assert _grade(ctx) == 0.0


def test_the_real_backups_folder_is_never_touched(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    real = ctx.workspace.backups / "backup-auto-19990101-020000.sql.gz"
    real.write_bytes(b"x")
    os.utime(real, (0, 0))
    _install(
        ctx, COURSE_SCRIPT.read_text().replace('"$LAB_HOME/backups"', f'"{ctx.workspace.backups}"')
    )
    assert _grade(ctx) == 1.0
    assert real.exists()
