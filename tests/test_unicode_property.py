# Text is text, whatever an editor types (issue 16): random Unicode from every plane, mixed
# with Markdown and HTML specials, in every text field; the site is built and every page opened
# in chromium. No script runs, nothing loads from another host, the front matter is read (title
# and JSON-LD are there), every table keeps its columns and every text shows as typed.
from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from generator.cli import main
from generator.render.typography import quoted
from conftest import ROOT, SiteServer

pytestmark = pytest.mark.browser

# what Markdown, attr_list, footnotes, tables, headings and HTML read as syntax, and case 6's emoji
SPECIALS = ["<script>window.__xss=1</script>", "{onload=window.__xss=2}", "{: onclick=window.__xss=3 }",
            "[x](javascript:window.__xss=4)", "![](http://evil.example/x.png)", "<img src=http://evil.example/y.png>",
            "[^1]", "|", "C#", "`code`", "**fett**", "_x_", "&amp;", "&", '"', "'", "\\", "~~", "==", "^", ":", "!",
            "🕊", "🇺🇦", "😀", "</title>", "---", "#", "<!--", "-->", "$x$", "%", "(", ")"]
PLANES = [0, 1, 2, 3, 14, 15, 16]


def _usable(c: int) -> bool:
    return unicodedata.category(chr(c)) not in ("Cc", "Cs", "Cn") and not chr(c).isspace()


# every usable character of each plane (0-3: scripts, symbols, CJK; 14: tags and variation selectors;
# 15-16: private use), so that each draw can pick any of them
POOLS = {plane: [chr(c) for c in range(plane * 0x10000, plane * 0x10000 + 0xFFFE) if _usable(c)] for plane in PLANES}


def characters(plane: int):
    return st.sampled_from(POOLS[plane])


@st.composite
def field_text(draw) -> str:
    parts = [draw(characters(draw(st.sampled_from(PLANES)))) for _ in range(draw(st.integers(1, 4)))]
    parts += draw(st.lists(st.sampled_from(SPECIALS), min_size=1, max_size=4))
    parts = draw(st.permutations(parts))
    return "X" + " ".join(parts) + " Y"  # letters at both ends: nothing is stripped as whitespace would be


def shown(text: str) -> str:
    """What a reader should see: the loader keeps NFC, and a run of whitespace is one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def write_site(root: Path, texts) -> list[str]:
    for name in ("mkdocs.yml", "theme_overrides"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    (root / "content/pages").mkdir(parents=True)
    shutil.copy(ROOT / "content/pages/ueber.md", root / "content/pages/ueber.md")  # named in mkdocs.yml's nav
    passages: list[str] = []

    def cite(label: str) -> dict:
        passages.append(f"Beleg {label} {next(texts)}")
        return {"id": "quelle", "evidence": passages[-1]}
    files = {
        # no copyright: the footer then shows "© publisher"
        "site.yml": {"title": next(texts), "description": next(texts), "publisher": next(texts), "base_url": "https://example.org/",
                     "footer": [{"title": next(texts), "url": "https://example.org/impressum"}]},
        "sources/quelle.yml": {"id": "quelle", "title": next(texts), "publisher": next(texts), "date": "2025-07-19",
                               "file": "seeds/quelle.txt", "note": next(texts)},
        "actors/akteur-a.yml": {"id": "akteur-a", "kind": "state", "name": next(texts), "role": next(texts),
                                "description": next(texts), "aliases": [next(texts)], "source": cite("A")},
        "actors/akteur-b.yml": {"id": "akteur-b", "kind": "person", "name": next(texts), "role": next(texts),
                                "affiliation": "akteur-a", "source": cite("B")},
        "terms/begriff.yml": {"id": "begriff", "term": next(texts), "definition": next(texts), "explanation": next(texts),
                              "variants": [next(texts)], "source": cite("Begriff")},
    }
    quote = next(texts)
    passages.append(quote)
    files["stories/geschichte.yml"] = {
        "id": "geschichte", "title": next(texts), "teaser": next(texts), "summary": next(texts), "as_of": "2025-07-19",
        "sources": ["quelle"],
        "key_facts": [{"id": "kernfakt", "text": next(texts), "source": cite("Kernfakt"),
                       "updates": [{"date": "2025-07-20", "note": next(texts)}]}],
        "demands": [{"id": "forderung", "by": "akteur-a", "of": "akteur-b", "what": next(texts), "status": "open",
                     "answer": {"text": next(texts), "source": cite("Antwort")}, "source": cite("Forderung")}],
        "events": [{"id": "ereignis", "date": "2025-07-18", "date_text": next(texts), "title": next(texts), "text": next(texts),
                    "actors": ["akteur-a", "akteur-b"], "source": cite("Ereignis")}],
        "quotes": [{"id": "zitat", "speaker": "akteur-b", "text": quote, "date": "2025-07-18", "context": next(texts),
                    "source": cite("Zitat")}],
    }
    typed = []
    for name, data in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        typed += _strings(data)
    (root / "seeds").mkdir()
    (root / "seeds/quelle.txt").write_text("\n\n".join(passages) + "\n", encoding="utf-8")
    return [t for t in typed if t.startswith("X") or t.startswith("Beleg")]


def _strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


PAGES = ["", "geschichten/geschichte/", "chronologie/", "forderungen/", "akteure/", "akteure/akteur-a/", "akteure/akteur-b/",
         "glossar/", "glossar/begriff/", "quellen/"]


# each example builds a site: two of them, and no shrinking (which would build dozens more)
@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck), database=None, phases=[Phase.generate])
@given(st.lists(field_text(), min_size=60, max_size=60))
def test_any_text_in_any_field_shows_as_typed(tmp_path_factory, browser, texts: list[str]) -> None:
    root = tmp_path_factory.mktemp("unicode")
    typed = write_site(root, iter(f"X{i}{t}" for i, t in enumerate(texts)))  # all different: no name used twice
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        assert main(["build"]) == 0
    server = SiteServer(root / "site")
    page = browser.new_page()
    foreign: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    seen = ""
    try:
        for path in PAGES:
            page.goto(server.url + path)
            page.wait_for_load_state("load")
            assert page.evaluate("window.__xss") is None, path
            assert page.title().strip(), path  # the front matter was read: the page has its title
            for data in page.locator('script[type="application/ld+json"]').all_text_contents():
                json.loads(data)
            widths = page.locator("article table").evaluate_all(
                "ts => ts.map(t => [...t.rows].map(r => r.cells.length))")
            for rows in widths:  # `|` in a cell must not split it
                assert len(set(rows)) == 1, (path, rows)
            assert page.locator("[onload], [onerror], [onclick], [onmouseover]").count() == 0, path
            text = page.inner_text("body")
            # text shown on demand: tooltips (Material decodes a title once more and shows it as HTML),
            # a source mark's preview
            text += " " + " ".join(page.evaluate("""() => [
              ...[...document.querySelectorAll('article [title]')].map(e => {
                const t = document.createElement('textarea'); t.innerHTML = e.getAttribute('title'); return t.value; }),
              ...[...document.querySelectorAll('article .cite__tip')].map(e => e.textContent)]"""))
            assert "og_type" not in text and "jsonld" not in text, path  # no front matter shown as text
            seen += "\n" + " ".join(text.split())
        # a text shown in quotation marks (a source's passage, a quote) has its own double marks nested
        missing = [t for t in typed if shown(t) not in seen and shown(quoted(t)[1:-1]) not in seen]
        assert missing == [], missing[:3]
        assert foreign == [] and dialogs == []
    finally:
        page.close()
        server.close()
