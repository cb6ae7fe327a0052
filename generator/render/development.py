# Stories that develop over several articles: a fact superseded by a fact of a later story
# (`superseded_by: story-id/fact-id`), a story that continues an earlier one (`continues:`), and
# stories that share a `topic:`. Worked out once from the content; the story pages ("Wie es
# weiterging"), the topic pages and the feeds all read it from here.
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .. import dates
from ..load import slug_for
from ..load.model import Content, Story


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    stories: tuple[Story, ...]  # oldest first

    @property
    def path(self) -> str:
        return topic_page(self.slug)


@dataclass(frozen=True)
class Supersession:
    """A fact of `older` replaced by a fact of another story, `newer`."""

    older: Story
    fact: Any
    newer: Story
    by: Any


def topic_page(slug: str) -> str:
    return f"themen/{slug}.md"


def topic_feed(slug: str) -> str:
    return f"themen/{slug}/feed.xml"


def story_order(story: Story) -> tuple:
    return (dates.parse_date(story.as_of).sort_key(), story.id)


def facts(story: Story) -> list[Any]:
    """The facts of a story that `superseded_by` may name."""
    return [*story.key_facts, *story.demands, *story.events, *story.quotes]


def resolve(content: Content, story: Story, ref: str) -> tuple[Story, Any] | None:
    """The story and fact that `ref` (`fact-id` in `story`, or `story-id/fact-id`) names."""
    story_id, _, fact_id = ref.rpartition("/")
    target = content.stories.get(story_id) if story_id else story
    if target is None:
        return None
    return next(((target, f) for f in facts(target) if f.id == fact_id), None)


class Development:
    def __init__(self, c: Content):
        self.supersessions: list[Supersession] = []
        later: dict[str, dict[str, Story]] = defaultdict(dict)
        for story in c.stories.values():
            for fact in facts(story):
                found = resolve(c, story, fact.superseded_by) if fact.superseded_by else None
                if found and found[0] is not story:
                    self.supersessions.append(Supersession(story, fact, *found))
                    later[story.id][found[0].id] = found[0]
            if story.continues in c.stories:
                later[story.continues][story.id] = story
        # story id -> the stories that tell how it went on, oldest first
        self.later = {id: sorted(found.values(), key=story_order) for id, found in later.items()}
        grouped: dict[str, list[Story]] = defaultdict(list)
        names: dict[str, str] = {}
        for story in c.stories.values():
            if story.topic:
                names.setdefault(slug_for(story.topic), story.topic)
                grouped[slug_for(story.topic)].append(story)
        self.topics = {slug: Topic(slug, names[slug], tuple(sorted(stories, key=story_order))) for slug, stories in sorted(grouped.items())}
        self.topic_of = {s.id: t for t in self.topics.values() for s in t.stories}
        # story id -> the other stories its page names (a change to one of them changes the page)
        self.related: dict[str, set[str]] = defaultdict(set)
        for id, stories in self.later.items():
            for other in stories:
                self.related[id].add(other.id)
                self.related[other.id].add(id)
        for story in c.stories.values():
            if story.continues in c.stories:
                self.related[story.id].add(story.continues)
