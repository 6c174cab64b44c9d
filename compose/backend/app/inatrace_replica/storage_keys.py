"""AT components/common/StorageKeyCache.java: the API never shows a stored key.

Every ApiDocument the backend returns carries a fresh random temporary key, cached in
memory for 120 minutes after it is written and bound to the user it was issued to
(None: anyone). A download looks the temporary key up; an unknown, expired or foreign
key gives no stored key, and StorageService then answers "Invalid storage key". The
cache lives in the process, so a restart forgets every temporary key, as the JVM does.
"""

from __future__ import annotations

import threading
import time
import uuid

TTL_S = 120 * 60  # Guava's expireAfterWrite(Duration.ofMinutes(120))

_lock = threading.Lock()
_cache: dict[str, tuple[str, int | None, float]] = {}


def put(storage_key: str | None, user_id: int | None) -> str | None:
    if storage_key is None:
        return None
    temp_key = str(uuid.uuid4())
    with _lock:
        _cache[temp_key] = (storage_key, user_id, time.monotonic() + TTL_S)
    return temp_key


def get(temp_key: str, user_id: int | None) -> str | None:
    with _lock:
        entry = _cache.get(temp_key)
        if entry is not None and entry[2] <= time.monotonic():
            del _cache[temp_key]
            entry = None
    if entry is None:
        return None
    stored, owner, _ = entry
    return stored if owner is None or owner == user_id else None


def clear() -> None:
    """Forget every key (tests; a restarted JVM starts with an empty cache)."""
    with _lock:
        _cache.clear()
