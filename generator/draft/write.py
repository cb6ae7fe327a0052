# The draft as YAML files: a story, the new actors and terms, the source record.
#
# Written the way `explainer new` writes skeletons (generator/new.py): a schema
# comment first, JSON-quoted scalars (they read back exactly), and `TODO: ...`
# where only the editor can decide. `explainer check` reports every value that
# starts with TODO as "placeholder left", so a draft cannot be published before
# an editor has gone through it; a machine's proposal is written as
# `TODO: <proposal>`, to be kept by deleting the marker. Files are created new
# (O_EXCL): an existing file is never replaced, and if any target exists
# nothing at all is written.
from __future__ import annotations

import re
from pathlib import Path

from ..dates import parse_date
from ..load import slug_for
from ..load.problems import display_path
from ..load.schema import schema_comment
from ..new import q
from ..seed import source_id
from . import Analysis, DraftError

_ORIGIN = "# Drafted by `explainer draft` from {seed}: check every value, replace every TODO.\n"


def plan(a: Analysis, seed_path: Path, content: Path, story_id: str | None) -> dict[Path, str]:
    project = content.resolve().parent
    try:
        rel = seed_path.resolve().relative_to(project).as_posix()
    except ValueError:
        raise DraftError(f"{seed_path} lies outside the project ({project}); copy it into seeds/ first, "
                         "so that every passage can be checked against it") from None
    files: dict[Path, str] = {}
    used = {r["id"] for folder in a.known.values() for r in folder}
    for s in a.known["stories"]:
        for kind in ("demands", "events", "quotes"):
            used |= {f.get("id") for f in s.get(kind) or [] if isinstance(f, dict)}
    origin = _ORIGIN.format(seed=rel)

    # the source: an existing record of this text is reused
    source = next((s["id"] for s in a.known["sources"] if s.get("file") == rel), None)
    if source is None:
        source = _unique(source_id(a.seed.header(a.article_date), Path(rel)) or "quelle", used)
        path = content / "sources" / f"{source}.yml"
        day_note = ""
        if a.article_date and a.seed.date and a.article_date != a.seed.date:
            day_note = f"# The header says only {a.seed.date}; the day was given with --date.\n"
        files[path] = _header(path, content) + origin + day_note + (
            f"id: {source}\n"
            f"title: {q(a.seed.title) if a.seed.title else q('TODO: the headline of the article')}\n"
            f"publisher: {q(a.seed.publisher) if a.seed.publisher else q('TODO: who published the article')}\n"
            f"date: {q(a.article_date) if a.article_date else q('TODO: the date of the article, e.g. 2025-07-19')}\n"
            f"file: {q(rel)}\n" + (f"url: {q(a.seed.url)}\n" if a.seed.url else ""))

    # actors: known ones keep their id; new persons, and candidates the story needs, get a file
    people = a.people
    needed = {q_.speaker for q_ in a.quotes} | {x for d, _ in a.demands for x in (d.by, d.of)}
    ids: dict[str, str] = {}
    known_ids = {r["id"] for r in a.known["actors"]}
    term_forms = {str(f).casefold() for t in a.known["terms"] for f in [t.get("term", "")] + list(t.get("variants") or [])}
    for key, actor in people.actors.items():
        if actor.known:
            ids[key] = actor.id
        elif actor.name.casefold() in term_forms:
            continue  # a glossary term already has this word: an actor of that name could not be linked apart
        elif actor.mentions and (actor.kind in ("person", "state") or actor.mentions >= 2 or key in needed or actor.name.isupper()):
            slug = slug_for(actor.name)
            ids[key] = slug if slug in known_ids else _unique(slug, used)
    for key, actor_id in ids.items():
        actor = people.actors[key]
        if actor.known or actor_id in known_ids:
            continue
        path = content / "actors" / f"{actor_id}.yml"
        s, _, _ = actor.first
        affiliation = _affiliation(actor, people, ids)
        kind_note = "    # state | organisation | person: check" if actor.kind != "person" else ""
        files[path] = _header(path, content) + origin + (
            f"id: {actor_id}\nkind: {actor.kind}{kind_note}\nname: {q(actor.name)}\n"
            + (f"role: {q(actor.role)}\n" if actor.role else "")
            + (f"affiliation: {affiliation}   # check\n" if affiliation else
               "# affiliation: ...   # id of the state or organisation a person belongs to\n" if actor.kind == "person" else "")
            + _aliases(actor, people)
            + f"description: {q('TODO: who this is, in one or two sentences')}\n"
            + _source(source, a.passage(s), ""))

    # candidate terms
    term_ids = {r["id"] for r in a.known["terms"]}
    new_terms = []
    for t in a.terms:
        term_id = slug_for(t.term)
        if term_id in term_ids or term_id in used:
            continue
        used.add(term_id)
        new_terms.append(term_id)
        path = content / "terms" / f"{term_id}.yml"
        variants = [v for v in _inflected(t) if v.casefold() != t.term.casefold()]
        files[path] = _header(path, content) + origin + (
            f"id: {term_id}\nterm: {q(t.term)}\n"
            f"definition: {q('TODO: one sentence, shown as the tooltip wherever the term is linked')}\n"
            + (f"variants: [{', '.join(q(v) for v in variants)}]   # inflected forms: check\n" if variants else "")
            + _source(source, a.passage(t.first), ""))

    # the story
    story_id = story_id or _story_id(a.seed.title, Path(rel).stem)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", story_id or ""):
        raise DraftError(f"cannot make a story id from {story_id!r}; pass one with --story (lowercase letters, digits, hyphens)")
    path = content / "stories" / f"{story_id}.yml"
    files[path] = _header(path, content) + _story(a, story_id, source, ids, used, rel, new_terms)
    existing = [p for p in files if p.exists()]
    if existing:
        raise DraftError("not written, these files exist already: " + ", ".join(display_path(p) for p in existing)
                         + "; the draft never replaces a file (choose another id with --story, or move the old files)")
    return files


def _story(a: Analysis, story_id: str, source: str, ids: dict[str, str], used: set[str], rel: str, new_terms: list[str]) -> str:
    people = a.people
    out = [_ORIGIN.format(seed=rel)]
    citing = sorted(st["id"] for st in a.known["stories"] if source in (st.get("sources") or []))
    if citing:
        out.append("# Stories that cite this source already: " + ", ".join(citing) + " (add to one of them instead?)\n")
    known = sorted({ids[k] for k in ids if people.actors[k].known and people.actors[k].mentions})
    if known:
        out.append("# Known actors in the text: " + ", ".join(known) + "\n")
    for key, actor in people.actors.items():
        if actor.known and actor.text_role and actor.mentions and actor.text_role != actor.role:
            out.append(f"#   {actor.id}: the text calls them {q(actor.text_role)} (their file says {q(actor.role or '')})\n")
    if a.known_terms:
        out.append("# Known terms in the text (linked automatically): " + ", ".join(a.known_terms) + "\n")
    if new_terms:
        out.append("# New term drafts: " + ", ".join(new_terms) + "\n")
    left = sorted(actor.name for key, actor in people.actors.items() if not actor.known and actor.mentions and key not in ids)
    if left:
        out.append("# Named once, no file drafted: " + ", ".join(left) + "\n")
    as_of = q(a.article_date) if a.article_date and len(a.article_date) == 10 else q("TODO: the date this story is up to date, e.g. 2025-07-19")
    title = a.seed.title or ""
    out.append(f"id: {story_id}\ntitle: {q(title) if title else q('TODO: the headline')}\n"
               f"teaser: {q('TODO: one or two sentences for the start page')}\n"
               f"summary: {q('TODO: the story in a short paragraph')}\n"
               f"as_of: {as_of}\nsources:\n  - {source}\nkey_facts: []\n")

    def actor(key: str | None, what: str) -> str:
        return ids[key] if key in ids else q(f"TODO: id of {what}")

    out.append("demands:" + ("\n" if a.demands else " []\n"))
    for d, (cert, hedge) in a.demands:
        by = people.actors.get(d.by)
        demand_id = _unique(slug_for(" ".join(x for x in ((by.name.split()[-1] if by else ""), _verb(d.verb), _words(d.what, 3, nouns=True)) if x)), used)
        out.append(f"  - id: {demand_id}\n    by: {actor(d.by, 'who demands')}\n    of: {actor(d.of, 'whom the demand is made of')}\n"
                   f"    what: {q('TODO: ' + d.what)}\n    status: open    # open | rejected | met | partly-met | withdrawn: check\n"
                   + _certainty(cert, hedge, "    ") + _source(source, a.passage(d.sentence), "    "))
    out.append("events:" + ("\n" if a.events else " []\n"))
    for e in a.events:
        sentence = a.passage(e.sentence)
        title = _title(sentence)
        event_id = _unique(slug_for(_words(title, 6)) or "ereignis", used)  # words that say something, in the text's order
        if e.found.edtf and _edtf_ok(e.found.edtf):
            date = q(e.found.edtf)
        elif e.found.edtf:
            date = q(f"TODO: EDTF date for {e.found.text!r}")
        else:
            date = q(f"TODO: EDTF date for {e.found.text!r} (the article's date is not known)")
        actors = [ids[k] for k in e.actors if k in ids]
        out.append(f"  - id: {event_id}\n    date: {date}\n    date_text: {q(e.found.text)}\n"
                   f"    title: {q('TODO: ' + title)}\n    text: {q('TODO: ' + sentence)}\n"
                   f"    actors: [{', '.join(dict.fromkeys(actors))}]\n"
                   + _certainty(*e.certainty, "    ") + _source(source, sentence, "    "))
    out.append("quotes:" + ("\n" if a.quotes else " []\n"))
    quote_ids: list[str] = []
    for qt in a.quotes:
        speaker = people.actors.get(qt.speaker) if qt.speaker else None
        who = speaker.name.split()[-1] if speaker else ""
        quote_id = _unique(slug_for(f"{who} {_words(qt.text, 4)}") or "zitat", used)
        quote_ids.append(quote_id)
        para = a.seed.paragraphs[qt.paragraph]
        evidence = para[qt.evidence[0]:qt.evidence[1]]
        if qt.speaker in ids:
            spk = ids[qt.speaker]
        elif qt.role:
            spk = q(f"TODO: id of the speaker; the text names only {qt.role!r}")
        else:
            spk = q("TODO: id of the speaker; the text does not say who it is")
        dates = [f for f in _dates_of(a, qt.sentence) if f.edtf and _edtf_ok(f.edtf)]
        before = qt.sentence - 1
        if not dates and qt.speaker and before >= 0 and a.sentences[before].paragraph == qt.paragraph \
                and any(m.sentence == before and m.key == qt.speaker for m in people.mentions):
            dates = [f for f in _dates_of(a, before) if f.edtf and _edtf_ok(f.edtf)]  # "Peskow hatte am Freitag begrüßt ... „…“, sagte Peskow"
        note = ""
        if qt.repeats is not None:
            note = "    # these words stand in a longer quote too: keep one of the two\n"
        elif qt.continued:
            note = "    # the speaker is the one named in the sentence before: check\n"
        out.append(f"  - id: {quote_id}\n{note}    speaker: {spk}\n    text: {q(qt.text)}\n"
                   + (f"    date: {q(dates[0].edtf)}\n    date_text: {q(dates[0].text)}\n" if dates else "")
                   + "    # context: what the quote answers or refers to\n"
                   + _source(source, evidence, "    "))
    return "".join(out)


def _story_id(title: str | None, stem: str) -> str:
    """From the seed's name ("2025-07-19_ukraine-schlaegt-...": the part after the date and publisher), else the title."""
    named = slug_for(stem.split("_")[-1]) if "_" in stem else ""
    if len(named) >= 8:
        return named[:60].rsplit("-", 1)[0] if len(named) > 60 else named
    words = slug_for(title or stem).split("-")
    out = []
    for w in words:
        if len("-".join(out + [w])) > 60:
            break
        out.append(w)
    return "-".join(out)


def _edtf_ok(text: str) -> bool:
    """Whether the site can show the date (generator/dates.py parses it): a rule's odd result becomes a TODO."""
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def _dates_of(a: Analysis, sentence: int):
    return [e.found for e in a.events if e.sentence == sentence]


def _affiliation(actor, people, ids: dict[str, str]) -> str | None:
    """A person's state or organisation, where the role names it ("US-Präsident", "Sekretär des ... Rats")."""
    role = actor.role or ""
    if not role:
        return None
    prefix = role.split("-")[0] if "-" in role.split()[0] else ""
    forms_of: dict[str, list[str]] = {}
    for f, k in people.forms.items():
        forms_of.setdefault(k, []).append(f)
    for key, other in people.actors.items():
        if other.kind == "person" or key not in ids:
            continue
        forms = forms_of.get(key, []) + [other.name]
        if prefix and (prefix in forms or prefix == "US" and other.name == "USA"):
            return ids[key]
        if any(len(f) > 3 and re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", role) for f in forms):
            return ids[key]
    return None


def _aliases(actor, people) -> str:
    """A person's surname as an alias (it is linked and found by search), where no other actor uses it."""
    parts = actor.name.split()
    if actor.kind == "person" and len(parts) > 1 and people.forms.get(parts[-1]) == actor.key \
            and sum(1 for a in people.actors.values() if a.name.split()[-1] == parts[-1]) == 1:
        return f"aliases: [{q(parts[-1])}]   # other spellings readers may search for\n"
    return "# aliases: []   # other spellings readers may search for\n"


def _inflected(t) -> list[str]:
    from .facts import inflected
    return inflected(t.term, t.forms)


def _certainty(cert: str, hedge: str | None, indent: str) -> str:
    if cert == "reported":
        return ""
    return f"{indent}certainty: {cert}    # the text says {hedge!r}: check\n"


def _source(source: str, evidence: str, indent: str) -> str:
    return f"{indent}source:\n{indent}  id: {source}\n{indent}  evidence: {q(evidence)}\n"


def _title(sentence: str) -> str:
    """The sentence's main clause, shortened: a proposal for the event's title."""
    words = sentence.rstrip(".!?").split()
    out = []
    for w in words:
        out.append(w)
        if len(out) >= 4 and w.endswith((",", ":", ";")) or len(out) >= 12:
            break
    return " ".join(out).rstrip(",:;").strip("\"„“»«")


_STOP = set("""der die das den dem des ein eine einer einen einem eines und oder aber auch in im am an auf aus bei mit nach von vom
zu zur zum für über unter vor seit bis hat haben hatte hatten ist sind war waren wird werden wurde wurden sich es er sie
dass als wie noch schon erst bereits so""".split())


def _words(text: str, n: int, nouns: bool = False) -> str:
    """The first n words of `text` that carry meaning (nouns only, if asked), for an id."""
    words = [w for w in re.findall(r"\w+", text) if w.lower() not in _STOP and (not nouns or w[:1].isupper())]
    return " ".join(words[:n])


def _verb(verb: str) -> str:
    return {"f": "fordert", "v": "verlangt", "d": "draengt", "b": "beharrt", "r": "ruft", "a": "fordert"}.get(verb[:1], "fordert")


def _unique(base: str, used: set[str]) -> str:
    base = base.strip("-")[:70].strip("-") or "entwurf"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


def _header(path: Path, content: Path) -> str:
    comment = schema_comment(path, content, content.parent / "schema")
    return comment + "\n" if comment else ""


def write_new(files: dict[Path, str]) -> list[Path]:
    """Create every file anew; if one appears meanwhile, remove what this call wrote and refuse."""
    written: list[Path] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8") as f:
                f.write(text)
            written.append(path)
    except FileExistsError as e:
        for p in written:
            p.unlink()
        raise DraftError(f"{display_path(Path(e.filename))} appeared while drafting; nothing was written") from None
    return written
