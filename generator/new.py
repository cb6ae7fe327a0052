# `explainer new`: skeletons of new records, written where they belong.
#
# A skeleton has every required key, a valid unique id and a pointer to its JSON
# Schema; what only the editor can write is marked `TODO: ...`. The loader reports
# every TODO as a problem, so an unfinished skeleton can never be published.
# Terms, actors and stories get a file of their own; an event is added to the
# `events:` list of its story, as text, leaving the rest of that file untouched.
from __future__ import annotations

import datetime as dt
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

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KINDS = ("term", "actor", "story", "event")


class NewError(Exception):
    """What keeps a skeleton from being written, said so that the editor can fix it."""


def q(text: str) -> str:
    """A YAML scalar that reads back as exactly `text` (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def new_record(kind: str, content: Path, name: str, *, id: str | None = None, source: str | None = None,
               kind_of_actor: str | None = None, story: str | None = None, date: str | None = None) -> Path:
    """Write the skeleton of a new record; return the file written (or changed)."""
    record_id = id or slug_for(name)
    if not _SLUG.match(record_id or ""):
        raise NewError(f"cannot make an id from {name!r}; pass one with --id (lowercase letters, digits, hyphens)")
    source_yaml = _source(content, source)
    if kind == "event":
        return _add_event(content, story or "", record_id, name, date, source_yaml)
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
        body = (f"id: {record_id}\nkind: {kind_of_actor or 'person'}    # state | organisation | person\nname: {q(name)}\n"
                "# role: Kremlsprecher\n# affiliation: kreml   # id of the state or organisation a person belongs to\n"
                "# aliases: []         # other spellings readers may search for\n"
                "# description: >-\n#   One or two sentences.\n" + source_yaml)
    else:
        sources = f"  - {source}\n" if source else "  - \"TODO: id of a source (content/sources/)\"\n"
        body = (f"id: {record_id}\ntitle: {q(name)}\n"
                "teaser: \"TODO: one or two sentences for the start page\"\n"
                "summary: \"TODO: the story in a short paragraph (use >- and indented lines for a long one)\"\n"
                f"as_of: \"{dt.date.today().isoformat()}\"     # \"Stand\": the date this story is up to date\n"
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


def _add_event(content: Path, story: str, event_id: str, title: str, date: str | None, source_yaml: str) -> Path:
    path = content / "stories" / f"{story}.yml"
    if not path.is_file():
        known = sorted(p.stem for p in (content / "stories").glob("*.yml"))
        near = difflib.get_close_matches(story, known, n=1)
        raise NewError(f"no story {story!r}" + (f"; did you mean {near[0]!r}?" if near else f"; stories: {', '.join(known) or 'none'}"))
    for other in sorted((content / "stories").glob("*.yml")):
        doc, _ = read_yaml(other, display_path(other))
        events = doc.data.get("events") if doc and isinstance(doc.data, dict) else None
        if isinstance(events, list) and any(isinstance(e, dict) and e.get("id") == event_id for e in events):
            raise NewError(f"event id {event_id!r} is used in {display_path(other)} already; choose another --id")
    doc, problems = read_yaml(path, display_path(path))
    if doc is None or not isinstance(doc.data, dict):
        raise NewError(f"{display_path(path)} cannot be read; fix it first ({problems[0] if problems else 'not a mapping'})")
    item = (f"- id: {event_id}\n"
            f"  date: {q(date) if date else chr(34) + 'TODO: EDTF date, e.g. 2025-07-18, 2025-07 or 2025-07-14~' + chr(34)}\n"
            f"  title: {q(title)}\n"
            "  text: \"TODO: what happened, in one or two sentences\"\n"
            "  actors: []    # ids of the actors involved\n"
            + "".join("  " + line + "\n" for line in source_yaml.splitlines()))
    text = path.read_text(encoding="utf-8")
    new_text = _insert_into_list(text, doc, "events", item)
    # Check the result before writing: the story must still parse, with the event last in its list
    tmp = path.with_name(f".{path.name}.new")
    tmp.write_text(new_text, encoding="utf-8")
    try:
        check, _ = read_yaml(tmp, display_path(path))
    finally:
        tmp.unlink()
    events = check.data.get("events") if check and isinstance(check.data, dict) else None
    if not (isinstance(events, list) and events and events[-1].get("id") == event_id
            and {k: v for k, v in check.data.items() if k != "events"} == {k: v for k, v in doc.data.items() if k != "events"}):
        raise NewError(f"could not add the event to {display_path(path)} automatically; paste this under `events:`:\n{item}")
    _write(path, new_text)
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
