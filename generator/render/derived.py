# What several pages show of the same content, worked out once per render: each actor's demands,
# quotes and events, the sides actors belong to, the glossary's letters, where each fact stands and
# what superseded it (changes.py), and the stories that develop one another (development.py).
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from .. import dates
from ..load.model import Actor, Content, Story, Term
from . import changes, development, labels


class Derived:
    """Views of the content that several pages share, computed once."""

    def __init__(self, c: Content):
        self.c = c
        self._sides: dict[str, str] = {}
        self.events = sorted(((s, e) for s in c.stories.values() for e in s.events),
                             key=lambda se: dates.parse_date(se[1].date).sort_key())
        self.demands_by: dict[str, list] = defaultdict(list)
        self.demands_of: dict[str, list] = defaultdict(list)
        self.quotes_by: dict[str, list] = defaultdict(list)
        self.events_with: dict[str, list] = defaultdict(list)
        self.story_actors: dict[str, list[Actor]] = {}
        self.actor_stories: dict[str, list[str]] = defaultdict(list)  # actor id -> ids of the stories it is part of
        self.story_demands = {s.id: [(s, d) for d in s.demands] for s in c.stories.values()}
        self.story_events = {s.id: sorted(s.events, key=lambda e: dates.parse_date(e.date).sort_key()) for s in c.stories.values()}
        self.members: dict[str, list[Actor]] = defaultdict(list)
        for actor in sorted(c.actors.values(), key=labels.actor_order):
            if actor.affiliation:
                self.members[actor.affiliation].append(actor)
        for story in c.stories.values():
            involved: dict[str, None] = {}
            for demand in story.demands:
                self.demands_by[demand.by].append((story, demand))
                self.demands_of[demand.of].append((story, demand))
                involved.update({demand.by: None, demand.of: None})
            for quote in story.quotes:
                self.quotes_by[quote.speaker].append((story, quote))
                involved[quote.speaker] = None
            for event in story.events:
                for actor_id in event.actors:
                    self.events_with[actor_id].append((story, event))
                    involved[actor_id] = None
            self.story_actors[story.id] = sorted((c.actors[a] for a in involved), key=labels.actor_order)
            for actor_id in involved:
                self.actor_stories[actor_id].append(story.id)
        for lists in (self.events_with,):
            for items in lists.values():
                items.sort(key=lambda se: dates.parse_date(se[1].date).sort_key())
        self.actor_groups = [(labels.KIND_PLURAL[kind], sorted((a for a in c.actors.values() if a.kind == kind), key=lambda a: labels.sort_key(a.name)))
                             for kind in ("state", "organisation", "person")]
        letters: dict[str, list[Term]] = defaultdict(list)
        for term in sorted(c.terms.values(), key=lambda t: labels.sort_key(t.term)):
            first = labels.sort_key(term.term)[:1].upper()
            letters[first if "A" <= first <= "Z" else "#"].append(term)
        self.glossary_letters = [(letter, "buchstabe-" + (letter.lower() if letter != "#" else "andere"), terms)
                                 for letter, terms in sorted(letters.items())]
        # updates, corrections and superseded facts (changes.py)
        self.located = changes.locate(c)
        self.changes = changes.collect(c, self.located)
        self.development = development.Development(c)

    def by_side(self, actors: Iterable[Actor]) -> list[tuple[Actor, list[Actor]]]:
        """Actors grouped under the side they belong to (the side itself first), sides in the given order."""
        groups: dict[str, list[Actor]] = {}
        for actor in actors:
            groups.setdefault(self.side(actor.id), [])
            if self.side(actor.id) != actor.id:
                groups[self.side(actor.id)].append(actor)
        return [(self.c.actors[side], members) for side, members in groups.items()]

    def side(self, actor_id: str) -> str:
        """The state or organisation an actor belongs to at the top of its affiliations (itself if none)."""
        found = self._sides.get(actor_id)
        if found is None:  # asked for each demand and each actor listed, on many pages
            found, seen = actor_id, {actor_id}
            while (up := self.c.actors[found].affiliation) and up in self.c.actors and up not in seen:
                seen.add(up)
                found = up
            self._sides[actor_id] = found
        return found

    def where(self, fact: Any) -> changes.Located:
        return self.located[id(fact)]

    def newer(self, fact: Any) -> changes.Located | None:
        """The fact that supersedes `fact`, with its place, or None."""
        if not getattr(fact, "superseded_by", None):
            return None
        found = development.resolve(self.c, self.located[id(fact)].story, fact.superseded_by)
        return self.located[id(found[1])] if found else None

    def topic_events(self, topic: development.Topic) -> list[tuple[Story, Any]]:
        """The events of all stories of a topic, in date order (the merged chronology)."""
        ids = {s.id for s in topic.stories}
        return [(s, e) for s, e in self.events if s.id in ids]

    def stories_citing(self, source_id: str) -> list[Story]:
        if not hasattr(self, "_citing"):  # one pass over the stories, not one per source (sources x stories)
            self._citing: dict[str, list[Story]] = defaultdict(list)
            for story in self.c.stories.values():
                for sid in dict.fromkeys(story.sources):
                    self._citing[sid].append(story)
        return self._citing.get(source_id, [])
