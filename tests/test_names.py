# Right German for any name an editor may enter: the case forms of names (render/names.py) for each
# kind of name, the pages that use them, and no preposition before a name that needs its article.
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.load.model import Actor, Content, Demand, SiteSettings, Source, Story
from generator.render import render_site
from generator.render.names import DEFAULT_ARTICLE, inflect
from conftest import cases
from test_site import built  # noqa: F401  (module fixture: the built site)

CASES = cases("names.yml")
IDS = [c["name"] for c in CASES]
PREPOSITIONS = ("von", "an", "zu", "für", "gegen", "mit", "bei", "aus", "nach", "über", "auf", "in", "durch", "gegenüber")


def _name(case: dict):
    return inflect(case["name"], case["kind"], case.get("article"), case.get("number", "singular"), case.get("forms"))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_phrase_of_each_kind_of_name(case: dict) -> None:
    name = _name(case)
    said = {c: str(name.case(c)) for c in ("nominative", "genitive", "dative", "accusative")}
    said.update(possessor=str(name.possessor()), an=str(name.after("an")), zu=str(name.after("zu")),
                von=str(name.after("von")), verb=name.verb("fordert", "fordern"))
    assert said == {key: case[key] for key in said}


# --- the pages built with these names ---------------------------------------------

def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """One site with every name of the table: each demands of a partner and is asked by it, and
    has a member; the Markdown of every page with its links reduced to their text."""
    cite = [{"id": "quelle", "evidence": "Ein Satz."}]
    actors = {"partnerland": Actor(id="partnerland", kind="state", name="Partnerland", source=cite)}
    demands = []
    for case in CASES:
        slug = _slug(case["name"])
        actors[slug] = Actor(id=slug, kind=case["kind"], name=case["name"], article=case.get("article"),
                             number=case.get("number", "singular"), forms=case.get("forms"), source=cite)
        actors[f"mitglied-{slug}"] = Actor(id=f"mitglied-{slug}", kind="person", name=f"Mitglied {slug}", affiliation=slug, source=cite)
        demands += [Demand(id=f"{slug}-fordert", by=slug, of="partnerland", what="Eine Waffenruhe.", source=cite),
                    Demand(id=f"{slug}-gefordert", by="partnerland", of=slug, what="Ein Treffen.", source=cite)]
    story = Story(id="namen", title="Namen", teaser="Ein Vorspann.", summary="Eine Zusammenfassung.", as_of="2025-07-19",
                  sources=["quelle"], demands=demands)
    content = Content(site=SiteSettings(title="Test", description="Test", publisher="Test", base_url="https://example.org/"),
                      sources={"quelle": Source(id="quelle", title="Quelle", date="2025-07-19")}, actors=actors, terms={},
                      stories={"namen": story})
    return {path: re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text) for path, text in render_site(content).items()}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_pages_say_each_name_in_its_case(case: dict, pages: dict[str, str]) -> None:
    slug = _slug(case["name"])
    actor, member = pages[f"akteure/{slug}.md"], pages[f"akteure/mitglied-{slug}.md"]
    assert f"## Forderungen {case['possessor']}\n" in actor
    assert f"## Forderungen an {case['accusative']}\n" in actor
    nominative = case["nominative"][:1].upper() + case["nominative"][1:]
    assert f">{nominative} an Partnerland · " in actor  # the demands it makes
    assert f">Partnerland an {case['accusative']} · " in actor  # the demands made of it
    assert f"gehört {case['zu']}" in member
    for page in (pages["forderungen.md"], pages["geschichten/namen.md"]):
        assert f"### Was {case['nominative']} {case['verb']}\n" in page


def test_an_actor_that_says_nothing_gets_the_usual_article() -> None:
    assert DEFAULT_ARTICLE == {"state": "none", "person": "none", "organisation": "die"}
    assert str(inflect("EU", "organisation").after("von")) == "von der EU"
    assert str(inflect("Frankreich", "state").possessor()) == "Frankreichs"


def _visible_text(html: str) -> str:
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    article = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", article, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", article).replace("&nbsp;", " ").split())


def test_no_page_puts_a_preposition_before_a_name_that_needs_its_article(built: Path) -> None:  # noqa: F811
    from generator.load import load_content

    content = load_content(built / "content")
    needs = [a.name for a in content.actors.values() if (a.article or DEFAULT_ARTICLE[a.kind]) != "none"]
    assert needs
    wrong = re.compile(rf"\b({'|'.join(PREPOSITIONS)}) ({'|'.join(map(re.escape, needs))})(?![\w-])", re.I)
    found = {}
    for page in sorted((built / "site").rglob("*.html")):
        text = _visible_text(page.read_text(encoding="utf-8")) if "<article" in page.read_text(encoding="utf-8") else ""
        if hits := wrong.findall(text):
            found[str(page.relative_to(built / "site"))] = hits
    assert not found


@pytest.mark.parametrize(("args", "article"), [(["--kind-of-actor", "organisation", "--article", "der"], "der"),
                                               (["--kind-of-actor", "organisation"], "die"), ([], "none")])
def test_explainer_new_actor_writes_the_article(project: Path, monkeypatch, args: list, article: str) -> None:
    """`explainer new actor` puts the article into the skeleton: the one given, else the kind's usual one."""
    from generator.cli import main

    monkeypatch.chdir(project)
    assert main(["new", "actor", "Neuer", "Akteur", *args]) == 0
    assert yaml.safe_load((project / "content/actors/neuer-akteur.yml").read_text(encoding="utf-8"))["article"] == article
