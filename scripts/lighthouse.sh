#!/usr/bin/env bash
# Lighthouse scores of the built site (mobile, the default), for the explainer, a term and the
# chronology page. Not part of `make test`: it prints figures, it does not pass or fail.
#
#   scripts/lighthouse.sh            # builds the site into .lighthouse/site, serves it, prints scores
#   scripts/lighthouse.sh PAGE ...   # other paths, e.g. akteure/nato/
#
# Lighthouse 12.2.3 (13 wants Node 22) is installed into .lighthouse/ (ignored by git) on first use;
# it drives Debian's chromium (CHROME_PATH). The site is served with gzip, like a real web server.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LH=$ROOT/.lighthouse
mkdir -p "$LH"
if [ ! -x "$LH/node_modules/.bin/lighthouse" ]; then
  (cd "$LH" && npm i -E --no-audit --no-fund lighthouse@12.2.3 >/dev/null)
fi
export NO_MKDOCS_2_WARNING=1
.venv/bin/explainer build -d "$LH/site" >/dev/null
PAGES=("$@")
[ ${#PAGES[@]} -gt 0 ] || PAGES=("geschichten/ukraine-russland-verhandlungen-juli-2025/" "glossar/waffenruhe/" "chronologie/")
PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
.venv/bin/python scripts/serve_gzip.py "$LH/site" "$PORT" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
sleep 1
RUNS=${RUNS:-3}  # Lighthouse's performance score moves with the machine's load: take the median of several runs
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); median of $RUNS runs per page"
printf '%-60s %5s %5s %5s %5s\n' page perf a11y bp seo
for page in "${PAGES[@]}"; do
  reports=()
  for run in $(seq "$RUNS"); do
    out="$LH/report-$(echo "${page:-start}" | tr '/' '_')-$run.json"
    CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} "$LH/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT/$page" \
      --quiet --output=json --output-path="$out" \
      --chrome-flags="--headless --no-sandbox --disable-gpu" >/dev/null 2>&1 || true
    reports+=("$out")
  done
  .venv/bin/python - "$page" "${reports[@]}" <<'PY'
import json, statistics, sys
page, files = sys.argv[1], sys.argv[2:]
runs = [json.load(open(f)) for f in files]
keys = ("performance", "accessibility", "best-practices", "seo")
scores = {k: [round(r["categories"][k]["score"] * 100) for r in runs if r["categories"][k]["score"] is not None] for k in keys}
median = {k: int(statistics.median(v)) if v else "-" for k, v in scores.items()}
print(f"{page or '/':60} {median['performance']:>5} {median['accessibility']:>5} {median['best-practices']:>5} {median['seo']:>5}"
      f"   (performance per run: {', '.join(map(str, scores['performance']))})")
for r in runs[:1]:
    for k in keys[1:]:
        for ref in r["categories"][k]["auditRefs"]:
            a = r["audits"][ref["id"]]
            if ref["weight"] and a["score"] is not None and a["score"] < 1:
                print(f"    {k}: {a['id']} {a.get('displayValue', '')}")
PY
done
