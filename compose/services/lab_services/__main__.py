"""`python3 -m lab_services <role>`: exchange-rate | smtp | nginx | probe <role>."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    role = argv[0] if argv else "exchange-rate"
    if role == "exchange-rate":
        from lab_services import exchange_rate

        return exchange_rate.serve()
    if role == "smtp":
        from lab_services import smtp

        return smtp.serve()
    if role == "nginx":
        from lab_services import nginx

        return nginx.serve()
    if role == "probe":
        from lab_services import probe

        return probe.run(argv[1:])
    print(f"unknown role {role!r}: exchange-rate | smtp | nginx | probe", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
