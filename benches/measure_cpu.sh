#!/usr/bin/env bash
# CPU time (user + system, minimum of 3 runs) and peak memory of issue 15's batch rows, as
# quoted in docs/performance.md's second table. On a shared machine CPU time is the steady
# figure; wall time also counts waiting for a core.
# Usage: benches/measure_cpu.sh MARGINALIA_BINARY DATA_DIR
# DATA_DIR is made by the make_bench_data example (tasks.json, big.ron).
set -uo pipefail
bin=$(realpath "$1")
cd "$2" || exit 1
times=$(mktemp)
# One row: NAME, then the command; $prep runs (untimed) before each run.
row() {
  local name=$1 best="" best_cpu=""
  shift
  for _ in 1 2 3; do
    eval "$prep" >/dev/null 2>&1
    /usr/bin/time -o "$times" -f "%U %S %M" "$@" >/dev/null 2>&1
    read -r user sys rss <"$times"
    cpu=$(awk "BEGIN { print $user + $sys }")
    if [ -z "$best" ] || awk "BEGIN { exit !($cpu < $best_cpu) }"; then
      best="user $user, sys $sys, peak ${rss} KB"
      best_cpu=$cpu
    fi
  done
  echo "$name: CPU $best_cpu s ($best)"
}
prep='rm -f ls.ron ls.ron.*'
row "import 2,000 LS tasks" "$bin" import-dataset ls.ron tasks.json --format label-studio
prep=''
"$bin" import-dataset ls.ron tasks.json --format label-studio >/dev/null 2>&1
for f in jsonl conll; do
  row "export $f" "$bin" export ls.ron --format "$f" --out "out.$f" --force
done
"$bin" validate big.ron >/dev/null 2>&1 # makes the snapshot
row "stats 121 MB" "$bin" stats big.ron
row "validate 121 MB (snapshot)" "$bin" validate big.ron
prep='rm -f nosnap.ron.snapshot; cp big.ron nosnap.ron'
row "validate 121 MB (no snapshot)" "$bin" validate nosnap.ron
prep="cp big.ron work.ron; rm -f work.ron.bak work.ron.snapshot; $bin validate work.ron"
row "open+save 121 MB (labels color)" "$bin" labels work.ron color claim '#123456'
rm -f "$times" nosnap.ron* work.ron*
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
