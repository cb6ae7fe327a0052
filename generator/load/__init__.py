# Load: the editors' YAML files -> one validated `Content`, or every problem found.
#
# content/site.yml            site-wide settings
# content/sources/*.yml       one source each (its text lies in seeds/)
# content/actors/*.yml        one actor each         (shared by all stories)
# content/terms/*.yml         one glossary term each (shared by all stories)
# content/stories/*.yml       one story each, with its demands, events, quotes
from __future__ import annotations

import difflib
import gc
import logging
import os
import re
import stat
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import cache, files
from . import stories as stories_check
from ..dates import iso_bounds
from .evidence import closest_passage, normalise, stands_in
from .model import KINDS, Content, Demand, KeyFact, Record, SiteSettings
from .problems import ContentError, Problem, display_path
from .yamlfile import YamlDoc, read_yaml

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

__all__ = ["ContentError", "Problem", "check_content", "load_content"]

_PATTERN_HINTS = {
    "Slug": "an id uses lowercase letters a-z, digits and single hyphens, e.g. 'rustem-umjerow'",
    "https?": "a link must start with http:// or https://",
}


_SAFE_ASSET = re.compile(r"(?:[A-Za-z0-9_][A-Za-z0-9_.-]*/)*[A-Za-z0-9_][A-Za-z0-9_.-]*\.(?:svg|png|ico|jpe?g|gif|webp)", re.IGNORECASE)
AS_OF_RANGE = ("1970-01-01", "2106-02-06")  # what a 32-bit count of seconds since 1970 can hold
# Ids that would give a record the address of an overview page (akteure/index.md, glossar/index.md)
RESERVED_IDS = {"index"}
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slug_for(text: str) -> str:
    """The id an editor probably meant: 'Übergabe der Gefangenen' -> 'uebergabe-der-gefangenen'."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")


def load_content(root: Path) -> Content:
    """Load and check everything under `root`; raise `ContentError` listing every problem."""
    content, problems = check_content(root)
    if problems:
        raise ContentError(problems)
    assert content is not None
    return content


def check_content(root: Path, warnings: list[Problem] | None = None) -> tuple[Content | None, list[Problem]]:
    """The content and every problem found; what is odd but not wrong (see `_as_of`) is added to
    `warnings`, if given: warnings never stop a build."""
    loader = _Loader(Path(root))
    with _no_cycle_collection():
        content = loader.run()
    if warnings is not None:
        warnings += sorted(set(loader.warnings))
    return (None if loader.problems else content), sorted(set(loader.problems))


@contextmanager
def _no_cycle_collection():
    """Python's cycle collector off while loading. Composing YAML makes about 700,000 objects per
    10,000 facts, and every 700 allocations start a collection whose older generations walk
    everything alive, including a previous load's content in `explainer serve`: there a full
    load took 2.6 s of CPU with the collector and 2.0 s without (5% fewer instructions in a fresh
    process). Loading makes no reference cycles to collect (reference counting frees all it
    drops), and the collector is switched back on after, as it was.

    What the load keeps (about 200,000 tracked objects per 10,000 facts) is then moved to the
    oldest generation, as if it had survived two collections: otherwise the first allocation after
    the collector is back walks all of it at once (0.17-0.20 s, a fifth of a cold load). Frozen
    and thawed at once, nothing stays frozen; if the caller froze objects itself (a restored
    state), they stay as they were and the collection is left to happen."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()  # every tracked object into the permanent generation, the young count reset
            gc.unfreeze()  # and back into the oldest one
        if enabled:
            gc.enable()


class _Loader:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        # (record, its file, its place in the file), for cross-checks that point at a line: the
        # records of each file (`read`) at once, the nested ones only when a problem needs them
        self.where: dict[int, tuple[YamlDoc, tuple]] = {}
        self.read: list[tuple[Any, YamlDoc]] = []
        self.remembered = False
        # ids of files that failed validation: no "unknown id" follow-up errors for them
        self.broken_ids: set[str] = set()

    def run(self) -> Content | None:
        if not self.root.is_dir():
            self.problems.append(Problem(str(self.root), 1, 1, "content folder not found; pass --content DIR"))
            return None
        site = self._read_one(self.root / "site.yml", SiteSettings)
        self.problems += files.unknown_entries(self.root, set(KINDS))
        tables: dict[str, dict[str, Any]] = {}
        for folder, model in KINDS.items():
            tables[folder] = {}
            # how the folder's files are named in messages, found once for all of them
            shown_in = os.path.dirname(display_path(self.root / folder / "_", self.root))
            # the order of Paths, by name (all lie in one folder): comparing Path objects took a tenth of a warm load
            for entry in sorted(files.listed(self.root / folder, shown_in, self.problems), key=_name_order):
                record = self._read_one(entry.path, model, os.path.join(shown_in, entry.name))
                if record is None:
                    continue
                doc, loc = self._place(record)
                if record.id in tables[folder]:
                    # both files are named: either of them may be the new one
                    other, other_loc = self._place(tables[folder][record.id])
                    self.problems.append(doc.problem(loc + ("id",), f"duplicate id {record.id!r}: {other.shown} uses it too; choose another id"))
                    self.problems.append(other.problem(other_loc + ("id",), f"duplicate id {record.id!r}: {doc.shown} uses it too; choose another id"))
                    continue
                if folder in ("actors", "terms") and record.id in RESERVED_IDS:
                    self.problems.append(doc.problem(loc + ("id",), f"id {record.id!r} is reserved: it would take the address of the overview page; choose another id"))
                    continue
                tables[folder][record.id] = record
        if site is None:
            return None
        texts = self._source_texts(tables["sources"])
        self._cross_check(tables, texts)
        self._site_files(site)
        self.problems += files.free_pages(self.root)
        self._superseded(tables)
        tables["stories"] = {id: self._as_of_range(story, self._as_of(story, tables["sources"])) for id, story in tables["stories"].items()}
        return Content(site=site, source_texts=texts, **tables)

    # --- reading and validating files ---------------------------------------

    def _read_one(self, path: Path | str, model: type[BaseModel], shown: str | None = None) -> Any:
        shown = shown or display_path(Path(path), self.root)
        st = _file_stat(path)
        if st is None:
            self.problems.append(Problem(shown, 1, 1, "file missing; create it (see README)"))
            return None
        doc, record, problems, broken_ids = cache.cached(path, ("record", shown, model), lambda: _validated(path, shown, model), st)
        self.problems += problems
        self.broken_ids.update(broken_ids)
        if record is not None:
            self.where[id(record)] = (doc, ())
            self.read.append((record, doc))
        return record

    def _place(self, record: Any) -> tuple[YamlDoc, tuple]:
        """The file of `record` and its place in it. Walking every record to note this costs a
        tenth of a load, so it is done once, when the first nested record is asked for."""
        if id(record) not in self.where and not self.remembered:
            self.remembered = True
            for top, doc in self.read:
                self._remember(top, doc, ())
        return self.where[id(record)]

    def _remember(self, record: Any, doc: YamlDoc, loc: tuple) -> None:
        """Note where each record (and nested record) stands, for later cross-checks."""
        self.where[id(record)] = (doc, loc)
        for name in type(record).model_fields:
            value = getattr(record, name)
            if isinstance(value, Record):
                self._remember(value, doc, loc + (name,))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, Record):
                        # a single `source:` mapping was wrapped into a list: its place is the mapping
                        raw = doc.data
                        for part in loc + (name,):
                            raw = raw[part] if isinstance(raw, (dict, list)) else None
                        self._remember(item, doc, loc + (name,) + ((i,) if isinstance(raw, list) else ()))

    # --- checks across files --------------------------------------------------

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
            st = _file_stat(path)
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


def _file_stat(path: Path | str) -> os.stat_result | None:
    """The stat of a regular file (one system call, reused as the cache's stamp), or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def _name_order(entry: os.DirEntry) -> str:
    return os.path.normcase(entry.name)  # as Path ordering: case-insensitive where the system is


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


def _validated(path: Path | str, shown: str, model: type[BaseModel]) -> tuple[YamlDoc | None, Any, list[Problem], tuple[str, ...]]:
    """One file read and validated: (its document, the record or None, its problems, ids to treat as broken)."""
    doc, problems = read_yaml(path, shown)
    if doc is None:
        # unreadable: assume the id the file is named after, so references to it raise no follow-up errors
        return None, None, problems, (Path(path).stem,)
    if not isinstance(doc.data, dict):
        return doc, None, problems + [doc.problem((), "expected a mapping of keys (key: value) at the top of the file")], ()
    # `TODO` marks what `explainer new` left for the editor to write: never publish it
    placeholders = dict(_placeholders(doc.data, ())) if doc.may_contain("TODO") else {}
    try:
        record, errors = model.model_validate(doc.data), []
    except ValidationError as e:
        record, errors = None, e.errors()
    if (placeholders or errors) and (refused := doc.refused()):
        return None, None, problems + refused, (Path(path).stem,)  # as if libyaml had read it: its message alone
    problems = problems + [doc.problem(loc, f"placeholder left: {text!r}; write the real value here") for loc, text in placeholders.items()]
    if record is not None:
        return doc, record, problems, ()
    problems = problems + [doc.problem(err["loc"], _message(err, model)) for err in errors if doc._in_data(tuple(err["loc"])) not in placeholders]
    broken = (Path(path).stem,) + ((doc.data["id"],) if isinstance(doc.data.get("id"), str) else ())
    return doc, None, problems, broken


def _message(err: dict, model: type[BaseModel]) -> str:
    kind, loc = err["type"], err["loc"]
    name = str(loc[-1]) if loc else ""
    if len(loc) > 1 and isinstance(loc[-1], int) and not isinstance(loc[-2], int):
        name = f"{loc[-2]} (item {loc[-1] + 1})"
    if kind == "missing":
        return f"missing required key {name!r}; add it"
    if kind == "extra_forbidden":
        fields = _fields_at(model, loc[:-1])
        near = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
        hint = f"did you mean {near[0]!r}?" if near else "allowed: " + ", ".join(sorted(fields))
        return f"unknown key {name!r}; {hint}"
    if kind == "string_pattern_mismatch":
        pattern = str(err.get("ctx", {}).get("pattern", ""))
        if "https?" in pattern:
            if re.match(r"https?://", str(err["input"])):
                return f"{name}: {err['input']!r} is not allowed; a link must not contain spaces, quote marks or < >: encode them (%20, %22, %27, %3C, %3E)"
            return f"{name}: {err['input']!r} is not allowed; {_PATTERN_HINTS['https?']}"
        if "/)?" in pattern:  # a fact named by superseded_by
            return f"{name}: {err['input']!r} is not allowed; write the id of a fact of this story, or `story-id/fact-id` for a fact of another story"
        suggestion = slug_for(str(err["input"]))
        hint = f"did you mean {suggestion!r}? " if suggestion and suggestion != err["input"] else ""
        return f"{name}: {err['input']!r} is not allowed; {hint}{_PATTERN_HINTS['Slug']}"
    if err["input"] is None and kind in ("string_type", "list_type", "dict_type", "model_type", "literal_error"):
        return f"{name}: the value is empty; write it in, or remove the key if it is optional"
    if kind == "string_type":
        return f"{name}: expected text, found a {_yaml_kind(err['input'])}; write it on one line after the colon, or quote it"
    if kind == "list_type" and name == "source":  # one citation or a list of them
        return f"source: expected `id:` and `evidence:` of a source on their own lines below it; found {err['input']!r}"
    if kind == "list_type":
        return f"{name}: expected a list, e.g. [a, b] or lines starting with '- '; found {err['input']!r}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{name}: expected keys and values (key: value) here, found {err['input']!r}"
    if kind == "string_too_short":
        return f"{name}: must not be empty; write the text or remove the key"
    msg = err["msg"].removeprefix("Value error, ")
    return f"{name}: {msg}" if name else msg


def _placeholders(data: Any, loc: tuple):
    if isinstance(data, str) and data.lstrip().startswith("TODO"):
        yield loc, " ".join(data.split())
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _placeholders(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _placeholders(value, loc + (i,))


def _yaml_kind(value: Any) -> str:
    return "list" if isinstance(value, list) else "mapping (key: value)" if isinstance(value, dict) else type(value).__name__


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed at `loc` inside `model` (for did-you-mean hints)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = _record_type(field.annotation)
    return list(current.model_fields) if current else []


def _record_type(annotation: Any) -> Any:
    from typing import get_args
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _record_type(arg)
        if found:
            return found
    return None
