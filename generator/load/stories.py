# Checks of how stories stand to each other and to their sources: `superseded_by` naming a fact
# of this or another story, `continues`, `topic`, and the "Stand" (`as_of`), which defaults to the
# newest source's date. Plain functions over the records; the loader turns what they find into
# problems (or warnings) with file and line.
from __future__ import annotations

import difflib
from typing import Any, Iterator

from ..dates import parse_date


def supersession_problem(fact: Any, own: str, story_id: str, fact_id: str, stories: dict[str, Any],
                         facts_of: dict[str, list], broken_ids: set[str]) -> str | None:
    """What is wrong with `superseded_by` naming `fact_id` in `story_id` (`own`: the fact's own story),
    or None. Did-you-mean proposes only facts of the same kind: an event for an event."""
    if story_id not in stories:
        if story_id in broken_ids:
            return None
        near = difflib.get_close_matches(story_id, sorted(stories), n=1)
        hint = f"did you mean {near[0] + '/' + fact_id!r}?" if near else "write `story-id/fact-id` with the id of an existing story"
        return f"superseded_by: no story {story_id!r}; {hint}"
    if story_id == own and fact_id == getattr(fact, "id", None):
        return "a fact cannot supersede itself; name the id of the newer fact"
    if any(other.id == fact_id for other in facts_of[story_id]):
        return None
    same_kind = sorted(f.id for f in facts_of[story_id] if type(f) is type(fact) and f.id and f is not fact)
    near = difflib.get_close_matches(fact_id, same_kind, n=1)
    prefix = "" if story_id == own else story_id + "/"
    where = "this story" if story_id == own else f"story {story_id!r}"
    hint = f"did you mean {prefix + near[0]!r}?" if near else f"name the id of a key fact, demand, event or quote of {where}"
    return f"superseded_by: no fact {fact_id!r} in {where}; {hint}"


def development_problems(stories: dict[str, Any], broken_ids: set[str]) -> Iterator[tuple[Any, tuple, str]]:
    """(story, key, message) for each problem: `continues` must name another, existing story without
    going round in a circle; a topic is written the same way in every story (its page's address is made from it)."""
    from . import slug_for

    topics: dict[str, tuple[str, Any]] = {}
    for story in stories.values():
        if story.continues is not None and story.continues not in broken_ids:
            if story.continues == story.id:
                yield story, ("continues",), "a story cannot continue itself; name the id of the earlier story"
            elif story.continues not in stories:
                near = difflib.get_close_matches(story.continues, sorted(stories), n=1)
                hint = f"did you mean {near[0]!r}?" if near else "name the id of the earlier story (its file name in content/stories/)"
                yield story, ("continues",), f"continues: no story {story.continues!r}; {hint}"
            else:
                seen, current = {story.id}, stories[story.continues]
                while current.continues in stories and current.id not in seen:
                    seen.add(current.id)
                    current = stories[current.continues]
                if current.id == story.id:
                    yield story, ("continues",), (f"continues: the stories continue each other in a circle ({story.id!r} is "
                                                  "reached again); remove `continues` from the oldest")
        if story.topic is not None:
            key = slug_for(story.topic)
            first = topics.setdefault(key, (story.topic, story))
            if not key:
                yield story, ("topic",), "a topic needs letters or digits; write its name, e.g. `topic: Verhandlungen über eine Waffenruhe`"
            elif first[0] != story.topic:
                yield story, ("topic",), (f"topic {story.topic!r} is written {first[0]!r} in story {first[1].id!r}; "
                                          "write it the same way in every story")


def as_of(story: Any, sources: dict[str, Any]) -> tuple[Any, list[tuple[tuple, str]]]:
    """The story with its "Stand": without `as_of`, the date of its newest source. A given `as_of` later
    than every source, or a source dated after it, is probably a slip: (key, message) warnings, not errors."""
    dated = sorted(((parse_date(sources[s].date), sources[s]) for s in dict.fromkeys(story.sources) if s in sources),
                   key=lambda d: d[0].sort_key())
    if not dated:
        return story, []
    if story.as_of is None:
        return story.model_copy(update={"as_of": dated[-1][1].date}), []
    stand, warnings = parse_date(story.as_of), []
    newest = dated[-1][1]
    if stand.lower > max(d.upper for d, _ in dated):
        warnings.append((("as_of",), f"warning: as_of {story.as_of!r} is later than every source of this story (the newest, "
                                     f"{newest.id!r}, is dated {newest.date!r}); is the story really up to date on that day? "
                                     "Remove as_of to use the newest source's date"))
    for date, source in dated:
        if date.lower > stand.upper:
            warnings.append((("sources", story.sources.index(source.id)), f"warning: source {source.id!r} is dated {source.date!r}, "
                             f"after as_of {story.as_of!r}; move as_of on, or remove it to use the newest source's date"))
    return story, warnings
