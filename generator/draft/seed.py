# Reading an archived article in the project's seed format.
#
# A seed is a text file under seeds/: one header line, then paragraphs separated
# by blank lines. Two header shapes are in use. The short one is
# `date 2025-07 Title or lede ...` (the rest of the line is also text of the
# article, so passages from it verify). The long one names the source:
# `Quelle: URL — Publisher, "Title", 16.05.2025. Auszug: ...`, and is metadata
# only. A header without a date leaves the date unknown, never today's.
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import MONTHS

_SHORT = re.compile(r"^\s*date\s+(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*(?P<rest>.*)$", re.S)
_LONG = re.compile(r"^\s*Quelle:\s*(?P<url>\S+)?\s*[—–-]\s*(?P<rest>.*)$", re.S)
_TITLE = re.compile(r"[\"„“»«]([^\"„“”»«]+)[\"“”«»]")
_NUMERIC = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_WORDED = re.compile(r"\b(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+(\d{4})\b")
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")


@dataclass
class Seed:
    path: Path
    title: str | None          # None: the header names none
    date: str | None           # EDTF as the header gives it: 2025-07-19, 2025-07, or None
    publisher: str | None = None
    url: str | None = None
    paragraphs: list[str] = field(default_factory=list)  # the article's text, header metadata excluded


def read_seed(path: Path) -> Seed:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").lstrip("\ufeff")
    header, _, body = text.partition("\n")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]
    short = _SHORT.match(header)
    if short:
        rest = " ".join(short["rest"].split())
        return Seed(path, rest or None, short["date"], paragraphs=([rest] if rest else []) + paragraphs)
    long = _LONG.match(header)
    if long:
        rest = long["rest"].split(" Auszug:")[0]
        title = _TITLE.search(rest)
        publisher = rest[:title.start()].strip(" ,") if title else rest.split(",")[0].strip()
        url = long["url"] if long["url"] and re.fullmatch(r"https?://[^\s<>\"']+", long["url"]) else None
        return Seed(path, title[1].strip() if title else None, header_date(rest), publisher or None, url, paragraphs)
    # no header we know: the first line is the title, if it is short enough to be one
    first = " ".join(header.split())
    if first and len(first) <= 160:
        return Seed(path, first.rstrip("."), header_date(first) if first.lower().startswith("date") else None,
                    paragraphs=paragraphs)
    return Seed(path, None, None, paragraphs=[first] + paragraphs if first else paragraphs)


def header_date(text: str) -> str | None:
    """The publication date a header names, as EDTF, or None."""
    m = _NUMERIC.search(text)
    if m:
        return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    m = _WORDED.search(text)
    if m:
        return f"{m[3]}-{MONTHS.index(m[2]) + 1:02d}-{int(m[1]):02d}"
    m = _ISO.search(text)
    if m:
        return "-".join(p for p in m.groups() if p)
    m = _MONTH_YEAR.search(text)
    if m:
        return f"{m[2]}-{MONTHS.index(m[1]) + 1:02d}"
    return None
