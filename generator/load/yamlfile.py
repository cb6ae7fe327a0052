# Reading one editor's YAML file into plain Python data, safely.
#
# We compose the node tree (libyaml when available) and convert it ourselves
# instead of using `yaml.safe_load`, because editors need more than PyYAML gives:
# the line of every key (so schema errors point at it), duplicate keys as errors
# (PyYAML silently keeps the last one), and YAML 1.1 surprises switched off:
# every scalar stays the text the editor typed (`no`, `2025-07-19`, `1:30`) and
# the schema decides what it means. Only an empty value or `null`/`~` is None.
# Text is normalised to Unicode NFC, so a precomposed `ü` and `u` + combining
# diaeresis are the same letter everywhere (ids, links, duplicate checks).
#
# Two ways through a file, with the same result. Almost every file is fine, and
# positions are needed only to report a problem, so the quick way converts
# without them and checks what it can once per file (one search for control
# characters, one NFC test) instead of once per value. At the first doubt it
# gives up, and the exact way (positions, per-value checks, alias-bomb guard)
# converts the file again and names the problem. A document's positions are
# found again the same exact way when the first problem in it is reported.
# Quicker still, where it can vouch for the same data: yaml-rs (rustyaml.py).
from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..fsutil import read_whole
from .problems import Problem
from .rustyaml import quick_data

try:  # libyaml is about five times faster; pure Python is the fallback
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader

MAX_BYTES = 2_000_000
MAX_NODES = 200_000  # expanded nodes per file: stops alias bombs ("billion laughs")
_STANDARD = "tag:yaml.org,2002:"
# Control characters cannot be typed by accident but arrive by copy and paste
# (or a "\x07" escape); they are invalid in HTML, so they are refused.
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {chr(c) for c in range(0x7F, 0xA0)}
_ALLOWED_TAGS = {_STANDARD + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
_STR, _NULL, _MERGE = _STANDARD + "str", _STANDARD + "null", _STANDARD + "merge"
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # _CONTROL, as ranges: searches twice as fast
# Where an alias (`*name`) can start: a `*` right after a letter, digit or `_`
# continues a plain scalar, or ends an anchor, alias or tag name, which YAML
# refuses. A text without any other `*` therefore has no aliases, and its size
# is its node count: the alias-bomb guard can be skipped. A false alarm (a `*`
# in running text) only costs the full check.
_ALIAS_CANDIDATE = re.compile(r"(?<!\w)\*")
# Real content nests a few levels deep; anything deeper takes the exact way,
# which reports "nested too deeply" exactly as before.
_QUICK_DEPTH = 100
# Plain scalars whose YAML 1.1 tag (PyYAML's implicit resolvers) is not plain
# text: null, the merge key `<<`, and the tags refused below (`=`, `!`, `&`, `*`).
# Every other plain scalar is tagged str: int, float, bool and timestamp would be
# converted back to the typed text anyway. PyYAML's resolver tries a list of
# regular expressions on every scalar, a sixth of the parse time. The
# trailing-newline forms match because the resolvers' `$` allows one.
_PLAIN_TAGS = {value + end: tag for end in ("", "\n") for tag, values in (
    (_NULL, ("", "~", "null", "Null", "NULL")), (_MERGE, ("<<",)),
    (_STANDARD + "value", ("=",)), (_STANDARD + "yaml", ("!", "&", "*"))) for value in values}


class _Loader(_BaseLoader):
    """libyaml's composer with a resolver that tells text from null in one dict lookup."""

    # The composer calls these two hooks for every node, for PyYAML's path resolvers, which we do
    # not use (resolve below ignores them). Built-in functions that take the same arguments and
    # do nothing spare a Python call each: a tenth of the time spent composing.
    descend_resolver = staticmethod(operator.is_)  # (parent, index)
    ascend_resolver = staticmethod(tuple)  # ()

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return (_PLAIN_TAGS.get(value) or _STR) if implicit[0] else _STR
        return _STANDARD + ("seq" if kind is yaml.SequenceNode else "map")


Path_ = tuple[Any, ...]


@dataclass
class YamlDoc:
    """One loaded file: its data and where each part of it stands."""

    path: Path | str
    shown: str  # the path as printed in messages
    data: Any
    # The text read, kept so positions are found in what was read, even if the file has changed since.
    text: str = field(default="", repr=False)
    _positions: dict[Path_, tuple[int, int]] | None = field(default=None, repr=False, compare=False)

    @property
    def positions(self) -> dict[Path_, tuple[int, int]]:
        """Line and column of every key and value, found on first use (only files with a problem need them)."""
        if self._positions is None:
            try:
                self._positions = _exact(yaml.compose(self.text, Loader=_Loader))[1]
            except (yaml.YAMLError, _Fail, RecursionError):  # read by yaml-rs, refused by libyaml: no lines known
                self._positions = {}
        return self._positions

    def __getstate__(self) -> dict[str, Any]:
        # Kept on disk between builds (generator/persist.py), the text is enough: the data is made
        # again only if a problem in this file needs it (a tenth of a warm build at 10,000 facts).
        return {key: value for key, value in self.__dict__.items() if key != "data"} | {"_positions": None}

    def __getattr__(self, name: str) -> Any:  # called only for a missing attribute: `data` after unpickling
        if name != "data" or "text" not in self.__dict__:
            raise AttributeError(name)
        self.data = quick_data(self.text)  # as read_yaml read it
        if self.data is None:
            self.data, self._positions = _exact(yaml.compose(self.text, Loader=_Loader))
        return self.data

    def refused(self) -> list[Problem]:
        """What libyaml finds wrong with a file read without positions (yaml-rs may accept a file
        that libyaml refuses, rustyaml.py): called once the file has a problem, so that it gets the
        message the exact way gives. Its positions are found on the way."""
        if self._positions is not None:
            return []
        node, problems = _compose(self.text, self.shown)
        if node is None:
            return problems
        try:
            self._positions = _exact(node)[1]
        except _Fail as f:
            return [Problem(self.shown, f.line, f.col, f.message)]
        except RecursionError:
            return [Problem(self.shown, 1, 1, "YAML nested too deeply; flatten the lists and mappings")]
        return []

    def may_contain(self, word: str) -> bool:
        """False if no value can contain `word` (of letters that no other character turns into
        under NFC, such as `TODO`): a value is a piece of the text, or has escapes (`\\x54`)."""
        return word in self.text or "\\" in self.text

    def where(self, loc: Path_) -> tuple[int, int]:
        """Line and column of `loc`, or of the nearest enclosing part that exists."""
        loc = self._in_data(tuple(loc))
        positions = self.positions
        while loc and loc not in positions:
            loc = loc[:-1]
        return positions.get(loc, (1, 1))

    def _in_data(self, loc: Path_) -> Path_:
        """Drop list indexes the schema added: a single `source:` mapping is validated as a list of one."""
        out, data = [], self.data
        for part in loc:
            if isinstance(part, int) and not isinstance(data, list):
                continue
            out.append(part)
            try:
                data = data[part]
            except (KeyError, IndexError, TypeError):
                data = None
        return tuple(out)

    def problem(self, loc: Path_, message: str) -> Problem:
        line, col = self.where(loc)
        return Problem(self.shown, line, col, message)


class _Fail(Exception):
    def __init__(self, line: int, col: int, message: str):
        self.line, self.col, self.message = line, col, message


class _Doubt(Exception):
    """The quick conversion met something it does not decide: the exact one takes over."""


def read_yaml(path: Path | str, shown: str) -> tuple[YamlDoc | None, list[Problem]]:
    try:
        raw = read_whole(path)
    except OSError as e:
        return None, [Problem(shown, 1, 1, f"cannot read the file ({e.strerror or e}); check its permissions")]
    if len(raw) > MAX_BYTES:
        return None, [Problem(shown, 1, 1, f"file is {len(raw):,} bytes, more than the {MAX_BYTES:,} allowed; split it into several files")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(shown, 1, 1, "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        return None, [Problem(shown, line, col, "file is not valid UTF-8; save it with UTF-8 encoding")]
    if _only_comments(text):
        return None, [Problem(shown, 1, 1, "file is empty; fill it in or delete it")]
    if "\t" in text:  # most files have no tab at all: skip the walk over every line
        for n, ln in enumerate(text.splitlines(), 1):
            indent = ln[: len(ln) - len(ln.lstrip(" \t"))]
            if "\t" in indent:
                return None, [Problem(shown, n, indent.index("\t") + 1, "tab used for indentation; YAML allows spaces only")]
    data = quick_data(text)  # yaml-rs, where its data is certainly the exact way's (rustyaml.py)
    if data is not None:
        return YamlDoc(path, shown, data, text), []
    node, problems = _compose(text, shown)
    if node is None:
        return None, problems
    try:
        return YamlDoc(path, shown, _quick(node, text), text), []
    except (_Doubt, _Fail, RecursionError):
        pass  # the exact way decides, and names the problem if there is one
    try:
        data, positions = _exact(node)
    except _Fail as f:
        return None, [Problem(shown, f.line, f.col, f.message)]
    except RecursionError:
        return None, [Problem(shown, 1, 1, "YAML nested too deeply; flatten the lists and mappings")]
    return YamlDoc(path, shown, data, text, positions), []


def _compose(text: str, shown: str) -> tuple[yaml.Node | None, list[Problem]]:
    """libyaml's node tree of `text`, or None and what is wrong with the file."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as e:  # a character YAML forbids, e.g. NUL or ESC
        line, col = _line_col(text, e.position)
        return None, [Problem(shown, line, col, f"character U+{e.character:04X} is not allowed in YAML ({e.reason}); delete it")]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = e.problem or e.context or "invalid YAML"
        if "expected a single document" in str(e):
            what = "several YAML documents (---) in one file; put each in a file of its own"
        return None, [Problem(shown, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, f"YAML syntax error: {what}")]
    except yaml.YAMLError as e:
        return None, [Problem(shown, 1, 1, f"YAML error: {' '.join(str(e).split())}")]
    except RecursionError:  # the pure-Python parser has no nesting limit of its own
        return None, [Problem(shown, 1, 1, "YAML nested too deeply; flatten the lists and mappings")]
    if node is None or (isinstance(node, yaml.ScalarNode) and not node.value.strip()):
        return None, [Problem(shown, 1, 1, "file is empty; fill it in or delete it")]
    return node, []


_STARTS_WITH_DATA = re.compile(r"\s*[^\s#]")


def _only_comments(text: str) -> bool:
    """True if every line is blank or a comment. Most files begin with a key: the first character
    other than whitespace decides, whatever breaks the lines before it (0.002 against 0.016 s for 4,700
    files). Else the first lines usually decide: lines are split from the head of the text first
    (all but its last, maybe cut, line), not the whole text."""
    if _STARTS_WITH_DATA.match(text):
        return False
    if any(ln.strip() and not ln.lstrip().startswith("#") for ln in text[:2000].splitlines()[:-1]):
        return False
    return not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines())


def _line_col(text: str, position: int) -> tuple[int, int]:
    return text.count("\n", 0, position) + 1, position - (text.rfind("\n", 0, position) + 1) + 1


# --- the quick way: no positions, checks once per file -------------------------

def _quick(node: yaml.Node, text: str) -> Any:
    """The data of `node`, as `_exact` would give it; raises `_Doubt` (or `_Fail`) where that is not certain."""
    if _CONTROL_RE.search(text):  # maybe only in a comment, but the exact way tells
        raise _Doubt
    if "*" in text and _ALIAS_CANDIDATE.search(text):  # the regular expression alone is slow: most texts have no `*`
        _expanded_size(node, {}, set())  # as the exact way: an alias bomb is refused before it is expanded
    # A value is a piece of the text, joined by spaces or line breaks where lines are folded;
    # in an NFC text those pieces are NFC too. Double-quoted values may hold escapes (`\u0308`,
    # `\x07`, a line joined by `\`): they alone get the per-value checks.
    nfc = not unicodedata.is_normalized("NFC", text)
    count = [1]
    return _quick_node(node, nfc, count, 0)


def _quick_node(node: yaml.Node, nfc: bool, count: list[int], depth: int) -> Any:
    if node.__class__ is yaml.ScalarNode:
        return _quick_scalar(node, nfc)
    if node.tag not in _ALLOWED_TAGS or depth > _QUICK_DEPTH:
        raise _Doubt
    items = node.value
    depth += 1
    # Most values are text typed as such: taken in the loop, not through a call (a third of the time)
    if node.__class__ is yaml.SequenceNode:
        count[0] += len(items)
        if count[0] > MAX_NODES:
            raise _Doubt
        return [item.value if item.tag == _STR and item.__class__ is yaml.ScalarNode and item.style != '"' and not nfc
                else _quick_node(item, nfc, count, depth) for item in items]
    count[0] += 2 * len(items)
    if count[0] > MAX_NODES:
        raise _Doubt
    out: dict[str, Any] = {}
    for key_node, value_node in items:
        if key_node.__class__ is not yaml.ScalarNode or key_node.tag == _MERGE:
            raise _Doubt
        key = _quick_scalar(key_node, nfc, key=True) if nfc or key_node.style == '"' else key_node.value
        if key in out:
            raise _Doubt
        if value_node.tag == _STR and value_node.__class__ is yaml.ScalarNode and value_node.style != '"' and not nfc:
            out[key] = value_node.value
        else:
            out[key] = _quick_node(value_node, nfc, count, depth)
    return out


def _quick_scalar(node: yaml.Node, nfc: bool, key: bool = False) -> str | None:
    """A value as `_convert` gives it (a key as `_text` does)."""
    if not key and node.tag != _STR:
        if node.tag == _NULL and not node.style:
            return None
        if node.tag not in _ALLOWED_TAGS:
            raise _Doubt
    if node.style == '"':
        return _text(node)
    return unicodedata.normalize("NFC", node.value) if nfc else node.value


# --- the exact way: positions, checks on every value ---------------------------

def _exact(node: yaml.Node) -> tuple[Any, dict[Path_, tuple[int, int]]]:
    # Size first, without expanding: an alias bomb is refused in milliseconds
    _expanded_size(node, {}, set())
    positions: dict[Path_, tuple[int, int]] = {}
    return _convert(node, (), positions, [0]), positions


def _too_many(node: yaml.Node) -> _Fail:
    return _Fail(node.start_mark.line + 1, node.start_mark.column + 1,
                 f"more than {MAX_NODES:,} values once anchors and aliases (&, *) are expanded; write the data out instead")


def _expanded_size(node: yaml.Node, memo: dict[int, int], active: set[int]) -> int:
    """How many values `node` stands for once aliases are expanded (shared nodes counted once each time)."""
    key = id(node)
    if key in memo:
        return memo[key]
    if key in active:  # a recursive alias; libyaml refuses these, this is a safety net
        raise _Fail(node.start_mark.line + 1, node.start_mark.column + 1, "an alias refers to itself; write the data out instead")
    active.add(key)
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(item, memo, active) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, memo, active) + _expanded_size(v, memo, active) for k, v in node.value)
    active.discard(key)
    if size > MAX_NODES:
        raise _too_many(node)
    memo[key] = size
    return size


def _convert(node: yaml.Node, loc: Path_, positions: dict, count: list[int]) -> Any:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise _too_many(node)
    positions.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
    if node.tag not in _ALLOWED_TAGS:
        raise _Fail(node.start_mark.line + 1, node.start_mark.column + 1,
                    f"tag {node.tag!r} is not allowed; remove it (content is plain text, lists and mappings)")
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Fail(key_node.start_mark.line + 1, key_node.start_mark.column + 1, "a key must be plain text")
            if key_node.tag == _STANDARD + "merge":
                raise _Fail(key_node.start_mark.line + 1, key_node.start_mark.column + 1, "merge keys (<<) are not supported; write the fields out")
            key = _text(key_node)
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in out:
                first = positions[loc + (key,)]
                raise _Fail(kline, kcol, f"duplicate key {key!r} (first at line {first[0]}); keep only one")
            positions[loc + (key,)] = (kline, kcol)
            out[key] = _convert(value_node, loc + (key,), positions, count)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, loc + (i,), positions, count) for i, item in enumerate(node.value)]
    if node.tag == _STANDARD + "null" and not node.style:  # libyaml gives '' for plain style, PyYAML None
        return None
    return _text(node)


def _text(node: yaml.Node) -> str:
    value = unicodedata.normalize("NFC", node.value)
    bad = _CONTROL_RE.search(value)
    if bad is not None:
        raise _Fail(node.start_mark.line + 1, node.start_mark.column + 1,
                    f"control character U+{ord(bad.group()):04X} in the text (copied from elsewhere?); delete it")
    return value
