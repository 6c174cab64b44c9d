"""Evidence about backups: what a file holds, what a restore of it gives, and what the
database held at a given time (the observer's data record).

A backup is only as good as its restore: `restore` loads the file into a throwaway
MySQL (through the host) and the result is cached by the file's sha256, so a second
`lab check` of the same file costs nothing. The file's name and time say *when* it was
taken; the observer's record says what the database held then.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import ValidationError

from grader.context import CheckContext
from labs.core import seal
from labs.core.backups import DataState, HistoryManifest, TableStats, name_time
from labs.core.tree import TraineePath, local_path
from labs.host.data import RestoreProbe

DATA_FILE = "data.jsonl"
# The observer samples every 3 s: a change is recorded up to one period late.
SAMPLE_SLACK = timedelta(seconds=3.5)
_CREATE = re.compile(rb"CREATE TABLE `([^`]+)`")
_INSERT = re.compile(rb"INSERT INTO `([^`]+)`")
_COMPLETED = b"-- Dump completed"


@dataclass(frozen=True)
class DumpFacts:
    """What `gunzip -t`, `zcat | grep -c` and the dump's own trailer say about a file."""

    size: int
    gzip_ok: bool
    create_lines: int
    insert_lines: int
    created: frozenset[str]
    inserted: frozenset[str]
    completed: bool  # mysqldump's "-- Dump completed" trailer: the dump ran to the end

    @property
    def damaged(self) -> bool:
        return not self.gzip_ok or not self.completed


def read_dump(path: TraineePath) -> DumpFacts:
    raw = path.read_bytes()
    text, ok = _gunzip_partial(raw)
    lines = text.splitlines()
    return DumpFacts(
        size=len(raw),
        gzip_ok=ok and bool(raw),
        create_lines=sum(1 for line in lines if b"CREATE TABLE" in line),
        insert_lines=sum(1 for line in lines if b"INSERT INTO" in line),
        created=frozenset(m.decode() for m in _CREATE.findall(text)),
        inserted=frozenset(m.decode() for m in _INSERT.findall(text)),
        completed=_COMPLETED in text[-400:],
    )


def _gunzip_partial(raw: bytes) -> tuple[bytes, bool]:
    """What `zcat` prints (as much as it can) and whether `gzip -t` would pass."""
    out = bytearray()
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        rest = raw
        while rest:
            out += decoder.decompress(rest)
            if not decoder.eof:
                return bytes(out), False
            rest = decoder.unused_data
            if rest:
                decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    except zlib.error:
        return bytes(out), False
    return bytes(out), bool(raw)


def sha256(path: TraineePath) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def restore(ctx: CheckContext, path: TraineePath) -> RestoreProbe:
    """A real restore of `path` into a scratch MySQL on the grading machine, cached there by
    content. A cache entry the lab did not seal (written by hand) is not believed: the file
    is restored again."""
    digest = sha256(path)
    cache = ctx.records.restores_dir / f"{digest}.json"
    known = _cached(cache, digest)
    if known is not None:
        return known
    probe = ctx._memo.get(f"restore:{digest}", lambda: ctx.host.restore_probe(local_path(path)))
    cache.parent.mkdir(parents=True, exist_ok=True)
    record = {"sha256": digest, "probe": json.loads(probe.model_dump_json())}
    cache.write_text(json.dumps(seal.sealed(record)))
    return probe


def _cached(cache: Path, digest: str) -> RestoreProbe | None:
    try:
        record = json.loads(cache.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or not seal.intact(record) or record.get("sha256") != digest:
        return None
    try:
        return RestoreProbe.model_validate(record.get("probe"))
    except ValidationError:
        return None


def manifest(ctx: CheckContext) -> HistoryManifest:
    return ctx._memo.get("backups-manifest", lambda: HistoryManifest.load(ctx.records.root))


def live_data(ctx: CheckContext) -> DataState:
    return ctx._memo.get("table-stats", lambda: ctx.host.table_stats())


def data_history(ctx: CheckContext) -> list[tuple[datetime, DataState]]:
    """The observer's record: (time first seen, tables) each time the data changed."""

    def read() -> list[tuple[datetime, DataState]]:
        found: list[tuple[datetime, DataState]] = []
        records, _broken = seal.read_chained(ctx.records.timeline_dir / DATA_FILE)
        for record in records:
            try:
                tables = {
                    name: TableStats(rows=int(v[0]), checksum=v[1])
                    for name, v in record["tables"].items()
                }
                found.append((datetime.fromisoformat(record["t"]), tables))
            except (ValueError, KeyError, TypeError, IndexError):
                continue  # a line cut by a crash: skip it
        return found

    return ctx._memo.get("data-history", read)


def states_between(ctx: CheckContext, start: datetime, end: datetime) -> list[DataState]:
    """Every state the database was seen in at some moment of [start, end]."""
    history = data_history(ctx)
    found: list[DataState] = []
    for i, (seen, tables) in enumerate(history):
        valid_from = seen - SAMPLE_SLACK
        valid_to = history[i + 1][0] if i + 1 < len(history) else datetime.max.replace(tzinfo=UTC)
        if valid_from <= end and valid_to >= start:
            found.append(tables)
    if not history:
        found.append(live_data(ctx))
    return found


def state_at(ctx: CheckContext, when: datetime) -> DataState | None:
    before = [tables for seen, tables in data_history(ctx) if seen <= when]
    return before[-1] if before else None


def changes_after(ctx: CheckContext, when: datetime) -> list[tuple[datetime, DataState]]:
    return [(seen, tables) for seen, tables in data_history(ctx) if seen > when]


def mtime(path: TraineePath) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def taken_between(path: TraineePath) -> tuple[datetime, datetime]:
    """When the dump ran: from the time in its name (or 10 min before) to its mtime."""
    end = mtime(path)
    named = name_time(path.name)
    start = named if named is not None and named <= end + timedelta(seconds=5) else end
    return start - timedelta(seconds=2), end + timedelta(seconds=1)


def files(ctx: CheckContext, pattern: str) -> list[TraineePath]:
    """Files matching a glob under $LAB_HOME, newest first."""
    found = [p for p in ctx.tree.root.glob(pattern) if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def only(state: DataState, tables: list[str] | None) -> DataState:
    return state if tables is None else {t: s for t, s in state.items() if t in tables}
