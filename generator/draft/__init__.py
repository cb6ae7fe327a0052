# `explainer draft SEED_FILE`: an archived article becomes a story draft.
#
# The steps, one module each: seed.py reads the file, sentences.py splits it,
# people.py finds actors, quotes.py quotes and speakers, dates.py dated events,
# facts.py demands, hedges and terms, write.py the YAML. This module ties them
# together into an `Analysis` of the text, which write.py turns into new files.
# Every passage taken from the text is a slice of it, so it verifies by
# construction; what only an editor can judge is left as `TODO: ...`.
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path

from ..load.problems import display_path
from ..load.yamlfile import read_yaml
from .dates import Article, Found, find_dates
from .facts import Demand, TermDraft, candidate_terms, certainty, find_demand, known_terms
from .people import People, role_head
from .quotes import Quote, find_quotes, find_spans
from .seed import Seed, read_seed
from .sentences import Sentence, split


class DraftError(Exception):
    """What keeps a draft from being written, said so that the editor can act on it."""


@dataclass
class Event:
    sentence: int
    found: Found
    certainty: tuple[str, str | None]
    actors: list[str]     # Actor keys, in order of mention


@dataclass
class Analysis:
    seed: Seed
    article: Article
    article_date: str | None      # EDTF of the article's date, as far as known
    sentences: list[Sentence]
    people: People
    quotes: list[Quote]
    events: list[Event]
    demands: list[tuple[Demand, tuple[str, str | None]]]
    terms: list[TermDraft]
    known_terms: list[str]
    known: dict[str, list[dict]] = field(default_factory=dict)   # folder -> raw records of content/

    def passage(self, s: int) -> str:
        return self.sentences[s].text


def read_known(content: Path) -> dict[str, list[dict]]:
    """The raw records of content/ (a broken file is skipped: the draft must work beside one)."""
    out: dict[str, list[dict]] = {}
    for folder in ("actors", "terms", "sources", "stories"):
        out[folder] = []
        for path in sorted((content / folder).glob("*.y*ml")):
            doc, _ = read_yaml(path, display_path(path))
            if doc is not None and isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
                out[folder].append(doc.data)
    return out


def article_date(seed: Seed, given: str | None) -> str | None:
    if given is None:
        return seed.date
    try:
        day = Date.fromisoformat(given)
    except ValueError:
        raise DraftError(f"--date {given!r} is not a day; write it as YYYY-MM-DD, e.g. 2025-07-19") from None
    if len(given) != 10:
        raise DraftError(f"--date {given!r} is not a day; write it as YYYY-MM-DD, e.g. 2025-07-19")
    if seed.date and not day.isoformat().startswith(seed.date):
        raise DraftError(f"--date {given} does not fall on the date the header gives ({seed.date}); check both")
    return day.isoformat()


def analyse(seed_path: Path, content: Path, given_date: str | None = None) -> Analysis:
    if not content.is_dir():
        raise DraftError(f"content folder {content} not found; run this in the project's folder or pass --content DIR")
    if not seed_path.is_file():
        raise DraftError(f"{seed_path}: no such file; give the path of an archived text, e.g. seeds/2025-07-19_titel.txt")
    try:
        seed = read_seed(seed_path)
    except UnicodeDecodeError:
        raise DraftError(f"{seed_path} is not UTF-8 text; save it as UTF-8 (the site checks every passage against it)") from None
    if not seed.paragraphs:
        raise DraftError(f"{seed_path} has no text below its header line; paste the article's paragraphs there")
    return analyse_seed(seed, read_known(content), article_date(seed, given_date))


def analyse_seed(seed: Seed, known: dict[str, list[dict]], when: str | None) -> Analysis:
    """The analysis of one article against the known records (`read_known`), for the article's date `when`."""
    known = {folder: known.get(folder, []) for folder in ("actors", "terms", "sources", "stories")}
    article = Article.from_edtf(when)
    sentences = split(seed.paragraphs)
    people = People([a for a in known["actors"] if isinstance(a.get("name"), str)])
    spans = {p: find_spans(text) for p, text in enumerate(seed.paragraphs)}
    # the quotations in each sentence, as (start, end) in the sentence, marks included
    quoted = {k: [(o - s.start, c - s.start + 1) for o, c in spans[s.paragraph] if c >= s.start and o < s.end]
              for k, s in enumerate(sentences)}
    for k, s in enumerate(sentences):
        people.sentence_offsets[k] = s.start
        people.scan(k, s.text, quoted[k])
    quotes = find_quotes(seed.paragraphs, sentences, people)
    by_sentence: dict[int, list] = {}
    for m in people.mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    events, demands = [], []
    for k, s in enumerate(sentences):
        mentions = by_sentence.get(k, [])
        keys = list(dict.fromkeys(m.key for m in mentions))
        if re.match(r"(?:Er|Sie)\s", s.text) and not any(people.actors[x].kind == "person" for x in keys):
            who = people.last_person(k)  # "Er hatte bereits im April gewarnt": the person just named
            if who:
                keys.insert(0, who)
        # a date inside quotation marks is the speaker's, not the article's ("bis heute kein Angebot")
        found = [f for f in find_dates(s.text, article) if not any(o <= f.start < c for o, c in quoted[k])]
        points = [f for f in found if not f.deadline] or found
        for f in points:
            events.append(Event(k, f, certainty(s.text), keys))
        d = find_demand(k, s.text, mentions)
        if d:
            demands.append((d, certainty(s.text)))
    taken = set(people.forms)
    for t in known["terms"]:
        taken |= {t.get("term", "")} | set(t.get("variants") or [])
    # role words ("Kremlsprecher") are no glossary candidates
    taken |= {w for s in sentences for w in re.findall(r"[A-ZÄÖÜ][\w-]+", s.text) if role_head(w)}
    terms = candidate_terms([s.text for s in sentences], taken, {d.sentence for d, _ in demands})
    text = "\n".join(seed.paragraphs)
    return Analysis(seed, article, when, sentences, people, quotes, events, demands, terms,
                    known_terms(text, known["terms"]), known)


def draft(seed_path: Path, content: Path, *, story: str | None = None, date: str | None = None) -> list[Path]:
    """Analyse the article and write the draft's new files; return them. Nothing is overwritten."""
    from .write import plan, write_new

    analysis = analyse(seed_path, content, date)
    files = plan(analysis, seed_path, content, story)
    return write_new(files)
