# Turning editors' text into Markdown that shows exactly that text.
#
# Data is never trusted as HTML or Markdown: every character that Markdown or
# HTML would read as syntax is escaped, so `<script>`, `**`, `[x](javascript:)`
# or a leading `#` show as typed. Templates mark their own Markdown as `Markup`.
from __future__ import annotations

import re
from functools import lru_cache, partial
from typing import Callable
from json.encoder import encode_basestring as _json_string  # json.dumps(str, ensure_ascii=False), in C

from markupsafe import Markup

_INLINE = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
    "{": "\\{", "}": "\\}", "|": "\\|",
})
# Block syntax is read only at the start of a line: headings, lists, admonitions, setext rules.
_LINE_START = re.compile(r"^(?:[#+\-=!?:~]|\d+(?=[.)]))")
_ENTITY = {"#": "\\#", "+": "\\+", "-": "\\-", "=": "&#61;", "!": "\\!", "?": "&#63;", ":": "&#58;", "~": "&#126;"}
_SPACE = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"[^\S ]| {2}")  # whitespace _SPACE would change: anything but single spaces
_SPECIAL = re.compile("[" + re.escape("".join(chr(c) for c in _INLINE)) + "]")
# Whitespace but the space (str.isspace, all below U+3001): with the specials, one character class,
# which searches four times faster than `_ODD_SPACE|_SPECIAL`; runs of spaces are looked for apart.
_OTHER_SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c != " ")
_ANYTHING = re.compile("[" + re.escape(_OTHER_SPACE + "".join(map(chr, _INLINE))) + "]")
_TITLE = ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
          # Markdown reads these even inside a link's title: a table splits at `|`, a footnote
          # reference `[^1]` or a code span (backticks) would start in the title and end outside it
          | {c: f"&#{ord(c)};" for c in "()\\|[]^`*_{}~#!:="})
# str.translate looks up every character in a dict when a mapping is longer than one character:
# a tooltip (about 150 characters, a few to escape) took four times as long as this search
_TITLE_CHARS = re.compile("[" + re.escape("".join(_TITLE)) + "]")


# Markup of a finished string: markupsafe's Markup() first looks for `__html__` on its argument, a
# Python call for each of the hundreds of thousands of values a large site's render wraps
markup: Callable[[str], Markup] = partial(str.__new__, Markup)


def escape_inline(text: str) -> str:
    """Escape one line of text for use inside a Markdown paragraph, heading or table cell."""
    # str.translate walks every character through a dict, and most text needs nothing: look first
    if not _ANYTHING.search(text) and "  " not in text and not text.endswith("#"):
        return text
    if _ODD_SPACE.search(text):
        text = _SPACE.sub(" ", text)
    text = text.translate(_INLINE) if _SPECIAL.search(text) else text
    # a heading drops trailing `#` ("C#" -> "C"): the last one escaped keeps them all
    return text[:-1] + "\\#" if text.endswith("#") else text


def plain_inline(text: str) -> bool:
    """Whether escape_inline leaves single-spaced `text` as it is, and so every piece of it: a caller
    that escapes a text piece by piece (`_linked`, around its links) then needs no call per piece."""
    return not _ANYTHING.search(text) and "#" not in text


def escape_line_start(line: str) -> str:
    match = _LINE_START.match(line)
    if not match:
        return line
    head = match.group(0)
    return (head + "\\" if head[0].isdigit() else _ENTITY[head]) + line[match.end():]


def escape(text: object) -> Markup:
    """Escape any data value; `Markup` (already Markdown from a template) passes through."""
    if isinstance(text, Markup):
        return text
    return escaped(text) if type(text) is str else markup(escape_line_start(escape_inline(str(text))))


@lru_cache(maxsize=65536)
def escaped(text: str) -> Markup:
    """`escape` for a string, kept: names, titles and dates are shown on many pages."""
    return markup(escape_line_start(escape_inline(text)))


def title_attr(text: str) -> str:
    """Text for a Markdown link title ("tooltip"): one line, no quote or bracket breaks out.

    Escaped twice: Material's `content.tooltips` reads the decoded title attribute and
    inserts it as HTML, so the decoded value must itself be escaped text."""
    return _TITLE_CHARS.sub(_title_char, " ".join(text.split())).replace("&", "&amp;")


def _title_char(m: re.Match, _title: Callable[[str], str] = _TITLE.__getitem__) -> str:
    return _title(m.group())


def paragraphs(text: str, inline=escape) -> Markup:
    """Several paragraphs (blank line between) of editors' text, each escaped by `inline`."""
    parts = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return markup("\n\n".join(str(inline(p)) for p in parts))


# Characters a YAML reader refuses in a document (or reads as a line break) even inside a quoted
# string: C1 controls and DEL, NEL, the Unicode line and paragraph separators, the byte-order mark,
# noncharacters and lone surrogates. Written as `\uXXXX`, which JSON and YAML read alike.
_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def front_matter_json(value: object, **kwargs: object) -> str:
    """JSON for a page's YAML front matter (Jinja's `tojson` policy: it then escapes `<>&'`).

    Jinja's default `ensure_ascii` writes an emoji as a pair of surrogate escapes, which
    MkDocs' YAML reader refuses: MkDocs then silently showed the whole front matter as
    Markdown text. Characters are written as themselves, except those YAML cannot hold."""
    if type(value) is str and kwargs.keys() <= {"sort_keys"}:  # most values: json.dumps gives this, after making a JSONEncoder
        text = _json_string(value)
    else:
        import json

        kwargs["ensure_ascii"] = False
        text = json.dumps(value, **kwargs)  # type: ignore[arg-type]
    return _NOT_YAML.sub(_unicode_escape, text)


def front_matter_value(value: object) -> Markup:
    """Jinja's `tojson` as the templates use it, for the front matter: a string (most values) is
    written without the filter's look-ups of its policy and arguments for each value."""
    if type(value) is str:
        return markup(f'"{front_matter_chars(value)}"')
    from jinja2.utils import htmlsafe_json_dumps

    return htmlsafe_json_dumps(value, dumps=front_matter_json)


def front_matter_chars(text: str) -> str:
    """The inside of the JSON string that `tojson` writes for `text` into the front matter (no quotes
    around it). Each character is escaped on its own, so texts escaped apart join to the escaped
    whole: a part of many pages' JSON-LD is escaped once (structured.front_matter)."""
    inner = _json_string(text)[1:-1]
    if ("\x7f" in inner) if inner.isascii() else _NOT_YAML.search(inner):  # of them ASCII has DEL only
        inner = _NOT_YAML.sub(_unicode_escape, inner)
    # what Jinja's htmlsafe_json_dumps adds after the policy's dumps
    return inner.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


def _unicode_escape(m: re.Match) -> str:
    return f"\\u{ord(m.group(0)):04x}"
