# What readers get beyond the facts: glossary links with tooltips, "Erwähnt in"
# backlinks, a search that forgives spelling and inflection, the timeline and
# the demands at a glance, and machine-readable page data (JSON-LD, OpenGraph);
# checked in the built HTML and, where it matters, in a real browser.
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from generator.load import load_content
from generator.render import render_site
from generator.render.structured import front_matter
from conftest import SITE, cases
from test_site import built  # noqa: F401  (module fixture: the built site)

SCREENSHOTS = Path(__file__).parent / "screenshots"
STORY = "geschichten/ukraine-russland-verhandlungen-juli-2025/"
# one page of every kind, and the JSON-LD type it must carry
PAGE_KINDS = {
    "": "WebSite", STORY: "Article", "chronologie/": "Event", "forderungen/": "CollectionPage",
    "akteure/": "CollectionPage", "akteure/dmitri-peskow/": "Person", "akteure/nato/": "Organization",
    "akteure/russland/": "Country", "glossar/": "DefinedTermSet", "glossar/waffenruhe/": "DefinedTerm",
    "quellen/": "CollectionPage",
}
OTHER_PAGES = ["ueber/", "404.html"]  # free-form page and the error page: no JSON-LD of their own


# --- the generated Markdown and HTML ------------------------------------------

def _lead_links(lead: str) -> dict[str, str]:
    """The links in a story's lead (its teaser), which links terms and actors alike (the summary links only terms)."""
    content = load_content(SITE / "content")
    story = next(iter(content.stories.values()))
    changed = content.model_copy(update={"stories": {story.id: story.model_copy(update={"teaser": lead})}})
    page = render_site(changed)[f"geschichten/{story.id}.md"]
    section = page.split('<p class="lead"', 1)[1].split("</p>", 1)[0]
    found = re.findall(r'\[([^\]]+)\]\(\.\./([^ )]+) "[^"]+"\)', section)
    assert len({target for _, target in found}) == len(found), f"a term is linked twice: {found}"
    return dict(found)


@pytest.mark.parametrize("case", cases("glossary_links.yml"), ids=lambda c: c["text"][:40])
def test_inflected_and_multiword_forms_are_linked_once(case: dict) -> None:
    links = _lead_links(case["text"])
    for text, target in case["links"].items():
        assert links.get(text) == target, (text, links)
    for text in case.get("not_linked", []):
        assert text not in links, (text, links)


class _Headings(HTMLParser):
    """Links to terms or actors inside headings (permalink marks aside)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.depth += 1
        elif tag == "a" and self.depth and re.search(r"(glossar|akteure)/[a-z0-9-]+/", a.get("href") or ""):
            self.bad.append(a["href"])

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag):
            self.depth -= 1


def test_no_term_or_actor_links_in_headings(built: Path) -> None:
    for page in (built / "site").rglob("*.html"):
        parser = _Headings()
        parser.feed(page.read_text(encoding="utf-8").split('<article', 1)[-1])
        assert not parser.bad, (page, parser.bad)


def test_no_source_marks_in_headings_or_bold_titles(built: Path) -> None:
    for page in (built / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8").split("<article", 1)[-1]
        assert not re.search(r"<(h[1-6]|strong)\b[^>]*>(?:(?!</\1>).)*footnote-ref", text, re.S), page


def test_search_index_is_written_by_the_build(built: Path) -> None:
    bundle = built / "site/pagefind"
    assert (bundle / "pagefind.js").is_file() and list(bundle.glob("index/*.pf_index"))
    assert not list((built / "site").glob(".site-new-*"))
    assert not (built / "site/search/search_index.json").exists()  # Material's own index: nobody would load it


def test_json_ld_cannot_end_its_script_element() -> None:
    held = front_matter({"name": "</script><script>alert(1)</script> & <!--"})  # as the front matter holds it
    text = json.loads(held)  # what the page's <script> element gets
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"


def test_story_and_overview_show_demands_grouped_by_the_side_that_demands(built: Path) -> None:
    """One view of the demands, no diagram and no table: a card per demand under "Was … fordert"."""
    for page in ("geschichten/ukraine-russland-verhandlungen-juli-2025", "forderungen"):
        text = (built / "site" / page / "index.html").read_text(encoding="utf-8")
        assert re.search(r"<h3[^>]*>Was (die |der |das )?\w", text), page
        article = text.split("<article", 1)[1].split("</article>", 1)[0]
        assert 'class="demand"' in article and "<svg" not in article and "<table" not in article, page


def test_meta_description_and_opengraph_on_every_page(built: Path) -> None:
    for page in (built / "site").rglob("index.html"):
        if "pagefind" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        description = re.search(r'<meta name="description" content="([^"]+)">', text)
        assert description and len(description.group(1)) > 20, page
        for prop in ("og:title", "og:description", "og:type", "og:url", "og:site_name"):
            assert f'<meta property="{prop}" content="' in text, (page, prop)


# --- in the browser -------------------------------------------------------------


@pytest.fixture(scope="module")
def site_url(built: Path):
    from conftest import SiteServer

    server = SiteServer(built / "site")
    yield server.url
    server.close()


@pytest.fixture
def desktop(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    yield page
    page.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def _tooltip_text(page, expected: str) -> str:
    """The text of the active tooltip that shows `expected`, or of the first active one if none does
    within 3 s. While tabbing, the tooltip of a link passed on the way may still be fading out."""
    page.wait_for_selector(".md-tooltip2--active", timeout=3000)
    try:
        page.wait_for_function("(text) => [...document.querySelectorAll('.md-tooltip2--active')].some(t => t.innerText.trim() === text)",
                               arg=expected, timeout=3000)
        return expected
    except PlaywrightTimeout:
        return page.locator(".md-tooltip2--active").first.inner_text()


@pytest.mark.browser
def test_tooltip_shows_definition_on_hover_and_keyboard_focus(built, desktop, site_url) -> None:
    term = load_content(built / "content").terms["waffenruhe"]
    definition = f"{term.term}: {term.definition}"  # the tooltip names the term
    desktop.goto(site_url + STORY)
    link = desktop.locator('article a[href$="glossar/waffenruhe/"]').first
    link.hover()
    assert _tooltip_text(desktop, definition) == definition
    desktop.mouse.move(0, 0)
    desktop.wait_for_selector(".md-tooltip2--active", state="detached", timeout=3000)
    for _ in range(80):  # keyboard only: Tab until the link has focus
        desktop.keyboard.press("Tab")
        if desktop.evaluate("() => (document.activeElement.getAttribute('href') || '').endsWith('glossar/waffenruhe/')"):
            break
    else:
        pytest.fail("the term link cannot be reached with the Tab key")
    assert _tooltip_text(desktop, definition) == definition


@pytest.mark.browser
def test_mentioned_in_links_lead_to_pages_that_link_back(built, desktop, site_url) -> None:
    for own in ("glossar/waffenruhe/", "akteure/dmitri-peskow/", "glossar/nato-beitritt/"):
        desktop.goto(site_url + own)
        heading = desktop.locator("h2#erwahnt-in")
        assert heading.count() == 1, own
        hrefs = desktop.eval_on_selector_all("h2#erwahnt-in + ul a", "els => els.map(a => a.href)")
        assert hrefs, f"{own}: no page mentions it"
        for href in hrefs:  # the pages as served (static HTML: no need to render each one)
            html = desktop.request.get(href).text()
            article = html.split("<article", 1)[1].split("</article>", 1)[0]
            back = {urljoin(href, h) for h in re.findall(r'<a [^>]*href="([^"]+)"', article)}
            assert site_url + own in back, (own, href)


def _search(page, query: str) -> list[str]:
    box = page.locator("input[data-ex-search-input]")
    box.fill("")
    box.type(query, delay=20)
    page.wait_for_function("q => document.querySelector('[data-ex-search-meta]').textContent.includes('Treffer')"
                           " && document.querySelector('[data-ex-search-input]').value === q", arg=query, timeout=10000)
    return page.locator("[data-ex-search-results] .ex-search__title").all_inner_texts()


@pytest.mark.browser
def test_search_box_finds_each_query_among_the_first_three(desktop, site_url) -> None:
    desktop.goto(site_url)
    assert not desktop.locator("button.ex-search-open").is_visible()  # wide screens show the box itself
    desktop.locator("input[data-ex-search-input]").click()
    results = {}
    for case in cases("search.yml"):
        top = _search(desktop, case["query"])[:3]
        results[case["query"]] = top
        assert case["expect"] in top, (case["query"], top)
    print("search results (first three):", json.dumps(results, ensure_ascii=False))


@pytest.mark.browser
def test_search_results_link_into_a_site_served_under_a_path(built, desktop, serve_site) -> None:
    server = serve_site(built / "site", "/erklaert/")
    desktop.goto(server.url + "glossar/waffenruhe/")
    desktop.locator("input[data-ex-search-input]").click()
    assert _search(desktop, "Umerov")[0] == "Rustem Umjerow"
    desktop.locator("[data-ex-search-results] a").first.click()
    desktop.wait_for_url(server.url + "akteure/rustem-umjerow/")
    assert desktop.title().startswith("Rustem Umjerow")


@pytest.mark.browser
def test_search_works_with_the_keyboard_alone_on_a_phone(phone, site_url) -> None:
    phone.goto(site_url + "glossar/")
    for _ in range(20):
        phone.keyboard.press("Tab")
        if phone.evaluate("() => document.activeElement.matches('button.ex-search-open')"):
            break
    else:
        pytest.fail("the search button cannot be reached with the Tab key")
    phone.keyboard.press("Enter")
    assert phone.evaluate("() => document.activeElement.matches('[data-ex-search-input]')")
    assert phone.locator("input[data-ex-search-input]").is_visible()
    phone.keyboard.type("Peskov", delay=20)
    phone.wait_for_selector("[data-ex-search-results] a")
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/akteure/dmitri-peskow/")
    phone.keyboard.press("/")
    assert phone.evaluate("() => document.activeElement.matches('[data-ex-search-input]')")
    phone.keyboard.press("Escape")
    assert not phone.evaluate("() => document.getElementById('__search').checked")


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_every_page_kind_has_no_axe_violations_and_is_photographed(browser, site_url, width) -> None:
    """axe-core on each page kind and on the open search; full-page screenshots for people to look at
    go to tests/screenshots/ (ignored by git). One page load serves both."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    SCREENSHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    found = {}
    for path in [*PAGE_KINDS, *OTHER_PAGES]:
        page.goto(site_url + path)
        violations = axe.run(page).response["violations"]
        if violations:
            found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        name = path.strip("/").replace("/", "_").replace(".html", "") or "start"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.goto(site_url)
    if width < 960:  # narrow screens: the search opens from the header button
        page.locator("button.ex-search-open").click()
    page.locator("input[data-ex-search-input]").click()
    _search(page, "Waffenruhe")
    violations = axe.run(page).response["violations"]
    if violations:
        found["search open"] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    page.screenshot(path=str(SCREENSHOTS / f"search-{width}.png"))
    page.close()
    assert not found


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_timeline_is_readable_without_javascript(browser, built, site_url, width) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "chronologie/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    events = page.locator(".timeline .event")
    content = load_content(built / "content")
    assert events.count() == sum(len(s.events) for s in content.stories.values())
    for i in range(events.count()):
        event = events.nth(i)
        date, title = event.locator(".event__date"), event.locator("p strong").first
        assert date.is_visible() and title.is_visible()
        d, t = date.bounding_box(), title.bounding_box()
        assert d["x"] >= 0 and d["x"] + d["width"] <= width + 0.5
        overlap = not (d["x"] + d["width"] <= t["x"] or t["x"] + t["width"] <= d["x"]
                       or d["y"] + d["height"] <= t["y"] or t["y"] + t["height"] <= d["y"])
        assert not overlap, f"date and title overlap in event {i}"
        imprecise = "event--imprecise" in event.get_attribute("class")
        assert (event.locator(".event__vague").count() == 1) == imprecise
        if imprecise:  # one quiet mark, with its explanation (and the source's wording) as tooltip
            assert event.locator(".event__vague").inner_text().startswith("≈")
            assert event.locator(".event__vague").get_attribute("title").startswith("Ungefähres Datum")
    context.close()


def _json_ld(page) -> list[dict]:
    texts = page.eval_on_selector_all('script[type="application/ld+json"]', "els => els.map(e => e.textContent)")
    return [json.loads(t) for t in texts]


def _types(data: dict) -> list[str]:
    items = data.get("@graph", [data])
    return [item["@type"] for item in items]


@pytest.mark.browser
def test_json_ld_fits_each_page_kind(desktop, site_url) -> None:
    for path, kind in PAGE_KINDS.items():
        desktop.goto(site_url + path, wait_until="domcontentloaded")
        blocks = _json_ld(desktop)
        assert len(blocks) == 1, path
        data = blocks[0]
        assert data["@context"] == "https://schema.org"
        assert kind in _types(data), (path, _types(data))
    desktop.goto(site_url + "glossar/waffenruhe/")
    term = _json_ld(desktop)[0]
    assert term["inDefinedTermSet"]["@type"] == "DefinedTermSet" and "Waffenruhen" in term["alternateName"]
    desktop.goto(site_url + STORY)
    graph = _json_ld(desktop)[0]["@graph"]
    article = next(i for i in graph if i["@type"] == "Article")
    assert article["headline"] and article["inLanguage"] == "de" and article["dateModified"] == "2025-07-19"
    quotes = [i for i in graph if i["@type"] == "Quotation"]
    events = [i for i in graph if i["@type"] == "Event"]
    assert quotes and all(q["text"] and q["creator"]["name"] for q in quotes)
    assert events and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", e["startDate"]) for e in events)
    desktop.goto(site_url + "akteure/dmitri-peskow/")
    person = _json_ld(desktop)[0]["@graph"][0]
    assert person["@type"] == "Person" and "Peskov" in person["alternateName"] and person["jobTitle"] == "Kremlsprecher"
