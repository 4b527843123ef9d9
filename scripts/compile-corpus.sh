#!/usr/bin/env bash
# The compiler's benchmark corpus: 80 skills (each with a references file and
# an executable script), 10 commands, 5 agents, 2 MCP servers in
# .agents/agentops.toml, 3 ledger rules.
#
# Usage:
#   scripts/compile-corpus.sh DIR     write the corpus into DIR (a new git repository)
#   scripts/compile-corpus.sh --bench time `agentops compile --runtime all` on it
#
# --bench builds agentops (release) and times with hyperfine the first
# compile of a fresh corpus, then the up-to-date compile; in that second
# hyperfine run it also times `rulesync generate` for the same four runtimes
# on the same corpus (imported by rulesync from the compiled Claude Code
# files: the same skills, commands, agents, rules, MCP servers and hooks) and
# prints the ratio of the medians. rulesync needs Node >= 22: both come from
# npm (`rulesync`, and `node@22`, which ships a node binary) into
# target/rulesync/ when missing; if that install fails, the rulesync part is
# skipped with a message. AGENTOPS_BIN=PATH times that binary instead of
# building one. Results: docs/benchmarks.md ("Compiler").
set -euo pipefail

RULESYNC_VERSION=17.0.0

write_corpus() {
    local dir=$1
    mkdir -p "$dir/.agents/rules"
    git init -q "$dir"
    for i in $(seq -w 1 80); do
        s="$dir/skills/skill-$i"
        mkdir -p "$s/references" "$s/scripts"
        printf -- '---\nname: skill-%s\ndescription: Use when working on area %s of the project.\n---\n# Skill %s\n\nFollow references/guide.md; run scripts/check.sh first.\n' "$i" "$i" "$i" >"$s/SKILL.md"
        printf '# Guide %s\n\nStep one.\nStep two.\n' "$i" >"$s/references/guide.md"
        printf '#!/bin/sh\necho check %s\n' "$i" >"$s/scripts/check.sh"
        chmod +x "$s/scripts/check.sh"
    done
    {
        for i in $(seq -w 1 10); do
            printf '[[commands]]\nname = "command-%s"\ndescription = "Command %s"\nbody = "Do task %s with $ARGUMENTS.\\n"\n\n' "$i" "$i" "$i"
        done
        for i in $(seq 1 5); do
            printf '[[agents]]\nname = "agent-%s"\ndescription = "Agent %s reviews code."\ninstructions = "You are agent %s.\\n"\ntools = ["Read", "Grep"]\n\n' "$i" "$i" "$i"
        done
        printf '[mcp_servers.files]\ncommand = "npx"\nargs = ["-y", "server-filesystem", "."]\n\n'
        printf '[mcp_servers.docs]\nurl = "https://example.test/mcp"\n'
    } >"$dir/.agents/agentops.toml"
    for i in 1 2 3; do
        printf -- '---\nid: R-20261125-0000000%s\nkind: rule\ntitle: Rule %s\ncreated: 2026-11-25T09:30:00Z\nstatus: active\n---\n\nAlways do thing %s.\n' "$i" "$i" "$i" >"$dir/.agents/rules/R-20261125-0000000$i.md"
    done
}

if [ "${1:-}" != "--bench" ]; then
    write_corpus "${1:?usage: $0 DIR | --bench}"
    exit 0
fi

cd "$(dirname "$0")/.."
ROOT=$PWD

apt_install() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y "$@" || { $sudo apt-get update && $sudo apt-get install -y "$@"; }
}
command -v hyperfine >/dev/null || apt_install hyperfine

# AGENTOPS_BIN names a binary to time instead of building one.
BIN=${AGENTOPS_BIN:-}
if [ -z "$BIN" ]; then
    cargo build --release --locked -p agentops
    BIN="$ROOT/target/release/agentops"
fi

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
CORPUS="$SCRATCH/corpus"
SCRIPT="$ROOT/scripts/compile-corpus.sh"

# The first compile of a fresh corpus (every file and folder created), then the up-to-date one.
hyperfine -N --runs 10 --export-json "$SCRATCH/first.json" \
    --prepare "bash -c 'rm -rf $CORPUS && bash $SCRIPT $CORPUS'" \
    "$BIN --project $CORPUS compile --runtime all"
echo "== $(grep -c '"hash"' "$CORPUS/.agents/compiled.json") files written"

# rulesync and Node 22, from npm into target/rulesync/ when missing.
RULESYNC_DIR="$ROOT/target/rulesync"
NODE="$RULESYNC_DIR/node_modules/.bin/node"
RULESYNC="$RULESYNC_DIR/node_modules/rulesync/dist/cli/index.js"
rulesync_ready() {
    [ -x "$NODE" ] && [ -f "$RULESYNC" ] && "$NODE" -e 'process.exit(+process.versions.node.split(".")[0] >= 22 ? 0 : 1)'
}
rulesync=""
if rulesync_ready; then
    rulesync=yes
elif ! command -v npm >/dev/null; then
    echo "== rulesync: skipped (npm is not installed; it installs rulesync and node@22 into $RULESYNC_DIR)"
elif npm install --prefix "$RULESYNC_DIR" --no-audit --no-fund --loglevel=error \
    "rulesync@$RULESYNC_VERSION" node@22 && rulesync_ready; then
    rulesync=yes
else
    echo "== rulesync: skipped (installing rulesync@$RULESYNC_VERSION and node@22 from npm into $RULESYNC_DIR failed)"
fi

COMMANDS=("$BIN --project $CORPUS compile --runtime all")
if [ -n "$rulesync" ]; then
    # The same corpus in rulesync's source tree: imported from the compiled Claude Code files
    # (CLAUDE.md, .claude/skills, commands, agents, settings.json hooks, .mcp.json), into a
    # project that holds nothing else; generated once, so both tools time an up-to-date project.
    FEATURES=rules,mcp,commands,subagents,skills,hooks
    TARGETS=claudecode,codexcli,cursor,opencode
    IMPORT="$SCRATCH/rulesync-import"
    cp -a "$CORPUS" "$IMPORT"
    (cd "$IMPORT" && "$NODE" "$RULESYNC" import --targets claudecode --features "$FEATURES" --silent)
    RS_PROJECT="$SCRATCH/rulesync"
    mkdir -p "$RS_PROJECT"
    git init -q "$RS_PROJECT"
    cp -a "$IMPORT/.rulesync" "$RS_PROJECT/"
    echo "== rulesync $("$NODE" "$RULESYNC" --version) on Node $("$NODE" --version): $(find "$RS_PROJECT/.rulesync" -type f | wc -l) source files"
    GENERATE="$NODE $RULESYNC generate --targets $TARGETS --features $FEATURES --silent"
    (cd "$RS_PROJECT" && $GENERATE)
    echo "== rulesync generate writes $(git -C "$RS_PROJECT" ls-files --others --exclude-standard | grep -vc '^\.rulesync/') files"
    COMMANDS+=("$GENERATE")
fi

# rulesync reads its source tree from the working folder: run hyperfine there.
cd "${RS_PROJECT:-$CORPUS}"
hyperfine -N --warmup 3 --export-json "$SCRATCH/hyperfine.json" "${COMMANDS[@]}"
python3 - "$SCRATCH/first.json" "$SCRATCH/hyperfine.json" <<'EOF'
import json, sys
first = json.load(open(sys.argv[1]))["results"][0]
results = json.load(open(sys.argv[2]))["results"]
print(f"  median {first['median'] * 1000:9.2f} ms   agentops compile --runtime all, first compile")
for name, r in zip(["agentops compile --runtime all, up to date", "rulesync generate, up to date"], results):
    print(f"  median {r['median'] * 1000:9.2f} ms   {name}")
if len(results) == 2:
    ratio = results[1]["median"] / results[0]["median"]
    print(f"  rulesync generate / agentops compile (medians): {ratio:.0f}x")
EOF
