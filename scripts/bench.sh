#!/usr/bin/env bash
# Whole-process benchmarks of `agentops run guard` against the budgets of
# DESIGN.md section 9 (results: docs/benchmarks.md):
#   - one cached gate skill, beside a bash hook that only reads stdin (the floor);
#   - instantiate + call as the first call of a fresh process (`agentops run -v`);
#   - peak memory of one run;
#   - the first run of a new component (empty cache: compile + cache);
#   - the validation skills: `vibe` on a staged 2,000-line diff and `pre-mortem`
#     on a 300-line plan, whole process and inside it (inputs made by
#     make_change and make_plan below);
#   - council's own overhead: `agentops run council` with three instant judges,
#     beside bash running the same three judges in parallel on the same prompt.
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

# The median of 51 `note: ran in` figures (instantiate + call as the first call
# of a fresh process) that `agentops run -v` prints: LABEL, then the command.
median_ran_in() {
    local label=$1
    shift
    for _ in $(seq 51); do
        "$@" -v 2>&1 >/dev/null | sed -n 's/^note: ran in //p' || true
    done | python3 -c '
import statistics, sys
ms = [float(t[:-2]) / 1000 if t.endswith("µs") else float(t[:-2]) for t in sys.stdin.read().split()]
print(f"  median {statistics.median(ms):8.3f} ms   {sys.argv[1]}")' "$label"
}

echo
echo "== instantiate + call inside one fresh process (\`agentops run -v\` prints it), median of 51 runs"
for input in "$HARMLESS" "$BLOCKED"; do
    median_ran_in "first call of the process, $(basename "$input")" "$BIN" --project "$PROJECT" run guard --input "$input"
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

# Writes the files of a small Rust, Python and TypeScript project into DIR:
# STAGE `base` is the committed state; `change` edits every third function,
# adds three modules and a test file, for a diff of about 2,000 lines.
write_project() { # DIR STAGE
    python3 - "$1" "$2" <<'EOF'
import os, sys
root, stage = sys.argv[1], sys.argv[2]
def rust(i, value):
    return (f"pub fn handler_{i}(input: &str) -> usize {{\n    let trimmed = input.trim();\n"
            f"    if trimmed.is_empty() {{\n        return {value};\n    }}\n    trimmed.len() + {i}\n}}\n\n")
def python(i, value):
    return f"def handler_{i}(value):\n    if not value:\n        return {value}\n    return len(value) + {i}\n\n\n"
def typescript(i, value):
    return (f"export function handler{i}(value: string): number {{\n  if (value.length === 0) {{\n"
            f"    return {value};\n  }}\n  return value.length + {i};\n}}\n\n")
def write(rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write(text)
kinds = [("src/{}.rs", rust), ("app/{}.py", python), ("web/{}.ts", typescript)]
changed = stage == "change"
for n in range(9):
    pattern, make = kinds[n % 3]
    write(pattern.format(f"module_{n}"), "".join(make(i, int(changed and i % 3 == 0)) for i in range(20)))
if changed:
    for n, (pattern, make) in enumerate(kinds):
        write(pattern.format(f"feature_{n}"), "".join(make(i, 0) for i in range(56)))
    write("tests/handlers.rs", "".join(
        f"#[test]\nfn handler_{i}_counts() {{\n    assert_eq!(demo::handler_{i}(\"ab\"), {i + 2});\n}}\n\n"
        for i in range(56)))
EOF
}

# A staged change (see write_project) in a new repository DIR.
make_change() { # DIR
    git init -q "$1"
    write_project "$1" base
    git -C "$1" add -A
    git -C "$1" -c user.name=bench -c user.email=bench@example.com commit -qm base
    write_project "$1" change
    git -C "$1" add -A
}

# A 300-line plan with every part, numbered steps, and risks with mitigations.
make_plan() { # FILE
    python3 - "$1" <<'EOF'
import sys
out = ["# Move search to Postgres", "", "## Goal", "",
       "Serve search from Postgres full-text indexes instead of Elasticsearch, so one",
       "database holds both the data and the index, with search under 150 ms at p95.", "",
       "## Scope", "", "The search endpoint, the indexing job and their tests.", "",
       "## Non-goals", "", "Ranking changes, the search UI and analytics.", "", "## Steps", ""]
out += [f"{i}. Move index shard {i} to the new `tsvector` column and compare row counts" for i in range(1, 111)]
out += ["", "## Risks", ""]
for i in range(1, 53):
    out += [f"- Backfilling shard {i} locks the `documents` table",
            f"  - Mitigation: backfill shard {i} in batches of 5 000 rows with a pause"]
out += ["", "## Rollback", "", "Turn the `pg_search` flag off: Elasticsearch keeps serving until the last",
        "shard is verified, so the old path is back at once.", "", "## Test plan", ""]
out += [f"- Compare the top ten results of saved query {i} on both backends" for i in range(1, 54)]
out += ["", "## Acceptance criteria", "", "- p95 latency under 150 ms on the staging data set",
        "- The same top ten results as Elasticsearch for the saved queries"]
assert len(out) == 300, len(out)
open(sys.argv[1], "w").write("\n".join(out) + "\n")
EOF
}

CHANGE="$SCRATCH/change"
PLAN="$SCRATCH/plan.md"
make_change "$CHANGE"
make_plan "$PLAN"
DIFF_LINES=$(git -C "$CHANGE" diff --cached | wc -l)
PLAN_LINES=$(wc -l <"$PLAN")
run_vibe() { "$BIN" --project "$CHANGE" run vibe -q; }
run_plan() { "$BIN" --project "$PROJECT" run pre-mortem --input "$PLAN" -q; }
expect_exit 0 run_vibe
expect_exit 0 run_plan

echo
echo "== validation skills: vibe on a staged $DIFF_LINES-line diff, pre-mortem on a $PLAN_LINES-line plan, $RUNS runs after $WARMUP warmup"
hyperfine "${HF_SHELL[@]}" --warmup "$WARMUP" --runs "$RUNS" \
    --export-json "$SCRATCH/validation.json" --export-markdown "$SCRATCH/validation.md" \
    -n "agentops run vibe ($DIFF_LINES-line staged diff)" "$BIN --project $CHANGE run vibe -q" \
    -n "agentops run pre-mortem ($PLAN_LINES-line plan)" "$BIN --project $PROJECT run pre-mortem --input $PLAN -q"
echo
cat "$SCRATCH/validation.md"
echo
echo "medians:"
print_medians "$SCRATCH/validation.json"
echo
echo "== validation skills inside the process (git diff through the workspace import, instantiate, call), median of 51 runs"
median_ran_in "vibe, $DIFF_LINES-line staged diff (budget 50 ms)" "$BIN" --project "$CHANGE" run vibe
median_ran_in "pre-mortem, $PLAN_LINES-line plan (budget 20 ms)" "$BIN" --project "$PROJECT" run pre-mortem --input "$PLAN"

# Three judges that answer at once: what is left of `run council` is its own cost.
COUNCIL="$SCRATCH/council"
mkdir -p "$COUNCIL/.agents"
JUDGE="$SCRATCH/judge.sh"
printf '%s\n' '#!/bin/sh' 'cat >/dev/null' 'echo '"'"'{"verdict":"pass","confidence":0.9}'"'" >"$JUDGE"
{
    printf '[policy]\nallow = ["workspace.read", "git.read", "judge"]\n'
    for j in one two three; do printf '\n[judges.%s]\ncommand = ["sh", "%s"]\nvendor = "%s"\n' "$j" "$JUDGE" "$j"; done
} >"$COUNCIL/.agents/agentops.toml"
run_council() { "$BIN" --project "$COUNCIL" run council --input "$PLAN" -q; }
expect_exit 0 run_council
echo
echo "== council: three instant judges, beside bash running them in parallel on the same plan, $RUNS runs after $WARMUP warmup"
hyperfine --warmup "$WARMUP" --runs "$RUNS" \
    --export-json "$SCRATCH/council.json" --export-markdown "$SCRATCH/council.md" \
    -n "bash: three judges in parallel" "sh $JUDGE <$PLAN & sh $JUDGE <$PLAN & sh $JUDGE <$PLAN & wait" \
    -n "agentops run council (3 judges)" "$BIN --project $COUNCIL run council --input $PLAN -q"
echo
cat "$SCRATCH/council.md"
echo
echo "medians (council's overhead is the difference; budget 10 ms):"
print_medians "$SCRATCH/council.json"

echo
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"
