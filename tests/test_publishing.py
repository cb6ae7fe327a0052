# What a publisher puts online: identity and footer, legal pages, the 404 page,
# updates and corrections, superseded facts, the Atom feeds, and a site that
# works under a sub-path. The site is built once, with the base URL
# https://example.org/erklaert/ and the test story of tests/fixtures/publishing
# (its changes are invented test data), and read as HTML, XML and in chromium.
from __future__ import annotations

import io
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from generator.cli import main
from generator.load import load_content
from generator.render.feeds import render_feeds
from conftest import FIXTURES, copy_project

BASE = "https://example.org/erklaert/"
PREFIX = "/erklaert/"
STORY = "geschichten/test-aktualisierungen"
A = "{http://www.w3.org/2005/Atom}"


def with_fixtures(root: Path, base_url: str = BASE) -> Path:
    copy_project(root)
    shutil.copytree(FIXTURES / "second_story", root, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "publishing", root, dirs_exist_ok=True)
    site_yml = root / "content/site.yml"
    site_yml.write_text(re.sub(r"(?m)^base_url: .*$", f"base_url: {base_url}", site_yml.read_text(encoding="utf-8")), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    root = with_fixtures(tmp_path_factory.mktemp("published"))
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        assert main(["build"]) == 0
    return root / "site"


def read(site: Path, page: str) -> str:
    path = site / page if page.endswith((".html", ".xml", ".txt")) else site / page / "index.html"
    return path.read_text(encoding="utf-8")


def article(html: str) -> str:
    return html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]


# --- identity, footer, legal pages, 404 ---------------------------------------------------

def test_footer_links_the_legal_pages_on_every_page(published: Path) -> None:
    pages = sorted(published.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        footer = html.split('<nav class="footer-links"', 1)[1].split("</nav>", 1)[0]
        links = dict((title, href) for href, title in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', footer))
        assert {"Impressum", "Datenschutz", "Über dieses Angebot", "Feed (Atom)"} <= set(links), page
        here = "/" + page.relative_to(published).as_posix()
        for title, href in links.items():
            # resolve the link as a browser would, from the page's address under the prefix
            target = urlparse(urljoin(f"https://example.org{PREFIX[:-1]}{here}", href)).path
            assert target.startswith(PREFIX), (page, href)
            file = published / target[len(PREFIX):]
            assert (file / "index.html").is_file() or file.is_file(), (page, title, href)


def test_identity_comes_from_site_settings(published: Path) -> None:
    html = read(published, "")
    assert '<img src="assets/logo.svg"' in html and '<link rel="icon" href="assets/favicon.svg">' in html
    assert (published / "assets/logo.svg").is_file() and (published / "assets/favicon.svg").is_file()
    assert "© 2025 Erklärt-Redaktion (Platzhalter)" in html


@pytest.mark.parametrize("page", ["impressum", "datenschutz"])
def test_legal_pages_ship_as_marked_placeholders(published: Path, page: str) -> None:
    text = article(read(published, page))
    assert '<div class="placeholder">' in text and "Platzhalter:" in text
    assert "muss vor der Veröffentlichung vom Herausgeber ersetzt" in text


def test_404_page_is_german_and_works_at_any_depth(published: Path) -> None:
    html = read(published, "404.html")
    text = article(html)
    assert "Seite nicht gefunden" in text and "<title>Seite nicht gefunden – Erklärt</title>" in html
    assert 'for="__search"' in text  # opens the site's search
    assert f'href="{PREFIX}glossar/"' in text and f'href="{PREFIX}."' in text
    # served for any unknown address, so every asset is addressed from the root of the host
    for ref in re.findall(r'(?:href|src)="([^"#]+)"', html):
        assert ref.startswith((PREFIX, "https://squidfunk.github.io/")), ref


# --- updates, corrections, superseded facts ------------------------------------------------

def test_story_page_shows_stand_and_changes_newest_first(published: Path) -> None:
    text = article(read(published, STORY))
    assert re.search(r'Stand: 19\. Juli 2025 · <a href="#aktualisierungen">5 Aktualisierungen und Korrekturen</a>, zuletzt am 23\. Juli 2025', text)
    listing = text.split('<h2 id="aktualisierungen">Aktualisierungen und Korrekturen', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r'<li><span class="change change--(update|correction)">(Aktualisierung|Korrektur)</span> (\d+)\. Juli 2025 · <a href="#([^"]+)">', listing)
    assert [(kind, day) for kind, _, day, _ in items] == [("correction", "23"), ("update", "23"), ("correction", "22"), ("update", "21"), ("update", "20")]
    assert all((kind == "correction") == (label == "Korrektur") for kind, label, _, _ in items)
    for _, _, _, anchor in items:  # each entry links to its fact on the page
        assert f'id="{anchor}"' in text, anchor


def test_changes_are_shown_beside_their_fact_and_escaped(published: Path) -> None:
    text = article(read(published, STORY))
    assert '<span class="fact-note fact-note--correction">Korrigiert am 22. Juli 2025: Testdaten: Adressat der Forderung korrigiert.</span>' in text
    assert '<span class="fact-note fact-note--update">Aktualisiert am 20. Juli 2025: Testdaten: Datum des Zitats ergänzt.</span>' in text
    assert "&lt;b&gt;Wochentag&lt;/b&gt;" in text and "<b>Wochentag" not in text  # data is never HTML
    stories_without_changes = article(read(published, "geschichten/ukraine-russland-verhandlungen-juli-2025"))
    assert 'id="aktualisierungen"' not in stories_without_changes and "fact-note" not in stories_without_changes


def test_superseded_fact_stays_marked_and_links_to_the_newer_one(published: Path) -> None:
    text = article(read(published, STORY))
    old = text.split('id="ereignis-test-treffen-vorgeschlagen"', 1)[1].split("</div>", 1)[0]
    assert "Treffen für die nächste Woche vorgeschlagen" in old  # still explains what was known then
    assert re.search(r'class="event [^"]*event--superseded[^"]*" id="ereignis-test-treffen-vorgeschlagen"', text)
    assert 'Überholt – neuer Stand: <a href="./#ereignis-test-treffen-stattgefunden">Testdaten: Treffen hat stattgefunden</a>' in old
    assert 'id="ereignis-test-treffen-stattgefunden"' in text
    key_fact = re.search(r'<li><span id="fakt-2"></span><span class="superseded">Ein genaues Datum .*?</li>', text)
    assert key_fact and 'Überholt – neuer Stand: <a href="./#fakt-vorschlag-neue-verhandlungen">' in key_fact.group(0)
    chronology = article(read(published, "chronologie"))
    assert 'Überholt – neuer Stand: <a href="../geschichten/test-aktualisierungen/#ereignis-test-treffen-stattgefunden">' in chronology


def test_term_changes_are_listed_on_the_term_page(published: Path) -> None:
    text = article(read(published, "glossar/test-begriff"))
    assert '<span class="change change--correction">Korrektur</span> 24. Juli 2025: Testdaten: Definition korrigiert.' in text


# --- feeds -------------------------------------------------------------------------------

def parse_feed(published: Path, path: str) -> ET.Element:
    root = ET.parse(published / path).getroot()
    assert root.tag == f"{A}feed"
    for element in (root, *root.findall(f"{A}entry")):  # RFC 4287: id, title, updated on the feed and every entry
        for child in ("id", "title", "updated"):
            assert (element.findtext(f"{A}{child}") or "").strip(), (path, child)
        datetime.fromisoformat(element.findtext(f"{A}updated").replace("Z", "+00:00"))
    assert root.find(f"{A}author/{A}name").text
    assert root.find(f"{A}link[@rel='self']").get("href") == BASE + path
    ids = [e.findtext(f"{A}id") for e in root.findall(f"{A}entry")]
    assert len(ids) == len(set(ids)), path
    return root


def test_story_feed_lists_the_story_and_its_changes(published: Path) -> None:
    feed = parse_feed(published, f"{STORY}/feed.xml")
    entries = feed.findall(f"{A}entry")
    assert len(entries) == 6  # the story and its five changes
    updated = [e.findtext(f"{A}updated") for e in entries]
    assert updated == sorted(updated, reverse=True) and feed.findtext(f"{A}updated") == updated[0] == "2025-07-23T00:00:00Z"
    correction = next(e for e in entries if e.findtext(f"{A}id").endswith("#aenderung/forderung-test-kreml-fordert-fortsetzung/2025-07-22"))
    assert correction.findtext(f"{A}title").startswith("Korrektur: ")
    assert correction.find(f"{A}category[@term='correction']") is not None
    assert correction.find(f"{A}link").get("href") == BASE + "geschichten/test-aktualisierungen/#forderung-test-kreml-fordert-fortsetzung"
    assert "<b>Wochentag</b>" in "".join(e.findtext(f"{A}summary") for e in entries)  # text, escaped in the XML
    assert "&lt;b&gt;Wochentag" in (published / f"{STORY}/feed.xml").read_text(encoding="utf-8")
    page = read(published, STORY)
    assert '<a href="feed.xml" title="Aktualisierungen dieser Geschichte als Atom-Feed">Feed dieser Geschichte</a>' in page


def test_site_feed_lists_every_story_and_change(published: Path) -> None:
    feed = parse_feed(published, "feed.xml")
    ids = [e.findtext(f"{A}id") for e in feed.findall(f"{A}entry")]
    content = load_content(published.parent / "content")
    for story in content.stories:
        assert f"{BASE}geschichten/{story}/" in ids
    assert f"{BASE}glossar/test-begriff/#aenderung/seite/2025-07-24" in ids
    assert len(ids) == len(content.stories) + 5 + 1


def test_feed_entry_ids_stay_stable_when_changes_are_edited_or_added(tmp_path: Path) -> None:
    root = with_fixtures(tmp_path)
    ids = lambda: {e.findtext(f"{A}id") for e in ET.fromstring(render_feeds(load_content(root / "content"))["feed.xml"]).findall(f"{A}entry")}
    before = ids()
    assert ids() == before  # the same content gives the same ids
    story = root / "content/stories/test-aktualisierungen.yml"
    text = story.read_text(encoding="utf-8")
    text = text.replace('note: "Testdaten: Satz präzisiert."', 'note: "Testdaten: Satz präzisiert (Tippfehler behoben)."')
    text = text.replace("    updates:\n      - date: \"2025-07-21\"", "    updates:\n      - date: \"2025-07-25\"\n        note: \"Testdaten: neu.\"\n      - date: \"2025-07-21\"", 1)
    story.write_text(text, encoding="utf-8")
    after = ids()
    assert before < after and len(after - before) == 1


# --- any address: canonical links, sitemap, robots.txt ------------------------------------

def test_canonical_sitemap_and_robots_follow_the_base_url(published: Path) -> None:
    assert f'<link rel="canonical" href="{BASE}{STORY}/">' in read(published, STORY)
    locs = re.findall(r"<loc>([^<]+)</loc>", read(published, "sitemap.xml"))
    assert f"{BASE}{STORY}/" in locs and f"{BASE}impressum/" in locs
    assert all(loc.startswith(BASE) for loc in locs)
    robots = read(published, "robots.txt")
    assert "User-agent: *" in robots and f"Sitemap: {BASE}sitemap.xml" in robots


# --- in a browser, under the sub-path ----------------------------------------------------

@pytest.mark.browser
def test_every_page_kind_works_under_a_sub_path(published: Path, browser, serve_site) -> None:
    server = serve_site(published, prefix=PREFIX)
    page = browser.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/gibt-es-nicht/") else None)
    # a click away cancels what the page was still loading (net::ERR_ABORTED); a missing file is a 404 above
    page.on("requestfailed", lambda r: failed.append(f"{r.failure} {r.url}") if "ERR_ABORTED" not in (r.failure or "") else None)
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).netloc) if not r.url.startswith("data:") else None)
    page.goto(server.url)
    visited = [page.url]

    def click(selector: str, expect_path: str) -> None:
        page.locator(selector).first.click()
        page.wait_for_url(f"**{PREFIX}{expect_path}")
        assert page.locator("h1").count() >= 1, expect_path
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"  # stylesheet loaded
        visited.append(page.url)

    click(f'.md-content a[href="{STORY}/"]', f"{STORY}/")                      # story
    click('.md-content a[href="../../akteure/dmitri-peskow/"]', "akteure/dmitri-peskow/")  # actor
    click('.md-content a[href="../../geschichten/test-aktualisierungen/"]', f"{STORY}/")
    click('.md-content a[href="../../glossar/istanbuler-gespraeche/"]', "glossar/istanbuler-gespraeche/")  # term
    for nav, path in (("Chronologie", "chronologie/"), ("Wer fordert was?", "forderungen/"), ("Akteure", "akteure/"),
                      ("Glossar", "glossar/"), ("Quellen", "quellen/")):
        click(f'.md-nav--primary a.md-nav__link:has-text("{nav}")', path)
    click('.footer-links a:has-text("Impressum")', "impressum/")
    click('.footer-links a:has-text("Datenschutz")', "datenschutz/")
    click('.md-header a.md-logo', "")
    feed = page.request.get(server.url + f"{STORY}/feed.xml")
    assert feed.ok and ET.fromstring(feed.body()).tag == f"{A}feed"

    # search: the index is fetched from under the prefix and results link there
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("Peskow", delay=30)  # fill() leaves Material's search idle
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=10_000)
    assert urlparse(first.get_attribute("href")).path.startswith(PREFIX)
    first.click()
    page.wait_for_load_state()
    assert urlparse(page.url).path.startswith(PREFIX)

    # an unknown address gets the German 404 page, whose links lead back into the site
    response = page.goto(server.url + "gibt-es-nicht/")
    assert response.status == 404 and page.locator("h1").inner_text() == "Seite nicht gefunden"
    page.locator("label.not-found__search").click()  # opens the site's search
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Escape")
    page.locator('.md-content a:has-text("Glossar")').click()
    page.wait_for_url(f"**{PREFIX}glossar/")
    page.close()
    assert not failed, failed
    assert hosts == {urlparse(server.url).netloc}
    assert len(visited) >= 13


@pytest.mark.browser
def test_printed_page_has_no_navigation_and_writes_out_source_urls(published: Path, browser, serve_site) -> None:
    from pypdf import PdfReader

    server = serve_site(published, prefix=PREFIX)
    page = browser.new_page()
    page.goto(server.url + "geschichten/ukraine-russland-verhandlungen-juli-2025/")
    screen = page.inner_text("body")
    navigation = ["Über dieses Angebot", "Impressum", "Datenschutz", "Feed (Atom)", "Glossar", "Akteure"]
    assert all(label in screen for label in navigation)  # on screen they are there ...
    assert page.locator("input.md-search__input").get_attribute("placeholder") == "Suche"
    pdf = page.pdf(format="A4")
    page.close()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "Ukraine schlägt Russland neue Verhandlungen vor" in flat and "Worum es geht" in flat and "Das Wichtigste in Kürze" in flat
    for label in navigation:  # ... in print they are not
        assert label not in flat, label
    assert not re.search(r"\bSuche\b", flat)  # nor the search box (its placeholder)
    # sources on other sites: their addresses are written out (the PDF breaks long lines anywhere)
    story = load_content(published.parent / "content").stories["ukraine-russland-verhandlungen-juli-2025"]
    content = load_content(published.parent / "content")
    urls = [content.sources[s].url for s in story.sources if content.sources[s].url]
    assert urls
    for url in urls:
        assert f"Original({url})" in "".join(text.split()), url
