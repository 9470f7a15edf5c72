"""``python -m kg.web [--build DIR] [--host H] [--port P]``: serve a build (what ``kg serve`` does)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import KgError
from ..paths import DEFAULT_BUILD
from .app import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.web", description=__doc__.split(":", 1)[1].strip())
    parser.add_argument("--build", type=Path, default=DEFAULT_BUILD, help="build directory holding kg.trig")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds a query may run")
    parser.add_argument("--max-rows", type=int, default=10000, help="rows (or triples) an answer may have")
    args = parser.parse_args(argv)
    try:
        serve(args.build, host=args.host, port=args.port, query_timeout=args.timeout, max_rows=args.max_rows)
    except KgError as exc:
        print(f"kg serve: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
