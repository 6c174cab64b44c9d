"""INATrace Ops Lab: the harness behind the `lab` command."""

__version__ = "0.1.0"
