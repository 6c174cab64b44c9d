"""The lab's CI page: Jenkins' job list, build history and Console Output over real HTTP.

`python -m labs.host.ci_server --home H` serves `$LAB_HOME/.lab/ci` on 127.0.0.1:8080
(Jenkins' port in the course), read-only, with Jenkins' URL shapes so the course's
clicks and a `curl` from the terminal both work:

    /                                   job list
    /job/<job>/                         build history (successes and failures)
    /job/<job>/<n>/                     one build: status, tag, duration
    /job/<job>/<n>/console              Console Output (refreshes while it runs)
    /job/<job>/<n>/consoleText          the same, plain text
    /job/<job>/<n>/api/json             Jenkins' JSON (building, result, number …)
    <n> may be lastBuild, lastSuccessfulBuild or lastFailedBuild.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from labs.core import ci
from labs.core.ci import BuildRecord

STYLE = (
    "body{font-family:sans-serif;margin:0}header{background:#000;color:#fff;padding:8px 16px}"
    "main{padding:16px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
    "pre{background:#f4f4f4;padding:8px;white-space:pre-wrap}.SUCCESS{color:#138a36}"
    ".FAILURE{color:#c62828}.building{color:#1565c0}a{color:#1565c0}"
)
# Jenkins' permalinks: the newest build with this result (None: any result).
ALIASES: dict[str, str | None] = {
    "lastBuild": None,
    "lastSuccessfulBuild": "SUCCESS",
    "lastFailedBuild": "FAILURE",
}


def status_of(record: BuildRecord) -> str:
    return "EN CURSO" if record.building else str(record.result)


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def page(title: str, body: str, *, refresh: bool = False) -> str:
    meta = '<meta http-equiv="refresh" content="2">' if refresh else ""
    return (
        f'<!doctype html><html lang="es"><head><meta charset="utf-8">{meta}'
        f"<title>{html.escape(title)} [Jenkins]</title><style>{STYLE}</style></head>"
        f'<body><header>Jenkins · <a style="color:#fff" href="/">Panel de control</a></header>'
        f"<main><h1>{html.escape(title)}</h1>{body}</main></body></html>"
    )


def _cell(record: BuildRecord | None) -> str:
    return f"#{record.number} ({_when(record.timestamp)})" if record else "N/A"


def job_list(state_dir: Path) -> str:
    builds = ci.builds(state_dir)
    ok = next((b for b in builds if b.result == "SUCCESS"), None)
    bad = next((b for b in builds if b.result == "FAILURE"), None)
    row = (
        f'<tr><td><a href="/job/{ci.JOB_NAME}/">{ci.JOB_NAME}</a></td>'
        f"<td>{status_of(builds[0]) if builds else '-'}</td>"
        f"<td>{_cell(ok)}</td><td>{_cell(bad)}</td></tr>"
    )
    head = "<tr><th>Job</th><th>Último estado</th><th>Último éxito</th><th>Último fallo</th></tr>"
    return page("Panel de control", f"<table>{head}{row}</table>")


def history(state_dir: Path) -> str:
    rows = "".join(
        f'<tr><td><a href="{b.number}/">#{b.number}</a></td>'
        f'<td class="{b.result or "building"}">{status_of(b)}</td><td>{b.tag}</td>'
        f"<td>{_when(b.timestamp)}</td><td>{b.duration_s:.0f} s</td>"
        f'<td><a href="{b.number}/console">Console Output</a></td></tr>'
        for b in ci.builds(state_dir)
    )
    head = "".join(f"<th>{h}</th>" for h in ("Build", "Estado", "TAG", "Inicio", "Duración", ""))
    head = f"<tr>{head}</tr>"
    body = f"<h2>Historial de builds</h2><table>{head}{rows}</table>"
    return page(ci.JOB_NAME, body, refresh=any(b.building for b in ci.builds(state_dir)))


def build_page(record: BuildRecord) -> str:
    facts = [
        ("Estado", status_of(record)),
        ("TAG", record.tag),
        ("Rama", record.branch),
        ("Inicio", _when(record.timestamp)),
        ("Duración", f"{record.duration_s:.0f} s"),
        ("Etapa", record.stage or "-"),
    ]
    rows = "".join(f"<tr><th>{k}</th><td>{html.escape(v)}</td></tr>" for k, v in facts)
    body = f'<table>{rows}</table><p><a href="console">Console Output</a></p>'
    return page(f"{record.job} #{record.number}", body, refresh=record.building)


def console_page(record: BuildRecord, text: str) -> str:
    body = (
        f'<p class="{record.result or "building"}">{status_of(record)} · '
        f'<a href="consoleText">Ver como texto plano</a></p><pre>{html.escape(text)}</pre>'
    )
    return page(f"{record.job} #{record.number} · Console Output", body, refresh=record.building)


def resolve(state_dir: Path, ref: str) -> BuildRecord | None:
    if ref in ALIASES:
        wanted = ALIASES[ref]
        return next((b for b in ci.builds(state_dir) if wanted in (None, b.result)), None)
    return ci.build(state_dir, int(ref)) if ref.isdigit() else None


def job_json(state_dir: Path) -> str:
    builds = ci.builds(state_dir)
    body = {
        "name": ci.JOB_NAME,
        "url": f"{ci.JOB_URL}/",
        "builds": [{"number": b.number, "url": f"{ci.JOB_URL}/{b.number}/"} for b in builds],
        "lastBuild": {"number": builds[0].number} if builds else None,
    }
    return json.dumps(body, indent=2) + "\n"


def route(state_dir: Path, path: str) -> tuple[int, str, str]:
    """(status, content type, body) for a GET of path."""
    parts = [p for p in path.split("?")[0].split("/") if p]
    html_type, text_type, json_type = "text/html", "text/plain", "application/json"
    if parts in ([], ["view", "all"]):
        return 200, html_type, job_list(state_dir)
    if parts == ["api", "json"]:
        return 200, json_type, json.dumps({"jobs": [{"name": ci.JOB_NAME}]}) + "\n"
    if len(parts) < 2 or parts[:2] != ["job", ci.JOB_NAME]:
        return 404, text_type, "Not Found\n"
    rest = parts[2:]
    if not rest:
        return 200, html_type, history(state_dir)
    if rest == ["api", "json"]:
        return 200, json_type, job_json(state_dir)
    record = resolve(state_dir, rest[0])
    if record is None:
        return 404, text_type, "Not Found\n"
    view = rest[1:]
    if not view:
        return 200, html_type, build_page(record)
    if view == ["console"]:
        return 200, html_type, console_page(record, ci.console(state_dir, record.number))
    if view == ["consoleText"]:
        return 200, text_type, ci.console(state_dir, record.number)
    if view == ["api", "json"]:
        return 200, json_type, ci.api_json(record)
    return 404, text_type, "Not Found\n"


def handler_for(state_dir: Path) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "Jenkins-lab"

        def do_GET(self) -> None:
            status, kind, body = route(state_dir, self.path)
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the trainee's clicks are not the lab's business

    return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ci_server")
    parser.add_argument("--home", required=True, type=Path)
    parser.add_argument("--port", type=int, default=ci.CI_PORT)
    args = parser.parse_args(argv)
    server = ThreadingHTTPServer((ci.CI_HOST, args.port), handler_for(args.home / ".lab"))
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
