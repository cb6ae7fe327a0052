# Splitting an article into sentences that keep their place in the text.
#
# Every passage the draft writes is a slice of the article, so a sentence is a
# (start, end) span of one paragraph, never a rebuilt string. A full stop ends a
# sentence unless it follows an abbreviation ("z. B.", "Dr.") or an ordinal
# ("am 9. Juli"); a sentence may end inside a quotation ("bereit.“). A paragraph
# without closing punctuation is a headline and is one sentence; a ticker's
# "+++" markers are no part of a sentence. Measured against pysbd (docs/draft.md):
# it cut the closing quote mark off a quoted sentence (the quote's evidence would
# no longer hold it) and kept the ticker markers, at 30 times the time.
from __future__ import annotations

import re
from dataclasses import dataclass

from ..dates import MONTHS

ABBREVIATIONS = {
    "z", "b", "u", "a", "d", "h", "bzw", "ca", "dr", "prof", "nr", "st", "vgl", "usw", "etc", "inkl", "ggf",
    "evtl", "mio", "mrd", "abs", "art", "bzgl", "zzgl", "jh", "jhd", "okt", "nov", "dez", "jan", "feb", "mär",
    "apr", "aug", "sep", "sept", "geb", "gest", "hl", "sog", "v", "chr", "mind", "max", "min", "tel", "str",
}
CLOSERS = "\"“”«»'’‘"
_END = re.compile(r"[.!?…]+[" + re.escape(CLOSERS) + r")]*(?=\s+|$)")
_MONTH_AFTER = re.compile(r"\s+(?:" + "|".join(MONTHS) + r"|Jahrhundert|Jahrestag|Mal|Runde|Stock|Platz)\b")


@dataclass(frozen=True)
class Sentence:
    paragraph: int
    start: int
    end: int
    text: str
    headline: bool = False


def split(paragraphs: list[str]) -> list[Sentence]:
    out: list[Sentence] = []
    for p, text in enumerate(paragraphs):
        if not text:
            continue
        core = text.rstrip(" +")  # a ticker's "+++" markers end no headline
        if not core or core[-1] not in ".!?…:" + CLOSERS + ")":
            out.append(Sentence(p, 0, len(core), core, headline=True))
            continue
        start = 0
        for m in _END.finditer(text):
            end = m.end()
            if end < len(text) and not _boundary(text, m.start(), end):
                continue
            _add(out, p, text, start, end)
            start = end
        _add(out, p, text, start, len(text))
    return out


def _add(out: list[Sentence], p: int, text: str, start: int, end: int) -> None:
    """The sentence text[start:end] without surrounding space and ticker markers ("+++")."""
    while start < end and (text[start].isspace() or text[start] == "+"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == "+"):
        end -= 1
    if start < end:
        out.append(Sentence(p, start, end, text[start:end]))


def _boundary(text: str, dot: int, end: int) -> bool:
    """Does the punctuation at text[dot:end] end a sentence?"""
    after = text[end:].lstrip()
    if not after:
        return True
    if text[dot] == ".":
        word = re.search(r"(\w+)$", text[:dot])
        if word and text[dot:end] == ".":
            w = word[1]
            if w.lower() in ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                return False
            if w.isdigit() and (len(w) <= 2 or _MONTH_AFTER.match(text, end)):
                return False  # "am 9. Juli", "der 3. Runde"
    first = after[0]
    # a new sentence starts with a capital, a digit or an opening quote; a lowercase word goes on
    return first.isupper() or first.isdigit() or first in "\"„“»«‚'("
