"""Opening a trainee machine: a RemoteHost on its workspace, graded from the instructor's copy."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from labs.classroom.models import Trainee
from labs.classroom.store import ClassDir
from labs.host.remote import RemoteHost
from labs.host.ssh import SshTarget

T = TypeVar("T")
MAX_PARALLEL = 16


@contextmanager
def open_trainee(classroom: ClassDir, trainee: Trainee) -> Iterator[RemoteHost]:
    """Connected to the trainee machine, its workspace path resolved there."""
    host = RemoteHost(
        SshTarget.parse(trainee.url),
        remote_home=trainee.home,
        local_home=classroom.copy_of_workspace(trainee),
        docker_socket=trainee.docker_socket,
    )
    with host:
        if not trainee.home.startswith("/"):
            # A relative home is under the trainee user's own home directory.
            base = host.conn.shell('printf %s "$HOME"', timeout=15).stdout.strip()
            host.remote_home = f"{base}/{trainee.home}" if base else trainee.home
        yield host


def on_all(trainees: list[Trainee], work: Callable[[Trainee], T]) -> dict[str, T]:
    """The same work on every trainee machine at once; results by trainee name, in order."""
    if not trainees:
        return {}
    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(trainees))) as pool:
        futures = {t.name: pool.submit(work, t) for t in trainees}
        return {name: future.result() for name, future in futures.items()}
