"""Errors the host layer raises; importing them loads no client library."""

from __future__ import annotations

from labs.core.errors import LabError


class SqlError(LabError):
    """The server refused a statement; the message is the server's own text."""
