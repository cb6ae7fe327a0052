# Publish after an edit, end to end, engine by engine, side by side in one run:
# `python -m bench.publish --sizes 1000,10000`. For each size a synthetic project is generated;
# each engine builds it cold, then one term's definition is edited and the site rebuilt (search
# included). Every build is a fresh `explainer build` process; wall and CPU (with its children:
# the engine and Pagefind) are printed; with `--runs N`, N edits one after the other, and their
# median, fastest and slowest. Targets (issue 15): at most 8 s at 10,000 facts and 1.5 s at 1,000
# after a one-term edit, judged by the median. Then, per size, the search (bench/search.py): the index step alone
# cold, after the edit and with no indexed text changed, and the bytes one query downloads.
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .search import index_times, link_copy, query_bytes, summary
from .synth import generate

ENGINES = ["mkdocs", "properdocs", "zensical"]
TARGET_S = {1000: 1.5, 10000: 8.0}


def timed(project: Path, engine: str) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run([str(Path(sys.executable).parent / "explainer"), "build", "--engine", engine, "-d", f"site-{engine}"],
                   cwd=project, check=True, capture_output=True, env=os.environ | {"NO_MKDOCS_2_WARNING": "1"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.monotonic() - started, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def edit_one_term(project: Path, n: int) -> None:
    term = sorted((project / "content/terms").glob("*.yml"))[0]
    term.write_text(term.read_text(encoding="utf-8").replace("definition: ", f"definition: Bearbeitet {n}, ", 1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.publish", description=__doc__)
    ap.add_argument("--sizes", default="1000", help="fact counts, comma-separated (default: 1000)")
    ap.add_argument("--engines", default=",".join(ENGINES), help=f"comma-separated (default: {','.join(ENGINES)})")
    ap.add_argument("--runs", type=int, default=1, help="edits timed one after the other per engine; the median is judged (default: 1)")
    args = ap.parse_args(argv)
    engines = args.engines.split(",")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'facts':>6} {'engine':<11} {'cold wall':>9} {'cold CPU':>9} {'edit wall':>9} {'edit CPU':>9} {'target':>7}"
          + ("  (median of the edits; each edit's wall time)" if args.runs > 1 else ""))
    searches = []
    for size in (int(s) for s in args.sizes.split(",")):
        project = Path(tempfile.mkdtemp(prefix=f"explainer-publish-{size}-"))
        generate(project, size)
        for engine in engines:
            cold = timed(project, engine)
            timed(project, engine)  # the state an editor's build starts from: the last build's
            if engine == engines[0]:  # the site before the edit, for the index step alone (below)
                before = link_copy(project / f"site-{engine}", project / "site-before-edit")
                shutil.copytree(project / f"site-{engine}" / "pagefind", before / "pagefind", copy_function=os.link)
            edits = []
            for n in range(1, args.runs + 1):
                edit_one_term(project, n)
                edits.append(timed(project, engine))
            warm = statistics.median(e[0] for e in edits), statistics.median(e[1] for e in edits)
            target = TARGET_S.get(size)
            each = f" [{', '.join(f'{e[0]:.2f}' for e in edits)}]" if len(edits) > 1 else ""
            met = "" if target is None else (" met" if warm[0] <= target else " NOT met")
            print(f"{size:>6} {engine:<11} {cold[0]:>8.1f}s {cold[1]:>8.1f}s {warm[0]:>8.2f}s {warm[1]:>8.2f}s "
                  f"{'' if target is None else f'{target:.1f}s':>7}{met}  (load {os.getloadavg()[0]:.2f}){each}", flush=True)
        times = index_times(before, project / f"site-{engines[0]}")
        words = query_words(project)
        queries = query_bytes(project / f"site-{engines[0]}", words), query_bytes(project / f"site-{engines[0]}", words, typed=True)
        searches.append((size, times, queries))
    print(f"\nsearch ({engines[0]}'s site; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})")
    print(f"{'facts':>6} {'index cold':>10} {'after edit':>10} {'no text changed':>15}  one query, pasted / typed (target 300 KB)")
    for size, times, (pasted, typed) in searches:
        print(f"{size:>6} {times['cold']:>9.2f}s {times['edit']:>9.2f}s {times['unchanged']:>14.2f}s  "
              f"{summary(pasted)} / {summary(typed)}")
        for p, t in zip(pasted, typed):
            print(f"{'':>6} {p['query']!r}: {p['kb']:.0f} KB in {p['requests']} files / {t['kb']:.0f} KB in {t['requests']}, {p['meta']}")
    return 0


def query_words(project: Path) -> list[str]:
    """Words a reader might type: a few term names across the glossary, and topic words of the stories."""
    terms = sorted((project / "content/terms").glob("*.yml"))
    names = [next(line for line in t.read_text(encoding="utf-8").splitlines() if line.startswith("term:"))[5:].strip()
             for t in terms[:: max(1, len(terms) // 3)][:3]]
    return names + ["Verhandlung", "Waffenruhen"]


if __name__ == "__main__":
    sys.exit(main())
