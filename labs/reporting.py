"""How a lab session tells a person what it is doing.

Long steps (image builds, `docker compose up`, waits for health) run inside `step()`,
which a terminal shows as a spinner with the elapsed time; short facts go to `note()`.
Tests and the self-test use the quiet reporter.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from rich.console import Console


class Reporter(Protocol):
    def note(self, message: str) -> None: ...

    def step(self, what: str) -> AbstractContextManager[None]: ...

    def proof(self, message: str) -> None:
        """What proves a fault live: it names the cause, so never on a trainee's terminal."""
        ...


class QuietReporter:
    def __init__(self) -> None:
        self.notes: list[str] = []
        self.proofs: list[str] = []

    def note(self, message: str) -> None:
        self.notes.append(message)

    def proof(self, message: str) -> None:
        self.proofs.append(message)

    @contextmanager
    def step(self, what: str) -> Iterator[None]:
        self.notes.append(what)
        yield


class ConsoleReporter:
    """Rich output: a spinner with elapsed seconds while a step runs, then its time."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def note(self, message: str) -> None:
        self.console.print(f"[cyan]•[/] {message}")

    def proof(self, message: str) -> None:
        """The trainee sits at this console: the cause is theirs to find."""

    @contextmanager
    def step(self, what: str) -> Iterator[None]:
        started = time.monotonic()
        if not self.console.is_terminal:
            self.note(what)
            yield
            return
        with self.console.status(what) as status:
            status.update(what)
            yield
        self.console.print(f"[cyan]•[/] {what} [dim]({time.monotonic() - started:.1f} s)[/]")
