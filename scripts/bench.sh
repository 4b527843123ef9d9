#!/usr/bin/env bash
# Whole-process benchmarks of `agentops run guard` against the budgets of
# DESIGN.md section 9 (results: docs/benchmarks.md):
#   - one cached gate skill, beside a bash hook that only reads stdin (the floor);
#   - instantiate + call as the first call of a fresh process (`agentops run -v`);
#   - peak memory of one run;
#   - the first run of a new component (empty cache: compile + cache).
# The in-process budgets (load, instantiate + call, compile per MB) are the
# criterion benches: cargo bench -p agentops --bench runtime
#
# Needs hyperfine and GNU time; installs them with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-300}
WARMUP=${WARMUP:-20}
FIRST_RUNS=${FIRST_RUNS:-10}

apt_install() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y "$@" || { $sudo apt-get update && $sudo apt-get install -y "$@"; }
}
command -v hyperfine >/dev/null || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time

cargo build --release --locked -p agentops
BIN="$PWD/target/release/agentops"

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
PROJECT="$SCRATCH/project"
mkdir -p "$PROJECT"
git init -q "$PROJECT"
export AGENTOPS_CACHE_DIR="$SCRATCH/cache"
HARMLESS="$SCRATCH/harmless.json"
BLOCKED="$SCRATCH/blocked.json"
printf '%s\n' '{"tool_name":"Bash","tool_input":{"command":"ls -la"}}' >"$HARMLESS"
printf '%s\n' '{"tool_name":"Bash","tool_input":{"command":"rm -rf /"}}' >"$BLOCKED"

# Warm the cache, and check the verdicts (exit 0 pass, 1 fail) before timing.
run_guard() { "$BIN" --project "$PROJECT" run guard --input "$1" -q; }
expect_exit() {
    local want=$1 got=0
    shift
    "$@" || got=$?
    if [ "$got" -ne "$want" ]; then
        echo "bench.sh: \`$*\` exited $got, expected $want" >&2
        exit 1
    fi
}
expect_exit 0 run_guard "$HARMLESS"
expect_exit 0 run_guard "$HARMLESS"
expect_exit 1 run_guard "$BLOCKED"

# hyperfine -N (no intermediate shell) needs 1.13+; --input (stdin from a
# file) needs 1.16+. Without --input, the bash floor reads the file by redirect.
HF_SHELL=(-N)
hyperfine --help | grep -q -- '--shell=none' || HF_SHELL=()
if hyperfine --help | grep -q -- '--input'; then
    HF_INPUT=(--input "$HARMLESS")
    FLOOR="bash -c 'cat >/dev/null'"
else
    HF_INPUT=()
    FLOOR="bash -c 'cat >/dev/null <$HARMLESS'"
fi

print_medians() { # JSON export of hyperfine
    python3 - "$1" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"  median {r['median'] * 1000:8.3f} ms   {r['command']}")
EOF
}

echo
echo "== cached gate skill, $RUNS runs after $WARMUP warmup (hyperfine $(hyperfine --version | cut -d' ' -f2), ${HF_SHELL[*]:-default shell})"
# -i: the blocked call exits 1 by design (checked above).
hyperfine "${HF_SHELL[@]}" "${HF_INPUT[@]}" -i --warmup "$WARMUP" --runs "$RUNS" \
    --export-json "$SCRATCH/cached.json" --export-markdown "$SCRATCH/cached.md" \
    -n "bash floor (reads stdin)" "$FLOOR" \
    -n "agentops run guard (harmless)" "$BIN --project $PROJECT run guard --input $HARMLESS -q" \
    -n "agentops run guard (blocked)" "$BIN --project $PROJECT run guard --input $BLOCKED -q"
echo
cat "$SCRATCH/cached.md"
echo
echo "medians:"
print_medians "$SCRATCH/cached.json"

echo
echo "== instantiate + call inside one fresh process (\`agentops run -v\` prints it), median of 51 runs"
for input in "$HARMLESS" "$BLOCKED"; do
    for _ in $(seq 51); do
        "$BIN" --project "$PROJECT" run guard --input "$input" -v 2>&1 >/dev/null | sed -n 's/^note: ran in //p' || true
    done | python3 -c '
import statistics, sys
ms = [float(t[:-2]) / 1000 if t.endswith("µs") else float(t[:-2]) for t in sys.stdin.read().split()]
print(f"  median {statistics.median(ms):8.3f} ms   first call of the process, {sys.argv[1]}")' "$(basename "$input")"
done

echo
echo "== peak memory (max RSS) of one cached run"
for input in "$HARMLESS" "$BLOCKED"; do
    kb=$( { /usr/bin/time -f %M "$BIN" --project "$PROJECT" run guard --input "$input" -q 2>&1 >/dev/null || true; } | tail -n1)
    echo "  $kb KB ($((kb / 1024)) MB)   agentops run guard --input $(basename "$input")"
done

echo
echo "== first run of a new component: empty cache each time, $FIRST_RUNS runs"
FRESH="$SCRATCH/fresh-cache"
AGENTOPS_CACHE_DIR="$FRESH" hyperfine "${HF_SHELL[@]}" --runs "$FIRST_RUNS" --prepare "rm -rf $FRESH" \
    --export-json "$SCRATCH/first.json" --export-markdown "$SCRATCH/first.md" \
    -n "agentops run guard (empty cache)" "$BIN --project $PROJECT run guard --input $HARMLESS -q"
echo
cat "$SCRATCH/first.md"
echo
echo "medians:"
print_medians "$SCRATCH/first.json"
WASM=target/builtin-skills/wasm32-wasip2/release/guard.wasm
if [ -f "$WASM" ]; then
    python3 - "$SCRATCH/first.json" "$(stat -c %s "$WASM")" <<'EOF'
import json, sys
median = json.load(open(sys.argv[1]))["results"][0]["median"]
size = int(sys.argv[2])
print(f"  guard.wasm is {size} bytes: {median / (size / 1e6):.2f} s per MB (whole process)")
EOF
fi
kb=$( { AGENTOPS_CACHE_DIR="$SCRATCH/rss-cache" /usr/bin/time -f %M "$BIN" --project "$PROJECT" run guard \
    --input "$HARMLESS" -q 2>&1 >/dev/null || true; } | tail -n1)
echo "  peak memory of a first run: $kb KB ($((kb / 1024)) MB)"

echo
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"
