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
