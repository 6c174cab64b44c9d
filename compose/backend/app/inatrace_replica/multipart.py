"""multipart/form-data parsing (RFC 7578), enough for INATrace's `file` uploads.

The stdlib's cgi module is deprecated and email.parser copies the body several times;
this keeps one bytes object and slices it, which matters for a 10 MB upload under an
80 MB memory budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import MultipartError

MAX_FILE_SIZE = 10 * 1024 * 1024  # spring.servlet.multipart.max-file-size = 10MB
_PARAM = re.compile(r';\s*([\w*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


@dataclass
class Part:
    name: str
    filename: str | None
    content_type: str
    data: bytes
    headers: dict[str, str] = field(default_factory=dict)


def header_params(value: str) -> tuple[str, dict[str, str]]:
    """'form-data; name="file"; filename="a.pdf"' -> ('form-data', {...})."""
    main, _, rest = value.partition(";")
    params = {}
    for key, raw in _PARAM.findall(";" + rest):
        raw = raw.strip()
        if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        params[key.lower()] = raw
    return main.strip().lower(), params


def boundary_of(content_type: str | None) -> bytes:
    kind, params = header_params(content_type or "")
    if kind != "multipart/form-data":
        raise MultipartError(
            f"Current request is not a multipart request (Content-Type: {content_type or 'none'})"
        )
    boundary = params.get("boundary", "")
    if not boundary or len(boundary) > 200:
        raise MultipartError("the request was rejected because no multipart boundary was found")
    return boundary.encode("latin-1")


def parse(body: bytes, content_type: str | None) -> list[Part]:
    delimiter = b"--" + boundary_of(content_type)
    parts: list[Part] = []
    pos = body.find(delimiter)
    if pos < 0:
        raise MultipartError("Stream ended unexpectedly")
    while True:
        pos += len(delimiter)
        if body[pos : pos + 2] == b"--":
            return parts  # closing delimiter
        if body[pos : pos + 2] != b"\r\n":
            raise MultipartError("Stream ended unexpectedly")
        head_end = body.find(b"\r\n\r\n", pos + 2)
        if head_end < 0:
            raise MultipartError(
                "Header section has more than 10240 bytes (maybe it is not properly terminated)"
            )
        headers = _headers(body[pos + 2 : head_end])
        data_start = head_end + 4
        next_pos = body.find(b"\r\n" + delimiter, data_start)
        if next_pos < 0:
            raise MultipartError("Stream ended unexpectedly")
        disposition, params = header_params(headers.get("content-disposition", ""))
        if disposition == "form-data" and "name" in params:
            parts.append(
                Part(
                    name=params["name"],
                    filename=params.get("filename"),
                    content_type=headers.get("content-type", "application/octet-stream"),
                    data=body[data_start:next_pos],
                    headers=headers,
                )
            )
        pos = next_pos + 2


def _headers(raw: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in raw.decode("utf-8", "replace").split("\r\n"):
        name, sep, value = line.partition(":")
        if sep:
            out[name.strip().lower()] = value.strip()
    return out
