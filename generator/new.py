# `explainer new`: skeletons of new records, written where they belong.
#
# A skeleton has every required key, a valid unique id and a pointer to its JSON
# Schema; what only the editor can write is marked `TODO: ...`. The loader reports
# every TODO as a problem, so an unfinished skeleton can never be published.
# Terms, actors, stories and sources get a file of their own (a source's title, date and
# publisher are read from its seed file's header line, generator/seed.py); an event, quote,
# demand or key fact is added to its list in the story, as text, leaving the rest of the file untouched.
from __future__ import annotations

import difflib
import json
import logging
import re
from pathlib import Path

from .fsutil import atomic_write
from .load import slug_for
from .load.problems import display_path
from .load.schema import schema_comment
from .load.yamlfile import read_yaml
from .render.names import DEFAULT_ARTICLE

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KINDS = ("term", "actor", "story", "source", "event", "quote", "demand", "key-fact")
STORY_LISTS = {"event": "events", "quote": "quotes", "demand": "demands", "key-fact": "key_facts"}
_TODO_EVIDENCE = "  evidence: \"TODO: the passage this rests on, copied verbatim from the source text\"\n"


class NewError(Exception):
    """What keeps a skeleton from being written, said so that the editor can fix it."""


def q(text: str) -> str:
    """A YAML scalar that reads back as exactly `text` (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def new_record(kind: str, content: Path, name: str, *, id: str | None = None, source: str | None = None,
               kind_of_actor: str | None = None, story: str | None = None, date: str | None = None,
               actors: tuple[str, ...] = (), article: str | None = None) -> Path:
    """Write the skeleton of a new record; return the file written (or changed).
    `name`: a term's headword, an actor's name, a story's title, an event's title, a demand's `what`,
    a key fact's text, the path of a source's seed file; `actors`: a quote's speaker, a demand's `by` and `of`."""
    if kind == "source":
        return _new_source(content, Path(name), id)
    for actor in actors:
        _known(content, "actors", actor, "actor")
    record_id = id or _default_id(kind, content, name, actors)
    if not _SLUG.match(record_id or ""):
        raise NewError(f"cannot make an id from {name!r}; pass one with --id (lowercase letters, digits, hyphens)")
    if kind in STORY_LISTS and source is None:
        source = _first_source(content, story or "")
    source_yaml = _source(content, source)
    if kind in STORY_LISTS:
        return _add_to_story(content, story or "", kind, record_id, _item(kind, record_id, name, date, actors, source_yaml))
    folder = {"term": "terms", "actor": "actors", "story": "stories"}[kind]
    path = content / folder / f"{record_id}.yml"
    if path.exists():
        raise NewError(f"{display_path(path)} exists already; choose another --id")
    header = schema_comment(path, content, content.parent / "schema") or ""
    if kind == "term":
        body = (f"id: {record_id}\nterm: {q(name)}\n"
                f"definition: \"TODO: one sentence, shown as the tooltip wherever the term is linked\"\n"
                "# explanation: |\n#   Longer text; a blank line starts a new paragraph.\n"
                "# variants: []     # inflected forms and other spellings, linked and found by search\n"
                "# related: []      # ids of other terms\n" + source_yaml)
    elif kind == "actor":
        article = article or DEFAULT_ARTICLE[kind_of_actor or "person"]
        body = (f"id: {record_id}\nkind: {kind_of_actor or 'person'}    # state | organisation | person\nname: {q(name)}\n"
                f"article: {article}    # der | die | das | none: \"der Kreml\", \"die Ukraine\", \"Russland\" (check it)\n"
                "# number: plural     # a plural name: \"die USA fordern\"\n"
                "# role: Kremlsprecher\n# affiliation: kreml   # id of the state or organisation a person belongs to\n"
                "# aliases: []         # other spellings readers may search for\n"
                "# description: >-\n#   One or two sentences.\n" + source_yaml)
    else:
        sources = f"  - {source}\n" if source else "  - \"TODO: id of a source (content/sources/)\"\n"
        body = (f"id: {record_id}\ntitle: {q(name)}\n"
                "teaser: \"TODO: one or two sentences for the start page\"\n"
                "summary: \"TODO: the story in a short paragraph (use >- and indented lines for a long one)\"\n"
                "# as_of: \"2025-07-19\"   # \"Stand\"; left out, it is the date of the newest of the sources below\n"
                "# topic: Verhandlungen über eine Waffenruhe   # stories of one topic share a page\n"
                "# continues: id-of-the-earlier-story         # its page then links here: \"Wie es weiterging\"\n"
                f"sources:\n{sources}"
                "key_facts: []\ndemands: []\nevents: []      # add one with: explainer new event " + record_id + " \"Title\"\nquotes: []\n")
    _write(path, (header + "\n" if header else "") + body)
    return path


def _source(content: Path, source: str | None) -> str:
    if source is None:
        return ("source:\n  id: \"TODO: id of the source (content/sources/)\"\n"
                "  evidence: \"TODO: the passage this rests on, copied verbatim from the source text\"\n")
    known = sorted(p.stem for p in (content / "sources").glob("*.yml"))
    if source not in known:
        near = difflib.get_close_matches(source, known, n=1)
        raise NewError(f"unknown source {source!r}" + (f"; did you mean {near[0]!r}?" if near else "; see content/sources/"))
    return f"source:\n  id: {source}\n  evidence: \"TODO: the passage this rests on, copied verbatim from the source text\"\n"


def _known(content: Path, folder: str, id: str, kind: str) -> None:
    known = sorted(p.stem for p in (content / folder).glob("*.yml"))
    if id not in known:
        near = difflib.get_close_matches(id, known, n=1)
        raise NewError(f"no {kind} {id!r}" + (f"; did you mean {near[0]!r}?" if near else f"; see {folder}/ in the content folder"))


def _first_source(content: Path, story: str) -> str | None:
    """The first of a story's sources: what a new entry of the story most likely rests on."""
    path = content / "stories" / f"{story}.yml"
    doc, _ = read_yaml(path, display_path(path)) if path.is_file() else (None, [])
    sources = doc.data.get("sources") if doc and isinstance(doc.data, dict) else None
    first = sources[0] if isinstance(sources, list) and sources else None
    return first if isinstance(first, str) and _SLUG.match(first) and (content / "sources" / f"{first}.yml").is_file() else None


def _default_id(kind: str, content: Path, name: str, actors: tuple[str, ...]) -> str:
    """An id from the name; a quote's from its speaker; a demand's from who demands what. Unique site-wide."""
    if kind == "quote":
        base = f"{actors[0]}-zitat"
    elif kind == "demand":
        base = slug_for(f"{actors[0]} fordert " + " ".join(name.split()[:5]))
    elif kind == "key-fact":
        base = slug_for(" ".join(name.split()[:6]))
    else:
        return slug_for(name)
    used = _story_ids(content, STORY_LISTS[kind])
    n, record_id = 1, base
    while record_id in used:
        n += 1
        record_id = f"{base}-{n}"
    return record_id


def _story_ids(content: Path, key: str) -> dict[str, Path]:
    """The ids in the list `key` of every story, and the file each stands in."""
    found = {}
    for other in sorted((content / "stories").glob("*.yml")):
        doc, _ = read_yaml(other, display_path(other))
        items = doc.data.get(key) if doc and isinstance(doc.data, dict) else None
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.setdefault(item["id"], other)
    return found


def _item(kind: str, record_id: str, name: str, date: str | None, actors: tuple[str, ...], source_yaml: str) -> str:
    """The skeleton of one entry of a story's list, as a YAML block sequence item."""
    todo_date = chr(34) + "TODO: EDTF date, e.g. 2025-07-18, 2025-07 or 2025-07-14~" + chr(34)
    if kind == "event":
        body = (f"- id: {record_id}\n  date: {q(date) if date else todo_date}\n  title: {q(name)}\n"
                "  text: \"TODO: what happened, in one or two sentences\"\n  actors: []    # ids of the actors involved\n")
    elif kind == "quote":
        body = (f"- id: {record_id}\n  speaker: {actors[0]}\n"
                "  text: \"TODO: the words, copied verbatim from the source text (they are checked like evidence)\"\n"
                + (f"  date: {q(date)}\n" if date else "  # date: \"2025-07-18\"\n")
                + "  # context: what the speaker was answering\n")
    elif kind == "demand":
        body = (f"- id: {record_id}\n  by: {actors[0]}\n  of: {actors[1]}\n  what: {q(name)}\n"
                "  status: open   # open | rejected | met | partly-met | withdrawn\n"
                "  # answer:        the other side's answer, with its own source\n"
                "  #   text: Russland lehnt ab.\n  #   source: {id: ..., evidence: ...}\n")
    else:
        body = f"- id: {record_id}\n  text: {q(name)}\n"
    return body + "".join("  " + line + "\n" for line in source_yaml.splitlines())


def _add_to_story(content: Path, story: str, kind: str, item_id: str, item: str) -> Path:
    key = STORY_LISTS[kind]
    path = content / "stories" / f"{story}.yml"
    if not path.is_file():
        known = sorted(p.stem for p in (content / "stories").glob("*.yml"))
        near = difflib.get_close_matches(story, known, n=1)
        raise NewError(f"no story {story!r}" + (f"; did you mean {near[0]!r}?" if near else f"; stories: {', '.join(known) or 'none'}"))
    other = _story_ids(content, key).get(item_id)
    if other is not None:  # the ids of events, quotes and demands are unique site-wide: they are addresses
        raise NewError(f"{kind} id {item_id!r} is used in {display_path(other)} already; choose another --id")
    doc, problems = read_yaml(path, display_path(path))
    if doc is None or not isinstance(doc.data, dict):
        raise NewError(f"{display_path(path)} cannot be read; fix it first ({problems[0] if problems else 'not a mapping'})")
    text = path.read_text(encoding="utf-8")
    new_text = _insert_into_list(text, doc, key, item)
    # Check the result before writing: the story must still parse, with the new entry last in its list
    tmp = path.with_name(f".{path.name}.new")
    tmp.write_text(new_text, encoding="utf-8")
    try:
        check, _ = read_yaml(tmp, display_path(path))
    finally:
        tmp.unlink()
    items = check.data.get(key) if check and isinstance(check.data, dict) else None
    if not (isinstance(items, list) and items and isinstance(items[-1], dict) and items[-1].get("id") == item_id
            and {k: v for k, v in check.data.items() if k != key} == {k: v for k, v in doc.data.items() if k != key}):
        raise NewError(f"could not add the {kind} to {display_path(path)} automatically; paste this under `{key}:`:\n{item}")
    _write(path, new_text)
    return path


def _new_source(content: Path, seed: Path, id: str | None) -> Path:
    """A source for an archived text in seeds/: title, publisher, date and address from its header line."""
    from .seed import read_header, source_id

    project = content.resolve().parent
    if not seed.is_file():
        raise NewError(f"no file {str(seed)!r}; put the archived text under seeds/ (see README, \"Seed files\")")
    try:
        file = seed.resolve().relative_to(project).as_posix()
    except ValueError:
        raise NewError(f"{str(seed)!r} lies outside the project; put it under {project / 'seeds'}/") from None
    head = read_header(seed)
    if id is None:
        id = source_id(head, seed)
    if not _SLUG.match(id or ""):
        raise NewError(f"cannot make an id from {seed.name!r}; pass one with --id (lowercase letters, digits, hyphens)")
    path = content / "sources" / f"{id}.yml"
    if path.exists():
        raise NewError(f"{display_path(path)} exists already; choose another --id")
    todo = lambda what: q(f"TODO: {what}")
    header = schema_comment(path, content, content.parent / "schema") or ""
    body = (f"id: {id}\ntitle: {q(head.title) if head.title else todo('the title, as the publisher gave it')}\n"
            f"publisher: {q(head.publisher) if head.publisher else todo('who published it')}\n"
            f"date: {q(head.date) if head.date else todo('its date, e.g. 2025-07-19 or 2025-07')}\n"
            f"file: {file}\n" + (f"url: {head.url}\n" if head.url else "# url: https://...   # where it was published\n")
            + "# note: what readers should know about this source, e.g. which version was archived\n")
    _write(path, (header + "\n" if header else "") + body)
    return path


def _insert_into_list(text: str, doc, key: str, item: str) -> str:
    """`text` with `item` (a block sequence entry) appended to the top-level list `key`."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if key not in doc.data:
        return "".join(lines) + f"{key}:\n" + _indent(item, "  ")
    key_line = doc.positions[(key,)][0] - 1
    value = doc.data[key]
    if not value:  # `events: []` or `events:`: the list starts here
        lines[key_line] = re.sub(rf"^({re.escape(key)}:)\s*(\[\s*\])?", r"\1", lines[key_line])
        return "".join(lines[:key_line + 1]) + _indent(item, "  ") + "".join(lines[key_line + 1:])
    first_line, first_col = doc.positions[(key, 0)]
    dash = lines[first_line - 1].find("-")
    indent = " " * (dash if dash >= 0 else first_col - 3)
    end = len(lines)  # the list ends before the next top-level key
    for i in range(key_line + 1, len(lines)):
        if lines[i][:1] not in ("", " ", "-", "#", "\n", "\t"):
            end = i
            break
    while end > key_line + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#") and lines[end - 1][:1] == "#"):
        end -= 1
    return "".join(lines[:end]) + "\n" + _indent(item, indent) + "".join(lines[end:])


def _indent(block: str, prefix: str) -> str:
    return "".join(prefix + line if line.strip() else line for line in block.splitlines(keepends=True))


def _write(path: Path, text: str) -> None:
    """Write atomically: an editor's file is never left half-written."""
    atomic_write(path, text)
