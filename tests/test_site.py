# Builds the real site (project content plus a second fixture story) into a
# temporary folder and reads the HTML a reader gets.
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.dates import parse_date
from generator.load import load_content
from conftest import FIXTURES, SITE, copy_project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    copy_project(root)
    shutil.copytree(FIXTURES / "second_story", root, dirs_exist_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        assert main(["build"]) == 0
    return root


def html(built: Path, page: str) -> str:
    return (built / "site" / page / "index.html").read_text(encoding="utf-8") if page else (built / "site/index.html").read_text(encoding="utf-8")


def test_every_page_kind_exists(built: Path) -> None:
    content = load_content(built / "content")
    pages = ["", "chronologie", "forderungen", "akteure", "glossar", "quellen"]
    pages += [f"geschichten/{i}" for i in content.stories] + [f"akteure/{i}" for i in content.actors]
    pages += [f"glossar/{i}" for i in content.terms]
    for page in pages:
        assert "<h1" in html(built, page), page
    start = html(built, "")
    for story in content.stories.values():
        assert f'href="geschichten/{story.id}/"' in start


def test_explainer_page_has_all_sections_and_sources(built: Path) -> None:
    story = load_content(SITE / "content").stories
    page = html(built, f"geschichten/{next(iter(story))}")
    for heading in ("Worum es geht", "Wer beteiligt ist", "Wer fordert was von wem?", "Chronologie", "Zitate", "Quellen"):
        assert f">{heading}<" in page, heading
    assert "Stand: 19. Juli 2025" in page
    assert 'class="footnote sources-notes"' in page and "quellen/#quelle-" in page


def test_chronology_is_in_date_order(built: Path) -> None:
    content = load_content(built / "content")
    shown = re.findall(r'id="ereignis-([a-z0-9-]+)"', html(built, "chronologie"))
    events = {e.id: e for s in content.stories.values() for e in s.events}
    assert sorted(shown) == sorted(events)
    keys = [parse_date(events[i].date).sort_key() for i in shown]
    assert keys == sorted(keys)
    assert "Frühjahr 2025" in html(built, "chronologie")


def test_term_page_lists_where_it_is_mentioned(built: Path) -> None:
    page = html(built, "glossar/waffenruhe")
    mentions = page.split(">Erwähnt in<", 1)[1]
    assert "../../geschichten/" in mentions


def test_demands_overview_shows_every_demand_of_every_story(built: Path) -> None:
    page = html(built, "forderungen")
    content = load_content(built / "content")
    assert page.count('<div class="demand" id=') == sum(len(s.demands) for s in content.stories.values())
    assert "abgelehnt" in page and "offen" in page


def test_assessed_and_claimed_facts_stay_hedged(built: Path) -> None:
    story = html(built, "geschichten/ukraine-russland-verhandlungen-juli-2025")
    assert 'class="certainty certainty--assessed"' in story  # Kellogg "dürfte gedrängt haben"
    assert 'class="certainty certainty--claimed"' in html(built, "chronologie")


def test_nothing_is_loaded_from_other_hosts(built: Path) -> None:
    for page in (built / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        external = [tag for tag in re.findall(r"<(?:script|link|img|iframe)[^>]+>", text)
                    if re.search(r"(?:src|href)=\"(?:https?:)?//", tag) and "rel=\"canonical\"" not in tag]
        assert not external, page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_bad_evidence_fails_the_build_and_keeps_the_site(built: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(built)
    before = {p: p.read_bytes() for p in (built / "site").rglob("*") if p.is_file()}
    term = built / "content/terms/waffenruhe.yml"
    good = term.read_text(encoding="utf-8")
    lines = good.splitlines()
    n = next(i for i, line in enumerate(lines) if line.strip().startswith("evidence:"))
    lines[n] = lines[n].split("evidence:")[0] + "evidence: Dieser Satz steht nicht im Artikel."
    term.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        assert main(["build"]) == 1
    finally:
        term.write_text(good, encoding="utf-8")
    err = capsys.readouterr().err
    assert f"content/terms/waffenruhe.yml:{n + 1}:" in err and "not found verbatim" in err
    after = {p: p.read_bytes() for p in (built / "site").rglob("*") if p.is_file()}
    assert after == before
