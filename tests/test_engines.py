# The engine step (issue 15): `explainer build --engine properdocs` exports the site, has
# ProperDocs build the exported folder strictly, finishes the HTML as the plugin would and indexes
# it. Its site holds the same files with the same bytes as the default build (but the generator
# tag and the sitemap's order), and a failing engine leaves `site/` as it was.
from __future__ import annotations

import re
from pathlib import Path

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
    assert differ == ["sitemap.xml", "sitemap.xml.gz"], differ  # pages in another order, the same dates
    assert entries(ours["sitemap.xml"]) == entries(theirs["sitemap.xml"])
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


def test_after_an_edit_the_engine_rebuilds_only_what_changed_and_the_site_is_as_a_cold_build(project: Path, monkeypatch, capsys) -> None:
    """The engine starts from a copy of the last site and rebuilds the pages whose Markdown changed;
    after each kind of edit the site is byte for byte what a build from nothing gives."""
    import shutil

    monkeypatch.chdir(project)
    assert main(["build", "--engine", "properdocs"]) == 0
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
        assert main(["build", "--engine", "properdocs"]) == 0, kind
        if kind != "site.yml":  # settings change every page: a full build
            assert untouched.stat().st_mtime_ns == before, f"{kind}: a page that does not show it was rebuilt"
        shutil.rmtree(project / ".cache/explainer", ignore_errors=True)
        assert main(["build", "--engine", "properdocs", "-d", "cold"]) == 0, kind
        warm, cold = snapshot(project / "site"), snapshot(project / "cold")
        assert warm.keys() == cold.keys(), (kind, warm.keys() ^ cold.keys())
        assert [k for k in warm if warm[k] != cold[k]] == [], kind
        shutil.rmtree(project / "cold")
        assert main(["build", "--engine", "properdocs"]) == 0  # the state of `site/` again, for the next edit
    capsys.readouterr()
