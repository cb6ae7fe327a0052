# What a reader sees, measured in the browser, not read from the HTML: boxes inside the viewport
# and inside every ancestor that clips, nothing wider than the text column, no style that hides
# content, at 1280 and 375 px, light and dark. The site is built once for the module in tmp_path
# (the shipped content plus a fixture story); the checks hold for any valid content.
from __future__ import annotations

import pytest

from conftest import SiteServer
from test_site import built  # noqa: F401  (module fixture: the built site)

pytestmark = pytest.mark.browser

VIEWS = [(1280, "light"), (1280, "dark"), (375, "light"), (375, "dark")]
STORY = "geschichten/ukraine-russland-verhandlungen-juli-2025/"

# Why an element is not seen, or "" when it is: an empty box, a box outside the viewport (after
# scrolling to it), a style that hides it (display, visibility, opacity, content-visibility) on it or
# an ancestor, or an ancestor that clips it (overflow or paint containment) and does not hold it.
UNSEEN = """(el) => {
  el.scrollIntoView({block: 'center', inline: 'nearest'});
  const r = el.getBoundingClientRect(), w = innerWidth, h = innerHeight;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  if (r.width < 1 || r.height < 1) return 'empty box';
  if (r.left < -0.5 || r.right > w + 0.5) return 'outside the viewport sideways';
  if (r.height <= h && (r.top < -0.5 || r.bottom > h + 0.5)) return 'outside the viewport';
  for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return 'hidden by ' + name(a);
    if ((s.contentVisibility || 'visible') !== 'visible') return 'content-visibility: ' + s.contentVisibility + ' on ' + name(a);
    if (a === el) continue;
    const clips = s.overflowX !== 'visible' || s.overflowY !== 'visible' || /paint|strict|content/.test(s.contain);
    if (!clips) continue;
    const b = a.getBoundingClientRect();
    if (r.left < b.left - 0.5 || r.right > b.right + 0.5) return 'clipped sideways by ' + name(a);
    if (s.overflowY !== 'visible' && s.overflowY !== 'auto' && s.overflowY !== 'scroll' && (r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5)) return 'clipped by ' + name(a);
  }
  return '';
}"""

# Elements wider than the article's text column, or reaching past it.
TOO_WIDE = """() => {
  const col = document.querySelector('article.md-content__inner').getBoundingClientRect();
  const out = [];
  for (const el of document.querySelectorAll('article table, article figure, article svg, article img, article pre')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.width > col.width + 1 || r.left < col.left - 1 || r.right > col.right + 1)
      out.push(el.tagName.toLowerCase() + '.' + (el.getAttribute('class') || '') + ' ' + Math.round(r.width) + 'px > ' + Math.round(col.width) + 'px');
  }
  if (document.documentElement.scrollWidth > innerWidth) out.push('the page scrolls sideways: ' + document.documentElement.scrollWidth);
  return out;
}"""

# The text a reader reads: every block in the article (tooltips and screen-reader-only text aside).
TEXT = ("article :is(p, li, h1, h2, h3, h4, td, th, figcaption, blockquote, dt, dd, time, .event__vague)"
        ":not(.sr-only):not(.sr-only *)")


@pytest.fixture(scope="module")
def site(built):  # noqa: F811
    server = SiteServer(built / "site")
    yield server.url
    server.close()


def _pages(built) -> list[str]:  # noqa: F811
    """One page of every kind, and every page with a timeline."""
    site_dir = built / "site"
    pages = ["", STORY, "chronologie/", "forderungen/", "akteure/", "glossar/", "glossar/waffenruhe/", "quellen/",
             "akteure/wolodymyr-selenskyj/"]
    for html in sorted([*site_dir.glob("akteure/*/index.html"), *site_dir.glob("themen/*/index.html")]):
        if 'class="timeline"' in html.read_text(encoding="utf-8"):
            pages.append(html.parent.relative_to(site_dir).as_posix() + "/")
    return list(dict.fromkeys(pages))


@pytest.fixture(params=VIEWS, ids=lambda v: f"{v[0]}-{v[1]}")
def view(request, browser):
    width, scheme = request.param
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    yield page
    context.close()


def _unseen(page, selector: str) -> list[str]:
    """Each element of `selector` that is not seen, and why (one script run for the whole page)."""
    return page.evaluate(f"""(sel) => {{ const unseen = {UNSEEN}; const out = [];
      document.querySelectorAll(sel).forEach((el, i) => {{ const why = unseen(el);
        if (why) out.push(sel + '[' + i + '] ' + JSON.stringify(el.textContent.trim().slice(0, 40)) + ': ' + why); }});
      return out; }}""", selector)


def test_every_timeline_date_is_seen(built, site, view) -> None:  # noqa: F811
    """Each entry of every timeline shows its date: a box inside the viewport once scrolled to,
    clipped by no ancestor. At 1280 px content-visibility once clipped all of them."""
    found, dates = {}, 0
    for path in _pages(built):
        view.goto(site + path)
        if not view.locator(".timeline").count():
            continue
        assert view.locator(".timeline .event").count() == view.locator(".timeline .event .event__date time").count(), path
        dates += view.locator(".event__date").count()
        if problems := _unseen(view, ".timeline .event__date"):
            found[path] = problems
    assert dates, "no timeline on any page"
    assert not found


def test_no_style_hides_content_and_nothing_is_wider_than_the_column(built, site, view) -> None:  # noqa: F811
    """Every block of text on every page kind is seen when scrolled to; no table, figure or SVG is
    wider than the text column and the page never scrolls sideways."""
    hidden, wide = {}, {}
    for path in _pages(built):
        view.goto(site + path)
        if problems := _unseen(view, TEXT):
            hidden[path] = problems[:5]
        if problems := view.evaluate(TOO_WIDE):
            wide[path] = problems
    assert not hidden
    assert not wide


SMALL = """(sel) => [...document.querySelectorAll(sel)].filter(el => el.textContent.trim())
  .map(el => [el, parseFloat(getComputedStyle(el).fontSize)]).filter(([el, size]) => size < 12)
  .map(([el, size]) => el.tagName.toLowerCase() + '.' + el.className + ' ' + size + 'px ' + JSON.stringify(el.textContent.trim().slice(0, 30)))"""


def test_text_is_at_least_12_px_on_a_phone(built, site, browser) -> None:  # noqa: F811
    """On a phone every block of text, source marks and labels included, is at least 12 px."""
    page = browser.new_page(viewport={"width": 375, "height": 800})
    small = {}
    for path in _pages(built):
        page.goto(site + path)
        if found := page.evaluate(SMALL, TEXT + ", article sup, article small, article .status, article .certainty"):
            small[path] = found[:5]
    page.close()
    assert not small


def test_no_axe_violations_in_the_dark_palette(built, site, browser) -> None:  # noqa: F811
    """The dark palette keeps every contrast (axe-core), on every page kind."""
    from axe_playwright_python.sync_playwright import Axe

    axe, found = Axe(), {}
    context = browser.new_context(viewport={"width": 375, "height": 800}, color_scheme="dark")
    page = context.new_page()
    for path in _pages(built):
        page.goto(site + path)
        assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate", path
        if violations := axe.run(page).response["violations"]:
            found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert not found


def _preview(page) -> str:
    """The text of the preview of the mark under the mouse or with focus, once it is seen whole."""
    tip = page.locator("article .cite:is(:hover, :focus) .cite__tip").first
    tip.wait_for(state="visible", timeout=3000)
    assert not tip.evaluate(UNSEEN.replace("el.scrollIntoView({block: 'center', inline: 'nearest'});", "")), "the preview is not seen whole"
    return " ".join(tip.inner_text().split())


@pytest.mark.parametrize("width", [1280, 375])
def test_a_source_mark_previews_its_passage_on_hover_and_on_focus(built, site, browser, width) -> None:  # noqa: F811
    """The mark beside a fact shows the source and the passage quoted for that fact, without a jump
    to the notes: on hover with the mouse and when the mark gets focus from the keyboard."""
    from generator.load import load_content

    story = next(s for s in load_content(built / "content").stories.values() if s.key_facts)
    fact = story.key_facts[0]
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(site + f"geschichten/{story.id}/")
    marks = page.eval_on_selector_all("article sup.footnote-ref a", "els => els.map(a => +a.firstChild.textContent)")
    first_seen = list(dict.fromkeys(marks))
    assert first_seen == list(range(1, len(first_seen) + 1)), "marks are numbered in the order they first appear"
    assert not page.locator("article .cite__tip").first.is_visible(), "previews stay hidden until asked for"
    page.locator("article li sup.footnote-ref a").first.hover()
    assert fact.source[0].evidence in _preview(page)
    page.mouse.move(0, 0)
    page.locator("article h1").click()  # keyboard from the title on: Tab until the mark has focus
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('sup.footnote-ref')"):
            break
    else:
        pytest.fail("no source mark can be reached with the Tab key")
    page.mouse.move(0, 0)
    assert fact.source[0].evidence in _preview(page)
    note = page.locator(page.evaluate("() => document.activeElement.getAttribute('href')"))
    assert note.count() == 1 and fact.source[0].evidence in note.inner_text()
    page.close()


def test_every_search_result_is_reachable_and_snippets_are_plain_text(site, browser) -> None:
    """All hits, not the first ten only: a button under the list shows the next ones; snippets are
    the pages' text (no file paths, no markup)."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(site)
    page.locator("input[data-ex-search-input]").click()
    page.locator("input[data-ex-search-input]").type("Waffenruhen", delay=20)
    page.wait_for_function("() => /\\d+ Treffer/.test(document.querySelector('[data-ex-search-meta]').textContent)", timeout=10000)
    total = int(page.locator("[data-ex-search-meta]").inner_text().split()[0])
    assert total > 10, "the query finds fewer pages than one screen of results"
    for _ in range(total // 10 + 1):
        more = page.locator(".ex-search__more-button")
        if not more.count():
            break
        shown = page.locator("[data-ex-search-results] a").count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('[data-ex-search-results] a').length > n", arg=shown)
    links = page.locator("[data-ex-search-results] a")
    assert links.count() == total
    assert len(set(links.evaluate_all("els => els.map(a => a.href)"))) == total
    snippets = page.locator("[data-ex-search-results] article p").all_inner_texts()
    assert all(s.strip() and "seeds/" not in s and ".txt" not in s and "<" not in s for s in snippets)
    page.close()
