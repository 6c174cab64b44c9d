"""A trial run of a trainee's script in a sandbox, on the machine where the script lives.

The grader prepares the sandbox here (planted files of known ages, a copy of the script
pointed at the sandbox) in a local staging folder. `Trial.root` is where that sandbox is on
the machine that runs it: the staging folder itself on this machine; a temporary folder on
the trainee's machine when grading from the instructor's, pushed there before the run and
pulled back after it, so the grader inspects what the script left in the staging folder.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from labs.host import shell
from labs.host.models import CommandResult


class Trial(Protocol):
    @property
    def root(self) -> str:
        """The sandbox as the machine that runs the script names it."""
        ...

    def run(self, argv: Sequence[str], env: dict[str, str], timeout: float) -> CommandResult:
        """Run in the sandbox; afterwards the staging folder holds what the run left."""
        ...


@dataclass
class LocalTrial:
    staging: Path

    @property
    def root(self) -> str:
        return str(self.staging)

    def run(self, argv: Sequence[str], env: dict[str, str], timeout: float) -> CommandResult:
        return shell.run_command(argv, self.staging, env, timeout)


@contextmanager
def staging_folder() -> Iterator[Path]:
    """A folder of this machine for one trial, always removed."""
    folder = Path(tempfile.mkdtemp(prefix="ilab-trial-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
