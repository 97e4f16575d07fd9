"""`./dev bench <scenario>`: see README "Benchmarks". Without a scenario, lists them: a
benchmark takes minutes and loads the machine, so it never starts by default."""

from __future__ import annotations

import sys

SCENARIOS = {
    "generate": (
        "bench.generate",
        "build the national dataset in the database antq_bench (about 4 minutes)",
    ),
    "run": (
        "bench.run",
        "measure rollups, lists and a campaign on that dataset against their SQL floor",
    ),
    "authz": ("bench.authz", "the authorizer with 10,000 users and 50,000 role assignments"),
    "load": ("bench.load", "the load test against a server you run (./dev serve)"),
    "cost": (
        "bench.cost",
        "the worst-case request the query cost limit allows, against a "
        "running server (size and time)",
    ),
    "http": (
        "bench.http",
        "throughput over HTTP: this API, PostGraphile and a bare asyncpg "
        "server on the same database, interleaved rounds",
    ),
    "startup": (
        "bench.startup",
        "a fresh clone: demo seed into an empty database, first answer of serve, warm start",
    ),
}


def usage() -> str:
    lines = ["usage: ./dev bench <scenario> [options]   (./dev bench <scenario> --help)", ""]
    lines += [f"  {name:<9} {text}" for name, (_, text) in SCENARIOS.items()]
    lines += ["", "Results with the machine and the date: bench/RESULTS.md."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(usage())
        return
    name, rest = argv[0], argv[1:]
    if name not in SCENARIOS:
        print(f"unknown scenario {name!r}\n\n{usage()}", file=sys.stderr)
        raise SystemExit(2)
    from importlib import import_module

    from api.console import configure_cli_logging
    from core.config import Settings

    configure_cli_logging(Settings())  # progress of migrations and seeding, quiet libraries
    import_module(SCENARIOS[name][0]).main(rest)


if __name__ == "__main__":
    main()
