#!/usr/bin/env bash
# Attack-path computation at scale: 10,000 pods, 2,000 service accounts, 5,000 bindings and
# 2,000 NetworkPolicies (bench/gen_graph_corpus.py), `palisade paths` end to end (process start,
# walk, parse, facts, graph, paths, JSON written), five runs; prints each run's wall time and
# peak memory, then the median. The bar: under 2 seconds and 500 MiB.
#
#   bash bench/graph.sh [BINARY] [CORPUS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="${1:-$here/../.build-release/release/palisade}"
corpus="${2:-/tmp/palisade-graph-corpus}"
[ -x "$binary" ] || { echo "build first: swift build -c release --scratch-path .build-release" >&2; exit 2; }
[ -d "$corpus" ] || python3 "$here/gen_graph_corpus.py" --out "$corpus" >/dev/null
times=()
for run in 1 2 3 4 5; do
  out=$( { /usr/bin/time -f "%e %M" "$binary" paths "$corpus" --format json -o /dev/null; } 2>&1 | tail -1 )
  read -r seconds kib <<<"$out"
  echo "run $run: ${seconds} s, $((kib / 1024)) MiB"
  times+=("$seconds")
done
printf '%s\n' "${times[@]}" | sort -n | sed -n 3p | xargs -I{} echo "median: {} s"
