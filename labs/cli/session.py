"""The lab session every verb works on: the workspace, the live host, rich progress."""

from __future__ import annotations

from labs.core.console import console
from labs.core.workspace import Workspace
from labs.host.live import live_host
from labs.reporting import ConsoleReporter
from labs.session import LabSession


def open_session(ws: Workspace) -> LabSession:
    return LabSession(ws, live_host(), ConsoleReporter(console))
