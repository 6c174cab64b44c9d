"""RemoteHost without a network: a recording ssh connection stands in for the trainee's machine."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from labs.core.errors import EnvironmentProblem, UsageError
from labs.host.models import CommandResult
from labs.host.remote import RemoteHost, extract_tar
from labs.host.ssh import SshConnection, SshTarget, remote_command


class RecordingConnection(SshConnection):
    """Answers commands from a table; remembers every command line it was given."""

    def __init__(self, answers: Mapping[str, CommandResult] | None = None) -> None:
        super().__init__(SshTarget(host="10.0.0.9", user="aprendiz"))
        self.answers = dict(answers or {})
        self.calls: list[tuple[list[str], str | None, dict[str, str]]] = []
        self.streams: dict[str, bytes] = {}

    def run(
        self,
        argv: Sequence[str],
        *,
        cwd: str | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = 60,
        input_bytes: bytes | None = None,
    ) -> CommandResult:
        self.calls.append((list(argv), cwd, dict(env or {})))
        return self.answers.get(argv[0], CommandResult(argv=list(argv), returncode=0, stdout=""))

    def read_bytes(self, line: str, *, timeout: float = 300) -> tuple[int, bytes, str]:
        for prefix, data in self.streams.items():
            if line.startswith(prefix):
                return 0, data, ""
        return 1, b"", "no such file"


def _host(conn: RecordingConnection, local: Path | None = None) -> RemoteHost:
    return RemoteHost(
        conn.target, remote_home="/home/aprendiz/inatrace-lab", local_home=local, connection=conn
    )


def test_an_ssh_address_gives_user_host_and_port() -> None:
    target = SshTarget.parse("ssh://aprendiz@pc-07:2222")
    assert (target.user, target.host, target.port) == ("aprendiz", "pc-07", 2222)
    assert target.destination() == ["-p", "2222", "-l", "aprendiz", "pc-07"]
    assert SshTarget.parse("aprendiz@pc-07").url == "ssh://aprendiz@pc-07"


def test_an_address_that_is_not_ssh_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        SshTarget.parse("http://pc-07")


def test_a_remote_command_line_quotes_every_argument() -> None:
    line = remote_command(["sh", "-c", "echo $HOME; rm x"], "/tmp/a b", {"K": "v w"})
    assert line == "cd '/tmp/a b' && env 'K=v w' sh -c 'echo $HOME; rm x'"


def test_a_command_runs_in_the_trainees_workspace_not_the_instructors_copy(tmp_path: Path) -> None:
    conn = RecordingConnection()
    host = _host(conn, local=tmp_path / "copia")
    script = tmp_path / "copia" / "home" / "usuario" / "verificar.sh"
    host.run(["bash", str(script)], script.parent, {"LAB_HOME": str(tmp_path / "copia")}, 10)
    argv, cwd, env = conn.calls[-1]
    assert argv == ["bash", "/home/aprendiz/inatrace-lab/home/usuario/verificar.sh"]
    assert cwd == "/home/aprendiz/inatrace-lab/home/usuario"
    assert env == {"LAB_HOME": "/home/aprendiz/inatrace-lab"}


def test_port_holders_come_from_ss_on_the_trainees_machine() -> None:
    out = 'LISTEN 0 4096 0.0.0.0:8082 0.0.0.0:* users:(("docker-proxy",pid=41,fd=4))\n'
    conn = RecordingConnection({"ss": CommandResult(argv=["ss"], returncode=0, stdout=out)})
    holders = _host(conn).port_processes(8082)
    assert [(h.process, h.pid) for h in holders] == [("docker-proxy", 41)]


def test_a_missing_remote_file_has_no_stat_and_no_content() -> None:
    conn = RecordingConnection({"stat": CommandResult(argv=["stat"], returncode=1, stdout="")})
    host = _host(conn)
    assert host.stat("/nope") is None
    assert host.read_file("/nope") is None


def test_stat_reads_size_time_and_mode() -> None:
    answer = CommandResult(argv=["stat"], returncode=0, stdout="120 1764590000 644\n")
    got = _host(RecordingConnection({"stat": answer})).stat("/x")
    assert got is not None
    assert (got.size, got.mode) == (120, "644")


def _tar(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_a_fetched_tree_lands_under_the_target_only(tmp_path: Path) -> None:
    conn = RecordingConnection()
    conn.streams["tar "] = _tar({"./notas/bitacora.md": b"| Fecha |\n"})
    count = _host(conn).fetch_tree("/home/aprendiz/inatrace-lab", tmp_path / "copia")
    assert count == 1
    assert (tmp_path / "copia" / "notas" / "bitacora.md").read_text() == "| Fecha |\n"


def test_a_tar_that_points_outside_the_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(tarfile.TarError):
        extract_tar(_tar({"../fuera.txt": b"x"}), tmp_path / "copia")
    assert not (tmp_path / "fuera.txt").exists()


def test_a_workspace_that_cannot_be_copied_says_how_to_fix() -> None:
    with pytest.raises(EnvironmentProblem) as raised:
        _host(RecordingConnection()).fetch_tree("/nope", Path("/tmp/never"))
    assert "lab class doctor" in raised.value.fix


class ListingConnection(RecordingConnection):
    """Answers the /tmp search with a fixed listing (mtime and name per line)."""

    def __init__(self, listing: str) -> None:
        super().__init__()
        self.listing = listing
        self.lines: list[str] = []

    def shell(
        self,
        line: str,
        *,
        timeout: float = 60,
        input_bytes: bytes | None = None,
        argv: list[str] | None = None,
    ) -> CommandResult:
        self.lines.append(line)
        return CommandResult(argv=["sh"], returncode=0, stdout=self.listing)


def test_the_trainees_tmp_exports_are_found_there_and_copied_beside_the_copy(
    tmp_path: Path,
) -> None:
    conn = ListingConnection("1764583200.5 backend-logs-1.log\n1764583300.0 backend-logs-2.log\n")
    conn.streams["cat -- /tmp/backend-logs-2.log"] = b"nuevo\n"
    conn.streams["cat -- /tmp/backend-logs-1.log"] = b"viejo\n"
    copy = tmp_path / "aprendices" / "ana" / "espacio"
    found = _host(conn, copy).tmp_exports("backend-logs-*.log", 1764583000)
    assert [p.name for p in found] == ["backend-logs-2.log", "backend-logs-1.log"]
    assert found[0].read_text() == "nuevo\n"
    assert found[0].parent == tmp_path / "aprendices" / "ana" / "tmp-aprendiz"
    assert int(found[0].stat().st_mtime) == 1764583300
    search = conn.lines[0]
    assert "-name 'backend-logs-*.log'" in search
    assert '-user "$(id -u)"' in search
    assert "-newermt @1764583000" in search
