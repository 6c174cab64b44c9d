"""The error window of Problema 3: the backend's log lines of one action's failures.

Shared by `error-export` (the exported file holds them all) and `escalation-ticket`
(the ticket's time falls inside them). The lines come from `docker logs` now, never
from a file the trainee could edit; the action's failures are the log lines with its
signature, stamped from shortly before the exercise began (the lab makes the user hit
the action while injecting, just before the exercise's clock starts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from grader.context import CheckContext
from grader.evidence import normalize_log_line

# The lab's traffic runs while the fault is injected, before the exercise's start is
# stamped; a minute and a half covers it, also with the real (slow) backend start.
LEAD = timedelta(seconds=90)
_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?\s")


class ActionFacts(BaseModel):
    """What identifies one action's failure (all plain text, matched as substrings)."""

    model_config = ConfigDict(extra="forbid")

    endpoint: str = Field(min_length=2)  # e.g. /api/company/list
    exception: str = Field(min_length=3)  # the exception's simple class name
    log: str = Field(min_length=3)  # text of the log line each failed request leaves


@dataclass(frozen=True)
class ErrorWindow:
    lines: list[str]  # normalized log lines, in log order
    times: list[datetime]

    @property
    def first(self) -> datetime | None:
        return self.times[0] if self.times else None

    @property
    def last(self) -> datetime | None:
        return self.times[-1] if self.times else None


def line_time(line: str) -> datetime | None:
    """The Spring Boot stamp at the head of a log line (UTC), if it has one."""
    match = _STAMP.match(line)
    if not match:
        return None
    try:
        return datetime.fromisoformat(match.group(1) + (match.group(2) or "Z"))
    except ValueError:
        return None


def error_window(ctx: CheckContext, service: str, facts: ActionFacts) -> ErrorWindow:
    """The action's failure lines since just before the exercise began."""
    start, _end = ctx.window("exercise")
    lines: list[str] = []
    times: list[datetime] = []
    for raw in ctx.logs(service).splitlines():
        line = normalize_log_line(raw)
        if facts.log not in line:
            continue
        when = line_time(line)
        if when is not None and when >= start - LEAD:
            lines.append(line)
            times.append(when)
    return ErrorWindow(lines, times)
