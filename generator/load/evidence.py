# Checking that every evidence passage really stands in its source's text.
# Only whitespace, quote marks and Unicode forms are normalised: the passage must
# otherwise be verbatim, so a reader can find it in the source.
from __future__ import annotations

import difflib
import re
import unicodedata

_QUOTES = str.maketrans({c: '"' for c in "„“”«»‟″"} | {c: "'" for c in "‚‘’‹›‛′`´"})
_QUOTE_CHARS = re.compile("[" + re.escape("".join(chr(c) for c in _QUOTES)) + "]")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    if _QUOTE_CHARS.search(text):  # translate is slow on long texts; most passages have no quote marks
        text = text.translate(_QUOTES)
    # every run of whitespace one space, none at the ends: as re.sub(r"\s+", " ", text).strip()
    # (the same characters count as whitespace), several times faster
    return " ".join(text.split())


def closest_passage(passage: str, source_text: str) -> str:
    """The stretch of the source that looks most like `passage`, to help the editor fix a typo."""
    words = source_text.split(" ")
    n = max(1, len(passage.split(" ")))
    best, best_ratio = "", 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(passage)
    for i in range(0, max(1, len(words) - n + 1)):
        candidate = " ".join(words[i:i + n])
        matcher.set_seq1(candidate)
        if matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best
