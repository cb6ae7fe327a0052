# Relative date words with the absolute date a later reader needs: a story written on 19 July 2025
# says "kommende Woche"; the page says "kommende Woche (21.–27. Juli 2025)".
#
# Only a story's own text is dated this way (teaser, summary, key facts, demands and answers), as
# it speaks from the story's "Stand"; events and quotes carry their own dates. Weeks run Monday to
# Sunday. A phrase the rules do not know stays as it is.
from __future__ import annotations

import re
from datetime import date, timedelta

from .. import dates

WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
_WEEK = r"(?:kommende|kommenden|nächste|nächsten|diese|dieser|vergangene|vergangenen|letzte|letzten)"
# "am Montagabend" is dated as a whole; "Wochen", "Wochenende", "Montags-" are other words
_DAYTIME = "(?:morgen|vormittag|mittag|nachmittag|abend|nacht)"
_PHRASE = re.compile(
    rf"\b(?:(?P<week>(?:(?:in |für )?(?:der |die )?){_WEEK} Woche)\b"
    rf"|(?P<start>Anfang der Woche)\b"
    rf"|(?P<day>am (?P<next>kommenden |nächsten )?(?P<weekday>{'|'.join(WEEKDAYS)}){_DAYTIME}?\b)"
    rf"|(?P<rel>\b(?:gestern|Gestern|heute|Heute|(?<!heute )(?<!gestern )morgen)\b))(?! \()")  # "Morgen": the noun

# a part of every phrase _PHRASE finds: "Woche", every weekday but one ("tag"), "gestern", "heute", "morgen"
_PARTS = ("Woche", "tag", "Mittwoch", "estern", "eute", "morgen")


def _day(d: date) -> str:
    return dates.german(d.isoformat())


def _span(first: date, last: date) -> str:
    return dates.german(f"{first.isoformat()}/{last.isoformat()}")


def _absolute(match: re.Match[str], as_of: date) -> str | None:
    monday = as_of - timedelta(days=as_of.weekday())
    if match["week"]:
        word = match["week"].split()[-2]
        shift = 7 if word.startswith(("kommend", "nächst")) else -7 if word.startswith(("vergangen", "letzt")) else 0
        first = monday + timedelta(days=shift)
        return _span(first, first + timedelta(days=6))
    if match["start"]:
        return "ab " + _day(monday)
    if match["weekday"]:
        wanted = WEEKDAYS.index(match["weekday"])
        if match["next"]:
            ahead = (wanted - as_of.weekday()) % 7 or 7
            return _day(as_of + timedelta(days=ahead))
        return _day(as_of - timedelta(days=(as_of.weekday() - wanted) % 7))
    if match["rel"]:
        return _day(as_of + timedelta(days={"gestern": -1, "heute": 0, "morgen": 1}[match["rel"].lower()]))
    return None


def with_absolute_dates(text: str, as_of: str) -> str:
    """`text` with the absolute date after each relative date word, counted from the day `as_of`
    (an EDTF date; an imprecise one leaves the text as it is)."""
    if not any(part in text for part in _PARTS):  # most texts: a few quick searches, not the regex's walk
        return text
    parsed = dates.parse_date(as_of)
    if parsed.imprecise:
        return text
    day = parsed.lower

    def add(match: re.Match[str]) -> str:
        absolute = _absolute(match, day)
        return f"{match[0]} ({absolute})" if absolute else match[0]

    return _PHRASE.sub(add, text)
