"""`runbook-commands`: the read-only commands a runbook tells the next technician to run
really work on this host (container names, ports, paths).

Práctica 28 consolidates the course into a runbook. A runbook whose `docker logs` names a
container that does not exist, or whose `curl` hits the wrong port, fails the person
who follows it at 3 a.m. The grader takes every command in the document's code (inline
`code` and fenced blocks), keeps only the read-only ones it may run (`docker ps`,
`docker logs`, `docker inspect`, `docker images`, `docker stats --no-stream`,
`docker compose ps/logs/config`, `curl` GETs to this machine, `df`, `du`, `ls`, `cat`,
`grep`, `tail`, `head`, `free`, `crontab -l`; pipes only into grep/head/tail/jq/wc/sort;
a redirect only into /tmp, which is dropped), rewrites the course's /opt/inatrace to
$LAB_HOME, runs each with a deadline from the deploy directory, and asks that they all
succeed. Commands with placeholders (`<contenedor>`, `[env]`) and anything else are
skipped: they are for a person, not for this check.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath
from grader.context import CheckContext
from labs.core.i18n import tr

READ_ONLY = re.compile(
    r"^(docker\s+(ps|logs|inspect|images|stats\s+--no-stream|compose\s+(ps|logs|config))\b"
    r"|curl\s|df\b|du\b|ls\b|cat\s|grep\s|tail\s|head\s|free\b|crontab\s+-l\b)"
)
PIPE_INTO = re.compile(r"^(grep|head|tail|jq|wc|sort|uniq)\b")
# Chains, substitutions, placeholders, writes, and commands that never end (`logs -f`).
FORBIDDEN = re.compile(
    r";|&&|\|\||\$\(|`|<[^>\s]*>|\[(env|[A-Z][^\]]*)\]|-X\s|\s-d\s"
    r"|\b(logs|tail)\b[^|]*\s(-f|--follow)\b"
)
MAX_RUN = 15


class RunbookCommandsSpec(CheckSpec):
    kind: Literal["runbook-commands"]
    path: RelPath = "runbook-inatrace.md"
    min_commands: int = Field(default=4, ge=1)
    timeout: float = Field(default=10, gt=0, le=60)


def commands(text: str) -> list[str]:
    """Inline code spans and fenced lines, in order, each once."""
    fenced = re.findall(r"(?ms)^```[^\n]*\n(.*?)^```", text)
    outside = re.sub(r"(?ms)^```.*?^```", "", text)
    found = [line for block in fenced for line in block.splitlines()]
    found += re.findall(r"`([^`\n]+)`", outside)
    lines = (c.strip() for c in found if not c.strip().startswith("#"))
    cleaned = [re.sub(r"^\$\s+", "", c) for c in lines]
    return list(dict.fromkeys(c for c in cleaned if c))


def runnable(command: str) -> str | None:
    """The command as the check runs it, or None when it is not one to run."""
    command = re.sub(r"\s+>\s*/tmp/\S+\s*$", "", command)
    if (
        not READ_ONLY.match(command)
        or FORBIDDEN.search(command)
        or ">" in command.replace("2>&1", "")
    ):
        return None
    if command.startswith("curl") and not re.search(r"//(localhost|127\.0\.0\.1)[:/]", command):
        return None
    stages = [s.strip() for s in command.split("|")]
    if any(not PIPE_INTO.match(stage) for stage in stages[1:]):
        return None
    return command


class RunbookCommands(Check[RunbookCommandsSpec]):
    kind = "runbook-commands"
    Spec = RunbookCommandsSpec

    def evaluate(self, spec: RunbookCommandsSpec, ctx: CheckContext) -> Outcome:
        path = ctx.path(spec.path)
        if not path.is_file():
            return Outcome.unavailable(
                tr(f"No existe $LAB_HOME/{spec.path}.", f"$LAB_HOME/{spec.path} does not exist."),
                tr("Cree el runbook en esa ruta.", "Create the runbook there."),
            )
        home = str(ctx.tree.root)
        text = path.read_text(errors="replace").replace("/opt/inatrace", home)
        chosen = [c for c in map(runnable, commands(text)) if c][:MAX_RUN]
        failing = [c for c in chosen if not self._works(c, ctx, spec.timeout)]
        assertions = [
            Assertion(
                tr("órdenes de verificación en el runbook", "checking commands in the runbook"),
                len(chosen) >= spec.min_commands,
                tr(f"{len(chosen)} órdenes", f"{len(chosen)} commands"),
                f"≥ {spec.min_commands}",
                tr(
                    "Escriba en cada SOP las órdenes exactas (`docker ps`, `docker logs …`, "
                    "`curl …/actuator/health`), no solo su descripción.",
                    "Write each SOP's exact commands (`docker ps`, `docker logs …`, "
                    "`curl …/actuator/health`), not just their description.",
                ),
            ),
            Assertion(
                tr("las órdenes funcionan en este servidor", "the commands work on this host"),
                not failing,
                "; ".join(failing)[:300],
                fix=tr(
                    "Ejecútelas usted mismo: nombres de contenedores, puertos y rutas deben ser "
                    "los de este despliegue.",
                    "Run them yourself: container names, ports and paths must be this "
                    "deployment's.",
                ),
            ),
        ]
        return Outcome.from_assertions(assertions, {"ran": "\n".join(chosen)})

    def _works(self, command: str, ctx: CheckContext, timeout: float) -> bool:
        script = f"set -o pipefail; {command}"
        result = ctx.run(["bash", "-c", script], ctx.tree.deploy_dir, timeout)
        if result.timed_out:
            return False
        # grep finding nothing is an answer, not a broken command; an error message is not.
        quiet_grep = result.returncode == 1 and "grep" in command and not result.stderr.strip()
        return result.returncode == 0 or quiet_grep


CHECK = RunbookCommands
