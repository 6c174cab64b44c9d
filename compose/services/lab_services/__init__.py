"""Offline stand-ins for the services INATrace talks to (stdlib only)."""
