# The newsroom-scale benchmark: one command (`python -m bench`) that generates
# synthetic content at several sizes and measures, side by side, what the
# issue's targets are about: the generator's own phases, `explainer build`
# against plain `mkdocs build` of the same Markdown, peak memory, the search
# bytes a reader downloads for one query, the HTML size of typical pages and
# edit-to-preview in `explainer serve`. It prints a table and writes JSON.
# Timings are medians of several runs; every process is started fresh.
from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

from .synth import ROOT, generate

BIN = Path(sys.executable).parent
TARGETS = {
    "own_s_10k": 1.5,          # load + validate + render of 10,000 facts (retired by issue 15: shown, not judged)
    "own_share": 0.05,         # of the engine's build time, at any size
    "build_ratio": 1.05,       # explainer build / plain mkdocs build (issue 15)
    "per_page_growth": 1.25,   # time per page at 10,000 / at 1,000 facts
    "preview_s": 0.5,          # edit one term -> changed page served, at 1,000 facts (issue 15)
    "search_kb": 300,          # bytes for one query at 10,000 facts
    "html_growth": 0.10,       # typical page HTML, 1,000 -> 10,000 facts
    "peak_mb": 800,            # at 10,000 facts, all processes together (issue 15)
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description="Newsroom-scale benchmark of the explainer generator.")
    ap.add_argument("--sizes", default="100,1000,10000", help="fact counts, comma-separated (default: 100,1000,10000)")
    ap.add_argument("--runs", type=int, default=3, help="runs per timing; the median is reported (default: 3)")
    ap.add_argument("--large-runs", type=int, help="runs at 10,000 facts and more (default: --runs)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results", help="folder for the JSON results")
    ap.add_argument("--work", type=Path, help="folder for the generated projects (default: a temporary folder)")
    ap.add_argument("--preview-size", type=int, default=1000, help="size at which edit-to-preview is measured (0: skip)")
    ap.add_argument("--no-search", action="store_true", help="skip the browser measurement of search bytes")
    ap.add_argument("--profile", action="store_true", help="write a cProfile of load + render at each size")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    work = args.work or Path(tempfile.mkdtemp(prefix="explainer-bench-"))
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    results = {"machine": machine(), "runs": args.runs, "sizes": {}}
    for n in sizes:
        print(f"--- {n:,} facts", file=sys.stderr, flush=True)
        results["sizes"][str(n)] = measure(work / f"facts-{n}", n, args)
        (args.out / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    results["targets"] = verdicts(results["sizes"])
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name in ("latest.json", f"bench-{stamp}.json"):
        (args.out / name).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(table(results))
    print(f"\nJSON: {args.out / f'bench-{stamp}.json'}   projects: {work}")
    return 0


# --- one size -------------------------------------------------------------------

def measure(project: Path, n: int, args) -> dict:
    counts = generate(project, n)
    runs = args.large_runs if n >= 10_000 and args.large_runs else args.runs
    r: dict = {"counts": counts.__dict__, "runs": runs, "loadavg_before": os.getloadavg()[0]}
    content = project / "content"

    phases = [run_json([sys.executable, "-m", "bench.phases", str(content)], ROOT) for _ in range(runs)]
    r["load_s"] = median(p["load_s"] for p in phases)
    r["render_s"] = median(p["render_s"] for p in phases)
    r["own_s"] = median(p["load_s"] + p["render_s"] for p in phases)
    # warm: from the state the previous run kept (as `explainer build` keeps it in .cache/explainer/),
    # after an editor changed one term's definition
    state = project / ".bench-state"
    shutil.rmtree(state, ignore_errors=True)
    run_json([sys.executable, "-m", "bench.phases", str(content), "--state", str(state)], ROOT)
    warm = []
    for i in range(runs):
        with edited_term(content, i):
            warm.append(run_json([sys.executable, "-m", "bench.phases", str(content), "--state", str(state)], ROOT))
    r["warm_load_s"] = median(p["load_s"] for p in warm)
    r["warm_render_s"] = median(p["render_s"] for p in warm)
    r["warm_own_s"] = median(p["load_s"] + p["render_s"] for p in warm)
    r["warm_own_cpu_s"] = median(p["load_cpu_s"] + p["render_cpu_s"] for p in warm)
    r["warm_phases"] = warm
    r["markdown_bytes"] = phases[0]["markdown_bytes"]
    r["pages"] = phases[0]["pages"]
    if args.profile:
        prof = args.out / f"profile-{n}.prof"
        run_json([sys.executable, "-m", "bench.phases", str(content), "--profile", str(prof)], ROOT)
        r["profile"] = str(prof)

    # the same Markdown, built by plain MkDocs (no explainer plugin), for the side-by-side ratio
    plain_docs = project / "plain-docs"
    shutil.rmtree(plain_docs, ignore_errors=True)
    shutil.copytree(content / "pages", plain_docs)
    run_json([sys.executable, "-m", "bench.phases", str(content), "--write-markdown", str(plain_docs)], ROOT)
    plain_config(project)

    explainer = [str(BIN / "explainer"), "build", "--content", "content", "-d", "site"]
    plain = [str(BIN / "mkdocs"), "build", "-q", "-f", "mkdocs-plain.yml", "-d", "site-plain"]
    builds: dict[str, list] = {"explainer": [], "warm": [], "plain": []}
    shutil.rmtree(project / ".cache", ignore_errors=True)
    timed(explainer, project)  # keeps the state the first warm build starts from
    for i in range(runs):  # alternate, so all see the same machine state
        builds["explainer"].append(timed(explainer + ["--no-cache"], project))  # cold: parses and renders all
        with edited_term(content, i):  # warm: the state of the previous build, one term changed since
            builds["warm"].append(timed(explainer, project))
        builds["plain"].append(timed(plain, project))
    pagefind = (project / "site" / "pagefind").is_dir()
    if pagefind:  # the explainer build indexes with Pagefind; the baseline must do the same work
        for i in range(runs):
            extra = timed([sys.executable, "-m", "pagefind", "--site", "site-plain"], project)
            builds["plain"][i] = {"s": builds["plain"][i]["s"] + extra["s"], "cpu_s": builds["plain"][i]["cpu_s"] + extra["cpu_s"],
                                  "peak_mb": max(builds["plain"][i]["peak_mb"], extra["peak_mb"]),
                                  "tree_peak_mb": max(builds["plain"][i]["tree_peak_mb"], extra["tree_peak_mb"])}
    r["explainer_build_s"] = median(b["s"] for b in builds["explainer"])
    r["plain_build_s"] = median(b["s"] for b in builds["plain"])
    r["explainer_build_cpu_s"] = median(b["cpu_s"] for b in builds["explainer"])
    r["plain_build_cpu_s"] = median(b["cpu_s"] for b in builds["plain"])
    r["warm_build_s"] = median(b["s"] for b in builds["warm"])
    r["warm_build_cpu_s"] = median(b["cpu_s"] for b in builds["warm"])
    r["warm_build_ratio"] = r["warm_build_s"] / r["plain_build_s"]
    r["warm_build_ratio_cpu"] = r["warm_build_cpu_s"] / r["plain_build_cpu_s"]
    r["warm_own_share"] = r["warm_own_s"] / r["plain_build_s"]
    r["warm_own_share_cpu"] = r["warm_own_cpu_s"] / r["plain_build_cpu_s"]
    r["builds"] = builds  # every run, for the record
    r["build_ratio"] = r["explainer_build_s"] / r["plain_build_s"]
    r["build_ratio_cpu"] = r["explainer_build_cpu_s"] / r["plain_build_cpu_s"]
    r["own_share"] = r["own_s"] / r["plain_build_s"]
    r["own_cpu_s"] = median(p["load_cpu_s"] + p["render_cpu_s"] for p in phases)
    r["own_share_cpu"] = r["own_cpu_s"] / r["plain_build_cpu_s"]
    r["phases"] = phases
    r["per_page_ms"] = 1000 * r["explainer_build_s"] / r["pages"]
    r["per_page_cpu_ms"] = 1000 * r["explainer_build_cpu_s"] / r["pages"]
    r["peak_mb"] = max(b["peak_mb"] for b in builds["explainer"] + builds["warm"])
    r["peak_tree_mb"] = max(b["tree_peak_mb"] for b in builds["explainer"] + builds["warm"])
    r["plain_peak_mb"] = max(b["peak_mb"] for b in builds["plain"])
    r["html"] = html_sizes(project / "site")
    r["search"] = {"engine": "pagefind" if pagefind else "material"}
    if not args.no_search:
        r["search"] = search_bytes(project / "site", counts_terms(content))
    if n == args.preview_size:
        r["preview"] = preview(project, content, args.runs)
    r["loadavg_after"] = os.getloadavg()[0]
    return r


def plain_config(project: Path) -> None:
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    site = yaml.safe_load((project / "content" / "site.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if not (p == "explainer" or (isinstance(p, dict) and "explainer" in p))]
    config.update(docs_dir="plain-docs", site_name=site["title"], site_url=site["base_url"],
                  site_description=site["description"], copyright=site.get("copyright") or f"© {site['publisher']}")
    (project / "mkdocs-plain.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def html_sizes(site: Path) -> dict:
    """Median HTML bytes of each kind of generated page, and over all of them (the "typical page")."""
    kinds = {"story": "geschichten", "actor": "akteure", "term": "glossar"}
    out, every = {}, []
    for kind, folder in kinds.items():
        sizes = [p.stat().st_size for p in (site / folder).glob("*/index.html")]
        out[kind] = median(sizes) if sizes else 0
        every += sizes
    out["typical"] = median(every) if every else 0
    out["chronologie"] = (site / "chronologie" / "index.html").stat().st_size
    return out


def counts_terms(content: Path) -> list[tuple[str, str]]:
    """Queries a reader might type: inflected forms of a few terms, with the page that must be found."""
    queries = []
    for path in sorted((content / "terms").glob("*.yml"))[:: max(1, len(list((content / "terms").glob("*.yml"))) // 4)][:4]:
        term = yaml.safe_load(path.read_text(encoding="utf-8"))
        form = (term.get("variants") or [term["term"]])[0]
        queries.append((form, f"glossar/{term['id']}/"))
    return queries


# --- search: bytes for one query ----------------------------------------------------

_QUERY_JS = """async (q) => {
  const pagefind = await import('/pagefind/pagefind.js');
  const search = await pagefind.search(q);
  const data = await Promise.all(search.results.slice(0, 5).map(r => r.data()));
  return {count: search.results.length, urls: data.map(d => d.url)};
}"""


def search_bytes(site: Path, queries: list[tuple[str, str]]) -> dict:
    if not (site / "pagefind").is_dir():
        index = site / "search" / "search_index.json"
        raw = index.read_bytes()
        return {"engine": "material", "query_kb": len(gzip.compress(raw, 6)) / 1024, "index_raw_kb": len(raw) / 1024,
                "note": "Material downloads the whole index (gzip size shown) before the first query"}
    from playwright.sync_api import sync_playwright

    server = _serve_static(site)
    per_query = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"])
            for query, expected in queries:
                context = browser.new_context()  # a fresh reader: nothing cached
                page = context.new_page()
                page.goto(server.url, wait_until="load")
                fetched: list[int] = []
                page.on("response", lambda resp: fetched.append(len(resp.body())) if "/pagefind/" in resp.url else None)
                found = page.evaluate(_QUERY_JS, query)
                page.wait_for_timeout(200)
                per_query.append({"query": query, "kb": sum(fetched) / 1024, "requests": len(fetched),
                                  "results": found["count"], "found": any(expected in u for u in found["urls"])})
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return {"engine": "pagefind", "query_kb": median(q["kb"] for q in per_query),
            "query_kb_max": max(q["kb"] for q in per_query), "queries": per_query}


def _serve_static(site: Path):
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


# --- edit-to-preview ------------------------------------------------------------------

@contextlib.contextmanager
def edited_term(content: Path, i: int):
    """One term's definition changed, as an editor would between two builds; put back after."""
    terms = sorted((content / "terms").glob("*.yml"))
    path = terms[i * 7919 % len(terms)]
    before = path.read_text(encoding="utf-8")
    term = yaml.safe_load(before)
    term["definition"] = f"Überarbeitet ({i + 1}. Fassung): {term['definition']}"
    path.write_text(yaml.safe_dump(term, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        yield path
    finally:
        path.write_text(before, encoding="utf-8")


def preview(project: Path, content: Path, runs: int) -> dict:
    """Change one term's definition while `explainer serve` runs; time until its page shows it."""
    port = _free_port()
    log = open(project / "serve.log", "w")
    proc = subprocess.Popen([str(BIN / "explainer"), "serve", "--content", "content", "-a", f"127.0.0.1:{port}"],
                            cwd=project, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    times = []
    try:
        _wait_for(base, lambda body: True, timeout=300)
        terms = sorted((content / "terms").glob("*.yml"))
        for k in range(max(3, runs)):
            path = terms[(k * 7919) % len(terms)]
            term = yaml.safe_load(path.read_text(encoding="utf-8"))
            url = f"{base}glossar/{term['id']}/"
            _wait_for(url, lambda body: True, timeout=60)
            marker = f"Vorschau-Messung {k} {time.time_ns()}"
            term["definition"] = f"{marker}: geänderte Kurzerklärung."
            _wait_idle(project / "serve.log")  # the previous save's rebuilds are over: the server is idle
            start = time.perf_counter()
            path.write_text(yaml.safe_dump(term, allow_unicode=True, sort_keys=False), encoding="utf-8")
            _wait_for(url, lambda body: marker in body, timeout=120)
            times.append(time.perf_counter() - start)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    return {"median_s": median(times), "max_s": max(times), "runs_s": times}


def _wait_idle(log: Path, quiet: float = 1.5, timeout: float = 300) -> None:
    """Wait until the server has written nothing to its log for `quiet` seconds (it logs every build)."""
    end, size, since = time.monotonic() + timeout, -1, time.monotonic()
    while time.monotonic() < end:
        now = log.stat().st_size
        if now != size:
            size, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.05)


def _wait_for(url: str, ok, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:
                if ok(resp.read().decode("utf-8", "replace")):
                    return
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show the change within {timeout} s")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- processes ---------------------------------------------------------------------------

def timed(cmd: list[str], cwd: Path) -> dict:
    """Wall time, CPU time and peak memory of one command: of its largest process (`wait4`) and of all
    its processes together (sampled every 50 ms), since Pagefind or a render worker may run beside it."""
    import threading

    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        tree_peak, done = [0], threading.Event()

        def sample() -> None:
            while not done.is_set():
                tree_peak[0] = max(tree_peak[0], _tree_rss(proc.pid))
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            out.seek(0)
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{out.read().decode(errors='replace')[-3000:]}")
    return {"s": seconds, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "tree_peak_mb": tree_peak[0] / 2**20}


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
                children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(name))
            except (OSError, IndexError, ValueError):
                pass
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
        todo += children.get(pid, [])
    return total


def run_json(cmd: list[str], cwd: Path) -> dict:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median(values) -> float:
    return statistics.median(list(values))


def machine() -> dict:
    import mkdocs

    return {"cpus": os.cpu_count(), "cpu": _cpu_name(), "python": platform.python_version(),
            "system": platform.platform(), "mkdocs": mkdocs.__version__}


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


# --- verdicts and the table -------------------------------------------------------------------

def verdicts(sizes: dict) -> list[dict]:
    out = []

    def add(name: str, figure: str, ok: bool | None) -> None:
        out.append({"target": name, "figure": figure, "met": ok})

    big, mid = sizes.get("10000"), sizes.get("1000")
    if big:
        for mode, pre in (("cold", ""), ("warm: previous build's state, one term edited", "warm_")):
            add(f"load+validate+render of 10,000 facts (wall / CPU), {mode}; the 1.5 s target is retired",
                f"{big[pre + 'own_s']:.2f} s / {big[pre + 'own_cpu_s']:.2f} s", None)
        add(f"peak memory at 10,000 facts < {TARGETS['peak_mb']} MB (all processes together / the largest)",
            f"{big['peak_tree_mb']:.0f} MB / {big['peak_mb']:.0f} MB", big["peak_tree_mb"] < TARGETS["peak_mb"])
        s = big["search"]
        if "query_kb" in s:
            ok = s["query_kb"] <= TARGETS["search_kb"] and all(q["found"] for q in s.get("queries", [{"found": False}]))
            add("search: <= 300 KB for one query at 10,000 facts, inflected queries found",
                f"{s['engine']}: {s['query_kb']:.0f} KB" + (f" (max {s['query_kb_max']:.0f} KB, found {sum(q['found'] for q in s['queries'])}/{len(s['queries'])})" if "queries" in s else ""),
                ok)
    for mode, pre in (("cold", ""), ("warm", "warm_")):
        shares = {n: (r[pre + "own_share"], r[pre + "own_share_cpu"]) for n, r in sizes.items()}
        add(f"generator <= 5% of the engine's build time, every size (wall / CPU), {mode}",
            ", ".join(f"{int(n):,}: {w:.1%} / {c:.1%}" for n, (w, c) in shares.items()),
            all(max(v) <= TARGETS["own_share"] for v in shares.values()))
    for mode, pre in (("cold: --no-cache", ""), ("warm", "warm_")):
        ratios = {n: (r[pre + "build_ratio"], r[pre + "build_ratio_cpu"]) for n, r in sizes.items()}
        add(f"explainer build <= {TARGETS['build_ratio']:.2f} x plain mkdocs build (wall; CPU shown), {mode}",
            ", ".join(f"{int(n):,}: {w:.2f}x / {c:.2f}x" for n, (w, c) in ratios.items()),
            all(v[0] <= TARGETS["build_ratio"] for v in ratios.values()))
    if big and mid:
        growth = big["per_page_ms"] / mid["per_page_ms"]
        growth_cpu = big["per_page_cpu_ms"] / mid["per_page_cpu_ms"]
        add("time per page at 10,000 <= 1.25 x at 1,000 (wall / CPU)",
            f"wall {mid['per_page_ms']:.1f} -> {big['per_page_ms']:.1f} ms/page ({growth:.2f}x), "
            f"CPU {mid['per_page_cpu_ms']:.1f} -> {big['per_page_cpu_ms']:.1f} ({growth_cpu:.2f}x)",
            max(growth, growth_cpu) <= TARGETS["per_page_growth"])
        h = big["html"]["typical"] / mid["html"]["typical"] - 1
        add("typical page HTML flat from 1,000 to 10,000 (within 10%)",
            f"{mid['html']['typical'] / 1024:.1f} -> {big['html']['typical'] / 1024:.1f} KB ({h:+.1%})", abs(h) <= TARGETS["html_growth"])
    for n, r in sizes.items():
        if "preview" in r:
            add(f"edit-to-preview at {int(n):,} facts <= {TARGETS['preview_s']} s", f"median {r['preview']['median_s']:.2f} s, max {r['preview']['max_s']:.2f} s",
                r["preview"]["median_s"] <= TARGETS["preview_s"])
    return out


def table(results: dict) -> str:
    m = results["machine"]
    runs = ", ".join(f"{int(n):,}: {r['runs']}" for n, r in results["sizes"].items())
    load = ", ".join(f"{r['loadavg_before']:.1f}-{r['loadavg_after']:.1f}" for r in results["sizes"].values())
    rows = [f"Machine: {m['cpus']} CPUs ({m['cpu']}), Python {m['python']}, MkDocs {m['mkdocs']}; runs (medians) {runs}; load average {load}",
            "",
            "| facts | pages | load+validate cold / warm | render cold / warm | explainer build cold (CPU) | warm (CPU) | plain mkdocs build (CPU) | ratio cold / warm (wall) | generator share cold / warm | ms/page | peak MB (all / largest) | typical page HTML | search, one query |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, r in results["sizes"].items():
        s = r["search"]
        search = f"{s['query_kb']:.0f} KB ({s['engine']})" if "query_kb" in s else "-"
        rows.append(f"| {int(n):,} | {r['pages']:,} | {r['load_s']:.2f} / {r['warm_load_s']:.2f} s | {r['render_s']:.2f} / {r['warm_render_s']:.2f} s | "
                    f"{r['explainer_build_s']:.2f} s ({r['explainer_build_cpu_s']:.2f}) | {r['warm_build_s']:.2f} s ({r['warm_build_cpu_s']:.2f}) | "
                    f"{r['plain_build_s']:.2f} s ({r['plain_build_cpu_s']:.2f}) | {r['build_ratio']:.2f}x / {r['warm_build_ratio']:.2f}x | "
                    f"{r['own_share']:.1%} / {r['warm_own_share']:.1%} | {r['per_page_ms']:.1f} | "
                    f"{r['peak_tree_mb']:.0f} / {r['peak_mb']:.0f} | {r['html']['typical'] / 1024:.1f} KB | {search} |")
    rows += ["", "| target | figure | met |", "|---|---|---|"]
    for v in results.get("targets", []):
        rows.append(f"| {v['target']} | {v['figure']} | {'-' if v['met'] is None else 'yes' if v['met'] else 'NO'} |")
    return "\n".join(rows)
