from __future__ import annotations

import logging
import os
import posixpath
import re
from pathlib import Path

import markdown
from hypothesis import given
from hypothesis import strategies as st

from generator.load import load_content
from generator.render import render_site

EXTENSIONS = ["attr_list", "md_in_html", "tables", "footnotes"]


def test_titles_in_links_are_escaped_exactly_once(project: Path) -> None:
    source = project / "content/sources/dpa-2025-07-19-waffenruhe-gespraeche.yml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace('title: "Ukraine', 'title: "Krieg & Frieden <b>x</b> Ukraine'), encoding="utf-8")
    pages = render_site(load_content(project / "content"))
    html = markdown.markdown(pages["geschichten/ukraine-russland-verhandlungen-juli-2025.md"], extensions=EXTENSIONS)
    assert "Krieg &amp; Frieden &lt;b&gt;x&lt;/b&gt; Ukraine" in html
    assert "&amp;amp;" not in html and "<b>x</b>" not in html


def test_two_processes_render_exactly_what_one_renders(two_stories: Path, monkeypatch, caplog) -> None:
    from generator.render import parallel

    content = load_content(two_stories / "content")
    monkeypatch.setattr(parallel, "MIN_PAGES", 10**9)
    one = render_site(content)
    monkeypatch.setattr(parallel, "MIN_PAGES", 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # the browser tests' threads may live on
    with caplog.at_level(logging.DEBUG, logger=parallel.log.name):
        two = render_site(content)
    assert two == one
    here, worker = map(int, re.findall(r"in process (\d+)", caplog.text))
    assert here == os.getpid() != worker


def test_large_overviews_are_split_into_one_page_per_year_or_month(two_stories: Path, monkeypatch, tmp_path: Path) -> None:
    import generator.render as render
    from generator.build import build_site

    monkeypatch.setattr(render, "OVERVIEW_MAX", 4)
    story = two_stories / "content/stories/gefangenenaustausch-2025.yml"
    story.write_text(story.read_text(encoding="utf-8").replace('as_of: "2025-07-19"', 'as_of: "2024-03-01"'), encoding="utf-8")
    content = load_content(two_stories / "content")
    pages = render_site(content)
    for name, anchor, facts in (("chronologie", r'id="ereignis-([a-z0-9-]+)"', [e.id for s in content.stories.values() for e in s.events]),
                                ("forderungen", r'<span id="(forderung-[a-z0-9-]+)"', [d for s in content.stories.values() for d in s.demands])):
        parts = sorted(p for p in pages if p.startswith(f"{name}/"))
        assert len(parts) >= 2, name
        assert all(f"]({p})" in pages[f"{name}.md"] for p in parts)  # the overview links every part
        shown = [a for p in parts for a in re.findall(anchor, pages[p])]
        assert len(shown) == len(facts) == len(set(shown)), name  # every fact on exactly one part
    build_site(two_stories / "mkdocs.yml", tmp_path / "site", two_stories / "content")  # strict: every link between the parts resolves
    assert (tmp_path / "site" / parts[0].removesuffix(".md") / "index.html").is_file()


@given(st.lists(st.sampled_from(["a", "b", "glossar", "x.md"]), min_size=1, max_size=4),
       st.lists(st.sampled_from(["a", "b", "glossar"]), max_size=3))
def test_relative_links_are_those_of_posixpath(to: list[str], here: list[str]) -> None:
    from generator.render import _relative

    path, start = "/".join(to), "/".join(here) or "."
    assert _relative(path, start) == posixpath.relpath(path, start)
