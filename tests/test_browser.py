# The built site in a real browser: what a reader sees and which hosts it asks.
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from test_site import built  # noqa: F401  (module fixture: the built site)

pytestmark = pytest.mark.browser

# one page of every kind: start, story, chronology, demands, actor lists and each kind of actor,
# glossary and term, sources, a free-form page, the error page
PAGES = ["", "geschichten/ukraine-russland-verhandlungen-juli-2025/", "chronologie/", "forderungen/", "akteure/",
         "akteure/dmitri-peskow/", "akteure/nato/", "akteure/russland/", "glossar/", "glossar/waffenruhe/", "quellen/",
         "ueber/", "404.html"]


def test_pages_load_only_from_the_site_itself(built, browser, serve_site) -> None:
    server = serve_site(built / "site")
    page = browser.new_page()
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).netloc))
    for path in PAGES:
        response = page.goto(server.url + path)
        assert response and response.ok, path
        assert page.locator("h1").count() >= 1
    # the search loads its index (Pagefind) from the site too
    page.locator("input[data-ex-search-input]").fill("Waffenruhen")
    page.wait_for_selector("[data-ex-search-results] a")
    page.close()
    assert hosts == {urlparse(server.url).netloc}
