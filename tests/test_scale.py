# What the newsroom-scale work relies on, without timing anything: the
# benchmark's synthetic content is valid and cross-linked, caches never serve
# stale results, and a dirty `serve` rebuild rewrites exactly the pages whose
# content changed (and nothing goes stale in the preview).
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import unicodedata

import pytest
import yaml
from hypothesis import given, strategies as st

from bench.synth import PER_STORY, generate
from generator.load import check_content, load_content
from generator.load.evidence import _QUOTES, normalise, stands_in
from generator.render import render_site
from generator.render.markdown import _INLINE, escape_inline
from conftest import SITE


def test_benchmark_content_is_valid_and_cross_linked(tmp_path: Path) -> None:
    counts = generate(tmp_path, 60)
    content, problems = check_content(tmp_path / "content")
    assert problems == []
    assert (len(content.stories), len(content.terms), len(content.actors)) == (counts.stories, counts.terms, counts.actors)
    assert counts.facts == counts.terms + counts.actors + counts.stories * sum(PER_STORY.values())
    pages = render_site(content)
    assert len(pages) == counts.pages - 1  # the free page ueber.md comes from docs_dir
    story = next(text for path, text in pages.items() if path.startswith("geschichten/"))
    assert re.search(r"\]\(\.\./glossar/[a-z0-9-]+\.md ", story), "running text must link glossary terms"
    variants = {v for t in content.terms.values() for v in t.variants}
    linked = set(re.findall(r"\[([^\]]+)\]\(\.\./glossar/", "".join(pages.values())))
    assert linked & variants, "inflected forms must be found in running text too"
    # reproducible: the same seed gives the same files
    again = Path(tempfile.mkdtemp(dir=tmp_path))
    generate(again, 60)
    for path in (tmp_path / "content" / "stories").glob("*.yml"):
        assert path.read_bytes() == (again / "content" / "stories" / path.name).read_bytes()


def test_rendering_twice_in_one_process_matches_a_fresh_render(two_stories: Path) -> None:
    # the Jinja environment is shared between renders: the second content must not see the first's data
    first = render_site(load_content(SITE / "content"))
    render_site(load_content(two_stories / "content"))
    assert render_site(load_content(SITE / "content")) == first


def test_a_changed_file_is_read_again(project: Path) -> None:
    path = project / "content" / "terms" / "waffenruhe.yml"
    assert load_content(project / "content").terms["waffenruhe"].definition.startswith("Meist")
    text = path.read_text(encoding="utf-8").replace("definition: Meist", "definition: Oft")
    path.write_text(text, encoding="utf-8")
    assert load_content(project / "content").terms["waffenruhe"].definition.startswith("Oft")
    path.write_text(text.replace("term: Waffenruhe", "term: [Waffenruhe"), encoding="utf-8")
    _, problems = check_content(project / "content")
    assert any(p.path.endswith("waffenruhe.yml") for p in problems)


@pytest.fixture
def serving(project: Path, monkeypatch):
    """Builds like `explainer serve` does (dirty rebuilds into one folder), returning the site folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.chdir(project)
    site = project / "preview"
    first = load_config("mkdocs.yml", site_dir=str(site))
    first.plugins.on_startup(command="serve", dirty=True)

    def rebuild() -> None:
        config = load_config("mkdocs.yml", site_dir=str(site))  # MkDocs reloads the config on every rebuild
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)

    build(first, serve_url="http://127.0.0.1:8000/", dirty=True)
    yield site, rebuild
    first.plugins.on_shutdown()


def _stamps(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("index.html")}


def _html(md_path: str) -> str:
    stem = md_path.removesuffix(".md")
    return "index.html" if stem == "index" else stem.removesuffix("index").rstrip("/") + "/index.html"


def test_dirty_rebuild_rewrites_only_the_pages_a_change_touches(serving, project: Path) -> None:
    site, rebuild = serving
    before, md_before = _stamps(site), render_site(load_content(project / "content"))
    term = project / "content" / "terms" / "waffenruhe.yml"
    data = yaml.safe_load(term.read_text(encoding="utf-8"))
    data["definition"] = "Geänderte Kurzerklärung für die Vorschau."
    term.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rebuild()
    after, md_after = _stamps(site), render_site(load_content(project / "content"))
    rewritten = {page for page in after if after[page] != before.get(page)}
    changed = {_html(p) for p in md_after if md_after[p] != md_before.get(p)}
    assert rewritten == changed
    assert {"glossar/waffenruhe/index.html", "glossar/index.html"} <= changed
    assert "Geänderte Kurzerklärung für die Vorschau." in (site / "glossar/waffenruhe/index.html").read_text(encoding="utf-8")
    # the tooltip of every link to the term changed, so those pages are rebuilt too
    story = "geschichten/ukraine-russland-verhandlungen-juli-2025/index.html"
    assert story in rewritten
    assert "Geänderte Kurzerklärung für die Vorschau." in (site / story).read_text(encoding="utf-8")
    # pages that neither show nor link the term are left alone
    assert "ueber/index.html" not in rewritten
    assert len(rewritten) < len(after) / 2, rewritten


def test_dirty_rebuild_removes_the_page_of_a_deleted_term(serving, project: Path) -> None:
    site, rebuild = serving
    # a term nobody else refers to: delete it and the preview must not keep its page
    content = load_content(project / "content")
    related = {r for t in content.terms.values() for r in t.related}
    lonely = next(t for t in sorted(content.terms) if t not in related)
    assert (site / "glossar" / lonely / "index.html").exists()
    (project / "content" / "terms" / f"{lonely}.yml").unlink()
    rebuild()
    assert not (site / "glossar" / lonely / "index.html").exists()
    assert f'href="{lonely}/"' not in (site / "glossar/index.html").read_text(encoding="utf-8")


@given(st.text(alphabet=st.sampled_from(list("ab  \t\n\xa0&<>\"\\`*_[]{}|#-„“”«»‟″‚‘’‹›‛′´") + ["ä", "ß", "\u0308"]), max_size=40))
def test_fast_paths_escape_exactly_like_the_plain_rules(text: str) -> None:
    # escape_inline and normalise skip work when nothing needs changing; the result must not differ
    plain = re.sub(r"\s+", " ", text).translate(_INLINE)
    assert escape_inline(text) == (plain[:-1] + "\\#" if plain.endswith("#") else plain)  # a heading's trailing `#` kept
    assert normalise(text) == re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).translate(_QUOTES)).strip()



_PIECE = st.lists(st.sampled_from(list("ab  \t\n\xa0\u2009\x85„“‚’\"'") + ["ä", "a\u0308", "\u0308", "\u212b", "\u1100\u1161"]), max_size=12).map("".join)


@given(st.lists(_PIECE, min_size=1, max_size=4), st.integers(0, 3), st.integers(0, 3), _PIECE)
def test_evidence_found_as_typed_exactly_when_found_normalised(pieces: list[str], start: int, end: int, other: str) -> None:
    # stands_in skips normalising a passage found as typed; whether it is found must not change
    text = normalise("".join(pieces))
    for passage in (text[start:len(text) - end], " " + text[start:] + " ", "".join(pieces[start % len(pieces):]), other):
        assert stands_in(passage, text) == (normalise(passage) in text)


def test_build_reads_each_file_once(project: Path, monkeypatch) -> None:
    # `explainer build` checks the content, then the plugin loads it again: the second load must hit the cache
    from generator.load import yamlfile

    reads: list[str] = []
    real = yamlfile.read_yaml
    monkeypatch.setattr("generator.load.validate.read_yaml", lambda path, shown: reads.append(str(path)) or real(path, shown))
    monkeypatch.chdir(project)
    from generator.cli import main

    assert main(["build", "-d", "out"]) == 0
    files = len(list((project / "content").rglob("*.yml")))
    assert len(reads) == files, f"{len(reads)} reads for {files} files"
