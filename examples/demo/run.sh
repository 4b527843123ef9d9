#!/usr/bin/env bash
# The main job on the demo project: build agentops, build the demo's own
# skill, then run the built-in `guard` on sample tool calls and `todo-check`
# on the demo project, printing each verdict; then, in a scratch copy, compile
# the demo for all four agent runtimes (printing the fidelity and token
# reports), capture, look up and inject a learning, and validate a staged
# change with the validation flow.
set -euo pipefail
demo="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$demo/../.." && pwd)"

rustup target add wasm32-wasip2 >/dev/null 2>&1 || true
cargo build --release --locked --quiet --manifest-path "$root/Cargo.toml" -p agentops
agentops="$root/target/release/agentops"

"$agentops" --project "$demo" build

# A skill exits 1 when its verdict is FAIL: that is its answer, not a failure here.
verdict_in() {
    local project="$1" code=0
    shift
    "$agentops" --project "$project" "$@" || code=$?
    if [ "$code" -gt 1 ]; then
        echo "agentops $* failed with exit code $code" >&2
        exit "$code"
    fi
}
verdict() { verdict_in "$demo" run "$@"; }

for call in "$demo"/tool-calls/*.json; do
    echo "== $(basename "$call"): $(tr -s ' \n' ' ' <"$call")"
    verdict guard --input "$call"
done
echo "== todo-check: TODO markers left in the project"
verdict todo-check

echo "== compile: the demo for Claude Code, Codex, Cursor and OpenCode (in a scratch copy)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp -R "$demo/." "$scratch/"
rm -rf "$scratch/target"
"$agentops" --project "$scratch" compile --runtime all

echo "== ledger: capture a learning, look it up, inject it into a new session (same scratch copy)"
"$agentops" --project "$scratch" init -q
"$agentops" --project "$scratch" learn add \
    --title "Read secrets from the vault, never from .env" \
    --tag security --path "src/**" \
    --body 'Load credentials with `vault kv get secret/app` in `src/app.rs`, because guard blocks reads of `.env` and a leaked `.env` cost a key rotation on 2026-11-02. Otherwise the agent stalls on a blocked read.'
"$agentops" --project "$scratch" lookup "where do credentials come from"
"$agentops" --project "$scratch" inject --paths src/app.rs --max-tokens 400 --session demo-session
echo "== inject again in the same session: nothing is injected twice"
"$agentops" --project "$scratch" inject --paths src/app.rs --max-tokens 400 --session demo-session

echo "== validation: vibe, council (skipped: no judges here) and post-mortem on a staged change"
git -C "$scratch" init -q
git -C "$scratch" add -A
git -C "$scratch" -c user.name=demo -c user.email=demo@example.com commit -qm "the demo"
cat >"$scratch/src/app.rs" <<'RUST'
/// Greets the user.
pub fn greet(name: &str) -> String {
    dbg!(name);
    format!("Hello, {name}!")
}
RUST
git -C "$scratch" add src/app.rs
verdict_in "$scratch" flow run validation -v
