"""Text helpers the checks share when they compare what a trainee wrote with the logs."""

from __future__ import annotations

import re

# `docker logs --timestamps` prints RFC3339NanoFixed (always 9 digits); Spring's own
# timestamp has 3, so only Docker's prefix is removed.
_DOCKER_TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}(?:Z|[+-]\d\d:\d\d) ")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def normalize_log_line(line: str) -> str:
    """A log line without Docker's --timestamps prefix, colour codes or trailing blanks."""
    return _DOCKER_TS.sub("", _ANSI.sub("", line)).rstrip()


def has_token(text: str, token: str) -> bool:
    """The token appears on its own (so "42" is not found inside "142")."""
    return re.search(rf"(?<![\w.-]){re.escape(token)}(?![\w-])", text) is not None


def log_line_set(text: str) -> set[str]:
    return {norm for line in text.splitlines() if (norm := normalize_log_line(line))}


class EvidenceError(Exception):
    """The system could not answer (container gone, MySQL down): the check cannot pass."""
