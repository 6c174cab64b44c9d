"""What each class of backend error leaves in `docker logs`: one table for the fault that
makes the events happen and for the check that grades the trainee's count of them."""

from __future__ import annotations

import re
from typing import Literal

LogKind = Literal["auth-failures", "db-outage", "flyway", "server-errors"]

SIGNATURES: dict[str, str] = {
    "auth-failures": r"ApiException: AUTH_ERROR",
    "db-outage": r"Communications link failure",
    "flyway": r"FlywayException",
    "server-errors": r"exception: class ",
}


def matching_lines(kind: str, text: str) -> list[str]:
    pattern = re.compile(SIGNATURES[kind])
    return [line for line in text.splitlines() if pattern.search(line)]
