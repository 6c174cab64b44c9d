"""multipart/form-data uploads are parsed without the deprecated cgi module."""

from __future__ import annotations

import pytest
from inatrace_replica import multipart
from inatrace_replica.errors import MultipartError

CT = "multipart/form-data; boundary=------------------------d74496d66958873e"


def body(*parts: bytes) -> bytes:
    sep = b"--------------------------d74496d66958873e"
    out = b""
    for part in parts:
        out += sep + b"\r\n" + part + b"\r\n"
    return out + sep + b"--\r\n"


def test_curl_style_file_part_is_parsed_with_name_type_and_bytes() -> None:
    data = bytes(range(256)) + b"\r\n--not-a-boundary\r\n"
    parts = multipart.parse(
        body(
            b'Content-Disposition: form-data; name="file"; filename="factura 1.pdf"\r\n'
            b"Content-Type: application/pdf\r\n\r\n" + data,
            b'Content-Disposition: form-data; name="note"\r\n\r\nhola',
        ),
        CT,
    )
    assert [p.name for p in parts] == ["file", "note"]
    assert parts[0].filename == "factura 1.pdf"
    assert parts[0].content_type == "application/pdf"
    assert parts[0].data == data
    assert parts[1].filename is None
    assert parts[1].data == b"hola"
    assert parts[1].content_type == "application/octet-stream"


def test_quoted_boundary_and_escaped_filename_are_understood() -> None:
    content_type = 'multipart/form-data; boundary="b1"'
    raw = (
        b'--b1\r\nContent-Disposition: form-data; name="file"; filename="a\\"b.txt"\r\n\r\n'
        b"x\r\n--b1--\r\n"
    )
    assert multipart.parse(raw, content_type)[0].filename == 'a"b.txt'


def test_non_multipart_and_broken_bodies_are_rejected() -> None:
    with pytest.raises(MultipartError, match="not a multipart request"):
        multipart.parse(b"{}", "application/json")
    with pytest.raises(MultipartError, match="no multipart boundary"):
        multipart.parse(b"", "multipart/form-data")
    with pytest.raises(MultipartError, match="Stream ended unexpectedly"):
        multipart.parse(
            b'--b1\r\nContent-Disposition: form-data; name="f"\r\n\r\nxx',
            "multipart/form-data; boundary=b1",
        )


def test_the_upload_limit_is_springs_10_megabytes() -> None:
    assert multipart.MAX_FILE_SIZE == 10 * 1024 * 1024
