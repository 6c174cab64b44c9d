"""Scenario Markdown for the terminal, with every command kept on one line.

A trainee copies commands out of briefs, hints and messages. rich's Markdown wraps
code blocks and inline code at the terminal width, so a long command would come out in
two pieces. Here prose is wrapped word by word, but an inline `code` span is one
unbreakable word, and code blocks and tables are printed as they are written: a line
wider than the terminal is left to the terminal's own soft wrap, which copies as one line.
The subset is what scenarios use: paragraphs, headings, `-`/`1.` lists, `>` quotes,
pipe tables, fenced code, **bold**, *italic* and `code`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.console import Console
from rich.text import Text

CODE_STYLE = "bold cyan"
_FENCE = re.compile(r"^(\s*)(```|~~~)")
_LIST = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+")
_INLINE = re.compile(r"(`+)(.+?)\1|\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


Piece = tuple[str, str]  # (text, style)
Word = list[Piece]  # pieces with no space between them: never broken apart


def inline_words(text: str) -> list[Word]:
    """Prose split at spaces into words; a `code` span is one piece, spaces and all."""
    words: list[Word] = []
    glue = False  # the next piece continues the last word (no space in between)
    for piece, style, spaced_before, spaced_after in _pieces(text, ""):
        if words and glue and not spaced_before:
            words[-1].append((piece, style))
        else:
            words.append([(piece, style)])
        glue = not spaced_after
    return words


def _pieces(text: str, style: str) -> Iterator[tuple[str, str, bool, bool]]:
    """(text, style, space before, space after) for every word or code span."""
    position = 0
    for match in _INLINE.finditer(text):
        yield from _plain(text[position : match.start()], style)
        before = match.start() == 0 or text[match.start() - 1].isspace()
        after = match.end() == len(text) or text[match.end()].isspace()
        code, bold, italic = match.group(2), match.group(3), match.group(4)
        if code is not None:
            inner = code.strip() or code
            yield inner, f"{style} {CODE_STYLE}".strip(), before, after
        else:
            emphasis = "bold" if bold is not None else "italic"
            inner_pieces = list(_pieces(bold if bold is not None else italic, emphasis))
            for n, (piece, inner_style, b, a) in enumerate(inner_pieces):
                yield (
                    piece,
                    f"{style} {inner_style}".strip(),
                    before if n == 0 else b,
                    after if n == len(inner_pieces) - 1 else a,
                )
        position = match.end()
    yield from _plain(text[position:], style)


def _plain(text: str, style: str) -> Iterator[tuple[str, str, bool, bool]]:
    words = text.split()
    for n, word in enumerate(words):
        before = n > 0 or text[:1].isspace()
        after = n < len(words) - 1 or text[-1:].isspace()
        yield word, style, before, after


def wrap(words: list[Word], width: int, first: str, rest: str) -> list[Text]:
    """Greedy wrap; a word never breaks (one wider than the line gets a line of its own)."""
    lines: list[Text] = []
    line = Text(first)
    empty = True
    for word in words:
        size = sum(len(piece) for piece, _ in word)
        if not empty and line.cell_len + 1 + size > width:
            lines.append(line)
            line, empty = Text(rest), True
        if not empty:
            line.append(" ")
        for piece, style in word:
            line.append(piece, style=style or None)
        empty = False
    if not empty or not lines:
        lines.append(line)
    return lines


def markdown_lines(text: str, width: int) -> list[Text]:
    """Render the Markdown subset to lines no wider than width, except unbreakable ones."""
    out: list[Text] = []
    lines = text.strip("\n").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence:
            indent, marker = fence.group(1), fence.group(2)
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(marker):
                code = lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i]
                out.append(Text(indent + "    " + code, style=CODE_STYLE))
                i += 1
            i += 1
            continue
        stripped = line.strip()
        if not stripped:
            if out and out[-1].plain:
                out.append(Text(""))
            i += 1
            continue
        if stripped.startswith("|"):
            out.append(Text("  " + stripped))
            i += 1
            continue
        if stripped.startswith("#"):
            out.append(Text(stripped.lstrip("#").strip(), style="bold underline"))
            i += 1
            continue
        # A paragraph, list item or quote: gather its continuation lines.
        first, rest, body = _lead(line)
        i += 1
        while i < len(lines):
            following = lines[i]
            if (
                not following.strip()
                or _FENCE.match(following)
                or _LIST.match(following)
                or following.strip().startswith(("|", "#"))
            ):
                break
            body += " " + following.strip().lstrip("> ").strip()
            i += 1
        out.extend(wrap(inline_words(body), width, first, rest))
    while out and not out[-1].plain:
        out.pop()
    return out


def _lead(line: str) -> tuple[str, str, str]:
    """(first-line prefix, continuation prefix, text) of a paragraph, list item or quote."""
    listed = _LIST.match(line)
    if listed:
        prefix = listed.group(1) + listed.group(2) + " "
        return prefix, " " * len(prefix), line[listed.end() :]
    stripped = line.strip()
    if stripped.startswith(">"):
        return "│ ", "│ ", stripped.lstrip(">").strip()
    indent = line[: len(line) - len(line.lstrip())]
    return indent, indent, stripped


def print_markdown(console: Console, text: str, indent: int = 0) -> None:
    width = max(20, console.width - indent)
    for line in markdown_lines(text, width):
        console.print(Text(" " * indent) + line, soft_wrap=True)


def print_lines(console: Console, lines: list[str]) -> None:
    """Lines holding commands: printed whole (the terminal soft-wraps, copy keeps them)."""
    for line in lines:
        console.print(line, soft_wrap=True)
