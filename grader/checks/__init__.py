"""Registry of check kinds: kind → Check class (with its pydantic Spec model).

Add a check: write grader/checks/<kind>.py with a Check subclass and its Spec
(a CheckSpec with `kind: Literal["<kind>"]`), then add the module to CHECK_MODULES.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from grader.checks.base import Check, CheckSpec

CHECK_MODULES = (
    "grader.checks.backend_healthy",
    "grader.checks.container_state",
    "grader.checks.log_export",
    "grader.checks.trainee_script",
    "grader.checks.markdown_sections",
    "grader.checks.logbook_entry",
    "grader.checks.timeline",
    "grader.checks.file_facts",
    "grader.checks.env_value",
    "grader.checks.log_diagnosis",
    "grader.checks.sql_value",
    "grader.checks.backup_file",
    "grader.checks.backup_audit",
    "grader.checks.backup_listing",
    "grader.checks.backup_cron",
    "grader.checks.restore_done",
    "grader.checks.backup_plan",
    "grader.checks.backup_space",
    "grader.checks.disk_free",
    "grader.checks.disk_cleanup",
    "grader.checks.upload_works",
    "grader.checks.uploads_safe",
    "grader.checks.diagnosis",
    "grader.checks.docker_prune",
    "grader.checks.diagnostic_script",
    "grader.checks.users_can_login",
    "grader.checks.cause_timeline",
    "grader.checks.deploy_note",
    "grader.checks.rollback_release",
    "grader.checks.rollback_backup",
    "grader.checks.maintenance_script",
    "grader.checks.mysql_image",
    "grader.checks.backup_before_stop",
    "grader.checks.runbook_commands",
    "grader.checks.error_export",
    "grader.checks.escalation_ticket",
    "grader.checks.troubleshooting_guide",
    "grader.checks.impact_window",
    "grader.checks.monitoring",
    "grader.checks.port_owner",
    "grader.checks.env_note",
    "grader.checks.external_probe",
)


@cache
def registry() -> dict[str, type[Check[Any]]]:
    found: dict[str, type[Check[Any]]] = {}
    for name in CHECK_MODULES:
        module = importlib.import_module(name)
        check = module.CHECK
        found[check.kind] = check
    return found


def kinds() -> list[str]:
    return sorted(registry())


def get(kind: str) -> type[Check[Any]]:
    try:
        return registry()[kind]
    except KeyError:
        raise KeyError(f"unknown check kind {kind!r}; known: {', '.join(kinds())}") from None


def spec_models() -> list[type[CheckSpec]]:
    return [registry()[kind].Spec for kind in kinds()]
