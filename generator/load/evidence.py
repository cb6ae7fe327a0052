# Checking that every evidence passage really stands in its source's text.
# Only whitespace, quote marks and Unicode forms are normalised: the passage must
# otherwise be verbatim, so a reader can find it in the source.
from __future__ import annotations

import difflib
import unicodedata

_QUOTES = str.maketrans({c: '"' for c in "„“”«»‟″"} | {c: "'" for c in "‚‘’‹›‛′`´"})
# str.translate looks up every character in a dict: on 1,200 source texts with quote marks it took
# 0.37 s; replacing only the marks that occur gives the same text 25 times faster.
_QUOTE_PAIRS = [(chr(c), r) for c, r in _QUOTES.items()]


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    for mark, plain in _QUOTE_PAIRS:  # as text.translate(_QUOTES)
        if mark in text:
            text = text.replace(mark, plain)
    # every run of whitespace one space, none at the ends: as re.sub(r"\s+", " ", text).strip()
    # (the same characters count as whitespace), several times faster
    return " ".join(text.split())


def stands_in(passage: str, text: str) -> bool:
    """True if `passage`, normalised, stands in `text` (a normalised source text). A passage found as
    typed needs no normalising when it is NFC: a piece of a normalised text has no other quote
    marks, no other whitespace and no runs of it (the spaces at its ends are dropped by normalising
    and are in the text with the rest). Most passages are found so, at half the cost."""
    return (unicodedata.is_normalized("NFC", passage) and passage in text) or normalise(passage) in text


def closest_passage(passage: str, source_text: str) -> str:
    """The stretch of the source that looks most like `passage`, to help the editor fix a typo.

    Comparing the passage with every stretch of the source took minutes for a long passage in a
    long text (4.5 min: 61 words in 714 KB). Stretches are first ranked by how many of their words
    occur in the passage (one pass over the text); only the best few are compared closely."""
    words = source_text.split(" ")
    n = max(1, len(passage.split(" ")))
    wanted = {w.casefold() for w in passage.split(" ")}
    hits = [0]
    for word in words:  # hits[i]: how many of the first i words occur in the passage
        hits.append(hits[-1] + (word.casefold() in wanted))
    last = max(1, len(words) - n + 1)
    scores = sorted(range(last), key=lambda i: hits[min(i + n, len(words))] - hits[i], reverse=True)
    regions: list[int] = []
    for i in scores:  # the best few stretches that do not overlap
        if len(regions) >= CANDIDATES:
            break
        if all(abs(i - r) > n // 2 for r in regions):
            regions.append(i)
    starts = dict.fromkeys(j for r in regions for j in range(max(0, r - 2), min(last, r + 3)))  # each a little shifted
    best, best_ratio = "", -1.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(passage)
    for i in starts:
        candidate = " ".join(words[i:i + n])
        matcher.set_seq1(candidate)
        if matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return _trimmed(best, passage)


_EDGE = "\"',;:.!?()[]–-"


def _trimmed(candidate: str, passage: str) -> str:
    """`candidate` without the quote marks and punctuation at its ends that `passage` lacks there: the
    words of `"weit auseinander",` are what the editor compares, and it is printed in quotes itself."""
    start, end = 0, len(candidate)
    while start < end and candidate[start] in _EDGE and not passage.startswith(candidate[start]):
        start += 1
    while end > start and candidate[end - 1] in _EDGE and not passage.endswith(candidate[end - 1]):
        end -= 1
    return candidate[start:end]


CANDIDATES = 6  # stretches compared closely
