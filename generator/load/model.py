# The fact model: what an editor may write in `content/`, validated by pydantic.
#
# Actors, terms and sources are shared by the whole site; demands, events,
# quotes and key facts belong to one story. Every fact carries a `source`
# (which source, and the verbatim `evidence` passage) and a `certainty`.
# Unknown keys are errors (`extra="forbid"`): a typo must never hide a fact.
from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from ..dates import EdtfDate, parse_date

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
FactRef = Annotated[str, StringConstraints(pattern=r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=161)]
"""A fact's id within its story (`treffen-in-istanbul`), or `story-id/fact-id` for a fact of another story."""
Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern="^https?://[^\\s<>\"']+$")]  # no backslash before a quote: JSON Schema (ECMA-262) refuses it


def _edtf(value: str) -> str:
    parse_date(value)  # raises ValueError with an editor-friendly message
    return value


Edtf = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_edtf)]


def _day(value: str) -> str:
    try:
        ok = len(value) == 10 and bool(date.fromisoformat(value))
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"{value!r} is not a day; write the day of the change as YYYY-MM-DD, e.g. 2025-07-22")
    return value


Day = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_day)]
"""One exact day (YYYY-MM-DD): an update is dated, never imprecise, as feeds need a timestamp."""


def empty_list() -> Any:
    """An empty list by default. pydantic deep-copies a `[]` default for every record (12,000 copies
    per 10,000 facts, a fifth of validation); a factory makes a new list instead. The schema still shows it."""
    return Field(default_factory=_new_list, json_schema_extra={"default": []})


def _new_list() -> list:
    # not `list` itself: pydantic reads each factory's signature, and a built-in's is parsed from its
    # text, 17 times at every start (a quarter of building the models)
    return []


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, dict) else value


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(Record):
    """Where a fact comes from: `id` of a source, and the passage quoted verbatim from it."""

    id: Slug
    evidence: Text


Certainty = Literal["reported", "claimed", "assessed"]
"""reported: the source states it as fact; claimed: the source attributes it to a party;
assessed: the source's own assessment or assumption ("dürfte"), shown hedged on the site."""


class Update(Record):
    """A change to a published fact: the day, a short German note, and whether it corrects an error."""

    date: Day
    note: Text
    kind: Literal["update", "correction"] = "update"


class Fact(Record):
    source: Annotated[list[Citation], BeforeValidator(_one_or_many, json_schema_input_type=Citation | list[Citation]), Field(min_length=1)]
    certainty: Certainty = "reported"
    # A fact is changed visibly, never silently: the page and the feeds list each update.
    updates: list[Update] = empty_list()
    # the newer fact that replaces this one: its id in the same story, or `story-id/fact-id` in another
    # story; the old one stays on its page, greyed, with a link to the newer one
    superseded_by: FactRef | None = None


class Source(Record):
    id: Slug
    title: Text
    publisher: Text | None = None
    date: Edtf
    file: Text | None = None  # a text file under seeds/, checked against every evidence passage
    url: Url | None = None
    note: Text | None = None


class NameForms(Record):
    """An editor's own case forms of a name, as they follow the article ("Nationalen Sicherheitsrats")."""

    nominative: Text | None = None
    genitive: Text | None = None
    dative: Text | None = None
    accusative: Text | None = None


class Actor(Fact):
    id: Slug
    kind: Literal["state", "organisation", "person"]
    name: Text
    # how the name is inflected in the site's sentences (render/names.py): "die Ukraine", "der Kreml",
    # "Russland" (none); unset: none for states and persons, "die" for organisations
    article: Literal["der", "die", "das", "none"] | None = None
    number: Literal["singular", "plural"] = "singular"  # plural: "die USA fordern"
    forms: NameForms | None = None
    role: Text | None = None
    affiliation: Slug | None = None  # id of the state or organisation a person belongs to
    aliases: list[Text] = empty_list()  # other spellings: Zelensky, Selensky ...
    description: Text | None = None


class Term(Fact):
    id: Slug
    term: Text
    definition: Text  # one sentence, used for tooltips
    explanation: Text | None = None
    variants: list[Text] = empty_list()  # spelling variants and inflected forms: Waffenruhen
    related: list[Slug] = empty_list()


class Answer(Fact):
    text: Text


class Demand(Fact):
    id: Slug
    by: Slug
    of: Slug
    what: Text
    status: Literal["open", "rejected", "met", "partly-met", "withdrawn"] = "open"
    answer: Answer | None = None
    date: Edtf | None = None


class Event(Fact):
    id: Slug
    date: Edtf
    date_text: Text | None = None  # the source's own wording: "am Freitag", "kommende Woche"
    title: Text
    text: Text
    actors: list[Slug] = empty_list()


class Quote(Fact):
    id: Slug
    speaker: Slug
    text: Text  # verbatim, also checked against the source
    date: Edtf | None = None
    date_text: Text | None = None
    context: Text | None = None


class KeyFact(Fact):
    id: Slug | None = None  # needed only to be named by another fact's superseded_by
    text: Text


class Story(Record):
    id: Slug
    title: Text
    teaser: Text
    summary: Text
    as_of: Edtf | None = None  # "Stand"; without it, the date of the story's newest source (filled in by the loader)
    continues: Slug | None = None  # id of the earlier story this one continues ("Wie es weiterging")
    topic: Text | None = None  # stories with the same topic share a page listing them and their chronology
    sources: Annotated[list[Slug], Field(min_length=1)]
    key_facts: list[KeyFact] = empty_list()
    demands: list[Demand] = empty_list()
    events: list[Event] = empty_list()
    quotes: list[Quote] = empty_list()


class FooterLink(Record):
    """A link in the footer of every page: to a free-form page in content/pages/ or to an address."""

    title: Text
    page: Text | None = None  # a Markdown file in content/pages/, e.g. impressum.md
    url: Url | None = None


class SiteSettings(Record):
    title: Text
    description: Text
    publisher: Text
    base_url: Url
    language: Literal["de"] = "de"
    copyright: Text | None = None
    logo: Text | None = None  # an image file in content/pages/, e.g. assets/logo.svg
    favicon: Text | None = None  # an image file in content/pages/, e.g. assets/favicon.png
    footer: list[FooterLink] = empty_list()


KINDS: dict[str, type[Record]] = {"sources": Source, "actors": Actor, "terms": Term, "stories": Story}
"""Folder under content/ -> the record each of its files holds."""


class Content(BaseModel):
    """Everything the site is made of, after loading and cross-checking."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    site: SiteSettings
    sources: dict[str, Source]
    actors: dict[str, Actor]
    terms: dict[str, Term]
    stories: dict[str, Story]
    source_texts: dict[str, str] = {}


__all__ = ["Actor", "Citation", "Content", "Demand", "EdtfDate", "Event", "FooterLink", "KINDS", "NameForms", "Quote", "SiteSettings", "Source",
           "Story", "Term", "Update"]
