"""`./dev bench cost`: the most expensive requests the limits let through, and what they cost.

Against a running server (`./dev serve`, the demo data holds the whole national hierarchy), as
the national viewer `bca_v05`. Each worst case is built to sit just under the query cost limit
with every counted node real (the hierarchy is not wide enough to fill `children(first: 100)`
under `children(first: 100)`, so the fullest response comes from aliased pages of districts with
a few children each), and to spend the other limits too: close to the token limit, objects that
the cost does not count (`parent` chains, up to the depth limit) on every node. The issue's
example — nested `children(first: 100)` with aliases — is refused before it runs; its time is
the time of the refusal.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import dataclass
from typing import Any

import httpx

UNIT_FIELDS = "id code name path kind subKind validFrom validTo"


def aliased_districts(limit: int, max_aliases: int = 30) -> str:
    """Aliased pages of 100 districts with up to 3 communes each (100 × (1 + c) per alias),
    filled greedily up to the cost limit: every counted node is a real one."""
    parts = []
    remaining = limit
    for i in range(max_aliases):
        kids = min(3, remaining // 100 - 1)
        if kids < 0:
            break
        remaining -= 100 * (1 + kids)
        nested = (
            f"children(first: {kids}) {{ edges {{ node {{ {UNIT_FIELDS} }} }} }}" if kids else ""
        )
        parts.append(
            f'a{i}: units(filter: {{kind: DISTRICT, asOf: "2024-06-01"}}, first: 100) {{ '
            f"edges {{ node {{ {UNIT_FIELDS} parent {{ code name parent {{ code }} }} "
            f"{nested} }} }} }}"
        )
    return "{ " + " ".join(parts) + " }"


NESTED_NATIONAL = (
    '{ unit(unit: "VN", asOf: "2024-06-01") { children(first: 49) { edges { node { '
    f"{UNIT_FIELDS} children(first: 100) {{ edges {{ node {{ {UNIT_FIELDS} "
    "parent { code name parent { code name } } } } } } } } } }"
)


def issue_example() -> str:
    """Three aliases of three nested children(first: 100) levels: refused (cost ≈ 3 million)."""
    inner = f"children(first: 100) {{ edges {{ node {{ {UNIT_FIELDS} }} }} }}"
    for _ in range(2):
        inner = f"children(first: 100) {{ edges {{ node {{ code {inner} }} }} }}"
    return (
        "{ "
        + " ".join(f'x{i}: unit(unit: "VN", asOf: "2024-06-01") {{ {inner} }}' for i in range(3))
        + " }"
    )


@dataclass
class Case:
    name: str
    query: str


def cases(limit: int) -> list[Case]:
    return [
        Case("aliased pages of 100 districts, up to 3 communes each", aliased_districts(limit)),
        Case("national: 49 provinces × children(first: 100)", NESTED_NATIONAL),
        Case("the issue's example: 3 aliases × 3 nested children(first: 100)", issue_example()),
    ]


def measure(client: httpx.Client, token: str, case: Case, repeat: int) -> dict[str, Any]:
    samples: list[float] = []
    size = 0
    body: dict[str, Any] = {}
    waited = 0.0
    while len(samples) < repeat:
        started = time.perf_counter()
        response = client.post(
            "/graphql", json={"query": case.query}, headers={"Authorization": f"Bearer {token}"}
        )
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code == 429:  # the person budget: wait as told, do not time it
            pause = float(response.headers["Retry-After"])
            waited += pause
            time.sleep(pause)
            continue
        samples.append(elapsed)
        size = len(response.content)
        body = response.json()
    errors = body.get("errors") or []
    refused = errors[0]["extensions"] if errors else None
    nodes = _count_nodes(body.get("data"))
    return {
        "case": case.name,
        "cost": cost_of(case.query),
        "refused": refused["code"] if refused else None,
        "nodes": nodes,
        "bytes": size,
        "tokens_hint": len(case.query.split()),
        "p50_ms": round(statistics.median(samples), 1),
        "max_ms": round(max(samples), 1),
        "waited_for_budget_s": waited,
    }


def cost_of(query: str) -> int:
    """The cost the server computes (graph/cost.py), with this process's settings."""
    from graphql import parse

    from core.config import get_settings
    from graph.cost import CostLimits, query_cost
    from graph.schema import schema

    settings = get_settings()
    limits = CostLimits(
        settings.max_query_cost, settings.default_page_size, settings.query_cost_list_fan_out
    )
    return query_cost(schema._schema, parse(query), None, None, limits)


def _count_nodes(data: Any) -> int:
    if isinstance(data, dict):
        return (1 if "node" in data else 0) + sum(_count_nodes(v) for v in data.values())
    if isinstance(data, list):
        return sum(_count_nodes(v) for v in data)
    return 0


def main(argv: list[str]) -> None:
    from authz.tokens import mint_dev_token
    from core.config import get_settings

    parser = argparse.ArgumentParser(prog="./dev bench cost")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    settings = get_settings()
    token = mint_dev_token(settings, "bca_v05")
    with httpx.Client(base_url=args.url, timeout=120) as client:
        results = [
            measure(client, token, case, args.repeat) for case in cases(settings.max_query_cost)
        ]
    print(json.dumps(results, indent=2, ensure_ascii=False))
