"""GraphiQL works on a network without internet: the app serves the page and every file it loads
(vendored, pinned, with licences), a real headless Chromium with no name resolution beyond
loopback opens it, sets a token in the Headers tab, runs a query and sees data, and runs a
subscription over graphql-transport-ws that receives a live change."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest

from api.graphiql import GRAPHIQL_VERSION, STATIC_DIR, STATIC_PATH
from tests.support.browser import Page, chromium_path, headless_page
from tests.support.changes import report_progress, wait_until
from tests.support.server import LiveServer

CHROMIUM = chromium_path()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (.ci/run installs it with apt-get)"
)

EDITOR = "document.querySelector({selector}).CodeMirror"
QUERY_EDITOR = EDITOR.format(selector=json.dumps(".graphiql-query-editor .CodeMirror"))
RESPONSE = EDITOR.format(selector=json.dumps(".graphiql-response .CodeMirror"))
HEADERS_EDITOR = (
    "[...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')]"
    ".map(e => e.CodeMirror).find(cm => cm.getValue().includes('Authorization'))"
)


def test_the_page_loads_nothing_from_outside_the_app(api: LiveServer) -> None:
    page = api.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources, page.text
    for source in sources:
        assert not urlparse(source).netloc, f"{source} is not served by the app"
        if source.startswith("/"):
            response = api.client.get(source)
            assert response.status_code == 200, source
            assert "immutable" in response.headers["cache-control"]
    assert f"{STATIC_PATH}/graphiql.min.js" in sources
    assert "Bearer <token>" in page.text  # the Authorization header template
    versions = (STATIC_DIR / "VERSIONS").read_text()
    assert f"graphiql {GRAPHIQL_VERSION}" in versions
    for licence in ("LICENSE-graphiql", "LICENSE-react", "LICENSE-react-dom"):
        assert "MIT License" in (STATIC_DIR / licence).read_text()


def _open_graphiql(page: Page, server: LiveServer) -> None:
    page.send("Page.navigate", url=f"{server.base_url}/graphql")
    page.wait_for(
        f"!!document.querySelector('.graphiql-query-editor .CodeMirror') && !!({HEADERS_EDITOR})",
        timeout=60,
    )


def _run(page: Page, query: str) -> None:
    page.evaluate(f"{QUERY_EDITOR}.setValue({json.dumps(query)})")
    page.evaluate("document.querySelector('.graphiql-execute-button').click()")


def _assert_only_loopback(page: Page, server: LiveServer) -> None:
    host = urlparse(server.base_url).netloc
    outside = [
        u
        for u in page.requests
        if not u.startswith(("data:", "about:", "blob:")) and urlparse(u).netloc != host
    ]
    assert not outside, outside


@needs_chromium
def test_graphiql_in_a_headless_browser_runs_a_query_with_a_token(api: LiveServer) -> None:
    assert CHROMIUM is not None
    user = api.as_user("thanhhoa_admin")
    with headless_page(CHROMIUM) as page:
        _open_graphiql(page, api)
        assert "Bearer <token>" in page.evaluate(f"({HEADERS_EDITOR}).getValue()")
        page.evaluate(
            f"({HEADERS_EDITOR}).setValue("
            f"{json.dumps(json.dumps({'Authorization': f'Bearer {user.token}'}))})"
        )
        _run(page, '{ me { username } unit(unit: "38") { name } }')
        text = page.wait_for(f"(v => v.includes('username') && v)({RESPONSE}.getValue())")
        data = json.loads(text)
        assert data == {
            "data": {"me": {"username": "thanhhoa_admin"}, "unit": {"name": "Tỉnh Thanh Hóa"}}
        }, text
        _assert_only_loopback(page, api)


@needs_chromium
def test_graphiql_in_a_headless_browser_receives_a_subscription(fresh_api: LiveServer) -> None:
    assert CHROMIUM is not None
    reviewer = fresh_api.as_user("hauloc_reviewer")
    feed = fresh_api.app.state.feed
    with headless_page(CHROMIUM) as page:
        _open_graphiql(page, fresh_api)
        page.evaluate(
            f"({HEADERS_EDITOR}).setValue("
            f"{json.dumps(json.dumps({'Authorization': f'Bearer {reviewer.token}'}))})"
        )
        _run(
            page,
            'subscription { changes(under: "400", kinds: [TARGET_PROGRESS]) '
            "{ kind actor unit { code } } }",
        )
        try:
            wait_until(
                lambda: feed.subscriber_count == 1, timeout=60, what="GraphiQL's subscription"
            )
        except AssertionError:
            page.pump(0.5)
            raise AssertionError(
                f"{page.evaluate(f'{RESPONSE}.getValue()')} {page.console}"
            ) from None
        report_progress(fresh_api.as_user("hauloc_officer"), "400")
        text = page.wait_for(f"(v => v.includes('TARGET_PROGRESS') && v)({RESPONSE}.getValue())")
        event = json.loads(text)["data"]["changes"]
        assert event == {
            "kind": "TARGET_PROGRESS",
            "actor": "hauloc_officer",
            "unit": {"code": "400"},
        }
        _assert_only_loopback(page, fresh_api)
