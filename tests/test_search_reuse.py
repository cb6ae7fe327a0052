# Taking over the last search index (generator/index/reuse.py): a page's key changes with what
# Pagefind indexes and not with its tooltips; a build whose pages keep their keys does not run
# Pagefind, and every warm build's bundle is byte for byte the one a cold build writes.
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import cases, snapshot
from generator import index
from generator.build import BuildError, build_site
from generator.cli import main
from generator.index import BUNDLE, index_site
from generator.index.reuse import KEYS, RECIPE, page_key, read_keys
from test_search import fake_pagefind, indexed
from test_site import built  # noqa: F401  (module fixture: the built site)

PAGE = """<!doctype html>
<html lang="de" class="no-js"><head><meta charset="utf-8"><title>Waffenruhe</title></head>
<body><nav>Menü</nav><article class="md-content__inner md-typeset">
<h1 id="waffenruhe">Waffenruhe</h1><h2 id="ablauf">Ablauf</h2>
<p>Eine <a href="../w/">Feuerpause</a> <a class="term-link" href="../w/" title="Waffenruhe: Ende der Kämpfe">wurde vereinbart</a>.</p>
<div class="footnote"><ol><li>Quelle eins</li></ol></div>
</article><footer>Fuß</footer></body></html>
"""


@pytest.mark.parametrize("case", cases("page_keys.yml"), ids=lambda c: c["change"])
def test_page_key_changes_with_what_pagefind_indexes(case: dict) -> None:
    assert case["find"] in PAGE
    after = PAGE.replace(case["find"], case["replace"])
    assert (page_key(after.encode()) == page_key(PAGE.encode())) is case["same"]


def test_changed_tooltips_keep_the_index_without_running_pagefind(built: Path, tmp_path: Path, monkeypatch) -> None:
    """Every term tooltip of the built site rewritten: the last bundle is taken over, and it is the
    bundle Pagefind itself writes for the changed pages."""
    last, new = built / "site", tmp_path / "new"
    shutil.copytree(last, new, ignore=shutil.ignore_patterns(BUNDLE))
    changed = 0
    for page in new.glob("**/index.html"):
        text = page.read_text(encoding="utf-8")
        if 'class="term-link"' in text and ' title="' in text:
            page.write_text(text.replace(' title="', ' title="Geändert: '), encoding="utf-8")
            changed += 1
    assert changed > 5
    with monkeypatch.context() as m:
        m.setenv("PAGEFIND_BINARY_PATH", fake_pagefind(tmp_path, "exit 3"))  # would fail the index if it ran
        index_site(new, last_site=last)
    assert not (tmp_path / "pids").exists()
    fresh = tmp_path / "fresh"
    shutil.copytree(new, fresh, ignore=shutil.ignore_patterns(BUNDLE))
    index_site(fresh)  # Pagefind over the changed pages, from nothing
    assert snapshot(new / BUNDLE) == snapshot(fresh / BUNDLE) == snapshot(last / BUNDLE)


def test_an_index_made_with_other_options_is_not_taken_over(built: Path, tmp_path: Path, monkeypatch) -> None:
    """Same pages, but the project now excludes more from the index (or Pagefind was upgraded)."""
    last, new = built / "site", tmp_path / "new"
    shutil.copytree(last, new, ignore=shutil.ignore_patterns(BUNDLE))
    monkeypatch.setattr(index, "EXCLUDE", index.EXCLUDE + ", .demand")
    index_site(new, last_site=last)
    assert (new / BUNDLE / "pagefind-entry.json").stat().st_ino != (last / BUNDLE / "pagefind-entry.json").stat().st_ino
    assert read_keys(new / BUNDLE)[RECIPE] != read_keys(last / BUNDLE)[RECIPE]


def test_a_changed_word_runs_pagefind_and_the_new_index_finds_it(built: Path, tmp_path: Path) -> None:
    last, new = built / "site", tmp_path / "new"
    shutil.copytree(last, new, ignore=shutil.ignore_patterns(BUNDLE))
    page = new / "glossar/waffenruhe/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", "</h1><p>Suchprobe</p>", 1), encoding="utf-8")
    index_site(new, last_site=last)
    assert read_keys(new / BUNDLE)["glossar/waffenruhe/index.html"] != read_keys(last / BUNDLE)["glossar/waffenruhe/index.html"]
    assert "Suchprobe" in indexed(new / BUNDLE)["/glossar/waffenruhe/"]
    assert "Suchprobe" not in indexed(last / BUNDLE)["/glossar/waffenruhe/"]  # the last site's bundle is untouched


def _edit(project: Path, name: str) -> None:
    terms = project / "content/terms"
    if name == "definition":  # the term page, its related terms and the glossary show it: indexed text
        path = sorted(terms.glob("*.yml"))[0]
        path.write_text(path.read_text(encoding="utf-8").replace("definition: ", "definition: Geändert, ", 1), encoding="utf-8")
    elif name == "new term":  # a page more: a copy of the first term under a new name, with its sources
        text = sorted(terms.glob("*.yml"))[0].read_text(encoding="utf-8")
        kept = [line for line in text.splitlines() if not line.startswith(("id:", "term:", "variants:", "related:"))]
        (terms / "suchprobe.yml").write_text("\n".join(["id: suchprobe", "term: Suchprobe", *kept, ""]), encoding="utf-8")
    elif name == "term removed":  # a page less
        (terms / "suchprobe.yml").unlink()
    # "nothing": a build again, as after an edit that changed no page


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_warm_builds_after_each_kind_of_edit_write_the_bundle_of_a_cold_build(project: Path, engine: str, monkeypatch) -> None:
    monkeypatch.chdir(project)
    assert main(["build", "--engine", engine]) == 0
    for edit in ("nothing", "definition", "new term", "term removed"):
        _edit(project, edit)
        entry = (project / "site" / BUNDLE / "pagefind-entry.json").stat().st_ino
        assert main(["build", "--engine", engine]) == 0
        # the same file (hard-linked into the new site) when Pagefind did not run
        assert ((project / "site" / BUNDLE / "pagefind-entry.json").stat().st_ino == entry) is (edit == "nothing")
        shutil.rmtree(project / "site-cold", ignore_errors=True)
        assert main(["build", "--engine", engine, "--no-cache", "-d", "site-cold"]) == 0
        warm, cold = snapshot(project / "site" / BUNDLE), snapshot(project / "site-cold" / BUNDLE)
        assert warm == cold, (edit, sorted(k for k in warm.keys() | cold.keys() if warm.get(k) != cold.get(k))[:5])
        assert set(read_keys(project / "site" / BUNDLE)) - {RECIPE} == {p.relative_to(project / "site").as_posix()
                                                                         for p in (project / "site").glob("**/index.html")}


def test_a_failing_pagefind_after_an_edit_leaves_the_site_as_it_was(project: Path, tmp_path: Path, monkeypatch) -> None:
    build_site(project / "mkdocs.yml", project / "site", project / "content")
    before = snapshot(project / "site")
    _edit(project, "definition")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", fake_pagefind(tmp_path, "exit 3"))
    with pytest.raises(BuildError, match="Pagefind could not index the site"):
        build_site(project / "mkdocs.yml", project / "site", project / "content")
    assert snapshot(project / "site") == before
    assert KEYS in {p.name for p in (project / "site" / BUNDLE).iterdir()}


def test_after_an_edit_only_the_changed_pages_fragments_are_written(project: Path, monkeypatch) -> None:
    """The last bundle's fragments are carried over (hard links): Pagefind writes the fragments of
    the pages whose text changed and nothing into the live bundle, and the bundle is a cold build's."""
    monkeypatch.chdir(project)
    assert main(["build"]) == 0
    fragments = project / "site" / BUNDLE / "fragment"
    held = project / "held"  # the last bundle's fragments, held past the removal of the old site
    shutil.copytree(fragments, held, copy_function=os.link)
    before = snapshot(fragments)
    _edit(project, "definition")
    assert main(["build"]) == 0
    assert main(["build", "--no-cache", "-d", "site-cold"]) == 0
    assert snapshot(project / "site" / BUNDLE) == snapshot(project / "site-cold" / BUNDLE)
    new = {p.name: p.stat().st_ino for p in (project / "site" / BUNDLE / "fragment").iterdir()}
    carried = {name for name, ino in new.items() if (held / name).exists() and (held / name).stat().st_ino == ino}
    written = set(new) - carried
    assert 0 < len(written) < 10 and len(carried) == len(new) - len(written)
    assert snapshot(held) == before  # what the last site served was never written into


def test_a_carried_fragment_that_would_stand_for_a_changed_page_is_written_anew(project: Path, monkeypatch) -> None:
    """Pagefind names fragments by 7 hex digits of their hash and keeps a file of that name: a
    carried file under the name a changed page's fragment gets (here made so) must not stay."""
    monkeypatch.chdir(project)
    assert main(["build"]) == 0
    last = {p.name for p in (project / "site" / BUNDLE / "fragment").iterdir()}
    _edit(project, "definition")
    assert main(["build", "--no-cache", "-d", "site-cold"]) == 0
    cold = snapshot(project / "site-cold" / BUNDLE)
    cold_fragments = sorted((project / "site-cold" / BUNDLE / "fragment").iterdir())
    new_name = next(p.name for p in cold_fragments if p.name not in last)
    other = next(p for p in cold_fragments if p.name in last)
    shutil.copy(other, project / "site" / BUNDLE / "fragment" / new_name)  # an old fragment under the new name
    assert main(["build"]) == 0
    assert snapshot(project / "site" / BUNDLE) == cold
