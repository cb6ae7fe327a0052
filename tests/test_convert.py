# The content pages' Markdown is converted on two processes (generator/engine/convert.py):
# the site must be byte for byte what one process builds, MkDocs' warnings from
# the second process must still fail a strict build, and another plugin or hook
# that handles pages turns the split off.
from __future__ import annotations

import gc
import logging
import os
import re
from pathlib import Path, PurePosixPath

import pytest

from conftest import snapshot
from generator.engine import convert
from generator.build import BuildError, build_site
from generator.render import parallel

SPLIT = re.compile(r"(\d+) of (\d+) content pages converted in a second process")


@pytest.fixture
def split(monkeypatch, caplog):
    """Split on every build of this test, also with the browser tests' threads alive; the
    debug record says how many pages the second process converted."""
    monkeypatch.setattr(convert, "MIN_PAGES", 1)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    caplog.set_level(logging.DEBUG, logger=convert.log.name)
    return caplog


def test_two_processes_build_exactly_what_one_builds(two_stories: Path, tmp_path: Path, monkeypatch, split) -> None:
    build_site(two_stories / "mkdocs.yml", tmp_path / "two", two_stories / "content")
    theirs, total = map(int, SPLIT.search(split.text).groups())
    assert 0 < theirs < total
    monkeypatch.setattr(convert, "MIN_PAGES", 10**9)
    build_site(two_stories / "mkdocs.yml", tmp_path / "one", two_stories / "content")
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_a_warning_in_the_second_process_fails_the_strict_build(project: Path, tmp_path: Path, monkeypatch, split) -> None:
    from generator import export

    rendered, frozen = export.render_site, []

    def with_broken_link(content):
        frozen.append(gc.get_freeze_count())
        pages = rendered(content)
        # the second process starts from the end of MkDocs' list (mkdocs.structure.files.file_sort_key)
        last = max(pages, key=lambda p: (PurePosixPath(p).parts[:-1], PurePosixPath(p).stem != "index", PurePosixPath(p).name))
        pages[last] += "\n[Link ins Leere](gibt-es-nicht.md)\n"
        return pages

    monkeypatch.setattr(export, "render_site", with_broken_link)
    with pytest.raises(BuildError):  # without the kept state: it renders through render_site
        build_site(project / "mkdocs.yml", tmp_path / "site", project / "content", keep_state=False)
    assert int(SPLIT.search(split.text)[1]) > 0
    assert "contains a link 'gibt-es-nicht.md', but the target" in split.text
    assert not (tmp_path / "site").exists()
    # the content was frozen for the build (out of the cycle collector's way), and is no longer
    assert frozen[0] > 0 and gc.get_freeze_count() == 0


def test_a_hook_that_handles_pages_gets_every_page_whole(project: Path, tmp_path: Path, split) -> None:
    (project / "hooks.py").write_text("def on_page_markdown(markdown, **kwargs):\n"
                                      "    return markdown + '\\n\\nVon-einem-Hook-ergänzt\\n'\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hooks.py\n", encoding="utf-8")
    build_site(config, tmp_path / "site", project / "content")
    assert not SPLIT.search(split.text)
    pages = list((tmp_path / "site").glob("glossar/*/index.html"))
    assert pages and all("Von-einem-Hook-ergänzt" in p.read_text(encoding="utf-8") for p in pages)


def _die() -> None:
    """The worker takes every page, then ends as if the system had killed it (out of memory)."""
    assert convert._job is not None
    bounds = convert._job[3]
    with bounds.get_lock():
        bounds[1] = bounds[0]
    os._exit(3)


def test_a_worker_that_dies_leaves_its_pages_to_mkdocs(two_stories: Path, tmp_path: Path, monkeypatch, split) -> None:
    monkeypatch.setattr(convert, "_convert_job", _die)
    build_site(two_stories / "mkdocs.yml", tmp_path / "two", two_stories / "content")  # strict: must still pass
    assert "the second process converting pages stopped" in split.text
    monkeypatch.setattr(convert, "MIN_PAGES", 10**9)
    build_site(two_stories / "mkdocs.yml", tmp_path / "one", two_stories / "content")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
