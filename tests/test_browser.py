# The built site in a real browser: what a reader sees and which hosts it asks.
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from test_site import built  # noqa: F401  (module fixture: the built site)

pytestmark = pytest.mark.browser

PAGES = ["", "chronologie/", "forderungen/", "akteure/", "akteure/dmitri-peskow/", "glossar/", "glossar/waffenruhe/", "quellen/"]


def test_pages_load_only_from_the_site_itself(built, browser, serve_site) -> None:
    server = serve_site(built / "site")
    page = browser.new_page()
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).netloc))
    for path in PAGES:
        response = page.goto(server.url + path)
        assert response and response.ok, path
        assert page.locator("h1").count() >= 1
    page.close()
    assert hosts == {urlparse(server.url).netloc}
