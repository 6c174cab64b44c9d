"""backup-job-broken on FakeHost: the broken course script, the crontab, and a revert
that keeps the trainee's fix."""

from __future__ import annotations

from typing import Any

from fault_support import scenario_spec

from labs import faults
from labs.faults.backup_job_broken import SCRIPT, broken_script
from labs.faults.base import Fault, FaultContext
from labs.host.fake import FakeHost


def _fault(script: str, cron: str) -> Fault[Any]:
    return faults.build(
        scenario_spec("backup-job-broken", script=script, cron=cron), exercise_id="p19", index=1
    )


def test_empty_script_names_the_production_container_and_cron_loses_its_line(
    ctx: FaultContext, host: FakeHost
) -> None:
    script = ctx.workspace.root / SCRIPT
    host.crontab = f"0 2 * * * {script}\n15 4 * * * /usr/bin/otra-tarea\n"
    fault = _fault("empty", "missing")
    fault.inject(ctx)
    assert "inatrace-mysql-prod-fortaleza" in script.read_text()
    assert str(script) not in host.crontab
    assert "/usr/bin/otra-tarea" in host.crontab
    assert "cron missing" in fault.verify_injected(ctx)
    fault.revert(ctx)
    assert f"0 2 * * * {script}" in host.crontab
    assert not script.exists()


def test_revert_keeps_a_trainee_fix_and_drops_the_wrong_hour_line(
    ctx: FaultContext, host: FakeHost
) -> None:
    fault = _fault("truncated", "wrong-hour")
    fault.inject(ctx)
    script = ctx.workspace.root / SCRIPT
    assert "head -c" in script.read_text()
    assert f"0 3 * * * {script}" in host.crontab
    fixed = broken_script(ctx.workspace.root, "truncated").replace(" | head -c 32768", "")
    script.write_text(fixed)
    fault.revert(ctx)
    assert script.read_text() == fixed
    assert str(script) not in host.crontab
