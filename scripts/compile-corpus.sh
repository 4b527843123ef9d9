#!/usr/bin/env bash
# Writes the compiler's benchmark corpus into DIR (a new git repository):
# 80 skills (each with a references file and an executable script), 10
# commands, 5 agents, 2 MCP servers in .agents/agentops.toml, 3 ledger rules.
# Usage: scripts/compile-corpus.sh DIR
set -euo pipefail
dir="${1:?usage: $0 DIR}"
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
