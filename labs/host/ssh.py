"""One ssh connection to a trainee's machine, shared by everything the instructor asks of it.

The system's `ssh` (the instructor's keys, known_hosts and ~/.ssh/config apply) opens one
master connection; every command and every tunnel rides on it, so a question costs a round
trip, not a handshake. The trainee's Docker engine, backend (port 8082) and MySQL (3306) are
forwarded to unix sockets in a private directory on the instructor's side. Docker's own
`ssh://` transport needs paramiko (not installed, and its socket ignores deadlines), so the
engine is reached through the forwarded socket with the ordinary unix transport instead.

LAB_SSH_CONFIG points at an ssh config file to use instead of ~/.ssh/config (the tests'
namespaces use one with their own key and host keys).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from labs.core.errors import EnvironmentProblem, UsageError
from labs.core.i18n import tr
from labs.host.models import CommandResult
from labs.host.shell import ms_since

CONNECT_TIMEOUT_S = 8
MASTER_TIMEOUT_S = 20


class SshTarget(BaseModel):
    """Where a trainee machine is: `ssh://user@host[:port]`."""

    model_config = ConfigDict(frozen=True)

    user: str | None = None
    host: str
    port: int | None = None

    @classmethod
    def parse(cls, url: str) -> SshTarget:
        parts = urlsplit(url if "://" in url else f"ssh://{url}")
        if parts.scheme != "ssh" or not parts.hostname:
            raise UsageError(
                tr(f"Dirección no válida: {url}", f"Not a valid address: {url}"),
                tr("Use ssh://usuario@máquina[:puerto].", "Use ssh://user@host[:port]."),
            )
        return cls(user=parts.username, host=parts.hostname, port=parts.port)

    @property
    def url(self) -> str:
        user = f"{self.user}@" if self.user else ""
        port = f":{self.port}" if self.port else ""
        return f"ssh://{user}{self.host}{port}"

    def destination(self) -> list[str]:
        argv = ["-p", str(self.port)] if self.port else []
        if self.user:
            argv += ["-l", self.user]
        return [*argv, self.host]


def ssh_base() -> list[str]:
    config = os.environ.get("LAB_SSH_CONFIG")
    argv = ["ssh", "-o", "BatchMode=yes", "-o", f"ConnectTimeout={CONNECT_TIMEOUT_S}"]
    return [*argv, "-F", config] if config else argv


def remote_command(argv: Sequence[str], cwd: str | None, env: Mapping[str, str]) -> str:
    """One shell line for the remote side: cd, environment, then the quoted argv."""
    line = shlex.join(argv)
    if env:
        line = "env " + " ".join(shlex.quote(f"{k}={v}") for k, v in env.items()) + " " + line
    if cwd:
        line = f"cd {shlex.quote(cwd)} && {line}"
    return line


class SshConnection:
    """A master connection plus unix-socket tunnels; `close` ends both."""

    def __init__(self, target: SshTarget) -> None:
        self.target = target
        self._dir: Path | None = None

    @property
    def directory(self) -> Path:
        if self._dir is None:
            raise RuntimeError("ssh connection not open")
        return self._dir

    @property
    def control(self) -> Path:
        return self.directory / "cm"

    def socket(self, name: str) -> Path:
        return self.directory / f"{name}.sock"

    def open(self, tunnels: Mapping[str, str]) -> None:
        """Connect once; tunnels maps a local socket name to a remote socket or host:port."""
        self._dir = Path(tempfile.mkdtemp(prefix="lab-ssh-"))
        forwards = [
            arg for name, far in tunnels.items() for arg in ("-L", f"{self.socket(name)}:{far}")
        ]
        argv = [
            *ssh_base(),
            # ControlPersist: a master left behind by a killed `lab` ends once idle.
            *("-M", "-N", "-f", "-S", str(self.control)),
            *("-o", "ControlPersist=120", "-o", "ExitOnForwardFailure=yes"),
            *("-o", "ServerAliveInterval=10", "-o", "StreamLocalBindUnlink=yes"),
            *forwards,
            *self.target.destination(),
        ]
        log = self.directory / "ssh.log"
        with log.open("wb") as err:
            # -f: ssh goes to the background once connected; its output must not hold a pipe.
            proc = subprocess.run(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                timeout=MASTER_TIMEOUT_S,
                check=False,
            )
        if proc.returncode != 0:
            reason = log.read_text(errors="replace").strip()
            self.close()
            raise EnvironmentProblem(
                tr(
                    f"No se puede conectar por ssh a {self.target.url}: {reason}",
                    f"Cannot reach {self.target.url} over ssh: {reason}",
                ),
                tr(
                    "Compruebe la dirección, que sshd corre allí y que su clave está en "
                    f"authorized_keys: `ssh {self.target.url} true`.",
                    "Check the address, that sshd runs there and that your key is in "
                    f"authorized_keys: `ssh {self.target.url} true`.",
                ),
            )

    def run(
        self,
        argv: Sequence[str],
        *,
        cwd: str | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = 60,
        input_bytes: bytes | None = None,
    ) -> CommandResult:
        """A command on the trainee's machine; a hang is a result (timed_out), not a crash."""
        line = remote_command(argv, cwd, env or {})
        return self.shell(line, timeout=timeout, input_bytes=input_bytes, argv=list(argv))

    def shell(
        self,
        line: str,
        *,
        timeout: float = 60,
        input_bytes: bytes | None = None,
        argv: list[str] | None = None,
    ) -> CommandResult:
        started = time.monotonic()
        full = [*ssh_base(), "-S", str(self.control), *self.target.destination(), "--", line]
        try:
            proc = subprocess.run(
                full,
                input=input_bytes,
                capture_output=True,
                timeout=timeout,
                check=False,
                stdin=None if input_bytes is not None else subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            return CommandResult(
                argv=argv or [line],
                returncode=-1,
                stdout="",
                timed_out=True,
                elapsed_ms=ms_since(started),
            )
        return CommandResult(
            argv=argv or [line],
            returncode=proc.returncode,
            stdout=proc.stdout.decode(errors="replace"),
            stderr=proc.stderr.decode(errors="replace"),
            elapsed_ms=ms_since(started),
        )

    def read_bytes(self, line: str, *, timeout: float = 300) -> tuple[int, bytes, str]:
        """The raw standard output of a remote command (a tar stream, a file)."""
        full = [*ssh_base(), "-S", str(self.control), *self.target.destination(), "--", line]
        proc = subprocess.run(
            full, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, check=False
        )
        return proc.returncode, proc.stdout, proc.stderr.decode(errors="replace")

    def send_file(self, local: Path, remote: str, *, timeout: float = 1800) -> CommandResult:
        """Stream a local file to a path on the trainee's machine (no scp/sftp needed)."""
        started = time.monotonic()
        line = f"cat > {shlex.quote(remote)}"
        full = [*ssh_base(), "-S", str(self.control), *self.target.destination(), "--", line]
        with local.open("rb") as source:
            proc = subprocess.run(
                full, stdin=source, capture_output=True, timeout=timeout, check=False
            )
        return CommandResult(
            argv=["send", str(local), remote],
            returncode=proc.returncode,
            stdout="",
            stderr=proc.stderr.decode(errors="replace"),
            elapsed_ms=ms_since(started),
        )

    def close(self) -> None:
        if self._dir is None:
            return
        if self.control.exists():
            subprocess.run(
                [*ssh_base(), "-S", str(self.control), "-O", "exit", *self.target.destination()],
                capture_output=True,
                timeout=10,
                check=False,
            )
        shutil.rmtree(self._dir, ignore_errors=True)
        self._dir = None
