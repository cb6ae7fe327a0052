# Hostile data never runs: a content set with `<script>`, `<img onerror>`,
# Markdown/HTML link injection and Markdown syntax in every text field an
# editor can fill is built, and every page is opened in chromium. No script may
# run, no dangerous element or link may exist, and the text shows as typed.
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError

from generator.cli import main
from conftest import ROOT, SITE

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=2">'
MD_LINK = "[klick](javascript:window.__xss=3)"
RAW_LINK = '<a href="javascript:window.__xss=4">a</a>'
AUTOLINK = "<javascript:window.__xss=5>"
ATTR = '" onmouseover="window.__xss=6" x="'
CLOSE = "</title></textarea><svg onload=window.__xss=7>"
PAYLOAD = f"{SCRIPT} {IMG} {MD_LINK} {RAW_LINK} {AUTOLINK} {ATTR} {CLOSE} & &amp; **fett** `code` # {{: onclick=x }}"
SOURCE = "boese-quelle"


def hostile(label: str) -> str:
    return f"{label} {PAYLOAD}"


def cite(label: str, passages: list[str]) -> dict:
    passages.append(hostile(label))
    return {"id": SOURCE, "evidence": hostile(label)}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    for name in ("mkdocs.yml", "theme_overrides"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    (root / "content/pages").mkdir(parents=True)
    shutil.copy(SITE / "content/pages/ueber.md", root / "content/pages/ueber.md")
    passages: list[str] = []
    files = {
        "site.yml": {"title": hostile("Titel"), "description": hostile("Beschreibung"), "publisher": hostile("Herausgeber"),
                     "base_url": "https://example.org/", "copyright": hostile("Copyright"),
                     "footer": [{"title": hostile("Fußlink"), "url": "https://example.org/impressum"}]},
        f"sources/{SOURCE}.yml": {"id": SOURCE, "title": hostile("Quellentitel"), "publisher": hostile("Verlag"), "date": "2025-07-19",
                                  "file": "seeds/boese.txt", "note": hostile("Hinweis")},
        "sources/link-quelle.yml": {"id": "link-quelle", "title": "Linkquelle", "date": "2025",
                                    "url": "https://example.org/a(b)c[d]?x=1&y=z#frag"},
        "actors/akteur-a.yml": {"id": "akteur-a", "kind": "state", "name": hostile("Akteur A"), "role": hostile("Rolle"),
                                "description": hostile("Beschreibung A"), "aliases": [hostile("Alias")],
                                "source": cite("Beleg Akteur", passages)},
        "actors/akteur-b.yml": {"id": "akteur-b", "kind": "person", "name": "Akteur B", "affiliation": "akteur-a",
                                "source": cite("Beleg Akteur B", passages)},
        "terms/begriff.yml": {"id": "begriff", "term": hostile("Begriff"), "definition": hostile("Definition"),
                              "explanation": hostile("Erklärung") + "\n\n" + hostile("Absatz zwei"),
                              "variants": [hostile("Variante")], "source": cite("Beleg Begriff", passages)},
    }
    quote_text = hostile("Zitat")
    passages.append(quote_text)
    files["stories/geschichte.yml"] = {
        "id": "geschichte", "title": hostile("Geschichte"), "teaser": hostile("Teaser"), "summary": hostile("Zusammenfassung"),
        "as_of": "2025-07-19", "sources": [SOURCE, "link-quelle"],
        "key_facts": [{"id": "kernfakt", "text": hostile("Kernfakt"), "source": cite("Beleg Kernfakt", passages),
                       "updates": [{"date": "2025-07-20", "note": hostile("Aktualisierung")},
                                   {"date": "2025-07-21", "note": hostile("Korrektur"), "kind": "correction"}]}],
        "demands": [{"id": "forderung", "by": "akteur-a", "of": "akteur-b", "what": hostile("Forderung"), "status": "rejected",
                     "answer": {"text": hostile("Antwort"), "source": cite("Beleg Antwort", passages)},
                     "source": cite("Beleg Forderung", passages)}],
        "events": [{"id": "ereignis", "date": "2025-07-18", "date_text": hostile("am Freitag"), "title": hostile("Ereignis"),
                    "text": hostile("Ereignistext"), "actors": ["akteur-a", "akteur-b"], "source": cite("Beleg Ereignis", passages),
                    "updates": [{"date": "2025-07-20", "note": hostile("Ereignis-Korrektur"), "kind": "correction"}]}],
        "quotes": [{"id": "zitat", "speaker": "akteur-b", "text": quote_text, "date": "2025-07-18", "date_text": hostile("gestern"),
                    "context": hostile("Kontext"), "source": cite("Beleg Zitat", passages)}],
    }
    for name, data in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "seeds").mkdir()
    (root / "seeds/boese.txt").write_text("\n\n".join(passages) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        assert main(["build"]) == 0
    return root / "site"


PAGES = ["", "geschichten/geschichte/", "chronologie/", "forderungen/", "akteure/", "akteure/akteur-a/", "akteure/akteur-b/",
         "glossar/", "glossar/begriff/", "quellen/", "ueber/"]


def test_no_script_runs_and_the_text_shows_literally(hostile_site: Path, browser, serve_site) -> None:
    server = serve_site(hostile_site)
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in PAGES:
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        page.mouse.move(5, 5)
        # Material's tooltips insert title attributes as HTML on hover: hover everything that has one
        tooltips = []
        # (Material moves each title into a tooltip it creates on hover: aria-describedby marks them)
        hosts = page.locator("article a[aria-describedby]:visible, article [title]:visible, .md-header .md-logo:visible")
        for element in hosts.all()[:12]:
            try:
                element.hover(timeout=300, force=True)
            except PlaywrightError:  # covered or moved away meanwhile
                continue
            tooltips += page.locator(".md-tooltip__inner, .md-tooltip2__inner").all_inner_texts()
        if path == "glossar/":  # the glossary links every term, with its definition as tooltip
            assert any(SCRIPT in t for t in tooltips), tooltips
        assert page.evaluate("window.__xss") is None, path
        assert page.locator('script:not([src]):not([type="application/ld+json"])').evaluate_all(
            "els => els.filter(e => e.textContent.includes('__xss')).length") == 0, path
        # JSON-LD holds the data as JSON strings: it must parse, with no '<' that could end its element
        for data in page.locator('script[type="application/ld+json"]').all_text_contents():
            json.loads(data)
            assert "<" not in data, path
        assert page.locator("[onerror], [onmouseover], [onclick]").count() == 0, path
        hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:", "vbscript:"))], path
        text = page.inner_text("body")
        assert SCRIPT in text and IMG in text and MD_LINK in text and "& &amp;" in text, path  # shown as typed
        assert "**fett**" in text, path
        assert page.locator("article strong:text-is('fett')").count() == 0, path
    assert dialogs == []
    page.close()


def test_source_link_keeps_its_address(hostile_site: Path) -> None:
    html = (hostile_site / "quellen/index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/a%28b%29c[d]?x=1&amp;y=z#frag"' in html, html[html.find("example.org") - 80:][:300]


def test_feeds_carry_the_text_as_text(hostile_site: Path) -> None:
    """The Atom feeds are XML: well-formed, and the hostile text comes back out of the parser as typed."""
    import xml.etree.ElementTree as ET

    feeds = sorted(hostile_site.rglob("feed.xml"))
    assert feeds
    for feed in feeds:
        text = "".join(ET.parse(feed).getroot().itertext())
        assert SCRIPT in text, feed
