"""A build starts from the state the last one kept on disk (generator/persist.py): whatever the
editor changed in between, it must give exactly the pages of a build from scratch, and a state
that does not fit (other code, a damaged file) only costs a full render."""
from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from generator import persist
from generator.load import cache, load_content
from generator.render import incremental, render_site

TERM = "content/terms/waffenruhe.yml"
STORY2 = "content/stories/gefangenenaustausch-2025.yml"
NEW_TERM = """id: feuerpause
term: Feuerpause
definition: Eine kurze Unterbrechung der Kämpfe.
source:
  - id: dpa-2025-07-19-waffenruhe-gespraeche
    evidence: Russland führt seit mehr als drei Jahren einen zerstörerischen Angriffskrieg gegen die Ukraine.
"""

# (what the editor does between two builds, file, text before, text after; None: a new file), rendered in part?
EDITS = [
    ("nothing", None, None, None, True),
    ("term definition", TERM, "definition: Meist vorübergehende", "definition: Oft vorübergehende", True),
    ("story title", STORY2, "title: Gefangenenaustausch als einziges", "title: Der Gefangenenaustausch als einziges", True),
    ("term spelling", TERM, "variants: [Waffenruhen]", "variants: [Waffenruhen, Feuerpausen]", False),
    ("new term file", "content/terms/feuerpause.yml", None, NEW_TERM, False),
    ("site title", "content/site.yml", "title: Erklärt", "title: Erklärt!", False),
]


def edit(root: Path, path: str | None, before: str | None, after: str | None) -> None:
    if path is None:
        return
    file = root / path
    if before is None:
        file.write_text(after or "", encoding="utf-8")
        return
    text = file.read_text(encoding="utf-8")
    assert before in text
    file.write_text(text.replace(before, after or ""), encoding="utf-8")


def new_process() -> None:
    """What a new `explainer build` process starts with: nothing in memory."""
    persist._restored.clear()
    cache.clear()


@pytest.mark.parametrize("what, path, before, after, partial", EDITS, ids=[e[0] for e in EDITS])
def test_a_render_from_the_kept_state_equals_a_full_render(two_stories: Path, tmp_path: Path, caplog,
                                                           what, path, before, after, partial) -> None:
    folder, content_dir = tmp_path / "state", two_stories / "content"
    new_process()
    first = persist.restore(folder)
    first.render(load_content(content_dir))
    persist.save(folder, first)
    edit(two_stories, path, before, after)

    new_process()
    with caplog.at_level(logging.DEBUG, logger=incremental.log.name):
        kept = persist.restore(folder)
        assert kept.content is not None
        warm = kept.render(load_content(content_dir))
    full = render_site(load_content(content_dir))
    assert warm.keys() == full.keys() and [p for p in full if warm[p] != full[p]] == []
    redone, total = map(int, caplog.records[-1].getMessage().split()[1:4:2])
    assert (redone < total) == partial, caplog.records[-1].getMessage()


def test_a_file_put_back_with_its_old_size_and_time_is_read_again(two_stories: Path, tmp_path: Path) -> None:
    folder, term = tmp_path / "state", two_stories / TERM
    new_process()
    preview = persist.restore(folder)
    preview.render(load_content(two_stories / "content"))
    persist.save(folder, preview)
    st = term.stat()
    term.write_text(term.read_text(encoding="utf-8").replace("Meist vorübergehende", "Stets vorübergehende"), encoding="utf-8")
    assert term.stat().st_size == st.st_size
    os.utime(term, ns=(st.st_atime_ns, st.st_mtime_ns))  # as `cp -p` or `rsync -t` leave it

    new_process()
    pages = persist.restore(folder).render(load_content(two_stories / "content"))
    assert "Stets vorübergehende" in pages["glossar/waffenruhe.md"]


@pytest.mark.parametrize("damage", ["truncated", "other code", "not a state"])
def test_a_state_that_does_not_fit_means_a_full_render(project: Path, tmp_path: Path, monkeypatch, caplog, damage) -> None:
    folder = tmp_path / "state"
    new_process()
    preview = persist.restore(folder)
    preview.render(load_content(project / "content"))
    persist.save(folder, preview)
    state = folder / persist.STATE
    if damage == "truncated":
        state.write_bytes(state.read_bytes()[:1000])
    elif damage == "other code":
        monkeypatch.setattr(persist, "_code_stamp", lambda: "another version")
    else:
        state.write_bytes(pickle.dumps(["something", "else"]))
    new_process()
    with caplog.at_level(logging.INFO, logger=persist.log.name):
        kept = persist.restore(folder)
    assert kept.content is None and "rendering everything" in caplog.text
    assert kept.render(load_content(project / "content")) == render_site(load_content(project / "content"))


def test_explainer_build_keeps_its_state_and_no_cache_leaves_it_alone(project: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}

    def build(*args: str) -> None:
        done = subprocess.run([sys.executable, "-m", "generator.cli", "build", *args], cwd=project, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr

    state = project / ".cache/explainer" / persist.STATE
    build("-d", "fresh", "--no-cache")
    assert not state.exists()
    build()
    kept = state.stat().st_mtime_ns
    edit(project, TERM, "definition: Meist vorübergehende", "definition: Oft vorübergehende")
    build("-d", "fresh", "--no-cache")
    assert state.stat().st_mtime_ns == kept
    build()
    assert state.stat().st_mtime_ns != kept
    site, fresh = project / "site", project / "fresh"
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    assert [f for f in files if (site / f).read_bytes() != (fresh / f).read_bytes()] == []
    assert "Oft vorübergehende" in (site / "glossar/waffenruhe/index.html").read_text(encoding="utf-8")
