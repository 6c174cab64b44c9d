"""Small readers of the trainee's markdown: sections under headings, and pipe tables."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_PLACEHOLDER = re.compile(r"\[[^\]]*\]")


def normalize(text: str) -> str:
    """Lower case, no accents, no punctuation: «Pre-requisitos» == «prerequisitos»."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9 ]", "", plain.lower().replace("-", "")).split())


@dataclass
class Section:
    heading: str
    level: int
    lines: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.lines)

    def words(self) -> int:
        """Words of real content: placeholders like [nombre] and checkboxes do not count."""
        text = _PLACEHOLDER.sub(" ", self.body.replace("[ ]", " ").replace("[x]", " "))
        return len(re.findall(r"\w{2,}", text))


def sections(text: str) -> list[Section]:
    found: list[Section] = []
    for line in text.splitlines():
        match = _HEADING.match(line)
        if match:
            found.append(Section(match.group(2), len(match.group(1))))
            continue
        # Content belongs to every open heading of a lower level, so "## Pasos" keeps
        # what sits under its own "### 1." sub-headings.
        for section in found:
            if section is found[-1] or _is_open(section, found):
                section.lines.append(line)
    return found


def _is_open(section: Section, found: list[Section]) -> bool:
    after = found[found.index(section) + 1 :]
    return all(other.level > section.level for other in after)


def find_section(all_sections: list[Section], wanted: str) -> Section | None:
    key = normalize(wanted)
    for section in all_sections:
        if key and key in normalize(section.heading):
            return section
    return None


def table_rows(text: str, columns: list[str]) -> list[dict[str, str]]:
    """Rows of every pipe table whose header has these columns (accent/case-insensitive).

    Lenient on purpose: a blank line between rows does not end the table (trainees
    append rows with `echo >>`); only another table's header does.
    """
    wanted = [normalize(c) for c in columns]
    lines = [_cells(line) for line in text.splitlines()]
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for index, cells in enumerate(lines):
        if cells is None or _is_separator(cells):
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is not None and _is_separator(following):
            names = [normalize(c) for c in cells]
            header = names if all(w in names for w in wanted) else None
        elif header is not None:
            row = dict(zip(header, cells, strict=False))
            rows.append({col: row.get(key, "") for col, key in zip(columns, wanted, strict=True)})
    return rows


def _is_separator(cells: list[str]) -> bool:
    return all(re.fullmatch(r":?-{2,}:?", c.replace(" ", "")) for c in cells if c) and any(cells)


def _cells(line: str) -> list[str] | None:
    stripped = line.strip()
    if not stripped.startswith("|"):
        return None
    return [c.strip() for c in stripped.strip("|").split("|")]
