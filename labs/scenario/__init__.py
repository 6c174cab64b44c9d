"""Scenario files: loading, variables, friendly validation and solution steps."""
