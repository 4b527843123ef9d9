#!/usr/bin/env node
// The conformance suite's MCP server: the least of the Model Context Protocol
// over stdio (one JSON-RPC message per line) that lets a client connect and
// list one tool. Configured as `[mcp_servers.probe]` in the scratch project,
// compiled into each runtime's MCP config, so a client that shows it
// connected has read that config and started it.
"use strict"
const readline = require("node:readline")

const send = (message) => process.stdout.write(JSON.stringify({ jsonrpc: "2.0", ...message }) + "\n")

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  let request
  try {
    request = JSON.parse(line)
  } catch {
    return
  }
  // Notifications (`notifications/initialized`...) get no answer.
  if (request.id === undefined || request.id === null) return
  const { id, method, params } = request
  switch (method) {
    case "initialize":
      return send({
        id,
        result: {
          // The client's own version: every client here speaks one the probe can answer.
          protocolVersion: params?.protocolVersion ?? "2025-06-18",
          capabilities: { tools: {} },
          serverInfo: { name: "probe", version: "1.0.0" },
        },
      })
    case "ping":
      return send({ id, result: {} })
    case "tools/list":
      return send({
        id,
        result: {
          tools: [
            {
              name: "probe_echo",
              description: "Echoes its text.",
              inputSchema: { type: "object", properties: { text: { type: "string" } } },
            },
          ],
        },
      })
    case "resources/list":
      return send({ id, result: { resources: [] } })
    case "resources/templates/list":
      return send({ id, result: { resourceTemplates: [] } })
    case "prompts/list":
      return send({ id, result: { prompts: [] } })
    default:
      return send({ id, error: { code: -32601, message: `method not found: ${method}` } })
  }
})
