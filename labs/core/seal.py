"""Tamper evidence for the lab's own records on the machine the trainee works on.

The trainee is root there, so nothing on that machine is proof (a certified exam is graded
and kept on the instructor's machine). What a seal gives is honesty in practice: a record
the lab wrote (results, restore proofs, the observer's lines, diagnosis attempts) carries an
HMAC with a key kept outside the workspace, so a file edited by hand is noticed and ignored,
with a line saying so, instead of being believed.

Lines of an append-only record are chained (each seal covers the previous one), so a line
removed, reordered or edited breaks every seal after it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

KEY_ENV = "LAB_STATE_DIR"
KEY_NAME = "records.key"
SEAL_FIELD = "seal"
CHAIN_START = "0" * 64


def state_dir() -> Path:
    """The lab's own state on this machine, outside every workspace."""
    configured = os.environ.get(KEY_ENV)
    if configured:
        return Path(configured).expanduser()
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "inatrace-lab"


_KEYS: dict[Path, bytes] = {}


def _key() -> bytes:
    path = state_dir() / KEY_NAME
    if path not in _KEYS:
        _KEYS[path] = _read_or_make(path)
    return _KEYS[path]


def _read_or_make(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = secrets.token_bytes(32)
    # Created 0600 from its first byte; a concurrent creator wins and both read its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(fd, "wb") as handle:
        handle.write(fresh)
    return fresh


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seal(data: Any, previous: str = "") -> str:
    return hmac.new(_key(), previous.encode() + canonical(data), hashlib.sha256).hexdigest()


def sealed(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with its seal (any seal it had is replaced)."""
    body = {k: v for k, v in data.items() if k != SEAL_FIELD}
    return {**body, SEAL_FIELD: seal(body)}


def intact(data: dict[str, Any]) -> bool:
    """True when `data` carries the seal this machine's lab gave it."""
    claimed = data.get(SEAL_FIELD)
    if not isinstance(claimed, str):
        return False
    body = {k: v for k, v in data.items() if k != SEAL_FIELD}
    return hmac.compare_digest(claimed, seal(body))


def chain_line(record: dict[str, Any], previous: str) -> tuple[str, str]:
    """One line of a chained record and the seal the next line chains to."""
    body = {k: v for k, v in record.items() if k != SEAL_FIELD}
    mark = seal(body, previous)
    return json.dumps({**body, SEAL_FIELD: mark}, ensure_ascii=False), mark


def read_chain(lines: list[str]) -> tuple[list[dict[str, Any]], int | None]:
    """The records of a chained file up to the first one that does not hold, and the
    1-based number of that line (None when the whole file holds). A line cut short by a
    crash is not tampering: what does not parse is skipped without breaking the chain."""
    found: list[dict[str, Any]] = []
    previous = CHAIN_START
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line) if line.strip() else None
        except ValueError:
            continue
        if not isinstance(record, dict):
            continue
        claimed = record.get(SEAL_FIELD)
        body = {k: v for k, v in record.items() if k != SEAL_FIELD}
        if not isinstance(claimed, str) or not hmac.compare_digest(claimed, seal(body, previous)):
            return found, number
        found.append(body)
        previous = claimed
    return found, None


def chain_tail(path: Path) -> str:
    """The seal a new line of `path` chains to: its last believed line's (a writer that
    starts again after a restart or a crash goes on with the same chain)."""
    if not path.is_file():
        return CHAIN_START
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    previous = CHAIN_START
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        claimed = record.get(SEAL_FIELD) if isinstance(record, dict) else None
        if isinstance(claimed, str):
            previous = claimed
    return previous


def append_chained(path: Path, records: list[dict[str, Any]]) -> None:
    """Append records to a chained file (the observer writes one line at a time instead)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = chain_tail(path)
    with path.open("a", encoding="utf-8") as handle:
        for record in records:
            line, previous = chain_line(record, previous)
            handle.write(line + "\n")


def read_chained(path: Path) -> tuple[list[dict[str, Any]], int | None]:
    """The believed records of a chained file and where the chain broke (line, or None)."""
    if not path.is_file():
        return [], None
    return read_chain(path.read_text(encoding="utf-8", errors="replace").splitlines())
