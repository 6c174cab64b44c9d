"""Finding migrations the way Flyway 10 does: names, versions, checksums, statements.

SQL migrations live in ./migrations as V<version>__<Description>.sql (the AT layout
db/migrations); "Java" migrations are Python callables registered in java_migrations.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_FILE = re.compile(r"^V(?P<version>\d[\d._]*?)__(?P<desc>.+)\.sql$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def parse_version(raw: str) -> str:
    """'2025_11_15_01_00' -> '2025.11.15.01.00' (Flyway accepts '_' and '.' separators)."""
    version = raw.replace("_", ".")
    if not re.fullmatch(r"\d+(\.\d+)*", version):
        raise ValueError(f"Invalid version containing non-numeric characters: {raw}")
    return version


def version_key(version: str) -> tuple[int, ...]:
    """MigrationVersion ordering: numeric per part, trailing zero parts do not count."""
    parts = [int(p) for p in version.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def describe(raw: str) -> str:
    return raw.replace("_", " ")


def checksum(text: str) -> int:
    """Flyway's ChecksumCalculator: CRC32 over the UTF-8 bytes of each line, line breaks
    excluded and a leading BOM dropped; stored as a signed 32-bit int."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()  # BufferedReader.readLine() yields no empty line after the last break
    crc = 0
    for line in lines:
        crc = zlib.crc32(line.encode("utf-8"), crc)
    return crc - (1 << 32) if crc >= (1 << 31) else crc


def split_statements(sql: str) -> list[tuple[int, str]]:
    """Split a script on ';' outside quotes and comments: [(first line, statement)]."""
    out: list[tuple[int, str]] = []
    buf: list[str] = []
    line = 1
    start_line: int | None = None
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        two = sql[i : i + 2]
        if two == "--" or ch == "#":
            end = sql.find("\n", i)
            i = n if end < 0 else end
            continue
        if two == "/*":
            end = sql.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += sql.count("\n", i, end)
            i = end
            continue
        if ch in "'\"`":
            j = i + 1
            while j < n and sql[j] != ch:
                j += 2 if sql[j] == "\\" and ch != "`" else 1
            j = min(j + 1, n)
            if start_line is None:
                start_line = line
            buf.append(sql[i:j])
            line += sql.count("\n", i, j)
            i = j
            continue
        if ch == ";":
            text = "".join(buf).strip()
            if text:
                out.append((start_line or line, text))
            buf, start_line = [], None
        else:
            if start_line is None and not ch.isspace():
                start_line = line
            buf.append(ch)
            if ch == "\n":
                line += 1
        i += 1
    text = "".join(buf).strip()
    if text:
        out.append((start_line or line, text))
    return out


@dataclass(frozen=True)
class Migration:
    version: str
    description: str
    type: str  # "SQL" or "CUSTOM" (Flyway's CoreMigrationType for JPA migrations)
    script: str  # file name, or the Java FQCN for CUSTOM
    checksum: int | None
    sql: str = ""
    runner: Callable[[Any], None] | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[int, ...]:
        return version_key(self.version)

    @property
    def label(self) -> str:
        return f"{self.version} - {self.description}"


def resolve_sql(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _FILE.match(path.name)
        if not match:
            continue  # Flyway ignores files that do not follow the naming pattern
        text = path.read_text(encoding="utf-8")
        found.append(
            Migration(
                version=parse_version(match["version"]),
                description=describe(match["desc"]),
                type="SQL",
                script=path.name,
                checksum=checksum(text),
                sql=text,
            )
        )
    return found


def ordered(migrations: list[Migration]) -> list[Migration]:
    seen: dict[tuple[int, ...], Migration] = {}
    for mig in migrations:
        if mig.key in seen:
            raise ValueError(
                f"Found more than one migration with version {mig.version}\n"
                f"Offenders:\n-> {seen[mig.key].script}\n-> {mig.script}"
            )
        seen[mig.key] = mig
    return sorted(migrations, key=lambda m: m.key)
