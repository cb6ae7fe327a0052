# One run of the generator's own phases, in a fresh process (as in `explainer
# build`): load + validate, then render. Cold by default; with `--state DIR`, it
# starts from the state a previous run kept there and keeps its own (as `explainer
# build` does with .cache/explainer/, generator/persist.py). Prints JSON;
# optionally writes the rendered Markdown (for the plain `mkdocs build` baseline)
# or a cProfile of both phases.
from __future__ import annotations

import argparse
import cProfile
import json
import resource
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.phases")
    ap.add_argument("content", type=Path)
    ap.add_argument("--write-markdown", type=Path, help="write every rendered page under this folder")
    ap.add_argument("--profile", type=Path, help="write a cProfile of load + render to this file")
    ap.add_argument("--state", type=Path, help="start from the state kept in this folder, and keep this run's there")
    args = ap.parse_args(argv)

    from generator import collector, persist
    from generator.load import check_content
    from generator.render import render_site

    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    t0, c0 = time.perf_counter(), _cpu()
    preview = persist.restore(args.state) if args.state else None  # reading the state counts as loading
    content, problems = check_content(args.content)
    collector.freeze()  # as `explainer build` does after loading (generator/build.py)
    t1, c1 = time.perf_counter(), _cpu()
    if problems:
        print("\n".join(map(str, problems[:20])), file=sys.stderr)
        return 1
    pages = preview.render(content) if preview else render_site(content)
    t2, c2 = time.perf_counter(), _cpu()
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    if args.state:  # after the clock: `explainer build` keeps it while MkDocs builds (on_post_build)
        t3 = time.perf_counter()
        persist.save(args.state, preview)
        save_s = time.perf_counter() - t3
    if args.write_markdown:
        for path, text in pages.items():
            out = args.write_markdown / path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
    print(json.dumps({"load_s": t1 - t0, "render_s": t2 - t1, "load_cpu_s": c1 - c0, "render_cpu_s": c2 - c1, "pages": len(pages),
                      "markdown_bytes": sum(len(t.encode()) for t in pages.values()),
                      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      **({"save_s": save_s} if args.state else {})}))
    return 0


def _cpu() -> float:
    """CPU seconds of this process and of the worker processes it waited for (render/parallel.py)."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


if __name__ == "__main__":
    sys.exit(main())
