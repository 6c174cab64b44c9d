"""Waiting with deadlines, never bare sleeps: poll a probe until it says yes."""

from __future__ import annotations

import time
from collections.abc import Callable

from labs.core.errors import WaitTimeout
from labs.core.i18n import tr


def wait_until(
    probe: Callable[[], bool],
    *,
    deadline_s: float,
    what: str,
    diagnose: Callable[[], str] | None = None,
    interval_s: float = 0.25,
) -> float:
    """Poll `probe` until True; return the seconds it took or raise WaitTimeout."""
    start = time.monotonic()
    while True:
        if probe():
            return time.monotonic() - start
        if time.monotonic() - start >= deadline_s:
            detail = diagnose() if diagnose else ""
            raise WaitTimeout(
                tr(
                    f"{what}: no ocurrió en {deadline_s:.0f} s. {detail}",
                    f"{what}: did not happen within {deadline_s:.0f} s. {detail}",
                ),
                tr(
                    "Revise `docker ps -a` y `docker logs <contenedor> --tail 50`; "
                    "luego `lab doctor`.",
                    "Check `docker ps -a` and `docker logs <container> --tail 50`; "
                    "then run `lab doctor`.",
                ),
            )
        time.sleep(interval_s)
