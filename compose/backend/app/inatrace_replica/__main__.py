"""`python3 -m inatrace_replica`: the container's entry point."""

from .app import run

run()
