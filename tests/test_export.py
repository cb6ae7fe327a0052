# `explainer export DIR` (issue 15, the export step): the site's source for any engine. Plain
# MkDocs, without the explainer plugin, builds it into the same pages as `explainer build`; a
# second export writes nothing, an edit rewrites only the pages that show it, a removed record's
# page goes, and a folder the export does not own is refused.
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from generator.cli import main
from conftest import snapshot

MKDOCS = str(Path(sys.executable).parent / "mkdocs")


def test_plain_mkdocs_builds_the_export_into_the_same_pages(project: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(project)
    assert main(["build"]) == 0
    assert main(["export", "out"]) == 0
    env = dict(os.environ)
    done = subprocess.run([MKDOCS, "build", "--strict", "-f", "out/mkdocs.yml", "-d", str(project / "plain")],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    ours = {k: v for k, v in snapshot(project / "site").items() if not k.startswith("pagefind/") and k != ".explainer-site"}
    theirs = snapshot(project / "plain")
    assert ours.keys() == theirs.keys()
    # the aria-labels come with the exported config (generator.engine.aria_labels); the sitemap's <lastmod>
    # is the content's date only after `explainer build`'s post-build step: the day of the build here
    assert b'class="headerlink" href="#' in theirs["index.html"] and b'" aria-label="Link zu' in theirs["index.html"]
    assert [k for k in ours if ours[k] != theirs[k]] == ["sitemap.xml", "sitemap.xml.gz"]


def test_a_second_export_writes_nothing_and_an_edit_only_what_shows_it(project: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(project)
    assert main(["export", "out"]) == 0
    first = capsys.readouterr().out
    assert re.search(r"(\d+) files, \1 written", first), first
    times = {p: p.stat().st_mtime_ns for p in (project / "out").rglob("*") if p.is_file()}
    assert main(["export", "out"]) == 0
    assert ", 0 written or removed" in capsys.readouterr().out
    assert {p: p.stat().st_mtime_ns for p in times} == times
    term = project / "content/terms/ultimatum.yml"
    term.write_text(term.read_text(encoding="utf-8").replace("definition: ", "definition: Neu, ", 1), encoding="utf-8")
    extra = project / "content/terms/zz-test.yml"
    extra.write_text("id: zz-test\nterm: Testwort\ndefinition: Ein Test.\n"
                     "source: {id: dpa-2025-07-19-waffenruhe-gespraeche, evidence: Die Ukraine hat Russland}\n", encoding="utf-8")
    assert main(["export", "out"]) == 0
    capsys.readouterr()
    changed = {str(p.relative_to(project / "out")) for p in times if p.exists() and p.stat().st_mtime_ns != times[p]}
    assert "docs/glossar/ultimatum.md" in changed and "docs/index.md" not in changed
    assert all(c.startswith("docs/") and c.endswith(".md") for c in changed), changed
    assert (project / "out/docs/glossar/zz-test.md").is_file()
    extra.unlink()
    assert main(["export", "out"]) == 0
    assert not (project / "out/docs/glossar/zz-test.md").exists()  # a removed record leaves no page behind


def test_export_refuses_a_folder_it_does_not_own(project: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(project)
    (project / "notes").mkdir()
    (project / "notes/x.txt").write_text("mine", encoding="utf-8")
    before = snapshot(project)
    for target in ("content", ".", "notes"):
        assert main(["export", target]) == 1
        assert "refusing" in capsys.readouterr().err
    assert snapshot(project) == before
