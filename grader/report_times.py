"""Times a trainee writes in a report section (HH:MM or HH:MM:SS, the server's clock).

The lab's clock is UTC, as the backend's logs and `date -u`; a time is placed on the
day of a reference moment (the lab's start), or the next day when it would fall more
than twelve hours before it (an incident that crosses midnight).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from grader.checks.base import Outcome
from grader.context import CheckContext
from grader.markdown import find_section, sections
from labs.core.i18n import tr

_TIME = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(?!\d|:\d)")


def times_in(text: str, reference: datetime) -> list[datetime]:
    found = []
    base = reference.replace(hour=0, minute=0, second=0, microsecond=0)
    for hour, minute, second in _TIME.findall(text):
        moment = base + timedelta(hours=int(hour), minutes=int(minute), seconds=int(second or 0))
        if moment < reference - timedelta(hours=12):
            moment += timedelta(days=1)
        found.append(moment)
    return found


def section_text(text: str, heading: str) -> str | None:
    section = find_section(sections(text), heading)
    return section.body if section is not None else None


def clock(moment: datetime) -> str:
    return moment.strftime("%H:%M:%S")


def report_section(ctx: CheckContext, path: str, heading: str, fix: str) -> str | Outcome:
    """The text under `## heading` of the trainee's report, or why it cannot be graded."""
    file = ctx.path(path)
    body = section_text(file.read_text(errors="replace"), heading) if file.is_file() else None
    if body is not None:
        return body
    return Outcome.unavailable(
        tr(
            f"No hay sección «{heading}» en $LAB_HOME/{path}.",
            f"No «{heading}» section in $LAB_HOME/{path}.",
        ),
        fix,
    )
