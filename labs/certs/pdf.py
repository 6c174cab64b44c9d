"""A small, deterministic PDF writer: one page, the standard Helvetica fonts, lines and text.

Enough for a certificate, offline and without a browser. The same input gives the same
bytes (no clock, no random ids), which is what lets `lab cert verify` re-render a
certificate from its signed result and compare. The signed result travels inside the
file as a stream the viewer ignores.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field

A4_LANDSCAPE = (842.0, 595.0)
EMBED_BEGIN = b"INATRACE-LAB-RESULT:"
_EMBED_RE = re.compile(rb"INATRACE-LAB-RESULT:([A-Za-z0-9+/=]+)")
# Helvetica's advances by kind of character, in ems: close enough to centre a line.
_NARROW = set("iljtfr.,:;'!|() ")


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    total = 0.0
    for ch in text:
        if ch in _NARROW:
            total += 0.30 if bold else 0.27
        elif ch.isupper() or ch in "mwMW%":
            total += 0.72 if bold else 0.67
        elif ch.isdigit():
            total += 0.556
        else:
            total += 0.58 if bold else 0.53
    return total * size


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _num(value: float) -> bytes:
    return (f"{value:.2f}".rstrip("0").rstrip(".") or "0").encode()


@dataclass
class Page:
    width: float = A4_LANDSCAPE[0]
    height: float = A4_LANDSCAPE[1]
    ops: list[bytes] = field(default_factory=list)

    def text(self, x: float, y: float, text: str, size: float = 11, *, bold: bool = False) -> None:
        font = b"/F2" if bold else b"/F1"
        self.ops.append(
            b"BT "
            + font
            + b" "
            + _num(size)
            + b" Tf "
            + _num(x)
            + b" "
            + _num(y)
            + b" Td ("
            + _escape(text)
            + b") Tj ET"
        )

    def centred(self, y: float, text: str, size: float = 11, *, bold: bool = False) -> None:
        width = text_width(text, size, bold=bold)
        self.text(max(20.0, (self.width - width) / 2), y, text, size, bold=bold)

    def colour(self, r: float, g: float, b: float) -> None:
        self.ops.append(b" ".join([_num(r), _num(g), _num(b), b"RG"]))
        self.ops.append(b" ".join([_num(r), _num(g), _num(b), b"rg"]))

    def rect(self, x: float, y: float, w: float, h: float, line: float = 1) -> None:
        self.ops.append(b" ".join([_num(line), b"w", _num(x), _num(y), _num(w), _num(h), b"re S"]))

    def line(self, x1: float, y1: float, x2: float, y2: float, line: float = 0.5) -> None:
        self.ops.append(
            b" ".join([_num(line), b"w", _num(x1), _num(y1), b"m", _num(x2), _num(y2), b"l S"])
        )


def build(page: Page, *, title: str, embedded: bytes) -> bytes:
    content = b"\n".join(page.ops)
    payload = EMBED_BEGIN + base64.b64encode(embedded)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /INATraceLabResult 7 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 "
        + _num(page.width)
        + b" "
        + _num(page.height)
        + b"] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        _stream(content),
        _stream(payload),
        b"<< /Title (" + _escape(title) + b") /Producer (INATrace Ops Lab) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length " + str(len(data)).encode() + b" >>\nstream\n" + data + b"\nendstream"


def embedded(pdf: bytes) -> bytes | None:
    """The signed result a certificate PDF carries (None: not one of ours)."""
    found = _EMBED_RE.search(pdf)
    if found is None:
        return None
    try:
        return base64.b64decode(found.group(1), validate=True)
    except ValueError:
        return None
