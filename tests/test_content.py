# The shipped content/, tested only for what every valid site has: it loads with every evidence
# passage found, every page builds strictly, every link and anchor resolves, and axe finds nothing on
# any page kind. Run twice: as shipped, and with a new story (its own source, actors and terms,
# tests/fixtures/extra_story) added, so that an editor adding stories never has to touch a test.
# Everything that asserts on particular records uses the frozen test site (conftest.SITE).
from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.cli import main
from generator.load import check_content
from conftest import FIXTURES, ROOT, copy_project

VARIANTS = {"as shipped": [], "with a new story": [FIXTURES / "extra_story"]}


@pytest.fixture(scope="module", params=list(VARIANTS))
def shipped(request, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("shipped")
    copy_project(root, content_from=ROOT)
    for extra in VARIANTS[request.param]:
        shutil.copytree(extra, root, dirs_exist_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        assert main(["build"]) == 0, "the shipped content must build strictly"
    return root


def test_content_loads_and_every_passage_is_found(shipped: Path) -> None:
    content, problems = check_content(shipped / "content")
    assert problems == []
    checked = {s.id for s in content.sources.values() if s.file}
    assert checked <= set(content.source_texts), "every source with a file has its text"


def test_every_record_has_its_page(shipped: Path) -> None:
    content, _ = check_content(shipped / "content")
    site = shipped / "site"
    for folder, ids in (("geschichten", content.stories), ("akteure", content.actors), ("glossar", content.terms)):
        for id in ids:
            assert (site / folder / id / "index.html").is_file(), f"{folder}/{id}"
    for story in content.stories.values():
        assert (site / "geschichten" / story.id / "feed.xml").is_file()


_LINK = re.compile(r'<(?:a|link|img|script)\b[^>]*?\b(?:href|src)="([^"]*)"')
_ID = re.compile(r'\bid="([^"]+)"')


def test_every_link_and_anchor_resolves(shipped: Path) -> None:
    site = shipped / "site"
    pages = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    ids = {p: set(_ID.findall(text)) for p, text in pages.items()}
    broken = []
    for page, text in pages.items():
        if page.name == "404.html":
            continue  # its links are absolute, under base_url's path (tested in test_publishing)
        for href in _LINK.findall(text):
            parts = urlsplit(href.replace("&amp;", "&"))
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "data:")):
                continue
            target = page if not parts.path else Path(posixpath.normpath(page.parent / unquote(parts.path)))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append((str(page.relative_to(site)), href))
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids.get(target, set()):
                broken.append((str(page.relative_to(site)), href))
    assert broken == []


def _page_kinds(shipped: Path) -> list[str]:
    """One page of every kind; every story and topic, as each shows its own facts."""
    content, _ = check_content(shipped / "content")
    paths = ["", "chronologie/", "forderungen/", "akteure/", "glossar/", "quellen/", "404.html"]
    paths += [f"geschichten/{id}/" for id in sorted(content.stories)]
    paths += sorted(f"themen/{p.parent.name}/" for p in (shipped / "site/themen").glob("*/index.html"))
    for kind in ("state", "organisation", "person"):
        actors = sorted(a.id for a in content.actors.values() if a.kind == kind)
        paths += [f"akteure/{actors[0]}/"] if actors else []
    paths += [f"glossar/{min(content.terms)}/"] if content.terms else []
    return paths


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_nothing_on_any_page_kind(shipped: Path, browser, serve_site, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    url = serve_site(shipped / "site").url
    axe, page, found = Axe(), browser.new_page(viewport={"width": width, "height": 900}), {}
    for path in _page_kinds(shipped):
        page.goto(url + path)
        violations = axe.run(page).response["violations"]
        if violations:
            found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    page.close()
    assert not found
