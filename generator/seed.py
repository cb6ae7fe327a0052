# What the header line of an archived source text says about it, for `explainer new source`.
#
# A seed file is named DATE_PUBLISHER_TITLE-WORDS.txt (seeds/2025-07-14_zdfheute_trump-droht-...txt)
# and starts with one header line:
#   Quelle: URL — Publisher, "Title", 14.07.2025. Auszug: ...
# The date in the header may be written 14.07.2025, 14. Juli 2025, Juli 2025 or 2025-07-14; without one,
# the date at the start of the file name is used. What cannot be found is left to the editor (TODO).
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .dates import MONTHS
from .load import slug_for

_HEADER = re.compile(r"^Quelle:\s*(?P<url>https?://\S+)?\s*[—–-]?\s*(?P<rest>.*)$")
_TITLE = re.compile(r"[\"„“](?P<title>[^\"„“”]+)[\"“”]")
_NAME_DATE = re.compile(r"^(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)_(?:(?P<publisher>[^_]+)_)?")
_MONTH = "|".join(MONTHS)


@dataclass(frozen=True)
class SeedHeader:
    title: str | None
    publisher: str | None
    date: str | None  # EDTF
    url: str | None


def read_header(path: Path) -> SeedHeader:
    """Title, publisher, date and address of the text in `path`, as far as its header and name tell."""
    with open(path, encoding="utf-8", errors="replace") as f:
        first = f.readline().strip().lstrip("\ufeff")
    named = _NAME_DATE.match(path.name)
    m = _HEADER.match(first)
    title = publisher = url = date = None
    if m:
        url, rest = m["url"], m["rest"]
        found = _TITLE.search(rest)
        title = found["title"].strip() if found else None
        publisher = (rest[:found.start()] if found else rest).split(",")[0].strip() or None
        date = header_date(rest[found.end():] if found else rest)
    if date is None and named:
        date = named["date"]
    if publisher is None and named and named["publisher"]:
        publisher = named["publisher"].replace("-", " ")
    return SeedHeader(title, publisher, date, url.rstrip(".,;") if url else None)


def source_id(head: SeedHeader, path: Path) -> str:
    """The id a seed's source gets (`explainer new source`, `explainer draft`): publisher, date, first words of the title."""
    publisher = slug_for(" ".join((head.publisher or "").split("(")[0].split()[:2]))
    title = slug_for(" ".join((head.title or path.stem.split("_")[-1].replace("-", " ")).split()[:4]))
    return "-".join(part for part in (publisher, head.date, title) if part)[:80].strip("-")


def header_date(text: str) -> str | None:
    """The first date in `text`, as EDTF: '14.07.2025' and '14. Juli 2025' -> '2025-07-14', 'Juli 2025' -> '2025-07'."""
    patterns = [
        (r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", lambda m: f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"),
        (rf"\b(\d{{1,2}})\.\s*({_MONTH})\s+(\d{{4}})\b", lambda m: f"{m[3]}-{MONTHS.index(m[2]) + 1:02d}-{int(m[1]):02d}"),
        (rf"\b({_MONTH})\s+(\d{{4}})\b", lambda m: f"{m[2]}-{MONTHS.index(m[1]) + 1:02d}"),
        (r"\b(\d{4}-\d{2}(?:-\d{2})?)\b", lambda m: m[1]),
    ]
    found = [(m.start(), make(m)) for pattern, make in patterns if (m := re.search(pattern, text))]
    return min(found)[1] if found else None
