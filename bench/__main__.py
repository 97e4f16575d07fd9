"""`./dev bench authz|generate|run|load|http`: see README "Benchmarks"."""

from __future__ import annotations

import sys


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else "authz"
    if name == "authz":
        from bench.authz import main as run
    elif name == "generate":
        from bench.generate import main as run
    elif name == "run":
        from bench.run import main as run
    elif name == "load":
        from bench.load import main as run
    elif name == "http":
        from bench.http import main as run
    else:
        raise SystemExit(f"unknown benchmark {name!r}; known: authz, generate, run, load, http")
    run(sys.argv[2:])


if __name__ == "__main__":
    main()
