"""The grader's version, stamped on every results document."""

__version__ = "0.1.0"
