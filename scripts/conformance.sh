#!/usr/bin/env bash
# The conformance suite with the real clients (tests/conformance/): installs
# the pinned Claude Code, Codex and OpenCode from npm into target/conformance/,
# then builds agentops and runs each client offline, in an empty network
# namespace: whole sessions against the scripted model server, and what each
# client loaded from the compiled files (docs/converters.md, "Tested with the
# real clients"). Needs npm, `unshare` and `ip` (util-linux, iproute2), and
# root or unprivileged user namespaces.
#
# The machine's Node suffices: Claude Code's package declares node >= 22 but
# installs a native binary, Codex's launcher runs on node >= 16, OpenCode is a
# native binary, and the suite's stdio MCP server is a plain node script.
set -euo pipefail
cd "$(dirname "$0")/.."

clients="$PWD/target/conformance"
mkdir -p "$clients"
# Before loading plugins OpenCode installs `@opencode-ai/plugin` of its own
# version into each of its config folders; offline it cannot, so the suite
# installs it here and links it into those folders (tests/conformance/opencode.rs).
opencode=1.18.33
cat >"$clients/package.json" <<JSON
{
  "name": "agentops-conformance-clients",
  "private": true,
  "dependencies": {
    "@anthropic-ai/claude-code": "2.1.332",
    "@openai/codex": "0.169.0",
    "@opencode-ai/plugin": "$opencode",
    "opencode-ai": "$opencode"
  }
}
JSON
started=$SECONDS
npm install --prefix "$clients" --no-audit --no-fund --loglevel=error
echo "== the clients are installed in $clients ($((SECONDS - started)) s)"

bin="$clients/node_modules/.bin"
export AGENTOPS_CONFORMANCE=required
export AGENTOPS_CLAUDE="$bin/claude" AGENTOPS_CODEX="$bin/codex" AGENTOPS_OPENCODE="$bin/opencode"
export AGENTOPS_OPENCODE_DEPS="$clients"
# One session at a time, each printing how long it took.
cargo test --locked -p agentops --test conformance -- --nocapture --test-threads=1
