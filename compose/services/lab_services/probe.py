"""Healthchecks without curl (the slim base has none): is this service answering?"""

from __future__ import annotations

import os
import socket
import urllib.request


def run(argv: list[str]) -> int:
    role = argv[0] if argv else "exchange-rate"
    try:
        if role == "smtp":
            port = int(os.environ.get("PORT", "2525"))
            with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
                ok = conn.recv(64).startswith(b"220")
                conn.sendall(b"QUIT\r\n")
                return 0 if ok else 1
        port = int(os.environ.get("PORT", "8080"))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/latest", timeout=2) as answer:
            return 0 if answer.status == 200 else 1
    except OSError:
        return 1
