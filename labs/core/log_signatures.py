"""What each class of backend error leaves in `docker logs`: one table for the fault that
makes the events happen and for the check that grades the trainee's count of them.

The lines are the real server's (AT configuration/DefaultControllerExceptionHandler.java):
a failed login is `ApiException: AUTH_ERROR Invalid credentials` (no user, no IP); an
uncaught error is `IP: <ip>, exception: <class>, message: …` (no "class " prefix);
Flyway names its own exception (FlywayValidateException, FlywaySqlException,
DbMigrate$FlywayMigrateException, FlywayException), so one pattern covers them all.
MySQL refusing the app's account is the driver's `Access denied for user '…'@'…' (using
password: YES)`; a taken port is Spring Boot's failure report `Web server failed to start.
Port 8080 was already in use.` (the course's `grep "Port.*already in use"`)."""

from __future__ import annotations

import re
from typing import Literal

LogKind = Literal[
    "auth-failures", "db-outage", "db-access-denied", "flyway", "port-in-use", "server-errors"
]

SIGNATURES: dict[str, str] = {
    "auth-failures": r"ApiException: AUTH_ERROR",
    "db-outage": r"Communications link failure",
    "db-access-denied": r"Access denied for user",
    "flyway": r"Flyway\w*Exception",
    "port-in-use": r"Port.*already in use",
    "server-errors": r"exception: ",
}


def matching_lines(kind: str, text: str) -> list[str]:
    pattern = re.compile(SIGNATURES[kind])
    return [line for line in text.splitlines() if pattern.search(line)]
