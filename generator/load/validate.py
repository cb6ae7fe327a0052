# One editor's file, read, checked for what `explainer new` left to fill in, and validated against
# its kind's model; pydantic's errors become messages an editor can act on (the key, its line, what
# to write instead, a did-you-mean where a key or id is near a known one).
from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .problems import Problem
from .yamlfile import YamlDoc, read_yaml

_PATTERN_HINTS = {
    "Slug": "an id uses lowercase letters a-z, digits and single hyphens, e.g. 'rustem-umjerow'",
    "https?": "a link must start with http:// or https://",
}
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slug_for(text: str) -> str:
    """The id an editor probably meant: 'Übergabe der Gefangenen' -> 'uebergabe-der-gefangenen'."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")


def validated(path: Path | str, shown: str, model: type[BaseModel]) -> tuple[YamlDoc | None, Any, list[Problem], tuple[str, ...]]:
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
