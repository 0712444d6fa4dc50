#!/usr/bin/env bash
# Whole-process timings of issue 15's targets (median of 5 with hyperfine), as quoted in
# docs/performance.md. Usage: benches/whole_process.sh MARGINALIA_BINARY DATA_DIR [OUT.md]
# DATA_DIR is made by `cargo run --release --example make_bench_data -- DATA_DIR`.
set -euo pipefail
bin=$(realpath "$1")
cd "$2"
out=${3:-/dev/stdout}
runs=5
json=$(mktemp)
# One table row: median wall time, and the mean CPU time (user + system) beside it,
# since on a shared 2-core machine the wall time also counts waiting for a core.
hf() {
  hyperfine --runs "$runs" --style none --export-json "$json" "$@" >/dev/null
  python3 - "$json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
cpu = r["user"] + r["system"]  # means: hyperfine 1.15 keeps no per-run CPU times
print(f"| {r['command']} | {r['median']:.3f} | {cpu:.3f} | {min(r['times']):.3f} | {max(r['times']):.3f} |")
PY
}
{
  echo "| command | median wall [s] | mean CPU [s] | min [s] | max [s] |"
  echo "|---|---|---|---|---|"
  rm -f ls.ron ls.ron.*
  hf -n "import LS 2,000 tasks" --prepare 'rm -f ls.ron ls.ron.*' \
    "$bin import-dataset ls.ron tasks.json --format label-studio"
  "$bin" import-dataset ls.ron tasks.json --format label-studio >/dev/null
  for f in jsonl conll csv label-studio; do
    hf -n "export $f" "$bin export ls.ron --format $f --out out.$f --force"
  done
  hf -n "stats 121 MB (warm snapshot if any)" "$bin stats big.ron"
  hf -n "open 121 MB: validate" "$bin validate big.ron"
  hf -n "open+save 121 MB: labels color" \
    --prepare 'cp big.ron work.ron; rm -f work.ron.bak work.ron.snapshot; '"$bin"' validate work.ron' \
    "$bin labels work.ron color claim '#123456'"
} >"$out"
