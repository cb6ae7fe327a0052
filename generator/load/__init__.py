# Load: the editors' YAML files -> one validated `Content`, or every problem found.
#
# content/site.yml            site-wide settings
# content/sources/*.yml       one source each (its text lies in seeds/)
# content/actors/*.yml        one actor each         (shared by all stories)
# content/terms/*.yml         one glossary term each (shared by all stories)
# content/stories/*.yml       one story each, with its demands, events, quotes
from __future__ import annotations

import difflib
import logging
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import cache
from .evidence import closest_passage, normalise
from .model import KINDS, Content, Record, SiteSettings
from .problems import ContentError, Problem, display_path
from .yamlfile import YamlDoc, read_yaml

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

__all__ = ["ContentError", "Problem", "check_content", "load_content"]

_PATTERN_HINTS = {
    "Slug": "an id uses lowercase letters a-z, digits and single hyphens, e.g. 'rustem-umjerow'",
    "https?": "a link must start with http:// or https://",
}


def load_content(root: Path) -> Content:
    """Load and check everything under `root`; raise `ContentError` listing every problem."""
    content, problems = check_content(root)
    if problems:
        raise ContentError(problems)
    assert content is not None
    return content


def check_content(root: Path) -> tuple[Content | None, list[Problem]]:
    loader = _Loader(Path(root))
    content = loader.run()
    return (None if loader.problems else content), sorted(set(loader.problems))


class _Loader:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        # (record, its file, its place in the file), for cross-checks that point at a line
        self.where: dict[int, tuple[YamlDoc, tuple]] = {}
        # ids of files that failed validation: no "unknown id" follow-up errors for them
        self.broken_ids: set[str] = set()

    def run(self) -> Content | None:
        if not self.root.is_dir():
            self.problems.append(Problem(str(self.root), 1, 1, "content folder not found; pass --content DIR"))
            return None
        site = self._read_one(self.root / "site.yml", SiteSettings)
        tables: dict[str, dict[str, Any]] = {}
        for folder, model in KINDS.items():
            tables[folder] = {}
            for path in sorted((self.root / folder).glob("*.y*ml")):
                record = self._read_one(path, model)
                if record is None:
                    continue
                doc, loc = self.where[id(record)]
                if record.id in tables[folder]:
                    other, _ = self.where[id(tables[folder][record.id])]
                    self.problems.append(doc.problem(loc + ("id",), f"duplicate id {record.id!r}: {other.shown} uses it too; choose another id"))
                    continue
                tables[folder][record.id] = record
        if site is None:
            return None
        texts = self._source_texts(tables["sources"])
        self._cross_check(tables, texts)
        return Content(site=site, source_texts=texts, **tables)

    # --- reading and validating files ---------------------------------------

    def _read_one(self, path: Path, model: type[BaseModel]) -> Any:
        shown = display_path(path, self.root)
        if not path.is_file():
            self.problems.append(Problem(shown, 1, 1, "file missing; create it (see README)"))
            return None
        doc, record, problems, broken_id = cache.cached(path, ("record", shown, model), lambda: _validated(path, shown, model))
        self.problems += problems
        if broken_id is not None:
            self.broken_ids.add(broken_id)
        if record is not None:
            self._remember(record, doc, ())
        return record

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
        for source in sources.values():
            if source.file is None:
                if source.url is None:
                    doc, loc = self.where[id(source)]
                    self.problems.append(doc.problem(loc + ("id",), "a source needs `file` (a text in seeds/) or `url`"))
                continue
            path = (self.root.parent / source.file).resolve()
            doc, loc = self.where[id(source)]
            if not path.is_file():
                self.problems.append(doc.problem(loc + ("file",), f"source text {source.file!r} not found (looked in {self.root.parent}); put the text file there"))
                continue
            texts[source.id] = cache.cached(path, ("text",), lambda: normalise(path.read_text(encoding="utf-8", errors="replace")))
        return texts

    def _cross_check(self, tables: dict[str, dict[str, Any]], texts: dict[str, str]) -> None:
        actors, terms, sources = tables["actors"], tables["terms"], tables["sources"]

        def ref(record: Any, field: str, value: str | None, table: dict, kind: str, index: int | None = None) -> None:
            if value is None or value in table or value in self.broken_ids:
                return
            doc, loc = self.where[id(record)]
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
                doc, loc = self.where[id(actor)]
                self.problems.append(doc.problem(loc + ("affiliation",), f"affiliation {actor.affiliation!r} is a person; name a state or organisation"))
            cited(actor)
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

    def _unique_fact_ids(self, stories: dict[str, Any]) -> None:
        seen: dict[tuple[str, str], Any] = {}
        for story in stories.values():
            for kind in ("demands", "events", "quotes"):
                for record in getattr(story, kind):
                    if (kind, record.id) in seen:
                        doc, loc = self.where[id(record)]
                        other, _ = self.where[id(seen[kind, record.id])]
                        self.problems.append(doc.problem(loc + ("id",), f"duplicate id {record.id!r} among {kind} (also in {other.shown}); choose another id"))
                    seen[kind, record.id] = record

    def _evidence(self, record: Any, passage: str, source_id: str, texts: dict[str, str], field: str) -> None:
        text = texts.get(source_id)
        if text is None:
            return  # no local text (URL source) or unknown source, reported elsewhere
        wanted = normalise(passage)
        if wanted in text:
            return
        doc, loc = self.where[id(record)]
        near = closest_passage(wanted, text)
        self.problems.append(doc.problem(loc + (field,), f"{field} not found verbatim in source {source_id!r}; closest passage: \"{near}\""))


def _validated(path: Path, shown: str, model: type[BaseModel]) -> tuple[YamlDoc | None, Any, list[Problem], str | None]:
    """One file read and validated: (its document, the record or None, its problems, its id if it is broken)."""
    doc, problems = read_yaml(path, shown)
    if doc is None:
        return None, None, problems, None
    if not isinstance(doc.data, dict):
        return doc, None, problems + [doc.problem((), "expected a mapping of keys (key: value) at the top of the file")], None
    try:
        return doc, model.model_validate(doc.data), problems, None
    except ValidationError as e:
        problems = problems + [doc.problem(err["loc"], _message(err, model)) for err in e.errors()]
        return doc, None, problems, doc.data["id"] if isinstance(doc.data.get("id"), str) else None


def _message(err: dict, model: type[BaseModel]) -> str:
    kind, loc = err["type"], err["loc"]
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        return f"missing required key {name!r}; add it"
    if kind == "extra_forbidden":
        fields = _fields_at(model, loc[:-1])
        near = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
        hint = f"did you mean {near[0]!r}?" if near else "allowed: " + ", ".join(sorted(fields))
        return f"unknown key {name!r}; {hint}"
    if kind == "string_pattern_mismatch":
        pattern = str(err.get("ctx", {}).get("pattern", ""))
        hint = _PATTERN_HINTS["https?"] if "https?" in pattern else _PATTERN_HINTS["Slug"]
        return f"{name}: {err['input']!r} is not allowed; {hint}"
    if kind == "string_too_short":
        return f"{name}: must not be empty; write the text or remove the key"
    msg = err["msg"].removeprefix("Value error, ")
    return f"{name}: {msg}" if name and not isinstance(loc[-1], int) else msg


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
