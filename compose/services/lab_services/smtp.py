"""A fake SMTP server for the team's mail account: EHLO, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA.

Plain SMTP (no TLS: nothing leaves the machine). It accepts mail only after a login with
the account in MAIL_USERNAME / MAIL_PASSWORD, as a real provider does, and keeps each
message under MAILBOX (one .eml per message) so the lab can see what was delivered.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import socketserver
import sys
from pathlib import Path

HOSTNAME = "smtp.fortaleza.lab"
BAD_AUTH = "535 5.7.8 Authentication credentials invalid"


def log(text: str) -> None:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    sys.stdout.write(f"{stamp} smtp: {text}\n")


def check_plain(blob: str) -> str | None:
    """The user an AUTH PLAIN blob logs in as, when its password is the account's."""
    try:
        parts = base64.b64decode(blob).split(b"\0")
    except ValueError:
        return None
    if len(parts) != 3:
        return None
    user, password = parts[1].decode(errors="replace"), parts[2].decode(errors="replace")
    return user if _account_ok(user, password) else None


def _account_ok(user: str, password: str) -> bool:
    return user == os.environ.get("MAIL_USERNAME", "") and password == os.environ.get(
        "MAIL_PASSWORD", ""
    )


def _b64(text: str) -> str:
    try:
        return base64.b64decode(text).decode(errors="replace")
    except ValueError:
        return ""


class Session(socketserver.StreamRequestHandler):
    timeout = 60

    def reply(self, text: str) -> None:
        self.wfile.write((text + "\r\n").encode())

    def readline(self) -> str | None:
        raw = self.rfile.readline(65536)
        return raw.decode(errors="replace").rstrip("\r\n") if raw else None

    def handle(self) -> None:
        peer = self.client_address[0]
        self.user: str | None = None
        self.sender = ""
        self.rcpts: list[str] = []
        log(f"connect from {peer}")
        self.reply(f"220 {HOSTNAME} ESMTP ready")
        while (line := self.readline()) is not None:
            verb, _, arg = line.partition(" ")
            if not self.command(verb.upper(), arg, peer):
                break

    def command(self, verb: str, arg: str, peer: str) -> bool:
        if verb in ("EHLO", "HELO"):
            self.wfile.write(f"250-{HOSTNAME}\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n".encode())
        elif verb == "AUTH":
            self.auth(arg, peer)
        elif verb == "MAIL":
            self.mail(arg, peer)
        elif verb == "RCPT":
            self.rcpts.append(arg.partition(":")[2].strip().strip("<>"))
            self.reply("250 2.1.5 Ok")
        elif verb == "DATA":
            self.data()
        elif verb == "RSET":
            self.sender, self.rcpts = "", []
            self.reply("250 2.0.0 Ok")
        elif verb == "NOOP":
            self.reply("250 2.0.0 Ok")
        elif verb == "QUIT":
            self.reply("221 2.0.0 Bye")
            return False
        else:
            self.reply("502 5.5.2 Error: command not recognized")
        return True

    def auth(self, arg: str, peer: str) -> None:
        mech, _, rest = arg.partition(" ")
        user: str | None = None
        if mech.upper() == "PLAIN":
            if not rest:
                self.reply("334 ")
                rest = self.readline() or ""
            user = check_plain(rest.strip())
        elif mech.upper() == "LOGIN":
            self.reply("334 VXNlcm5hbWU6")
            name = _b64(self.readline() or "")
            self.reply("334 UGFzc3dvcmQ6")
            user = name if _account_ok(name, _b64(self.readline() or "")) else None
        if user is None:
            log(f"authentication failed from {peer}")
            self.reply(BAD_AUTH)
            return
        self.user = user
        log(f"login {user} from {peer}")
        self.reply("235 2.7.0 Authentication successful")

    def mail(self, arg: str, peer: str) -> None:
        if self.user is None:
            log(f"rejected MAIL without login from {peer}")
            self.reply("530 5.7.0 Authentication required")
            return
        self.sender, self.rcpts = arg.partition(":")[2].strip().strip("<>"), []
        self.reply("250 2.1.0 Ok")

    def data(self) -> None:
        if not self.sender or not self.rcpts:
            self.reply("503 5.5.1 Error: need MAIL and RCPT command")
            return
        self.reply("354 End data with <CR><LF>.<CR><LF>")
        lines: list[str] = []
        while (line := self.readline()) is not None and line != ".":
            lines.append(line[1:] if line.startswith("..") else line)
        box = Path(os.environ.get("MAILBOX", "/tmp/mailbox"))
        box.mkdir(parents=True, exist_ok=True)
        name = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f") + ".eml"
        (box / name).write_text("\n".join(lines) + "\n")
        log(f"delivered from {self.sender} to {', '.join(self.rcpts)} ({name})")
        self.sender, self.rcpts = "", []
        self.reply("250 2.0.0 Ok: queued")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def serve() -> int:
    port = int(os.environ.get("PORT", "2525"))
    log(f"listening on :{port}")
    Server(("0.0.0.0", port), Session).serve_forever()
    return 0
