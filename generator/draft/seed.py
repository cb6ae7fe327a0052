# Reading an archived article in the project's seed format, for the draft.
#
# A seed is a text file under seeds/: one header line, then paragraphs separated
# by blank lines (README, "Seed files"). The long header names the source,
# `Quelle: URL — Publisher, "Title", 16.05.2025. Auszug: ...`, and is read by
# generator/seed.py, as for `explainer new source`; it is metadata only. The
# short one, `date 2025-07 Title or lede ...`, also starts the text (the rest of
# the line is the article's first sentence, so passages from it verify). Any
# other first line is the title. A seed whose header and file name give no date
# has none: the draft never takes the machine's date.
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..seed import SeedHeader, read_header

_SHORT = re.compile(r"^\s*date\s+(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*(?P<rest>.*)$", re.S)


@dataclass
class Seed:
    path: Path
    title: str | None          # None: the header names none
    date: str | None           # EDTF as the header (or the file name) gives it: 2025-07-19, 2025-07, or None
    publisher: str | None = None
    url: str | None = None
    paragraphs: list[str] = field(default_factory=list)  # the article's text, header metadata excluded

    def header(self, date: str | None) -> SeedHeader:
        """As generator/seed.py reads it, with the article's date as now known."""
        return SeedHeader(self.title, self.publisher, date, self.url)


def read_seed(path: Path) -> Seed:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").lstrip("\ufeff")
    first, _, body = text.partition("\n")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]
    short = _SHORT.match(first)
    if short:
        rest = " ".join(short["rest"].split())
        return Seed(path, rest.rstrip(".") or None, short["date"], paragraphs=([rest] if rest else []) + paragraphs)
    head = read_header(path)
    if first.lstrip().startswith("Quelle:"):
        url = head.url if head.url and re.fullmatch(r"https?://[^\s<>\"']+", head.url) else None
        return Seed(path, head.title, head.date, head.publisher, url, paragraphs)
    first = " ".join(first.split())
    if first and len(first) <= 160:  # a headline
        return Seed(path, first.rstrip("."), head.date, paragraphs=paragraphs)
    return Seed(path, None, head.date, paragraphs=[first] + paragraphs if first else paragraphs)
