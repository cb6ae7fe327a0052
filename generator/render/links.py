# Finding glossary terms and actors in running text, in one pass per text.
#
# Every form of every entity (the headword or name, its variants and other
# spellings) is split into words and indexed by its first word. Scanning a
# text is then a walk over its words with one dictionary look-up each: the
# cost grows with the text, not with the number of terms (no pages x terms).
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Target:
    """Something running text can link to: a glossary term or an actor page."""

    key: str  # "terms/waffenruhe", "actors/dmitri-peskow"
    path: str  # page path, e.g. "glossar/waffenruhe.md"
    tooltip: str


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    target: Target


class Linker:
    def __init__(self) -> None:
        # first word -> [(all words, separators between them, target)], longest first
        self._index: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], Target]]] = {}

    def add(self, form: str, target: Target) -> None:
        words = tuple(m.group(0) for m in _WORD.finditer(form))
        if not words:
            return
        spans = [m.span() for m in _WORD.finditer(form)]
        seps = tuple(_norm_sep(form[a[1]:b[0]]) for a, b in zip(spans, spans[1:]))
        entries = self._index.setdefault(words[0], [])
        if any(e[0] == words and e[1] == seps for e in entries):
            return  # the first entity to claim a form keeps it
        entries.append((words, seps, target))
        entries.sort(key=lambda e: -len(e[0]))

    def find(self, text: str) -> Iterator[Match]:
        """Non-overlapping matches, left to right, longest form first."""
        tokens = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
        i = 0
        while i < len(tokens):
            found = None
            for words, seps, target in self._index.get(tokens[i][0], ()):
                n = len(words)
                if i + n > len(tokens):
                    continue
                if all(tokens[i + k][0] == words[k] for k in range(1, n)) and all(
                    _norm_sep(text[tokens[i + k][2]:tokens[i + k + 1][1]]) == seps[k] for k in range(n - 1)
                ):
                    found = Match(tokens[i][1], tokens[i + n - 1][2], target)
                    i += n
                    break
            if found:
                yield found
            else:
                i += 1


def _norm_sep(sep: str) -> str:
    return " ".join(sep.split()) or ""
