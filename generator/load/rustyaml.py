# The quickest way through a YAML file: yaml-rs (a YAML 1.2 parser written in
# Rust) builds the Python data directly, three times faster than composing
# libyaml's node tree and converting it (0.11 against 0.40 s of CPU for the
# 4,700 files of 10,000 facts). It is used only where its data is the data the
# exact way in yamlfile.py gives, as far as that can be seen before and after:
# - before, in the text: nothing where YAML 1.1 (libyaml) and 1.2 differ or
#   where the exact way checks or refuses something (escapes, tags, anchors and
#   aliases, merge keys, directives, `=`, tabs, the line breaks NEL, LS and PS,
#   control characters, text that is not NFC, more characters than values allowed),
#   no flow collection but plain one-line lists (`[a, b]`), no empty block
#   scalar at the end (`a: |`);
# - after, in the data: a mapping at the top, every key text, every value text,
#   None, a list or a mapping, no deeper than the quick way goes.
# YAML 1.2 reads `007`, `true` or `1e3` as numbers and booleans: a file with any
# of them, and anything yaml-rs refuses, goes the libyaml way, which keeps every
# scalar as typed and names every problem. Without yaml-rs installed the libyaml
# way reads every file.
from __future__ import annotations

import re
import unicodedata
from typing import Any

try:
    import yaml_rs
except ImportError:  # pragma: no cover - a dependency; the libyaml way still reads everything
    yaml_rs = None

# Characters that decide alone (escapes but the two below, tabs, the line breaks YAML 1.1 has and 1.2 lacks, a BOM,
# control characters), and indicators that may start a tag (`!`), an anchor (`&`), an alias (`*`)
# or the value `=`: those only after the start of a line, a space or a flow bracket; elsewhere
# they continue a plain scalar. A false alarm (`Nie wieder !`) only costs the libyaml way. One
# search for a set of characters: a regular expression that looked behind each took 0.3 s per
# 10,000 facts, ten times as long.
_SUSPECT = re.compile(r"[\\\t\x85\u2028\u2029\ufeff!&*=\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INDICATORS = frozenset("!&*=")
# `\"` and `\\` mean the same in both YAML versions (quote marks in a quoted passage are common); they
# make no character the exact way checks. Any other escape (`\x07`, `\u0308`, `\N`) goes the libyaml way.
_PLAIN_ESCAPES = ('"', "\\")
_BEFORE_INDICATOR = frozenset(" \n\r[]{},")
_LONE_CR = re.compile(r"\r(?!\n)")  # a line break of its own in YAML 1.1
# A flow collection (`[a, b]`) other than a plain list on one line: yaml-rs accepts some that libyaml
# refuses (`[a, b:, c]`, an unclosed `[a, b: >-`), so only `[`/`{` followed by plain words and commas
# up to its closing bracket on the same line is left to it. (Also a `[` in running text: a false alarm.)
_ODD_FLOW = re.compile(r"""[\[{][^\]}\n:{\[>|#'"?]*+(?![\]}])""")
# A block scalar header (`|`, `>-`, `|+`...) on the last line but blanks and comments: yaml-rs reads the
# empty value as "\n", libyaml (and YAML 1.2) as "".
_BLOCK_HEADER = re.compile(r"[|>][0-9+-]*(?:[ \t]+#.*)?$")

# A value and its key take at least two characters (`a,` in `{a,b}`): a text of fewer than half of
# the exact way's limit on values (yamlfile.MAX_NODES) cannot exceed it. Longer texts are counted there.
MAX_CHARS = 100_000
MAX_DEPTH = 100  # as yamlfile._QUICK_DEPTH: deeper goes the exact way, which names the problem


def quick_data(text: str) -> dict[str, Any] | None:
    """The data of `text` as yamlfile's exact way gives it, or None where that is not certain."""
    if yaml_rs is None or len(text) >= MAX_CHARS or _doubtful(text) or not unicodedata.is_normalized("NFC", text):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)  # duplicate keys are an error (its default)
    except Exception:  # YAMLDecodeError, or anything else: the libyaml way decides and names it
        return None
    except BaseException as e:  # a panic in Rust arrives as pyo3's PanicException, a BaseException
        if type(e).__name__ != "PanicException":
            raise
        return None
    return data if data.__class__ is dict and _plain(data, 0) else None


def _doubtful(text: str) -> bool:
    """True if `text` has something where libyaml and yaml-rs may differ, or the exact way checks."""
    if "<<" in text or "\n%" in text or text.startswith("%") or ("\r" in text and _LONE_CR.search(text)):
        return True  # a merge key, a directive, an old Mac line break
    if ("[" in text or "{" in text) and _ODD_FLOW.search(text):
        return True
    if _BLOCK_HEADER.search(_last_line(text)):
        return True
    escaped = -1  # where the character of the last `\\` stands: it is no escape of its own
    for hit in _SUSPECT.finditer(text):
        at = hit.start()
        if at == escaped:
            continue
        if text[at] == "\\" and text[at + 1:at + 2] in _PLAIN_ESCAPES:
            escaped = at + 1
            continue
        if text[at] not in _INDICATORS or at == 0 or text[at - 1] in _BEFORE_INDICATOR:
            return True
    return False


def _last_line(text: str) -> str:
    """The last line of `text` that is neither blank nor a comment, stripped."""
    end = len(text)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if line and not line.startswith("#"):
            return line
        end = start - 1
    return ""


def _plain(node: dict | list, depth: int) -> bool:
    """True if every key below `node` is text and every value text, None, a list or a mapping."""
    if depth > MAX_DEPTH:
        return False
    if node.__class__ is dict:
        for key in node:
            if key.__class__ is not str:
                return False
        values: Any = node.values()
    else:
        values = node
    for value in values:
        kind = value.__class__
        if kind is str or value is None:
            continue
        if (kind is dict or kind is list) and _plain(value, depth + 1):
            continue
        return False
    return True
