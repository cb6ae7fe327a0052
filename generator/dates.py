# Imprecise dates as news needs them: EDTF strings, parsed fast, worded in German.
#
# The `edtf` package is the reference (the tests compare against it), but it
# takes ~8 ms per parse, too slow for 10,000 facts. This module handles the
# subset editors need: years, months, days, seasons (21-24), unspecified digits
# (2025-07-XX), the qualifiers ? ~ %, and intervals with open ends (2022/..).
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
          "August", "September", "Oktober", "November", "Dezember"]
SEASONS = {21: ("Frühjahr", 3, 5), 22: ("Sommer", 6, 8), 23: ("Herbst", 9, 11), 24: ("Winter", 12, 14)}
HINT = ("write e.g. 2025-07-19, 2025-07, 2025, 2025-21 (spring), 2025-07-14~ (approximate), "
        "2025-07? (uncertain) or 2025-06-16/2025-06-30 (interval), 2022/.. (since 2022)")

_POINT = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2}|XX)(?:-(?P<d>\d{2}|XX))?)?(?P<q>[?~%])?$")


@dataclass(frozen=True)
class Point:
    """One end of a date: its first and last possible day, and how precise it is."""

    lower: date
    upper: date
    precision: str  # "year", "season", "month", "day"
    season: int | None = None
    qualifier: str = ""


@dataclass(frozen=True)
class EdtfDate:
    text: str
    start: Point | None  # None: open ("..") or unknown ("") start of an interval
    end: Point | None
    interval: bool
    open_start: bool = False
    open_end: bool = False

    @property
    def lower(self) -> date:
        return (self.start or self.end).lower  # type: ignore[union-attr]

    @property
    def upper(self) -> date:
        return (self.end or self.start).upper  # type: ignore[union-attr]

    @property
    def imprecise(self) -> bool:
        """True unless the date is one exactly known day."""
        return self.interval or self.start is None or self.start.precision != "day" or bool(self.start.qualifier)

    def sort_key(self) -> tuple[date, date, str]:
        return (self.lower, self.upper if not self.open_end else date.max, self.text)


def _point(text: str) -> Point:
    m = _POINT.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a date in EDTF form; {HINT}")
    y, mo, d, q = int(m["y"]), m["m"], m["d"], m["q"] or ""
    if mo is None or mo == "XX":
        if d not in (None, "XX"):
            raise ValueError(f"{text!r}: a day needs a month; {HINT}")
        return Point(date(y, 1, 1), date(y, 12, 31), "year", qualifier=q)
    month = int(mo)
    if month in SEASONS:
        if d is not None:
            raise ValueError(f"{text!r}: a season (21-24) cannot have a day; {HINT}")
        _, first, last = SEASONS[month]
        ly, lm = (y + 1, last - 12) if last > 12 else (y, last)
        return Point(date(y, first, 1), date(ly, lm, calendar.monthrange(ly, lm)[1]), "season", month, q)
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r}: there is no month {month}; {HINT}")
    days = calendar.monthrange(y, month)[1]
    if d is None or d == "XX":
        return Point(date(y, month, 1), date(y, month, days), "month", qualifier=q)
    if not 1 <= int(d) <= days:
        raise ValueError(f"{text!r}: {MONTHS[month - 1]} {y} has no day {int(d)}; {HINT}")
    day = date(y, month, int(d))
    return Point(day, day, "day", qualifier=q)


@lru_cache(maxsize=4096)
def parse_date(text: str) -> EdtfDate:
    """Parse an EDTF string of the supported subset; ValueError says what to write instead."""
    text = text.strip()
    if "/" not in text:
        return EdtfDate(text, _point(text), None, False)
    left, _, right = text.partition("/")
    if "/" in right:
        raise ValueError(f"{text!r} has more than one '/'; {HINT}")
    start = None if left in ("", "..") else _point(left)
    end = None if right in ("", "..") else _point(right)
    if start is None and end is None:
        raise ValueError(f"{text!r}: an interval needs at least one known end; {HINT}")
    if start and end and end.upper < start.lower:
        raise ValueError(f"{text!r}: the interval ends before it starts; swap the two dates")
    return EdtfDate(text, start, end, True, left == "..", right == "..")


# --- German wording ---------------------------------------------------------

def _qualify(words: str, p: Point) -> str:
    if p.qualifier == "~":
        return ("um den " if p.precision == "day" else "etwa ") + words
    if p.qualifier == "?":
        return "vermutlich " + words
    if p.qualifier == "%":
        return "vermutlich " + ("um den " if p.precision == "day" else "etwa ") + words
    return words


def _words(p: Point, with_year: bool = True) -> str:
    y = f" {p.lower.year}" if with_year else ""
    if p.precision == "year":
        words = str(p.lower.year)
    elif p.precision == "season" and p.season == 24:  # winter spans the turn of the year
        words = f"Winter {p.lower.year}/{(p.lower.year + 1) % 100:02d}"
    elif p.precision == "season":
        words = SEASONS[p.season][0] + y  # type: ignore[index]
    elif p.precision == "month":
        words = MONTHS[p.lower.month - 1] + y
    else:
        words = f"{p.lower.day}. {MONTHS[p.lower.month - 1]}{y}"
    return _qualify(words, p)


def _span(a: Point, b: Point) -> str:
    plain = not a.qualifier and not b.qualifier
    if plain and a.precision == b.precision == "day":
        last = calendar.monthrange(a.lower.year, a.lower.month)[1]
        same_month = (a.lower.year, a.lower.month) == (b.lower.year, b.lower.month)
        month = f"{MONTHS[a.lower.month - 1]} {a.lower.year}"
        if same_month and a.lower.day == 1 and b.lower.day == last:
            return month
        if same_month and a.lower.day == 1 and b.lower.day == 15:
            return f"erste {MONTHS[a.lower.month - 1]}hälfte {a.lower.year}"
        if same_month and a.lower.day == 16 and b.lower.day == last:
            return f"zweite {MONTHS[a.lower.month - 1]}hälfte {a.lower.year}"
        if same_month:
            return f"{a.lower.day}.–{b.lower.day}. {month}"
        if a.lower.year == b.lower.year:
            return f"{_words(a, with_year=False)} – {_words(b)}"
        return f"{_words(a)} – {_words(b)}"
    if plain and a.precision == b.precision == "month" and a.lower.year == b.lower.year:
        return f"{_words(a, with_year=False)} bis {_words(b)}"
    return f"{_words(a)} bis {_words(b)}"


def german(value: str | EdtfDate) -> str:
    """How a German reader says the date: 'Frühjahr 2025', 'zweite Junihälfte 2025', 'seit 2022'."""
    d = parse_date(value) if isinstance(value, str) else value
    if not d.interval:
        return _words(d.start)  # type: ignore[arg-type]
    if d.start is None:
        return ("bis " if d.open_start else "spätestens ") + _words(d.end)  # type: ignore[arg-type]
    if d.end is None:
        return ("seit " if d.open_end else "ab ") + _words(d.start)
    return _span(d.start, d.end)


@lru_cache(maxsize=16384)  # a date is written into the JSON-LD and feeds of every page that shows its fact
def iso_bounds(value: str) -> tuple[str, str | None]:
    """First and last possible day as ISO strings (None for an open end), for machine-readable output."""
    d = parse_date(value)
    return d.lower.isoformat(), None if d.open_end else d.upper.isoformat()
