"""Signed exam results and the certificates made from them.

An exam result is serialised canonically and signed with the instructor's Ed25519 key;
a certificate (HTML or PDF) carries the signed result inside it and is rendered from it
deterministically, so `lab cert verify` can check the signature and that the visible
page is exactly what the signed result says. Self-study results are `practice`: unsigned,
and they never make a certificate.
"""
