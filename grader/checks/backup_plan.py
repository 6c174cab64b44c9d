"""`backup-plan`: the Día 3 plan document, with values that match what was set up.

The course's sections (Estrategia de Respaldos, Procedimiento de Restauración, Pruebas
de Restauración) with content, and two figures checked against the live system: the
automatic backups' hour is the crontab line's hour and their retention is the
script's RETENTION_DAYS. A plan copied from the manual matches only if the system does.
"""

from __future__ import annotations

import re
from typing import Literal

from grader.checks.backup_cron import cron_line, retention_days
from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath
from grader.context import CheckContext
from grader.markdown import find_section, sections
from labs.core.i18n import tr

HEADINGS = ("Estrategia de Respaldos", "Procedimiento de Restauración", "Pruebas de Restauración")


class BackupPlanSpec(CheckSpec):
    kind: Literal["backup-plan"]
    path: RelPath = "home/usuario/plan-respaldo-inatrace.md"
    script: RelPath = "home/usuario/backup-inatrace.sh"


class BackupPlan(Check[BackupPlanSpec]):
    kind = "backup-plan"
    Spec = BackupPlanSpec

    def evaluate(self, spec: BackupPlanSpec, ctx: CheckContext) -> Outcome:
        path = ctx.path(spec.path)
        if not path.is_file():
            return Outcome.unavailable(
                tr(f"No existe $LAB_HOME/{spec.path}.", f"$LAB_HOME/{spec.path} does not exist."),
                tr("Cree el plan en esa ruta.", "Create the plan at that path."),
            )
        found = sections(path.read_text(errors="replace"))
        assertions = []
        for name in HEADINGS:
            section = find_section(found, name)
            assertions.append(
                Assertion(
                    tr(f"sección «{name}» con contenido", f"section «{name}» with content"),
                    section is not None and section.words() >= 5,
                    tr("falta o vacía", "missing or empty"),
                    fix=tr(f"Agregue `## {name}` y complétela.", f"Add `## {name}` and fill it."),
                )
            )
        levels = [s for s in found if re.search(r"(?i)nivel\s*[12]", s.heading)]
        assertions.append(
            Assertion(
                tr("procedimiento por niveles (parcial y completo)", "procedure by levels"),
                len(levels) >= 2,
                tr(f"{len(levels)} niveles", f"{len(levels)} levels"),
                fix=tr("Describa el Nivel 1 y el Nivel 2.", "Describe Nivel 1 and Nivel 2."),
            )
        )
        auto = find_section(found, "Respaldos Automáticos")
        body = auto.body if auto else ""
        script = ctx.path(spec.script)
        schedule = cron_line(ctx.host.read_crontab(), script)
        days = retention_days(script.read_text()) if script.is_file() else None
        frequency = re.search(r"(?i)frecuencia\**:?\**\s*(.*)", body)
        hours = re.findall(
            r"(\d{1,2})(?::\d\d|\s*(?:am|a\.m\.|h))", frequency.group(1) if frequency else ""
        )
        kept = re.search(r"(?i)retenci[oó]n\**:?\**\s*(\d+)", body)
        assertions += [
            Assertion(
                tr(
                    "la hora de los automáticos es la de cron",
                    "the automatic backups' hour is cron's",
                ),
                schedule is not None
                and any(int(h) == int(schedule[1]) for h in hours if schedule[1].isdigit()),
                tr("no coincide con `crontab -l`", "does not match `crontab -l`"),
                fix=tr(
                    "Escriba la hora que tiene la línea de cron.",
                    "Write the hour of the cron line.",
                ),
            ),
            Assertion(
                tr("la retención es la del script", "the retention is the script's"),
                days is not None and kept is not None and int(kept.group(1)) == days,
                tr("no coincide con RETENTION_DAYS", "does not match RETENTION_DAYS"),
                fix=tr("Escriba los días que borra el script.", "Write the days the script keeps."),
            ),
        ]
        return Outcome.from_assertions(assertions, {"file": spec.path})


CHECK = BackupPlan
