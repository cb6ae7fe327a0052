# `python -m bench.draft_libraries`: the two libraries measured against the draft's own rules.
#
# Needs `pip install dateparser pysbd` (not dependencies of the project: they were
# measured and not taken; see docs/draft.md). German dates: dateparser's
# search_dates on the cases of tests/cases/draft_dates.yml, with the article's date
# as RELATIVE_BASE, against generator/draft/dates.py. Sentences: pysbd's German
# segmenter on the paragraphs of bench/draft_texts/, against generator/draft/sentences.py.
from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

import yaml

from generator.draft.dates import Article, find_dates
from generator.draft.seed import read_seed
from generator.draft.sentences import split

ROOT = Path(__file__).resolve().parent.parent


def dates() -> None:
    import dateparser.search

    cases = yaml.safe_load((ROOT / "tests/cases/draft_dates.yml").read_text(encoding="utf-8"))
    ours = lib = days = lib_days = 0
    t_ours = t_lib = 0.0
    for c in cases:
        t = time.perf_counter()
        found = find_dates(c["text"], Article.from_edtf(c["date"]))
        t_ours += time.perf_counter() - t
        ours += bool(found) and (found[0].text, found[0].edtf) == (c["date_text"], c["edtf"])
        settings = {"PREFER_DATES_FROM": "current_period"}
        if c["date"] and len(c["date"]) == 10:
            settings["RELATIVE_BASE"] = datetime.fromisoformat(c["date"])
        t = time.perf_counter()
        hits = dateparser.search.search_dates(c["text"], languages=["de"], settings=settings) or []
        t_lib += time.perf_counter() - t
        is_day = bool(c["edtf"]) and len(c["edtf"]) == 10
        days += is_day
        if is_day:
            got = hits[0][1].date().isoformat() if hits else None
            lib_days += got == c["edtf"]
            lib += got == c["edtf"]
    print(f"dates: {len(cases)} cases; ours right {ours}; dateparser right {lib} "
          f"(it returns one datetime, so only the {days} single-day cases can be right; of those {lib_days})")
    print(f"       time for all cases: ours {t_ours * 1000:.1f} ms, dateparser {t_lib * 1000:.1f} ms")


def sentences() -> None:
    import pysbd

    seg = pysbd.Segmenter(language="de", clean=False)
    same = total = 0
    t_ours = t_lib = 0.0
    diffs = []
    for path in sorted((ROOT / "bench/draft_texts").glob("*.txt")):
        paragraphs = read_seed(path).paragraphs
        t = time.perf_counter()
        mine = [s.text for s in split(paragraphs)]
        t_ours += time.perf_counter() - t
        t = time.perf_counter()
        theirs = [x.strip() for p in paragraphs for x in seg.segment(p) if x.strip()]
        t_lib += time.perf_counter() - t
        total += len(mine)
        same += len(set(mine) & set(theirs))
        diffs += [x for x in theirs if x not in mine][:3]
    print(f"sentences: ours {total}, pysbd agrees on {same}; time ours {t_ours * 1000:.1f} ms, pysbd {t_lib * 1000:.1f} ms")
    for d in diffs[:6]:
        print("   pysbd:", d[:110])


if __name__ == "__main__":
    dates()
    sentences()
    sys.exit(0)
