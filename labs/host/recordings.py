"""Captured `docker inspect` output, read back into the host's models (tests, disputes)."""

from __future__ import annotations

import json
from pathlib import Path

from labs.host.models import ContainerInfo


def load_inspect(path: Path, name: str | None = None) -> ContainerInfo:
    """Load a captured `docker inspect` file, optionally renaming the container."""
    info = ContainerInfo.model_validate(json.loads(path.read_text())[0])
    return info.model_copy(update={"name": "/" + name}) if name else info
