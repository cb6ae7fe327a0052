# The patterns of German date wording, each with how it resolves to EDTF.
#
# One rule per kind of wording ("am Freitag", "kommende Woche", "Anfang April",
# "seit mehr als drei Jahren" ...): a regular expression and a function of the
# match, the article's date and the sentence's tense, returning the EDTF string
# (None where the article's date is needed and unknown) and whether the wording
# is a deadline ("bis Montag"). Longer wording wins where two rules match at one
# place (generator/draft/dates.py picks). The EDTF forms are those of
# generator/dates.py: days, months, seasons (21-24), ~ for "about", intervals.
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..dates import MONTHS

if TYPE_CHECKING:
    from .dates import Article

WEEKDAYS = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]
_WD = r"(?P<wd>montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag)(?:abend|morgen|mittag|nachmittag|vormittag|nacht)?"
_MO = r"(?P<mo>" + "|".join(MONTHS) + r"|Jänner)"
_YR = r"(?P<yr>(?:19|20)\d\d)"
_NUM = {"ein": 1, "einem": 1, "einer": 1, "eine": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
        "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "zwanzig": 20}
_N = r"(?P<n>\d{1,3}|" + "|".join(_NUM) + r")"
_NEXT, _LAST = r"kommende[nrs]?|nächste[nrs]?", r"vergangene[nrs]?|letzte[nrs]?|vorige[nrs]?"
SEASONS = {"frühjahr": 21, "frühling": 21, "sommer": 22, "herbst": 23, "winter": 24}
QUARTERS = {"ersten": 1, "zweiten": 2, "dritten": 3, "vierten": 4}


def _iso(d: date) -> str:
    return d.isoformat()


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _weekday(a: Article, wd: int, direction: str | None) -> date | None:
    if a.day is None:
        return None
    back = (a.day.weekday() - wd) % 7
    ahead = (wd - a.day.weekday()) % 7 or 7
    if direction == "past":
        return a.day - timedelta(days=back)
    if direction == "future":
        return a.day + timedelta(days=ahead)
    return a.day - timedelta(days=back) if back <= ahead else a.day + timedelta(days=ahead)


def _year_for(a: Article, month: int, day: int | None, direction: str | None) -> int | None:
    """The year of a month (or day) named without one: the tense decides around the article's date."""
    if a.year is None:
        return None
    if a.month is None or direction is None:
        return a.year
    here = (a.month, a.day.day if a.day else (1 if direction == "future" else 31))
    there = (month, day or (31 if direction == "future" else 1))
    if direction == "past" and there > here:
        return a.year - 1
    if direction == "future" and there < here:
        return a.year + 1
    return a.year


def _month(y: int, m: int) -> str:
    return f"{y}-{m:02d}"


def _part_of_month(y: int, m: int, part: str) -> str:
    last = calendar.monthrange(y, m)[1]
    lo, hi = {"anfang": (1, 10), "mitte": (11, 20), "ende": (21, last)}[part]
    return f"{y}-{m:02d}-{lo:02d}/{y}-{m:02d}-{hi:02d}"


def _month_no(name: str) -> int:
    return 1 if name.lower() == "jänner" else [x.lower() for x in MONTHS].index(name.lower()) + 1


def _num(text: str) -> int:
    return int(text) if text.isdigit() else _NUM[text.lower()]


def _direction(word: str | None, tense: str | None) -> str | None:
    """'kommende', 'nächsten' look ahead, 'vergangene', 'letzten' back; without such a word the tense decides."""
    word = (word or "").lower()
    return "future" if word.startswith(("k", "n")) else "past" if word.startswith(("v", "l")) else tense


def _named_month(m: re.Match, a: "Article", direction: str | None) -> tuple[int, int | None]:
    """The month a match names (group mo) and its year: written (group yr), or by the direction."""
    mo = _month_no(m["mo"])
    return mo, int(m["yr"]) if m["yr"] else _year_for(a, mo, None, direction)


def _wd(name: str) -> int:
    return 5 if name.lower() == "sonnabend" else WEEKDAYS.index(name.lower())


# Each rule: (pattern, function(match, article, direction) -> (edtf or None, deadline)).
# Longer wording is tried first where two rules could match at one place.


def _rules():
    R = []

    def rule(pattern, flags=re.I):
        def deco(fn):
            R.append((re.compile(pattern, flags), fn))
            return fn
        return deco

    @rule(r"\b(?:(?P<pre>seit dem|bis zum|bis|ab dem|ab|vom|am|zum)\s+)?(?:" + _WD + r",?\s+(?:(?:dem|den)\s+)?)?(?P<d>\d{1,2})\.\s?" + _MO + r"(?:\s+" + _YR + r")?")
    def day_month(m, a, tense):
        mo, d = _month_no(m["mo"]), int(m["d"])
        y = int(m["yr"]) if m["yr"] else _year_for(a, mo, d, tense)
        return _with(m["pre"], None if y is None else f"{y}-{mo:02d}-{d:02d}")

    @rule(r"\b(?:(?P<pre>seit dem|bis zum|ab dem|am|vom)\s+)?(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<yr>(?:19|20)\d\d)?(?!\d)")
    def numeric(m, a, tense):
        mo, d = int(m["m"]), int(m["d"])
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return None, False
        y = int(m["yr"]) if m["yr"] else _year_for(a, mo, d, tense)
        return _with(m["pre"], None if y is None else f"{y}-{mo:02d}-{d:02d}")

    @rule(r"\bin der Nacht (?:zum|zu|auf(?: den)?)\s+" + _WD)
    def night(m, a, tense):
        day = _weekday(a, _wd(m["wd"]), tense)
        return (None if day is None else f"{_iso(day - timedelta(days=1))}/{_iso(day)}"), False

    @rule(r"\b(?:(?P<pre>am|bis|bis zum|ab|seit)\s+)?(?P<dir>" + _NEXT + "|" + _LAST + r")\s+" + _WD)
    def directed_weekday(m, a, tense):
        day = _weekday(a, _wd(m["wd"]), "future" if m["dir"].lower().startswith(("k", "n")) else "past")
        return _with(m["pre"], None if day is None else _iso(day))

    @rule(r"\ban diesem\s+" + _WD)
    def this_weekday(m, a, tense):
        return (None if a.day is None else _iso(_monday(a.day) + timedelta(days=_wd(m["wd"])))), False

    @rule(r"\b(?:(?P<pre>am|bis|bis zum|ab|seit)\s+)?" + _WD + r"\b")
    def weekday(m, a, tense):
        pre = (m["pre"] or "").lower()
        direction = "past" if pre == "seit" else "future" if pre.startswith(("bis", "ab")) and tense != "past" else tense
        day = _weekday(a, _wd(m["wd"]), direction)
        return _with(m["pre"], None if day is None else _iso(day))

    @rule(r"(?<!am )(?<!Am )(?<!der )(?<!den )(?<!dem )(?<!jeden )\b(?P<w>vorgestern|gestern|heute|übermorgen|morgen)\b")
    def near_day(m, a, tense):
        shift = {"vorgestern": -2, "gestern": -1, "heute": 0, "morgen": 1, "übermorgen": 2}[m["w"].lower()]
        return (None if a.day is None else _iso(a.day + timedelta(days=shift))), False

    @rule(r"\b(?:am Vortag|am Vorabend|am Tag zuvor|tags zuvor)\b")
    def day_before(m, a, tense):
        return (None if a.day is None else _iso(a.day - timedelta(days=1))), False

    @rule(r"\b(?:(?P<part>Anfang|Mitte|Ende)\s+(?:der|dieser)\s+(?:(?P<dir>" + _NEXT + "|" + _LAST + r")\s+)?Woche|(?P<part2>Anfang|Mitte|Ende)\s+(?P<dir2>" + _NEXT + "|" + _LAST + r")\s+Woche)\b")
    def part_of_week(m, a, tense):
        if a.day is None:
            return None, False
        which = (m["dir"] or m["dir2"] or "").lower()
        monday = _monday(a.day) + timedelta(days=7 if which.startswith(("k", "n")) else -7 if which else 0)
        part = (m["part"] or m["part2"]).lower()
        if part == "anfang":
            return _iso(monday) + "~", False
        if part == "mitte":
            return _iso(monday + timedelta(days=2)) + "~", False
        return f"{_iso(monday + timedelta(days=4))}/{_iso(monday + timedelta(days=6))}", False

    @rule(r"\b(?:(?:in der|in|für die|für|ab der|ab)\s+)?(?:(?P<dir>" + _NEXT + "|" + _LAST + r"|diese[rn]?)\s+Woche|Vorwoche)\b")
    def week(m, a, tense):
        if a.day is None:
            return None, False
        which = (m["dir"] or "vorige").lower()
        if which.startswith("dies"):
            monday = _monday(a.day)
            lo, hi = (monday, a.day) if tense == "past" else (a.day, monday + timedelta(days=6)) if tense == "future" else (monday, monday + timedelta(days=6))
            return f"{_iso(lo)}/{_iso(hi)}", False
        monday = _monday(a.day) + timedelta(days=7 if which.startswith(("k", "n")) else -7)
        return f"{_iso(monday)}/{_iso(monday + timedelta(days=6))}", False

    @rule(r"\bam\s+(?:(?P<dir>" + _NEXT + "|" + _LAST + r"|diese[mn])\s+)?Wochenende\b")
    def weekend(m, a, tense):
        if a.day is None:
            return None, False
        direction = _direction(m["dir"], tense)
        sat = _monday(a.day) + timedelta(days=5)
        if direction == "future" and a.day.weekday() == 6:  # on a Sunday, the coming weekend is next week's
            sat += timedelta(days=7)
        if direction == "past" and sat > a.day:
            sat -= timedelta(days=7)
        return f"{_iso(sat)}/{_iso(sat + timedelta(days=1))}", False

    @rule(r"\b(?:in der\s+)?(?P<half>erste|ersten|zweite|zweiten)\s+" + _MO + r"-?[Hh]älfte(?:\s+" + _YR + ")?")
    def half_month(m, a, tense):
        mo, y = _named_month(m, a, tense)
        if y is None:
            return None, False
        last = calendar.monthrange(y, mo)[1]
        lo, hi = (1, 15) if m["half"].startswith("erst") else (16, last)
        return f"{y}-{mo:02d}-{lo:02d}/{y}-{mo:02d}-{hi:02d}", False

    @rule(r"\b(?:(?P<pre>bis|seit|ab)\s+)?(?P<part>Anfang|Mitte|Ende)\s+" + _MO + r"(?:\s+" + _YR + ")?")
    def part_of_month(m, a, tense):
        mo, y = _named_month(m, a, tense)
        if y is None:
            return None, False
        span = _part_of_month(y, mo, m["part"].lower())
        lo, hi = span.split("/")
        pre = (m["pre"] or "").lower()
        return ({"bis": f"../{hi}", "seit": f"{lo}/..", "ab": f"{lo}/"}.get(pre, span)), pre == "bis"

    @rule(r"\b(?:(?P<pre>im|seit|bis|ab|bis zum|seit dem|Anfang|Ende)\s+)?(?P<dir>" + _NEXT + "|" + _LAST + r"|diese[nm]?)?\s*" + _MO + r"(?:\s+" + _YR + r")?\b")
    def month(m, a, tense):
        mo, y = _named_month(m, a, _direction(m["dir"], tense))
        if y is None or not (m["pre"] or m["yr"] or m["dir"]):
            return (None, False) if y is None else (_month(y, mo), False)
        return _with(m["pre"], _month(y, mo))

    @rule(r"\b(?:(?P<pre>im|seit dem|seit|bis zum|ab dem)\s+)?(?:(?P<dir>" + _NEXT + "|" + _LAST + r"|diese[nm]?)\s+)?(?P<s>Frühjahr|Frühling|Sommer|Herbst|Winter)(?:\s+" + _YR + r")?\b")
    def season(m, a, tense):
        s = SEASONS[m["s"].lower()]
        direction = _direction(m["dir"], tense)
        if m["yr"]:
            y = int(m["yr"])
        elif a.year is None or a.month is None:
            return None, False
        else:
            first = {21: 3, 22: 6, 23: 9, 24: 12}[s]
            y = a.year - 1 if s == 24 and a.month < 3 else a.year
            if direction == "past" and (y, first) > (a.year, a.month):
                y -= 1
            elif direction == "future" and (y, first + 2) < (a.year, a.month):
                y += 1
        return _with(m["pre"], f"{y}-{s}")

    @rule(r"\bim\s+(?P<q>ersten|zweiten|dritten|vierten)\s+Quartal(?:\s+" + _YR + r")?")
    def quarter(m, a, tense):
        y = int(m["yr"]) if m["yr"] else a.year
        if y is None:
            return None, False
        q = QUARTERS[m["q"].lower()]
        return f"{y}-{3 * q - 2:02d}/{y}-{3 * q:02d}", False

    @rule(r"\b(?:(?:im|in diesem|dieses)\s+(?P<dir>" + _NEXT + "|" + _LAST + r"|diese[nms]?)?\s*Jahr|im Vorjahr|(?P<dir2>" + _NEXT + "|" + _LAST + r")s? Jahr)\b")
    def rel_year(m, a, tense):
        if a.year is None:
            return None, False
        which = (m["dir"] or m["dir2"] or ("vorige" if "Vorjahr" in m[0] else "diese")).lower()
        return str(a.year + (1 if which.startswith(("k", "n")) else -1 if which.startswith(("v", "l")) else 0)), False

    @rule(r"\b(?:bis\s+(?:zum\s+)?)?(?:Jahresende|Ende des Jahres)\b")
    def year_end(m, a, tense):
        if a.year is None:
            return None, False
        return (f"../{a.year}-12-31", True) if m[0].lower().startswith("bis") else (f"{a.year}-12", False)

    @rule(r"\bseit\s+(?:mehr als|über|knapp|fast|rund|gut|etwa)?\s*" + _N + r"\s+(?P<u>Jahren|Monaten|Wochen|Tagen)\b")
    def since_span(m, a, tense):
        n, u = _num(m["n"]), m["u"].lower()
        if u == "jahren":
            return (None if a.year is None else f"{a.year - n}/.."), False
        if a.day is None:
            return None, False
        days = {"monaten": 30 * n, "wochen": 7 * n, "tagen": n}[u]
        d = a.day - timedelta(days=days)
        return (f"{d.year}-{d.month:02d}/.." if u == "monaten" else f"{_iso(d)}/.."), False

    @rule(r"\bvor\s+" + _N + r"\s+(?P<u>Jahren|Monaten|Wochen|Tagen)\b")
    def ago(m, a, tense):
        n, u = _num(m["n"]), m["u"].lower()
        if u == "jahren":
            return (None if a.year is None else str(a.year - n)), False
        if a.day is None:
            return None, False
        d = a.day - timedelta(days={"monaten": 30 * n, "wochen": 7 * n, "tagen": n}[u])
        return (f"{d.year}-{d.month:02d}" if u == "monaten" else _iso(d) + ("~" if u == "wochen" else "")), False

    @rule(r"\b(?P<within>innerhalb von|binnen|in)\s+" + _N + r"\s+(?P<u>Tagen|Wochen|Monaten)\b")
    def within(m, a, tense):
        if a.day is None:
            return None, False
        n, u = _num(m["n"]), m["u"].lower()
        d = a.day + timedelta(days={"monaten": 30 * n, "wochen": 7 * n, "tagen": n}[u])
        return (f"../{_iso(d)}", True) if m["within"].lower() != "in" else (_iso(d) + "~", False)

    @rule(r"\bin den\s+(?P<dir>kommenden|nächsten|vergangenen|letzten)\s+Tagen\b")
    def few_days(m, a, tense):
        if a.day is None:
            return None, False
        if m["dir"].lower() in ("kommenden", "nächsten"):
            return f"{_iso(a.day + timedelta(days=1))}/{_iso(a.day + timedelta(days=7))}", False
        return f"{_iso(a.day - timedelta(days=7))}/{_iso(a.day)}", False

    @rule(r"\b(?:von\s+)?" + _YR + r"\s+bis\s+(?P<yr2>(?:19|20)\d\d)\b")
    def year_span(m, a, tense):
        return f"{m['yr']}/{m['yr2']}", False

    @rule(r"\b(?:(?P<pre>im Jahr|seit dem Jahr|seit|bis|ab|erstmals seit|zuletzt|Anfang|Mitte|Ende)\s+)?" + _YR + r"\b(?![.,]\d)(?!\s*(?:Prozent|Euro|Dollar|Menschen|Kilometer|Meter|Tonnen|Mitglieder|Soldaten))")
    def year(m, a, tense):
        pre = (m["pre"] or "").lower()
        if pre in ("anfang", "mitte", "ende"):
            lo, hi = {"anfang": ("01", "03"), "mitte": ("05", "08"), "ende": ("10", "12")}[pre]
            return f"{m['yr']}-{lo}/{m['yr']}-{hi}", False
        if pre == "erstmals seit":  # "erstmals seit 2022": it last happened in 2022
            return m["yr"], False
        return _with(pre, m["yr"])

    return R


def _with(pre: str | None, point: str | None) -> tuple[str | None, bool]:
    """A point with the preposition before it: 'seit' opens an interval, 'bis' is a deadline."""
    if point is None:
        return None, False
    pre = (pre or "").lower()
    if pre.startswith("seit"):
        return f"{point}/..", False
    if pre.startswith("bis"):
        return f"../{point}", True
    if pre.startswith("ab"):
        return f"{point}/", False
    return point, False


RULES = _rules()
