"""Every list of plans, targets, models, campaigns and assessments is a Relay connection with
`totalCount`: the count of every page the caller can walk, read in one statement when asked."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.server import LiveServer, UserClient

# (root field with its filters, arguments as GraphQL text)
LISTS = [
    ("plans", ""),
    ("targets", "filter: {year: 2023}"),
    ("targets", 'filter: {under: "380", year: 2023}'),
    ("movementModels", ""),
    ("typicalCampaigns", ""),
    ("assessments", 'under: "38", year: 2024'),
]


def _walk(client: UserClient, field: str, args: str, size: int) -> tuple[int, int]:
    """(totalCount of the first page, number of nodes over all pages)."""
    seen, after, total = 0, None, None
    while True:
        page_args = ", ".join(a for a in (args, f"first: {size}") if a)
        if after is not None:
            page_args += f', after: "{after}"'
        result = client.graphql(
            f"{{ {field}({page_args}) {{ totalCount edges {{ cursor node {{ id }} }} "
            "pageInfo { hasNextPage endCursor } } }"
        )
        assert "errors" not in result, result
        connection: dict[str, Any] = result["data"][field]
        total = connection["totalCount"] if total is None else total
        assert connection["totalCount"] == total  # the same on every page
        seen += len(connection["edges"])
        if not connection["pageInfo"]["hasNextPage"]:
            return total, seen
        after = connection["pageInfo"]["endCursor"]


@pytest.mark.parametrize(("field", "args"), LISTS)
def test_total_count_is_what_the_pages_hold(api: LiveServer, field: str, args: str) -> None:
    total, seen = _walk(api.as_user("thanhhoa_admin"), field, args, size=40)
    assert total == seen


def test_total_count_is_scoped_like_the_pages(api: LiveServer) -> None:
    province, _ = _walk(api.as_user("thanhhoa_admin"), "targets", "filter: {year: 2023}", 100)
    district, seen = _walk(api.as_user("hauloc_officer"), "targets", "filter: {year: 2023}", 100)
    assert 0 < district == seen < province
