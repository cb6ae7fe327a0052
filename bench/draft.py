# `python -m bench.draft`: how well `explainer draft` reads German news, and how fast.
#
# Each text in bench/draft_texts/ has its expected entities beside it (NAME.yml,
# written by hand: quotes with their speakers, persons with their roles, dated
# events with their EDTF). The draft's analysis of each text is compared with them
# and recall and precision are printed per kind; then a 5,000-word article (the
# texts repeated) is drafted into a fresh content folder, the time of the whole
# command's work (read, analyse, write the files) measured five times. Texts whose
# data says `held_out: true` were written after the rules were frozen and are
# summed apart: the others are the texts the rules were developed on.
from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from generator.draft import analyse_seed, article_date, draft
from generator.draft.seed import read_seed

TEXTS = Path(__file__).parent / "draft_texts"
KINDS = ("quotes", "speakers", "persons", "dates")


def score(name: str) -> dict[str, tuple[int, int, int]]:
    """Per kind: (right, drafted, expected)."""
    want = yaml.safe_load((TEXTS / f"{name}.yml").read_text(encoding="utf-8"))
    seed = read_seed(TEXTS / f"{name}.txt")
    a = analyse_seed(seed, {}, article_date(seed, want.get("date")))
    got_quotes = {q.text: (a.people.actors[q.speaker].name if q.speaker else None) for q in a.quotes}
    exp_quotes = {q["text"]: q["speaker"] for q in want["quotes"]}
    found = [t for t in exp_quotes if t in got_quotes]
    speakers_right = sum(got_quotes[t] == exp_quotes[t] for t in found)
    persons = {x.name: x.role for x in a.people.actors.values() if x.kind == "person" and x.mentions}
    persons_right = sum(persons.get(n) == r for n, r in want["persons"].items())
    events = [(e.found.text, e.found.edtf) for e in a.events]
    dates_right = 0
    for d in want["dates"]:
        texts = [edtf for text, edtf in events if d["text"].casefold() in text.casefold() or text.casefold() in d["text"].casefold()]
        strip = (lambda v: v.rstrip("~") if v else v)
        dates_right += any(strip(x) == d["edtf"] for x in texts)
    return {"quotes": (len(found), len(got_quotes), len(exp_quotes)),
            "speakers": (speakers_right, len(found), len(exp_quotes)),
            "persons": (persons_right, len(persons), len(want["persons"])),
            "dates": (dates_right, len(events), len(want["dates"]))}


def long_article(words: int = 5000) -> str:
    paragraphs = []
    for path in sorted(TEXTS.glob("*.txt")):
        paragraphs += read_seed(path).paragraphs
    out, n = [], 0
    while n < words:
        for p in paragraphs:
            out.append(p)
            n += len(p.split())
            if n >= words:
                break
    return "date 2025-07-19 Ein langer Artikel\n\n" + "\n\n".join(out) + "\n"


def timing(runs: int = 5) -> tuple[int, list[float]]:
    text = long_article()
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "seeds").mkdir()
            (root / "content").mkdir()
            seed = root / "seeds" / "2025-07-19_langer-artikel.txt"
            seed.write_text(text, encoding="utf-8")
            t = time.perf_counter()
            draft(seed, root / "content")
            times.append(time.perf_counter() - t)
            shutil.rmtree(root / "content")
    return len(text.split()), times


def main() -> int:
    names = sorted(p.stem for p in TEXTS.glob("*.yml"))
    held_out = {n for n in names if yaml.safe_load((TEXTS / f"{n}.yml").read_text(encoding="utf-8")).get("held_out")}
    totals = {group: {k: [0, 0, 0] for k in KINDS} for group in ("tuned", "held out")}
    print(f"{'text':28} " + " ".join(f"{k:>16}" for k in KINDS))
    for name in names:
        s = score(name)
        total = totals["held out" if name in held_out else "tuned"]
        for k in KINDS:
            total[k] = [x + y for x, y in zip(total[k], s[k])]
        print(f"{name:28} " + " ".join(f"{s[k][0]:>4}/{s[k][2]:<2} (of {s[k][1]:>2})" for k in KINDS))
    print("\nright/expected (of drafted). speakers: of the quotes found, the speaker right (a role without a name "
          "counts as right when no person is named).")
    for group, total in totals.items():
        n = len(held_out) if group == "held out" else len(names) - len(held_out)
        print(f"\n{'over ' + str(n) + ' texts, ' + group:28} {'recall':>8} {'precision':>10}")
        for k in KINDS:
            right, drafted, expected = total[k]
            print(f"{k:28} {right / expected if expected else 0:8.0%} {right / drafted if drafted else 0:10.0%}")
    words, times = timing()
    print(f"\na {words}-word article drafted (read, analyse, write): median {statistics.median(times):.3f} s, "
          f"max {max(times):.3f} s over {len(times)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
