# The checks across files, once every file is read and validated on its own: references to ids
# (with did-you-mean), evidence passages against their sources' texts, names and forms used twice,
# `superseded_by` chains, the site's logo, favicon and footer pages, each story's "Stand" date.
# Mixed into the loader (`generator/load/__init__.py`), whose `problems`, `warnings`, `broken_ids`,
# `root` and `_place` (a record's file and place in it) they use.
from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any, Callable

from . import cache, files
from . import stories as stories_check
from ..dates import iso_bounds
from .evidence import closest_passage, normalise, stands_in
from .model import Demand, KeyFact, SiteSettings
from .problems import Problem, display_path
from .yamlfile import YamlDoc

_SAFE_ASSET = re.compile(r"(?:[A-Za-z0-9_][A-Za-z0-9_.-]*/)*[A-Za-z0-9_][A-Za-z0-9_.-]*\.(?:svg|png|ico|jpe?g|gif|webp)", re.IGNORECASE)
AS_OF_RANGE = ("1970-01-01", "2106-02-06")  # what a 32-bit count of seconds since 1970 can hold


class CrossChecks:
    root: Path
    problems: list[Problem]
    warnings: list[Problem]
    broken_ids: set[str]  # ids of files that failed validation: no "unknown id" follow-ups for them
    _place: Callable[[Any], tuple[YamlDoc, tuple]]

    def _source_texts(self, sources: dict[str, Any]) -> dict[str, str]:
        texts = {}
        project = self.root.parent.resolve()
        seeds = project / "seeds"
        folders: dict[Path, Path] = {}
        for source in sources.values():
            if source.file is None:
                if source.url is None:
                    doc, loc = self._place(source)
                    self.problems.append(doc.problem(loc + ("id",), "a source needs `file` (a text in seeds/) or `url`"))
                continue
            path = _resolve(project / source.file, folders)
            doc, loc = self._place(source)
            if not path.is_relative_to(seeds):
                # its text would be quoted in "closest passage" messages: never a file from elsewhere
                self.problems.append(doc.problem(loc + ("file",), f"source text {source.file!r} lies outside seeds/; put the text file under seeds/"))
                continue
            st = files.regular_stat(path)
            if st is None:
                self.problems.append(doc.problem(loc + ("file",), f"source text {source.file!r} not found (looked in {self.root.parent}); put the text file there"))
                continue
            text = cache.cached(path, ("text",), lambda: files.source_text(path), st)
            if isinstance(text, str):
                texts[source.id] = text
            else:
                self.problems.append(doc.problem(loc + ("file",), f"source text {source.file!r} {text[0]}"))
        return texts

    def _cross_check(self, tables: dict[str, dict[str, Any]], texts: dict[str, str]) -> None:
        actors, terms, sources = tables["actors"], tables["terms"], tables["sources"]

        def ref(record: Any, field: str, value: str | None, table: dict, kind: str, index: int | None = None) -> None:
            if value is None or value in table or value in self.broken_ids:
                return
            doc, loc = self._place(record)
            near = difflib.get_close_matches(value, list(table), n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f"; add {kind} {value!r} or fix the id"
            self.problems.append(doc.problem(loc + (field,) + (() if index is None else (index,)), f"unknown {kind} {value!r}{hint}"))

        def cited(record: Any, *extra_texts: tuple[str, str]) -> None:
            for citation in record.source:
                ref(citation, "id", citation.id, sources, "source")
                self._evidence(citation, citation.evidence, citation.id, texts, "evidence")
            for field, text in extra_texts:
                for citation in record.source[:1]:
                    self._evidence(record, text, citation.id, texts, field)

        for actor in actors.values():
            ref(actor, "affiliation", actor.affiliation, actors, "actor")
            if actor.affiliation in actors and actors[actor.affiliation].kind == "person":
                doc, loc = self._place(actor)
                self.problems.append(doc.problem(loc + ("affiliation",), f"affiliation {actor.affiliation!r} is a person; name a state or organisation"))
            cited(actor)
            self._affiliation_loop(actor, actors)
        for term in terms.values():
            for i, other in enumerate(term.related):
                ref(term, "related", other, terms, "term", i)
            cited(term)
        for story in tables["stories"].values():
            for i, source_id in enumerate(story.sources):
                ref(story, "sources", source_id, sources, "source", i)
            for fact in story.key_facts:
                cited(fact)
            for demand in story.demands:
                ref(demand, "by", demand.by, actors, "actor")
                ref(demand, "of", demand.of, actors, "actor")
                if demand.by == demand.of:
                    doc, loc = self._place(demand)
                    self.problems.append(doc.problem(loc + ("of",), f"`by` and `of` both name {demand.by!r}: a demand is made by one party of another; fix one of them"))
                cited(demand)
                if demand.answer:
                    cited(demand.answer)
            for event in story.events:
                for i, actor_id in enumerate(event.actors):
                    ref(event, "actors", actor_id, actors, "actor", i)
                cited(event)
            for quote in story.quotes:
                ref(quote, "speaker", quote.speaker, actors, "actor")
                cited(quote, ("text", quote.text))
        self._unique_fact_ids(tables["stories"])
        self._unique_forms(terms, actors)

    def _as_of_range(self, story: Any, dated: Any) -> Any:
        """The "Stand" date is the pages' date in the sitemap, whose compressed copy holds it as
        seconds since 1970 in 32 bits: other days stopped the build with an internal error. Checked
        after `_as_of`, which may have taken it from the newest source (`dated`: the story with it)."""
        if dated.as_of is None:
            return dated
        first, last = iso_bounds(dated.as_of)
        if not (AS_OF_RANGE[0] <= first and (last or first) <= AS_OF_RANGE[1]):
            doc, loc = self._place(story)
            self.problems.append(doc.problem(loc + ("as_of",), f"as_of {dated.as_of!r} lies outside {AS_OF_RANGE[0][:4]}-{AS_OF_RANGE[1][:4]}; "
                                                               "write the day the story was last brought up to date, e.g. 2025-07-19"))
        return dated

    def _affiliation_loop(self, actor: Any, actors: dict[str, Any]) -> None:
        """An actor affiliated to itself, or through others back to itself, has no place to be shown."""
        seen, current = [actor.id], actor.affiliation
        while current in actors and current not in seen:
            seen.append(current)
            current = actors[current].affiliation
        if current == actor.id:
            doc, loc = self._place(actor)
            loop = " -> ".join(seen + [actor.id])
            self.problems.append(doc.problem(loc + ("affiliation",), f"affiliation goes round in a circle ({loop}); an actor cannot belong to itself"))

    def _unique_forms(self, terms: dict[str, Any], actors: dict[str, Any]) -> None:
        """Two terms or actors must not share a headword, name, variant or alias: a mention
        in running text could not be linked to the right page. Text is NFC already, so
        precomposed and combining umlauts compare equal; case is ignored."""
        seen: dict[str, tuple[str, Any]] = {}
        entries = [(t, "term", [("term", t.term)] + [("variants", v) for v in t.variants]) for t in sorted(terms.values(), key=lambda r: r.id)]
        entries += [(a, "actor", [("name", a.name)] + [("aliases", v) for v in a.aliases]) for a in sorted(actors.values(), key=lambda r: r.id)]
        for record, kind, forms in entries:
            for i, (field, form) in enumerate(forms):
                key = " ".join(form.casefold().split())
                other = seen.get(key)
                if other is not None and other[1] is not record:
                    doc, loc = self._place(record)
                    index = () if field in ("term", "name") else (i - 1,)
                    self.problems.append(doc.problem(loc + (field,) + index, f"{form!r} is already used by {other[0]} {other[1].id!r}; "
                                                     "links in running text could not tell them apart: use it in one place only"))
                seen.setdefault(key, (kind, record))

    def _unique_fact_ids(self, stories: dict[str, Any]) -> None:
        seen: dict[tuple[str, str], Any] = {}
        for story in stories.values():
            for kind in ("demands", "events", "quotes"):
                for record in getattr(story, kind):
                    if (kind, record.id) in seen:
                        # both places are named: either of them may be the new one
                        first = seen[kind, record.id]
                        for this, that in ((record, first), (first, record)):
                            doc, loc = self._place(this)
                            other, other_loc = self._place(that)
                            line = other.where(other_loc + ("id",))[0]
                            self.problems.append(doc.problem(loc + ("id",), f"duplicate id {record.id!r} among {kind} (also in {other.shown}, line {line}); choose another id"))
                    seen.setdefault((kind, record.id), record)

    def _site_files(self, site: SiteSettings) -> None:
        """Logo, favicon and footer pages are files in content/pages/ (MkDocs' docs_dir): check they are there."""
        pages = self.root / "pages"
        doc, loc = self._place(site)
        for field in ("logo", "favicon"):
            value = getattr(site, field)
            if value is None:
                continue
            # the theme writes it into every page's HTML as an address: a plain local path only
            if not _SAFE_ASSET.fullmatch(value) or ".." in value.split("/"):
                self.problems.append(doc.problem(loc + (field,), f"{field} {value!r} is not allowed; name an image file in "
                                                 f"{display_path(pages, self.root)}/ by a path of letters, digits, '-', '_', '.' and '/', "
                                                 "ending in .svg, .png, .ico, .jpg, .gif or .webp (e.g. assets/logo.svg)"))
            elif not (pages / value).is_file() or not (pages / value).resolve().is_relative_to(pages.resolve()):
                self.problems.append(doc.problem(loc + (field,), f"{field} {value!r} not found in {display_path(pages, self.root)}/; put the file there or fix the path"))
        for i, link in enumerate(site.footer):
            if (link.page is None) == (link.url is None):
                self.problems.append(doc.problem(loc + ("footer", i), "a footer link needs either `page` (a file in content/pages/) or `url`, not both"))
            elif link.page is not None and not (link.page.endswith(".md") and (pages / link.page).is_file()):
                self.problems.append(doc.problem(loc + ("footer", i, "page"), f"footer page {link.page!r} not found in {display_path(pages, self.root)}/; write it as a .md file there"))

    def _superseded(self, tables: dict[str, dict[str, Any]]) -> None:
        """`superseded_by` names a newer fact of a story: `fact-id` in the same story, `story-id/fact-id`
        in another; elsewhere it has no meaning. Did-you-mean proposes only facts of the same kind."""
        for folder in ("actors", "terms"):
            for record in tables[folder].values():
                self._no_superseded(record)
        stories = tables["stories"]
        facts_of = {s.id: [*s.key_facts, *s.demands, *s.events, *s.quotes] for s in stories.values()}
        for story in stories.values():
            for fact in facts_of[story.id]:
                if isinstance(fact, Demand) and fact.answer:
                    self._no_superseded(fact.answer)
                if isinstance(fact, KeyFact) and fact.updates and not fact.id:
                    doc, loc = self._place(fact)
                    self.problems.append(doc.problem(loc + ("updates",), "a key fact with updates needs an `id`, so that its changes keep "
                                                                          "their address in the feeds; add e.g. `id: waffenruhe-vorschlag`"))
                if fact.superseded_by is None:
                    continue
                story_id, _, fact_id = fact.superseded_by.rpartition("/")
                story_id = story_id or story.id
                problem = stories_check.supersession_problem(fact, story.id, story_id, fact_id, stories, facts_of, self.broken_ids)
                if problem:
                    doc, loc = self._place(fact)
                    self.problems.append(doc.problem(loc + ("superseded_by",), problem))
        self._supersession_loops(stories, facts_of)
        self._developments(stories)

    def _supersession_loops(self, stories: dict[str, Any], facts_of: dict[str, list]) -> None:
        """`superseded_by` that leads back to the fact it starts from: no fact of the chain is the newest."""
        newer = {}
        for story_id, facts in facts_of.items():
            for fact in facts:
                if fact.id and fact.superseded_by:
                    target_story, _, target = fact.superseded_by.rpartition("/")
                    newer[story_id, fact.id] = (target_story or story_id, target)
        for story_id, facts in facts_of.items():
            for fact in facts:
                loop = _chain((story_id, fact.id), newer) if fact.id and fact.superseded_by else []
                if loop and len(loop) > 2:  # a fact naming itself is reported on its own
                    shown = " -> ".join(f if s == story_id else f"{s}/{f}" for s, f in loop)
                    doc, loc = self._place(fact)
                    self.problems.append(doc.problem(loc + ("superseded_by",), f"superseded_by goes round in a circle ({shown}); "
                                                                              "the newest fact must not be superseded"))

    def _developments(self, stories: dict[str, Any]) -> None:
        for record, field, message in stories_check.development_problems(stories, self.broken_ids):
            doc, loc = self._place(record)
            self.problems.append(doc.problem(loc + field, message))

    def _as_of(self, story: Any, sources: dict[str, Any]) -> Any:
        story, warnings = stories_check.as_of(story, sources)
        for field, message in warnings:
            doc, loc = self._place(story)
            self.warnings.append(doc.problem(loc + field, message))
        return story

    def _no_superseded(self, record: Any) -> None:
        if record.superseded_by is not None:
            doc, loc = self._place(record)
            self.problems.append(doc.problem(loc + ("superseded_by",), "superseded_by is for facts of a story (key facts, demands, events, quotes); "
                                                                        "use `updates` to note a change here"))

    def _evidence(self, record: Any, passage: str, source_id: str, texts: dict[str, str], field: str) -> None:
        text = texts.get(source_id)
        if text is None or passage.lstrip().startswith("TODO"):
            return  # no local text (URL source), unknown source or a placeholder: reported elsewhere
        if stands_in(passage, text):
            return
        doc, loc = self._place(record)
        near = closest_passage(normalise(passage), text)
        self.problems.append(doc.problem(loc + (field,), f"{field} not found verbatim in source {source_id!r}; closest passage: \"{near}\""))


def _chain(start: Any, newer: dict) -> list:
    """The facts from `start` along `superseded_by` if they lead back to `start`, else []."""
    seen, current = [start], newer.get(start)
    while current is not None and current not in seen:
        seen.append(current)
        current = newer.get(current)
    return seen + [start] if current == start else []


def _resolve(path: Path, folders: dict[Path, Path]) -> Path:
    """`path.resolve()`, resolving each folder once: 1,200 sources in one folder cost 1,200 full
    resolutions (a system call per part of the path) before. The file itself is resolved only
    if it is a link."""
    if path.name in ("", "..") or os.path.islink(path):
        return path.resolve()
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = path.parent.resolve()
    return folder / path.name
