"""The INATrace Ops Lab grader: evidence, checks, scoring and the results document."""

__version__ = "0.1.0"
