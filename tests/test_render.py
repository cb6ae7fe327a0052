from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import markdown

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
    with caplog.at_level(logging.DEBUG, logger=parallel.log.name):
        two = render_site(content)
    assert two == one
    here, worker = map(int, re.findall(r"in process (\d+)", caplog.text))
    assert here == os.getpid() != worker
