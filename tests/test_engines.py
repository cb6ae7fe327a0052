# The engine step (issue 15): `explainer build --engine properdocs` exports the site, has
# ProperDocs build the exported folder strictly, finishes the HTML as the plugin would and indexes
# it. Its site holds the same files with the same bytes as the default build (but the generator
# tag), and a failing engine leaves `site/` as it was. Zensical (0.0.73)
# builds the same pages; with every engine, a site that lacks a page is never published.
from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import main
from conftest import snapshot


def entries(sitemap: bytes) -> set[tuple[str, str]]:
    return set(re.findall(r"<loc>([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap.decode("utf-8")))


def test_properdocs_builds_the_same_site(project: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(project)
    assert main(["build"]) == 0
    assert main(["build", "--engine", "properdocs", "-d", "site-properdocs"]) == 0, capsys.readouterr().err
    ours, theirs = snapshot(project / "site"), snapshot(project / "site-properdocs")
    assert ours.keys() == theirs.keys()
    tag = (b'content="mkdocs-ProperDocs 1.6.7, ', b'content="mkdocs-1.6.1, ')
    differ = [k for k in ours if ours[k] != theirs[k].replace(*tag)]
    assert differ == [], differ  # both build the same exported folder
    assert entries(ours["sitemap.xml"])
    kinds = {k.split("/")[0] for k in theirs if k.endswith("index.html")}
    assert {"index.html", "geschichten", "akteure", "glossar", "chronologie", "forderungen", "quellen"} <= kinds


def test_a_failing_engine_leaves_the_site_as_it_was(project: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(project)
    assert main(["build", "--engine", "properdocs"]) == 0
    before = snapshot(project / "site")
    page = project / "content/pages/ueber.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[kaputt](gibtsnicht.md)\n", encoding="utf-8")  # strict refuses it
    assert main(["build", "--engine", "properdocs"]) == 1
    err = capsys.readouterr().err
    assert "properdocs could not build the site" in err and "gibtsnicht.md" in err, err
    assert snapshot(project / "site") == before


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_after_an_edit_the_engine_rebuilds_only_what_changed_and_the_site_is_as_a_cold_build(project: Path, monkeypatch, capsys,
                                                                                               engine: str) -> None:
    """The engine starts from a copy of the last site and rebuilds the pages whose Markdown changed;
    after each kind of edit the site is byte for byte what a build from nothing gives."""
    import shutil

    monkeypatch.chdir(project)
    assert main(["build", "--engine", engine]) == 0
    term = project / "content/terms/ultimatum.yml"
    extra = project / "content/terms/zz-test.yml"
    edits = [
        ("a definition", lambda: term.write_text(term.read_text(encoding="utf-8").replace("definition: ", "definition: Neu, ", 1), encoding="utf-8")),
        ("a new term", lambda: extra.write_text("id: zz-test\nterm: Testwort\ndefinition: Ein Test.\n"
                                                "source: {id: dpa-2025-07-19-waffenruhe-gespraeche, evidence: Die Ukraine hat Russland}\n", encoding="utf-8")),
        ("a term removed", lambda: extra.unlink()),
        ("site.yml", lambda: (project / "content/site.yml").write_text((project / "content/site.yml").read_text(encoding="utf-8")
                                                                       .replace("description: ", "description: Neu. ", 1), encoding="utf-8")),
    ]
    for kind, edit in edits:
        untouched = project / "site/akteure/nato/index.html"
        before = untouched.stat().st_mtime_ns
        edit()
        assert main(["build", "--engine", engine]) == 0, kind
        if kind != "site.yml":  # settings change every page: a full build
            assert untouched.stat().st_mtime_ns == before, f"{kind}: a page that does not show it was rebuilt"
        shutil.rmtree(project / ".cache/explainer", ignore_errors=True)
        assert main(["build", "--engine", engine, "-d", "cold"]) == 0, kind
        warm, cold = snapshot(project / "site"), snapshot(project / "cold")
        assert warm.keys() == cold.keys(), (kind, warm.keys() ^ cold.keys())
        assert [k for k in warm if warm[k] != cold[k]] == [], kind
        shutil.rmtree(project / "cold")
        assert main(["build", "--engine", engine]) == 0  # the state of `site/` again, for the next edit
    capsys.readouterr()


def pages_of(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts}


def test_zensical_builds_every_page_of_the_first_story(project: Path, monkeypatch, capsys) -> None:
    """Zensical (0.0.73, the newest the registry here installs) on the exported folder: the same
    pages as the default build, each kind there, the 404 page's links, dates in the sitemap, a search index."""
    monkeypatch.chdir(project)
    assert main(["build"]) == 0
    assert main(["build", "--engine", "zensical", "-d", "site-zensical"]) == 0, capsys.readouterr().err
    ours, theirs = pages_of(project / "site"), pages_of(project / "site-zensical")
    assert len(theirs) == len(ours) == 44 and theirs == ours, ours ^ theirs
    kinds = {k.split("/")[0] for k in theirs}
    assert {"index.html", "404.html", "geschichten", "akteure", "glossar", "chronologie", "forderungen", "quellen",
            "ueber", "impressum", "datenschutz"} <= kinds
    site = project / "site-zensical"
    assert 'content="zensical-0.0.73"' in (site / "index.html").read_text(encoding="utf-8")
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert '<a href="/">Startseite</a>' in not_found and '<a href="/glossar/">Glossar</a>' in not_found
    assert entries((site / "sitemap.xml").read_bytes()) == entries((project / "site/sitemap.xml").read_bytes())
    assert (site / "pagefind/pagefind-entry.json").is_file() and (site / ".explainer-site").is_file()
    story = next((site / "geschichten").glob("*/index.html")).read_text(encoding="utf-8")
    assert 'class="footnote' in story and "application/ld+json" in story and "assets/explainer.css" in story
    assert "Zensical" in story and "Material for MkDocs" not in story  # the footer's credit names its engine


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("zensical"))
    with pytest.MonkeyPatch.context() as m:
        m.chdir(project)
        assert main(["build", "--engine", "zensical"]) == 0
    return project / "site"


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
def test_zensical_site_has_a_working_search_box_in_the_header(zensical_site: Path, browser, serve_site, width: int) -> None:
    """Our search box is Material's markup; Zensical's theme styles another search, so without
    Material's search styles (engine/zensical-search.css) its field and icons stood stacked in a
    130 px header at 1280 px. Zensical's own search is off: no page fetches an index nobody uses."""
    server = serve_site(zensical_site)
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(server.url + "geschichten/ukraine-russland-verhandlungen-juli-2025/")
    header = page.locator(".md-header").bounding_box()
    assert header["height"] <= 56, header  # one row, as with Material (48 px)
    if width < 960:  # narrow screens: the search opens from the header button
        page.locator("button.ex-search-open").click()
    field = page.locator("input[data-ex-search-input]")
    field.click()
    page.keyboard.type("Waffenruhe")
    page.wait_for_function("() => /\\d+ Treffer/.test(document.querySelector('[data-ex-search-meta]').textContent)",
                           timeout=10000)
    page.wait_for_timeout(500)  # the box slides in on narrow screens
    box = field.bounding_box()
    assert field.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width and box["height"] <= 48, box
    assert box["y"] >= 0 and box["y"] + box["height"] <= header["y"] + header["height"], (box, header)
    first = page.locator("[data-ex-search-results] li a").first
    hit = first.bounding_box()
    assert first.is_visible() and hit["x"] >= 0 and hit["x"] + hit["width"] <= width and hit["y"] < 800, hit
    sizes = page.evaluate("() => [...document.querySelectorAll('[data-ex-search-results] li:first-child :is(p, .ex-search__title)')]"
                          ".map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 12, sizes  # title and snippet readable
    page.close()
    fetched = dict(server.served)
    assert fetched.get("/search.json", 0) < 1000, fetched.get("/search.json")  # Zensical's own, switched off


def test_zensical_refuses_a_broken_link_and_leaves_the_site(project: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(project)
    assert main(["build", "--engine", "zensical"]) == 0
    before = snapshot(project / "site")
    page = project / "content/pages/ueber.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[kaputt](gibtsnicht.md)\n", encoding="utf-8")
    assert main(["build", "--engine", "zensical"]) == 1
    err = capsys.readouterr().err
    assert "zensical could not build the site" in err and "gibtsnicht.md" in err and "\x1b[" not in err, err
    assert snapshot(project / "site") == before


def test_an_engine_that_reports_success_on_an_incomplete_site_fails(project: Path, monkeypatch, capsys) -> None:
    """An engine that leaves pages out (Zensical ignores MkDocs plugins and says "No issues found")
    must not replace the last site: every page the content makes is looked for, with every engine."""
    from generator import engine

    monkeypatch.chdir(project)
    assert main(["build"]) == 0
    before = snapshot(project / "site")
    real_run = engine.run

    def run_losing_a_page(name, config, site, dirty=False, cache=None):
        real_run(name, config, site, dirty, cache)
        (site / "glossar/ultimatum/index.html").unlink()

    monkeypatch.setattr(engine, "run", run_losing_a_page)  # the default engine's step too
    for name in ("mkdocs", "properdocs", "zensical"):
        assert main(["build", "--engine", name, "--no-cache"]) == 1, name
        err = capsys.readouterr().err
        assert f"{name} reported success, but 1 of" in err and "glossar/ultimatum/index.html" in err, err
        assert snapshot(project / "site") == before, name


def test_the_dirty_build_links_unchanged_pages_and_never_writes_into_the_live_site(project: Path, monkeypatch, capsys) -> None:
    """The engine's dirty build starts from the last site with its unchanged pages hard-linked; what
    the engine writes (the edited pages, the sitemap, 404) are copies: an engine that wrote and then
    failed leaves every byte of `site/` as it was."""
    from generator import engine
    from generator.engine import EngineError

    monkeypatch.chdir(project)
    assert main(["build", "--engine", "properdocs"]) == 0
    before = snapshot(project / "site")
    term = project / "content/terms/ultimatum.yml"
    term.write_text(term.read_text(encoding="utf-8").replace("definition: ", "definition: Neu, ", 1), encoding="utf-8")
    real_run, seen = engine.run, {}

    def run_then_fail(name, config, site, dirty=False, cache=None):
        real_run(name, config, site, dirty, cache)
        seen["dirty"] = dirty
        seen["linked"] = (site / "akteure/nato/index.html").stat().st_nlink
        seen["edited"] = (site / "glossar/ultimatum/index.html").stat().st_nlink
        # a theme's script and a story's feed, unchanged and older than their sources: links too;
        # what the engine writes on every build: copies
        seen["script"] = {p.stat().st_nlink for p in (site / "assets/javascripts").glob("bundle.*.min.js")}
        seen["feed"] = next(site.glob("geschichten/*/feed.xml")).stat().st_nlink
        seen["templates"] = {(site / name).stat().st_nlink for name in ("404.html", "sitemap.xml", "sitemap.xml.gz")}
        raise EngineError("failed after writing")

    monkeypatch.setattr(engine, "run", run_then_fail)
    assert main(["build", "--engine", "properdocs"]) == 1
    assert seen == {"dirty": True, "linked": 2, "edited": 1, "script": {2}, "feed": 2, "templates": {1}}, seen
    assert snapshot(project / "site") == before
    capsys.readouterr()


def test_a_site_put_into_the_same_folder_by_another_build_is_not_taken_as_the_last(project: Path, monkeypatch, capsys) -> None:
    """The engine's dirty build starts only from the site it built itself: here the folder keeps its
    inode number (as a reused one would) but holds another engine's site, and the build after an
    edit must still give what a build from nothing gives."""
    import shutil

    monkeypatch.chdir(project)
    assert main(["build"]) == 0
    assert main(["build", "--engine", "properdocs", "-d", "other"]) == 0
    site = project / "site"
    for entry in list(site.iterdir()):
        shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for entry in list((project / "other").iterdir()):
        entry.rename(site / entry.name)
    term = project / "content/terms/ultimatum.yml"
    term.write_text(term.read_text(encoding="utf-8").replace("definition: ", "definition: Neu, ", 1), encoding="utf-8")
    assert main(["build"]) == 0
    assert main(["build", "--no-cache", "-d", "cold"]) == 0, capsys.readouterr().err
    warm, cold = snapshot(site), snapshot(project / "cold")
    assert [k for k in warm.keys() | cold.keys() if warm.get(k) != cold.get(k)] == []


def test_a_backup_of_the_site_made_with_hard_links_keeps_the_next_build_dirty(project: Path, monkeypatch, capsys) -> None:
    import os
    import shutil

    monkeypatch.chdir(project)
    assert main(["build"]) == 0
    shutil.copytree(project / "site", project / "backup", copy_function=os.link)  # as `cp -al` or `rsync --link-dest`
    untouched = project / "site/akteure/nato/index.html"
    before = untouched.stat().st_mtime_ns
    term = project / "content/terms/ultimatum.yml"
    term.write_text(term.read_text(encoding="utf-8").replace("definition: ", "definition: Neu, ", 1), encoding="utf-8")
    assert main(["build"]) == 0, capsys.readouterr().err
    assert untouched.stat().st_mtime_ns == before  # a page that does not show the term was left alone


def _theme_listing(project: Path) -> list[tuple[str, str]]:
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    config = load_config(str(project / "mkdocs.yml"))
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return sorted((f.src_uri, f.src_dir) for f in files)


def test_the_theme_listing_kept_between_builds_is_mkdocs_own_until_a_theme_folder_changes(project: Path, tmp_path: Path) -> None:
    import json

    from mkdocs.structure.files import Files

    from generator import theme_files

    mkdocs_own = _theme_listing(project)
    record = tmp_path / "theme-files.json"
    with theme_files.listed_from(record):
        assert _theme_listing(project) == mkdocs_own
    kept = json.loads(record.read_text(encoding="utf-8"))
    kept["files"].append(["assets/nur-im-protokoll.css", kept["files"][0][1]])
    record.write_text(json.dumps(kept), encoding="utf-8")
    with theme_files.listed_from(record):  # read from the record: what it says is what the build gets
        assert ("assets/nur-im-protokoll.css", kept["files"][0][1]) in _theme_listing(project)
        (project / "theme_overrides/assets/neu.css").write_text("p {}", encoding="utf-8")  # the custom_dir changed
        now = _theme_listing(project)
        assert ("assets/neu.css", str(project / "theme_overrides")) in now
        assert "assets/nur-im-protokoll.css" not in {path for path, _ in now}
        record.write_text("{kaputt", encoding="utf-8")
        assert _theme_listing(project) == now
    assert Files.add_files_from_theme is theme_files._original
    assert _theme_listing(project) == now


def test_a_file_added_to_the_overrides_reaches_the_next_build(project: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(project)
    assert main(["build"]) == 0
    assert (project / ".cache/explainer/theme-files.json").is_file()
    (project / "theme_overrides/assets/neu.css").write_text("p { color: black }", encoding="utf-8")
    assert main(["build"]) == 0, capsys.readouterr().err
    assert (project / "site/assets/neu.css").read_text(encoding="utf-8") == "p { color: black }"
