# German date expressions in an article -> EDTF, resolved against the article's date.
#
# News texts date events relative to the day they appear ("am Freitag", "kommende
# Woche", "im Frühjahr", "am 9. Juli"). Each rule of date_rules.py turns one kind of
# wording into an EDTF string (see generator/dates.py for the forms the site
# understands). Where the wording leaves the direction open (a weekday, a month
# or a day without a year), the sentence's tense decides: told in the past it is
# the latest such day on or before the article's date, in the future the next
# one after it. Without the article's date, relative wording stays unresolved
# (edtf None) with its text kept, so the editor resolves it.
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .date_rules import RULES


@dataclass(frozen=True)
class Article:
    """What the article's date says: any of its parts may be unknown."""

    year: int | None = None
    month: int | None = None
    day: date | None = None

    @classmethod
    def from_edtf(cls, text: str | None) -> "Article":
        if not text:
            return cls()
        parts = [int(p) for p in text.split("-")]
        return cls(parts[0], parts[1] if len(parts) > 1 else None, date(*parts) if len(parts) == 3 else None)


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    text: str          # the wording, for date_text
    edtf: str | None   # None: the article's date is needed and unknown
    deadline: bool = False  # "bis Montag", "innerhalb von 50 Tagen": a limit, not when it happened


_FUTURE = re.compile(r"\b(?:will|wollen|soll|sollen|werde|werden|wird|plant|planen|geplant|anstehende[nrs]?|bevorstehende[nrs]?)\b", re.I)
_PAST_WORDS = ("hatte hatten war waren wurde wurden sagte sagten erklärte erklärten teilte teilten betonte forderte forderten "
               "drohte warnte begrüßte kritisierte traf trafen reiste nannte schlug sprach gab kam fand stand ging lehnte "
               "einigten verhandelten beschloss beschlossen begann begannen endete endeten streikten legte legten rief "
               "kündigte unterzeichnete unterzeichneten verkündete bestätigte meldete berichtete sah zeigte")
_PAST = re.compile(r"\b(?:" + "|".join(_PAST_WORDS.split()) + r")\b|\b(?:hat|haben|ist|sind)\b[^.]*?\bge\w+(?:t|en)\b", re.I)


def tense(sentence: str, near: int | None = None) -> str | None:
    """'past', 'future' or None; where both are marked, the marker closest to `near` wins."""
    past = [m.start() for m in _PAST.finditer(sentence)]
    future = [m.start() for m in _FUTURE.finditer(sentence)]
    if not past and not future:
        return None
    if past and future and near is not None:
        return "past" if min(abs(p - near) for p in past) <= min(abs(f - near) for f in future) else "future"
    return "past" if past else "future"


def find_dates(sentence: str, article: Article) -> list[Found]:
    """Every date expression in `sentence`, left to right, longest wording first where two overlap."""
    hits = []
    for pattern, fn in RULES:
        for m in pattern.finditer(sentence):
            hits.append((m.start(), -(m.end() - m.start()), m, fn))
    hits.sort(key=lambda h: (h[0], h[1]))
    out: list[Found] = []
    taken_until = -1
    for start, _, m, fn in hits:
        if start < taken_until:
            continue
        edtf, deadline = fn(m, article, tense(sentence, start))
        if edtf is None and article.year is not None and fn.__name__ == "month" and not m["pre"]:
            continue
        out.append(Found(start, m.end(), m[0].strip(), edtf, deadline))
        taken_until = m.end()
    return out
