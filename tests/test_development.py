# Stories that develop: the test site plus a real second story (tests/fixtures/next_story) that
# continues the first, shares its topic and supersedes three of its facts with `story-id/fact-id`.
# Checked in the built HTML and feeds, in the browser, and in the loader's messages.
from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import check_content, load_content
from generator.render import render_site
from generator.render.incremental import Preview
from conftest import FIXTURES, cases, copy_project

OLD, NEW = "ukraine-russland-verhandlungen-juli-2025", "istanbul-dritte-runde-juli-2025"
TOPIC = "themen/verhandlungen-ueber-ein-ende-des-ukraine-kriegs"
A = "{http://www.w3.org/2005/Atom}"


def with_next_story(root: Path) -> Path:
    copy_project(root)
    shutil.copytree(FIXTURES / "next_story", root, dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = with_next_story(tmp_path_factory.mktemp("development"))
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        assert main(["build"]) == 0
    return root


def html(built: Path, page: str) -> str:
    return (built / "site" / page / "index.html").read_text(encoding="utf-8")


def test_superseded_fact_of_another_story_is_greyed_and_links_to_the_newer_one(built: Path) -> None:
    old = html(built, f"geschichten/{OLD}")
    event = re.search(r'<div class="event [^"]*event--superseded[^"]*" id="ereignis-vorgeschlagenes-treffen-naechste-woche">(.*?)</div>', old, re.S)
    assert event, "the superseded event is marked"
    note = re.search(r'Überholt – neuer Stand in „([^“]+)“: <a href="([^"]+)">([^<]+)</a>', event.group(1))
    assert note and note.group(2) == f"../{NEW}/#ereignis-treffen-in-istanbul-23-juli"
    assert note.group(1) == load_content(built / "content").stories[NEW].title
    assert 'id="ereignis-treffen-in-istanbul-23-juli"' in html(built, f"geschichten/{NEW}"), "the link's anchor exists"
    key_fact = re.search(r'<li><span id="fakt-1"></span><span class="superseded">Die (<a [^>]*>)?Ukraine(</a>)? hat .*?</li>', old, re.S)
    assert key_fact and f'href="../{NEW}/#fakt-dritte-runde-am-23-juli"' in key_fact.group(0)
    # the newer story itself shows its facts plainly
    assert "Überholt" not in html(built, f"geschichten/{NEW}")


def test_older_story_says_how_it_went_on_and_the_newer_names_its_forerunner(built: Path) -> None:
    old, new = html(built, f"geschichten/{OLD}"), html(built, f"geschichten/{NEW}")
    later = re.search(r'<div class="later">\s*<p><strong>Wie es weiterging:</strong> <a href="([^"]+)">([^<]+)</a> \(Stand: 23\. Juli 2025\)', old)
    assert later and later.group(1) == f"../{NEW}/"
    assert f'Vorgeschichte: <a href="../{OLD}/">' in new
    assert "Wie es weiterging" not in new
    for page in (old, new):
        assert f'Thema: <a href="../../{TOPIC}/">Verhandlungen über ein Ende des Ukraine-Kriegs</a>' in page


def test_topic_page_lists_its_stories_in_order_and_their_merged_chronology(built: Path) -> None:
    content = load_content(built / "content")
    page = html(built, TOPIC)
    assert re.search(r'<h1 id="[^"]+">Verhandlungen über ein Ende des Ukraine-Kriegs<', page)
    assert "2 Erklärstücke zu diesem Thema, das älteste zuerst" in page
    items = re.findall(r'<li><a href="\.\./\.\./geschichten/([a-z0-9-]+)/">', page)
    assert items == [OLD, NEW]
    shown = re.findall(r'<div class="event[^"]*" id="ereignis-([a-z0-9-]+)">', page)
    events = {e.id: e for s in (content.stories[OLD], content.stories[NEW]) for e in s.events}
    assert sorted(shown) == sorted(events)
    from generator.dates import parse_date
    keys = [parse_date(events[e].date).sort_key() for e in shown]
    assert keys == sorted(keys), "one chronology, in date order"
    assert 'id="ereignis-vorgeschlagenes-treffen-naechste-woche"' in page and "event--superseded" in page
    start = (built / "site/index.html").read_text(encoding="utf-8")
    assert f'href="{TOPIC}/">Verhandlungen über ein Ende des Ukraine-Kriegs</a>: 2 Erklärstücke' in start


def _feed(built: Path, path: str) -> list[ET.Element]:
    return ET.parse(built / "site" / path).getroot().findall(f"{A}entry")


def test_feeds_carry_the_development(built: Path) -> None:
    old = {e.findtext(f"{A}title"): e for e in _feed(built, f"geschichten/{OLD}/feed.xml")}
    title = load_content(built / "content").stories[NEW].title
    went_on = old[f"Wie es weiterging: {title}"]
    assert went_on.find(f"{A}link").get("href") == f"https://example.org/geschichten/{NEW}/"
    assert went_on.findtext(f"{A}updated") == "2025-07-23T00:00:00Z"
    superseded = [t for t in old if t.startswith("Überholt: ")]
    assert len(superseded) == 3 and "Überholt: Vorgeschlagenes Treffen der Ukraine mit Russland" in superseded
    topic = _feed(built, f"{TOPIC}/feed.xml")
    ids = [e.findtext(f"{A}id") for e in topic]
    assert f"https://example.org/geschichten/{NEW}/" in ids and f"https://example.org/geschichten/{OLD}/" in ids
    assert len(ids) == len(set(ids)) == len(old) + len(_feed(built, f"geschichten/{NEW}/feed.xml"))
    site = [e.findtext(f"{A}id") for e in _feed(built, "feed.xml")]
    assert set(ids) <= set(site) and len(site) == len(set(site))


EDITS = [  # (what the editor does in the newer story, text before, text after)
    ("title", 'title: "Dritte Runde in Istanbul:', 'title: "Die dritte Runde in Istanbul:'),
    ("no longer continues", "continues: ukraine-russland-verhandlungen-juli-2025\n", ""),
    ("another topic", "topic: Verhandlungen über ein Ende des Ukraine-Kriegs", "topic: Istanbuler Gespräche"),
    ("event renamed", "title: Dritte Verhandlungsrunde in Istanbul", "title: Dritte Runde in Istanbul"),
]


@pytest.mark.parametrize("what, before, after", EDITS, ids=[e[0] for e in EDITS])
def test_editing_the_newer_story_renders_the_older_pages_again(tmp_path: Path, what: str, before: str, after: str) -> None:
    """The pages that show the newer story (the older story, its actors, the topic) follow an edit of it,
    as `explainer serve` and a warm `explainer build` render only what an edit touches."""
    root = with_next_story(tmp_path)
    preview = Preview()
    preview.render(load_content(root / "content"))
    story = root / f"content/stories/{NEW}.yml"
    text = story.read_text(encoding="utf-8")
    assert before in text, what
    story.write_text(text.replace(before, after, 1), encoding="utf-8")
    content = load_content(root / "content")
    full = render_site(content)
    now = preview.render(content)
    assert [p for p in full if now.get(p) != full[p]] == [] and now.keys() == full.keys()


@pytest.mark.parametrize("case", cases("development.yml"), ids=lambda c: c["name"])
def test_bad_development_is_reported_with_line_and_hint(tmp_path: Path, case: dict) -> None:
    root = with_next_story(tmp_path)
    path = root / "content/stories" / f"{case['story']}.yml"
    text = path.read_text(encoding="utf-8")
    assert case["replace"] in text, case["name"]
    path.write_text(text.replace(case["replace"], case["with"], 1), encoding="utf-8")
    _, problems = check_content(root / "content")
    assert len(problems) == case.get("count", 1), problems
    problem = next(p for p in problems if p.path.endswith(f"stories/{case['story']}.yml"))
    assert problem.line > 1
    assert case["message"] in problem.message, problem.message
    for wrong in case.get("not", []):
        assert wrong not in problem.message


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_reader_sees_the_development_on_the_older_page(built: Path, browser, serve_site, width: int) -> None:
    url = serve_site(built / "site").url
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(url + f"geschichten/{OLD}/")
    later = page.locator(".later")
    box = later.bounding_box()
    assert box and box["y"] < 800 and box["x"] >= 0 and box["x"] + box["width"] <= width, "'Wie es weiterging' is seen at once"
    assert later.inner_text().startswith("Wie es weiterging:")
    event = page.locator("#ereignis-vorgeschlagenes-treffen-naechste-woche")
    event.scroll_into_view_if_needed()
    colour = lambda selector: page.evaluate("(s) => getComputedStyle(document.querySelector(s)).color", selector)
    assert colour("#ereignis-vorgeschlagenes-treffen-naechste-woche .event__date") != colour("#ereignis-ukraine-schlaegt-neues-treffen-vor .event__date")
    link = event.locator(".fact-note--superseded a")
    link_box = link.bounding_box()
    assert link_box and link_box["x"] >= 0 and link_box["x"] + link_box["width"] <= width
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, "nothing wider than the screen"
    link.click()
    page.wait_for_url(f"**/geschichten/{NEW}/#ereignis-treffen-in-istanbul-23-juli")
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_reader_sees_the_topic_page_whole(built: Path, browser, serve_site, width: int) -> None:
    url = serve_site(built / "site").url
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(url + TOPIC + "/")
    column = page.locator("article").bounding_box()
    links = page.locator("article ol li > a")
    assert links.count() == 2
    for i in range(2):
        box = links.nth(i).bounding_box()
        assert box and box["x"] >= column["x"] and box["x"] + box["width"] <= column["x"] + column["width"] + 1
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, "nothing wider than the screen"
    superseded = page.locator(".event--superseded")
    assert superseded.count() == 2
    superseded.first.scroll_into_view_if_needed()
    assert superseded.first.locator(".fact-note--superseded a").is_visible()
    page.close()
