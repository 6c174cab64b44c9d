"""Spring Boot 3.3 default console logging, written by hand.

Boot's pattern (no logback file in INATrace, so the default applies):
  %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p ${PID} --- [%15.15t] %-40.40logger{39} : %m%n%wEx
Timestamps are UTC because the container runs in UTC. Every line is flushed at once so
`docker logs -f` is live; a lock keeps lines from different threads whole.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
from typing import TextIO

from .errors import JavaException

_lock = threading.Lock()
_stream: TextIO | None = None  # None means "whatever sys.stdout is now" (pytest swaps it)


def set_stream(stream: TextIO | None) -> None:
    global _stream
    _stream = stream


def abbreviate(name: str, target: int = 39) -> str:
    """Logback's TargetLengthBasedClassNameAbbreviator: shorten packages left to right."""
    if len(name) < target:
        return name
    parts = name.split(".")
    to_trim = len(name) - target
    out = []
    for part in parts[:-1]:
        if to_trim > 0 and len(part) > 1:
            to_trim -= len(part) - 1
            part = part[0]
        out.append(part)
    out.append(parts[-1])
    return ".".join(out)


def _fit(text: str, width: int, left_align: bool) -> str:
    """%-W.W / %W.W: pad to width, and truncate from the left when longer."""
    if len(text) > width:
        text = text[-width:]
    return text.ljust(width) if left_align else text.rjust(width)


def timestamp(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def format_line(
    level: str, logger: str, message: str, thread: str, pid: int, now: dt.datetime | None = None
) -> str:
    return (
        f"{timestamp(now)} {level:>5} {pid} --- [{_fit(thread, 15, False)}] "
        f"{_fit(abbreviate(logger), 40, True)} : {message}"
    )


def render_exception(exc: JavaException) -> list[str]:
    """The lines Logback prints under a message for a Throwable (cause chain included)."""
    lines: list[str] = []
    for depth, item in enumerate(exc.chain()):
        header = item.header()
        lines.extend((header if depth == 0 else f"Caused by: {header}").split("\n"))
        lines.extend(f"\tat {frame}" for frame in item.frames)
        if depth and item.omitted:
            lines.append(f"\t... {item.omitted} common frames omitted")
    return lines


def write_raw(text: str) -> None:
    stream = _stream or sys.stdout
    with _lock:
        try:
            stream.write(text)
            stream.flush()
        except (BrokenPipeError, ValueError):  # stdout closed: nothing useful to do
            pass


class Logger:
    """One named logger, e.g. Logger("com.zaxxer.hikari.HikariDataSource")."""

    def __init__(self, name: str) -> None:
        self.name = name

    def log(
        self,
        level: str,
        message: str,
        exc: JavaException | None = None,
        thread: str | None = None,
    ) -> None:
        line = format_line(
            level, self.name, message, thread or threading.current_thread().name, os.getpid()
        )
        lines = [line]
        if exc is not None:
            lines.extend(render_exception(exc))
        write_raw("\n".join(lines) + "\n")

    def info(
        self, message: str, exc: JavaException | None = None, thread: str | None = None
    ) -> None:
        self.log("INFO", message, exc, thread)

    def warn(
        self, message: str, exc: JavaException | None = None, thread: str | None = None
    ) -> None:
        self.log("WARN", message, exc, thread)

    def error(
        self, message: str, exc: JavaException | None = None, thread: str | None = None
    ) -> None:
        self.log("ERROR", message, exc, thread)


APP = Logger("com.abelium.inatrace.INATraceBackendApplication")
