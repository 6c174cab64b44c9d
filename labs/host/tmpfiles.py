"""Files a trainee exported to /tmp, where the course writes them
(`docker logs … > /tmp/backend-logs-$(date …).log`)."""

from __future__ import annotations

import os
from pathlib import Path

TMP = Path("/tmp")
MAX_FILES = 10


def recent_files(folder: Path, pattern: str, since: float) -> list[Path]:
    """This user's files matching pattern, written since `since`, newest first (another
    user's file in a shared /tmp is not this trainee's work)."""
    found: list[tuple[float, Path]] = []
    for path in folder.glob(pattern):
        try:
            info = path.stat()
        except OSError:
            continue
        if path.is_file() and info.st_uid == os.getuid() and info.st_mtime >= since:
            found.append((info.st_mtime, path))
    return [path for _, path in sorted(found, reverse=True)[:MAX_FILES]]
