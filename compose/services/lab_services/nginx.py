"""The test web server a colleague left running: answers like a default nginx."""

from __future__ import annotations

import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WELCOME = (
    "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n"
    "<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is "
    "successfully installed and working. Further configuration is required.</p>\n"
    "</body>\n</html>\n"
)
NOT_FOUND = (
    "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
    "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n"
    "</body>\r\n</html>\r\n"
)


class Handler(BaseHTTPRequestHandler):
    server_version = "nginx/1.25.3"
    sys_version = ""

    def do_GET(self) -> None:
        found = self.path in ("/", "/index.html")
        data = (WELCOME if found else NOT_FOUND).encode()
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        line = format % args
        sys.stdout.write(f"{self.address_string()} - - [{self.log_date_time_string()}] {line}\n")


def serve() -> int:
    port = int(os.environ.get("PORT", "80"))
    ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
    return 0
