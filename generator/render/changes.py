# Changes to published facts ("Aktualisierungen und Korrekturen"), collected
# once from the content: the pages show them beside each fact and as a list,
# the Atom feeds list them. Every change gets a key that stays the same as long
# as its fact and day do, so a feed reader never shows an old change as new.
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..load.model import Content, Demand, Event, KeyFact, Quote, Story, Update

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

LABEL_LENGTH = 90


@dataclass(frozen=True)
class Located:
    """Where a fact of a story stands: its page, its anchor there, and a short German label."""

    story: Story
    page: str
    anchor: str
    label: str


@dataclass(frozen=True)
class Change:
    page: str  # Markdown path of the page the fact is on
    page_title: str
    anchor: str  # the fact's anchor on that page ("" for a whole actor or term page)
    label: str  # what changed: the event's title, "Forderung: …"
    update: Update
    key: str  # stable id of this change within its page, e.g. "ereignis-x/2025-07-22"

    @property
    def correction(self) -> bool:
        return self.update.kind == "correction"


def story_page(story_id: str) -> str:
    return f"geschichten/{story_id}.md"


def anchor(fact: Any, position: int = 0) -> str:
    """The id of a story fact's element on its story page."""
    if isinstance(fact, Event):
        return f"ereignis-{fact.id}"
    if isinstance(fact, Demand):
        return f"forderung-{fact.id}"
    if isinstance(fact, Quote):
        return f"zitat-{fact.id}"
    if isinstance(fact, KeyFact):
        return f"fakt-{fact.id}" if fact.id else f"fakt-{position}"
    raise TypeError(type(fact).__name__)


def locate(content: Content) -> dict[int, Located]:
    """Every fact of every story (answers included), keyed by `id()` of the fact."""
    found: dict[int, Located] = {}
    for story in content.stories.values():
        page = story_page(story.id)
        for n, fact in enumerate(story.key_facts, 1):
            found[id(fact)] = Located(story, page, anchor(fact, n), _short(fact.text))
        for demand in story.demands:
            found[id(demand)] = Located(story, page, anchor(demand), "Forderung: " + _short(demand.what))
            if demand.answer:
                found[id(demand.answer)] = Located(story, page, anchor(demand), "Antwort auf die Forderung: " + _short(demand.what))
        for event in story.events:
            found[id(event)] = Located(story, page, anchor(event), event.title)
        for quote in story.quotes:
            speaker = content.actors[quote.speaker].name
            found[id(quote)] = Located(story, page, anchor(quote), f"Zitat von {speaker}")
    return found


def collect(content: Content, located: dict[int, Located] | None = None) -> dict[str, list[Change]]:
    """All changes, by the Markdown page they are shown on; newest first."""
    located = located if located is not None else locate(content)
    by_page: dict[str, list[Change]] = defaultdict(list)
    facts: list[tuple[Any, str, str, str, str]] = []  # fact, page, page title, anchor, label
    for story in content.stories.values():
        for fact in _story_facts(story):
            where = located[id(fact)]
            facts.append((fact, where.page, story.title, where.anchor, where.label))
    for actor in content.actors.values():
        facts.append((actor, f"akteure/{actor.id}.md", actor.name, "", actor.name))
    for term in content.terms.values():
        facts.append((term, f"glossar/{term.id}.md", term.term, "", term.term))
    for fact, page, title, where, label in facts:
        per_day: dict[str, int] = defaultdict(int)
        for update in fact.updates:
            per_day[update.date] += 1
            n = per_day[update.date]
            key = f"{where or 'seite'}/{update.date}" + (f"-{n}" if n > 1 else "")
            by_page[page].append(Change(page, title, where, label, update, key))
    for changes in by_page.values():
        changes.sort(key=lambda ch: ch.update.date, reverse=True)  # stable: same day keeps the editor's order
    return dict(by_page)


def _story_facts(story: Story) -> list[Any]:
    out: list[Any] = [*story.key_facts]
    for demand in story.demands:
        out.append(demand)
        if demand.answer:
            out.append(demand.answer)
    return out + [*story.events, *story.quotes]


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= LABEL_LENGTH:
        return text
    return text[:LABEL_LENGTH].rsplit(" ", 1)[0].rstrip(",;:–-") + " …"
