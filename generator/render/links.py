# Finding glossary terms and actors in running text, in one pass per text.
#
# Every form of every entity (the headword or name, its variants and other
# spellings) is split into words and indexed by its first word. Scanning a
# text is then a walk over its words with one dictionary look-up each: the
# cost grows with the text, not with the number of terms (no pages x terms).
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterator, NamedTuple

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Target:
    """Something running text can link to: a glossary term or an actor page."""

    key: str  # "terms/waffenruhe", "actors/dmitri-peskow"
    path: str  # page path, e.g. "glossar/waffenruhe.md"
    title: str  # the tooltip, escaped as a Markdown link title once (markdown.title_attr), not per link
    kind: str = ""  # "terms", "actors": the key's first part
    attrs: str = ""  # the Markdown attribute list after a link to it ("{: .term-link }")


class Match(NamedTuple):  # a tuple: made for every link on every page, a third of a frozen dataclass's cost
    start: int
    end: int
    target: Target


class Linker:
    def __init__(self) -> None:
        self._forms: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()  # (words, separators) of every form added
        # first word -> [(all words, separators between them, the form as running text shows it
        # when its words are parted by single spaces, else None; target)], longest first
        self._index: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str | None, Target]]] = {}

    def add(self, form: str, target: Target) -> None:
        words = tuple(m.group(0) for m in _WORD.finditer(form))
        if not words:
            return
        spans = [m.span() for m in _WORD.finditer(form)]
        seps = tuple(_norm_sep(form[a[1]:b[0]]) for a, b in zip(spans, spans[1:]))
        if (words, seps) in self._forms:
            return  # the first entity to claim a form keeps it
        self._forms.add((words, seps))
        # longest first; among forms as long, in the order added
        bisect.insort(self._index.setdefault(words[0], []), (words, seps, " ".join(words) if not any(seps) else None, target),
                      key=lambda e: -len(e[0]))

    def find(self, text: str) -> Iterator[Match]:
        """Non-overlapping matches, left to right, longest form first, in `text` whose whitespace
        is single spaces (as `_linked` makes it)."""
        index, taken, cursor, n = self._index, 0, 0, len(text)  # taken: where the last match ended
        # One dictionary look-up per word, on the words as a list of strings (no match object each),
        # made by `filter` in C: most words begin no form, and a Python loop over them cost more than
        # the look-ups. Only a word that begins some form is then found in the text: it is the first
        # whole-word occurrence after the previous such word, as any whole-word occurrence is such a word.
        # Whole words: no word character (`\w`, _word_char) right before or after. The checks are written
        # out, not calls: two calls for each of the 40,000 candidates of a large site's render.
        for first in filter(index.__contains__, _WORD.findall(text)):
            entries = index[first]
            start = text.find(first, cursor)
            end = start + len(first)
            while (start and ((c := text[start - 1]).isalnum() or c == "_")) or (end < n and ((c := text[end]).isalnum() or c == "_")):
                start = text.find(first, start + 1)
                end = start + len(first)
            cursor = end
            if start < taken:
                continue
            for words, seps, spaced, target in entries:
                if spaced is not None:  # most forms: one comparison, no walk over the words
                    end = start + len(spaced)  # (its start is a word's start, found above)
                    if not text.startswith(spaced, start) or (end < n and ((c := text[end]).isalnum() or c == "_")):
                        continue
                else:
                    end = self._rest(text, cursor, words, seps)
                if end is not None and not _in_compound(text, start, end):
                    yield Match(start, end, target)
                    taken = end
                    break

    @staticmethod
    def _rest(text: str, pos: int, words: tuple[str, ...], seps: tuple[str, ...]) -> int | None:
        """Where a form ends whose first word ends at `pos`, or None if the text goes on otherwise."""
        for word, sep in zip(words[1:], seps):
            following = _WORD.search(text, pos)
            if following is None or following.group() != word or _norm_sep(text[pos:following.start()]) != sep:
                return None
            pos = following.end()
        return pos


def _in_compound(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is only part of a hyphenated word ("US" in "US-Präsident", "Nato" in
    "Anti-Nato-Haltung"): a link would underline half a word and name what the whole does not mean."""
    return (start > 1 and text[start - 1] in _HYPHENS and _word_char(text[start - 2])) or \
        (end + 1 < len(text) and text[end] in _HYPHENS and _word_char(text[end + 1]))


_HYPHENS = "-\u2011"  # hyphen-minus, non-breaking hyphen


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what `\\w` matches (re's documentation)


def _norm_sep(sep: str) -> str:
    return " ".join(sep.split()) or ""
