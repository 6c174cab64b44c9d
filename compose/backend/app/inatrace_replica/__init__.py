"""Replica of the INATrace backend (Spring Boot 3.3 + MySQL) for the INATrace Ops Lab.

Seen from outside (HTTP, logs, exit codes, database tables) it behaves like the real
Java service, so that operators can practise on it; inside it is a small stdlib
Python program plus PyMySQL.
"""
