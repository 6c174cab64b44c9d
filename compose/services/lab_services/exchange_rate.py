"""A fake api.exchangerate.host: the same paths, parameters and error bodies.

The real service answers HTTP 200 with `"success": false` and an error object when the
access key is missing or wrong (codes 101); a date or `latest` with a good key gives the
day's rates for `base`. Rates here are fixed per date, so answers are reproducible.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# EUR-based reference rates the lab varies slightly per date.
RATES = {"USD": 1.0832, "GBP": 0.8571, "CHF": 0.9427, "COP": 4251.37, "PEN": 4.0318}
_DATE = re.compile(r"^/(\d{4}-\d{2}-\d{2}|latest)$")
MISSING = {
    "code": 101,
    "type": "missing_access_key",
    "info": (
        "You have not supplied an API Access Key. [Required format: access_key=YOUR_ACCESS_KEY]"
    ),
}
INVALID = {
    "code": 101,
    "type": "invalid_access_key",
    "info": "You have not supplied a valid API Access Key.",
}
NOT_FOUND = {
    "code": 103,
    "type": "invalid_api_function",
    "info": "This API Function does not exist.",
}


def answer(path: str, query: dict[str, list[str]], key: str) -> dict[str, object]:
    match = _DATE.match(path)
    if not match:
        return {"success": False, "error": NOT_FOUND}
    given = (query.get("access_key") or [""])[0]
    if not given:
        return {"success": False, "error": MISSING}
    if given != key:
        return {"success": False, "error": INVALID}
    day = dt.date.today().isoformat() if match[1] == "latest" else match[1]
    base = (query.get("base") or ["EUR"])[0].upper()
    return {
        "success": True,
        "historical": match[1] != "latest",
        "date": day,
        "timestamp": int(dt.datetime.now(dt.UTC).timestamp()),
        "base": base,
        "rates": _rates(day, base),
    }


def _rates(day: str, base: str) -> dict[str, float]:
    wobble = 1 + (zlib.crc32(day.encode()) % 200 - 100) / 10000
    eur = {"EUR": 1.0, **{k: v * wobble for k, v in RATES.items()}}
    per_base = eur.get(base, 1.0)
    return {k: round(v / per_base, 4) for k, v in eur.items() if k != base}


class Handler(BaseHTTPRequestHandler):
    server_version = "nginx"
    sys_version = ""

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        body = json.dumps(answer(url.path, parse_qs(url.query), os.environ.get("ACCESS_KEY", "")))
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; Charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        # The key is masked: the access log is what `docker logs` shows the trainee.
        line = re.sub(r"access_key=[^&\s]+", "access_key=***", format % args)
        sys.stdout.write(f"{self.address_string()} - {line}\n")


def serve() -> int:
    port = int(os.environ.get("PORT", "8080"))
    httpd = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    print(f"exchange-rate (lab) listening on :{port}", flush=True)
    httpd.serve_forever()
    return 0
