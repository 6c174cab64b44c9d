"""Times a trainee writes in a report section (HH:MM or HH:MM:SS, the server's clock).

The lab's clock is UTC, as the backend's logs and `date -u`; a time is placed on the
day of a reference moment (the lab's start), or the next day when it would fall more
than twelve hours before it (an incident that crosses midnight).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from grader.checks.base import Outcome
from grader.checks.timeline import no_record
from grader.context import CheckContext
from grader.markdown import find_section, sections
from grader.timeline import Timeline
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


@dataclass(frozen=True)
class WrittenTimes:
    """The times a report section gives, with the observer's record to hold them against."""

    written: list[datetime]
    timeline: Timeline
    start: datetime  # the exercise's window
    end: datetime


def written_times(ctx: CheckContext, path: str, heading: str, fix: str) -> WrittenTimes | Outcome:
    """The section's times in the exercise's window, or why they cannot be graded (no
    section, or no observer record to compare them with)."""
    body = report_section(ctx, path, heading, fix)
    if isinstance(body, Outcome):
        return body
    timeline = ctx.timeline()
    if timeline.empty:
        return no_record()
    start, end = ctx.window("exercise")
    return WrittenTimes(times_in(body, start), timeline, start, end)
