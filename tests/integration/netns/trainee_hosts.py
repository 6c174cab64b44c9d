"""Trainee machines on one test machine: a network namespace each, with its own dockerd and sshd.

Every namespace gets a veth pair with a /30 inside 10.213.0.0/16 (the host's end .1, the
namespace's .2), so traffic only ever goes between this machine and the namespaces it made.
dockerd is started with `nsenter --net=…` (not `ip netns exec`, which remounts /sys and hides
the cgroup mounts) and has its own data root, exec root, socket and pidfile; sshd listens on the
namespace's address only and hands every session DOCKER_HOST, so `docker` and `lab` typed over
ssh talk to that namespace's engine, and PATH leads to the `lab` of the virtualenv running the
tests. The namespaces share this machine's filesystem (that virtualenv), which stands in for
"lab is installed on the trainee machine".

Teardown is always complete: containers removed, daemons and every process left in the
namespace killed, mounts under the data roots unmounted, namespaces deleted (which deletes the
veth pair), directories removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

NETNS_PREFIX = "ilab-t"
NETNS_DIR = Path("/var/run/netns")
RUN_BASE = Path("/run/ilab")  # short: unix socket paths must stay under 108 bytes
TOOLS = ("ip", "nsenter", "dockerd", "docker", "ssh", "ssh-keygen")
SSHD = "/usr/sbin/sshd"
LAB_IMAGES = "inatrace-lab/*"
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def missing_requirements() -> str | None:
    """Why trainee namespaces cannot be made here, or None when they can."""
    if os.geteuid() != 0:
        return "trainee namespaces need root (ip netns, a second dockerd)"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not Path(SSHD).is_file():
        missing.append("sshd (apt-get install -y openssh-server)")
    if missing:
        return "missing tools for trainee namespaces: " + ", ".join(missing)
    return None


def run(*argv: str, check: bool = True, timeout: float = 120, **kw: object) -> str:
    proc = subprocess.run(
        list(argv), capture_output=True, text=True, timeout=timeout, check=False, **kw
    )  # type: ignore[call-overload]
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} → {proc.returncode}: {proc.stderr.strip()}")
    return str(proc.stdout)


@dataclass
class TraineeHost:
    index: int
    root: Path  # data root, keys, configs (on disk)
    timings: dict[str, float] = field(default_factory=dict)
    _procs: list[subprocess.Popen[bytes]] = field(default_factory=list, repr=False)

    @property
    def netns(self) -> str:
        return f"{NETNS_PREFIX}{self.index}"

    @property
    def veth_host(self) -> str:
        return f"ilabt{self.index}h"

    @property
    def veth_ns(self) -> str:
        return f"ilabt{self.index}n"

    @property
    def host_address(self) -> str:
        return f"10.213.{self.index}.1"

    @property
    def address(self) -> str:
        return f"10.213.{self.index}.2"

    @property
    def run_dir(self) -> Path:
        return RUN_BASE / f"t{self.index}"

    @property
    def docker_socket(self) -> Path:
        return self.run_dir / "docker.sock"

    @property
    def docker_host(self) -> str:
        return f"unix://{self.docker_socket}"

    @property
    def url(self) -> str:
        return f"ssh://root@{self.address}"

    def nsenter(self, *argv: str) -> list[str]:
        return ["nsenter", f"--net={NETNS_DIR / self.netns}", *argv]

    def docker(self, *args: str, timeout: float = 120) -> str:
        return run("docker", "-H", self.docker_host, *args, timeout=timeout)

    # --- bring up ---------------------------------------------------------------------
    def create_network(self) -> None:
        run("ip", "netns", "add", self.netns)
        run("ip", "link", "add", self.veth_host, "type", "veth", "peer", "name", self.veth_ns)
        run("ip", "link", "set", self.veth_ns, "netns", self.netns)
        run("ip", "addr", "add", f"{self.host_address}/30", "dev", self.veth_host)
        run("ip", "link", "set", self.veth_host, "up")
        ns = ("ip", "-n", self.netns)
        run(*ns, "addr", "add", f"{self.address}/30", "dev", self.veth_ns)
        run(*ns, "link", "set", self.veth_ns, "up")
        run(*ns, "link", "set", "lo", "up")

    def start_dockerd(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        (self.root / "data").mkdir(parents=True, exist_ok=True)
        config = self.root / "daemon.json"
        config.write_text("{}\n")  # never inherit the machine's /etc/docker/daemon.json
        log = (self.root / "dockerd.log").open("wb")
        argv = self.nsenter(
            "dockerd",
            f"--config-file={config}",
            f"--data-root={self.root / 'data'}",
            f"--exec-root={self.run_dir / 'exec'}",
            f"--pidfile={self.run_dir / 'dockerd.pid'}",
            f"-H={self.docker_host}",
            f"--bip=10.214.{self.index}.1/24",
            f"--default-address-pool=base=10.215.{self.index}.0/24,size=28",
        )
        self._procs.append(subprocess.Popen(argv, stdout=log, stderr=log, start_new_session=True))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            probe = subprocess.run(
                ["docker", "-H", self.docker_host, "version", "--format", "{{.Server.Version}}"],
                capture_output=True,
                check=False,
            )
            if probe.returncode == 0:
                return
            time.sleep(0.2)
        raise RuntimeError(f"dockerd in {self.netns} did not answer; see {self.root}/dockerd.log")

    def start_sshd(self, client_public_key: Path) -> None:
        keys = self.root / "ssh"
        keys.mkdir(parents=True, exist_ok=True)
        (self.root / "home").mkdir(exist_ok=True)
        host_key = keys / "host_ed25519"
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key))
        shutil.copy(client_public_key, keys / "authorized_keys")
        config = keys / "sshd_config"
        config.write_text(self._sshd_config(host_key, keys / "authorized_keys"))
        Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege-separation directory
        log = (self.root / "sshd.log").open("wb")
        argv = self.nsenter(SSHD, "-D", "-e", "-f", str(config))
        self._procs.append(subprocess.Popen(argv, stdout=log, stderr=log, start_new_session=True))

    def _sshd_config(self, host_key: Path, authorized: Path) -> str:
        return "\n".join(
            [
                f"ListenAddress {self.address}",
                "Port 22",
                f"HostKey {host_key}",
                f"PidFile {self.run_dir / 'sshd.pid'}",
                f"AuthorizedKeysFile {authorized}",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "AllowStreamLocalForwarding yes",
                "AllowTcpForwarding yes",
                # A clean home: the test machine's root has a slow ~/.bashrc (pyenv), which
                # a trainee's account would not have and which every ssh command would pay.
                # The `lab` of the tree under test (its virtualenv first on PATH), not
                # whatever /usr/local/bin/lab links to: several trees share this machine.
                f"SetEnv DOCKER_HOST={self.docker_host} HOME={self.root / 'home'}"
                f" PATH={Path(sys.executable).parent}:{SYSTEM_PATH}"
                " LAB_BACKEND_START=fast TESTCONTAINERS_RYUK_DISABLED=true",
                "Subsystem sftp internal-sftp",
                "",
            ]
        )

    def host_key_line(self) -> str:
        public = (self.root / "ssh" / "host_ed25519.pub").read_text().split()
        return f"{self.address} {public[0]} {public[1]}"

    def load_images(self, archive: Path) -> None:
        self.docker("load", "-i", str(archive), timeout=600)

    # --- tear down --------------------------------------------------------------------
    def teardown(self) -> list[str]:
        """Everything this host made goes; returns what could not be undone (for the test)."""
        problems: list[str] = []
        for step in (
            self._remove_containers,
            self._stop_processes,
            self._kill_leftovers,
            self._unmount,
            self._delete_network,
            self._remove_dirs,
        ):
            try:
                step()
            except Exception as exc:  # keep tearing down: one failure must not leave the rest
                problems.append(f"{self.netns} {step.__name__}: {exc}")
        return problems

    def _remove_containers(self) -> None:
        if not self.docker_socket.exists():
            return
        ids = run("docker", "-H", self.docker_host, "ps", "-aq", check=False, timeout=30).split()
        if ids:
            run("docker", "-H", self.docker_host, "rm", "-f", "-v", *ids, check=False, timeout=60)

    def _stop_processes(self) -> None:
        for proc in reversed(self._procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self._procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)

    def _kill_leftovers(self) -> None:
        # Only processes inside this test's own namespace (containerd shims, sshd sessions).
        if not (NETNS_DIR / self.netns).exists():
            return
        for pid in run("ip", "netns", "pids", self.netns, check=False).split():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)

    def _unmount(self) -> None:
        ours = (str(self.root), str(self.run_dir))
        mounts = [line.split()[1] for line in Path("/proc/mounts").read_text().splitlines()]
        for target in sorted((m for m in mounts if m.startswith(ours)), reverse=True):
            run("umount", "-l", target, check=False)

    def _delete_network(self) -> None:
        if (NETNS_DIR / self.netns).exists():
            run("ip", "netns", "del", self.netns)
        if Path(f"/sys/class/net/{self.veth_host}").exists():
            run("ip", "link", "del", self.veth_host)

    def _remove_dirs(self) -> None:
        shutil.rmtree(self.run_dir, ignore_errors=True)
        shutil.rmtree(self.root, ignore_errors=True)
        with contextlib.suppress(OSError):
            RUN_BASE.rmdir()  # only when no other trainee host still uses it


def save_lab_images(target: Path, refs: list[str] | None = None) -> list[str]:
    """The lab's images only (`inatrace-lab/*`), saved once for every namespace."""
    if refs is None:
        listed = run("docker", "images", LAB_IMAGES, "--format", "{{.Repository}}:{{.Tag}}")
        refs = sorted(set(listed.split()))
    run("docker", "save", "-o", str(target), *refs, timeout=600)
    return refs


def write_client_ssh(hosts: list[TraineeHost], directory: Path) -> Path:
    """An instructor-side ssh config: the test key, the namespaces' host keys, no prompts."""
    key = directory / "id_ed25519"
    if not key.exists():
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key))
    known = directory / "known_hosts"
    known.write_text("".join(h.host_key_line() + "\n" for h in hosts if (h.root / "ssh").exists()))
    config = directory / "config"
    config.write_text(
        "Host 10.213.*\n"
        f"  IdentityFile {key}\n"
        "  IdentitiesOnly yes\n"
        f"  UserKnownHostsFile {known}\n"
        "  StrictHostKeyChecking yes\n"
        "  BatchMode yes\n"
        "  ConnectTimeout 5\n"
    )
    return config


def client_key(directory: Path) -> Path:
    key = directory / "id_ed25519"
    if not key.exists():
        directory.mkdir(parents=True, exist_ok=True)
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key))
    return key.with_suffix(".pub")


def leftover_namespaces() -> list[str]:
    listed = run("ip", "netns", "list", check=False).split("\n")
    return [line.split()[0] for line in listed if line.startswith(NETNS_PREFIX)]


@contextlib.contextmanager
def trainee_hosts(
    count: int, workdir: Path, *, images: Path | None = None
) -> Iterator[list[TraineeHost]]:
    """`count` trainee machines, ready for ssh and with the lab's images; always torn down."""
    stale = leftover_namespaces()
    if stale:
        raise RuntimeError(f"namespaces from an earlier run still exist: {stale}")
    hosts = [TraineeHost(index=i + 1, root=workdir / f"t{i + 1}") for i in range(count)]
    ssh_dir = workdir / "ssh-client"
    try:
        public = client_key(ssh_dir)
        for host in hosts:
            started = time.monotonic()
            host.create_network()
            host.start_dockerd()
            host.start_sshd(public)
            host.timings["network_dockerd_sshd_s"] = round(time.monotonic() - started, 2)
        write_client_ssh(hosts, ssh_dir)
        for host in hosts:
            _wait_for_ssh(host, ssh_dir / "config")
        if images is not None:
            _load_everywhere(hosts, images)
        yield hosts
    finally:
        problems = [p for host in hosts for p in host.teardown()]
        shutil.rmtree(ssh_dir, ignore_errors=True)
        if problems:
            raise RuntimeError("teardown left something behind: " + "; ".join(problems))


def _load_everywhere(hosts: list[TraineeHost], archive: Path) -> None:
    started = time.monotonic()
    loads = [
        (
            h,
            subprocess.Popen(
                ["docker", "-H", h.docker_host, "load", "-i", str(archive)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            ),
        )
        for h in hosts
    ]
    for host, proc in loads:
        _, err = proc.communicate(timeout=900)
        if proc.returncode != 0:
            raise RuntimeError(f"docker load into {host.netns}: {err.decode()}")
        host.timings["images_load_s"] = round(time.monotonic() - started, 2)


def _wait_for_ssh(host: TraineeHost, config: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        probe = subprocess.run(
            ["ssh", "-F", str(config), f"root@{host.address}", "true"],
            capture_output=True,
            check=False,
            timeout=15,
        )
        if probe.returncode == 0:
            return
        time.sleep(0.2)
    raise RuntimeError(f"sshd in {host.netns} did not answer; see {host.root}/sshd.log")
