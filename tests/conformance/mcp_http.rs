//! The HTTP twin of `mcp_probe.js`: an MCP server over the Streamable HTTP
//! transport on loopback, in the test process. Each JSON-RPC request POSTed
//! to `/mcp` gets its answer as a JSON body; a notification gets `202
//! Accepted`; a GET (a client opening a server-sent event stream) gets `405`,
//! which the transport allows a server that sends nothing unasked. It lives
//! until the test process ends.

use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};

use serde_json::{Value, json};

use crate::server::read_request;

/// Listens on 127.0.0.1 (a free port) and returns the server's URL.
pub fn start() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding the MCP server to loopback");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || serve(stream));
        }
    });
    format!("http://127.0.0.1:{port}/mcp")
}

fn serve(stream: TcpStream) {
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader, &mut writer) {
        let (status, body) = match request.method.as_str() {
            "POST" => match serde_json::from_str::<Value>(&request.body) {
                Ok(message) if message.get("id").is_some_and(|id| !id.is_null()) => {
                    ("200 OK", answer(&message).to_string())
                }
                Ok(_) => ("202 Accepted", String::new()),
                Err(_) => ("400 Bad Request", String::new()),
            },
            "DELETE" => ("200 OK", String::new()),
            _ => ("405 Method Not Allowed", String::new()),
        };
        let head =
            format!("HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
        if writer.write_all(head.as_bytes()).and_then(|()| writer.write_all(body.as_bytes())).is_err() {
            return;
        }
    }
}

/// The answer to one request: what `mcp_probe.js` answers.
fn answer(request: &Value) -> Value {
    let id = request["id"].clone();
    let result = match request["method"].as_str().unwrap_or_default() {
        "initialize" => json!({
            "protocolVersion": request["params"]["protocolVersion"].as_str().unwrap_or("2025-06-18"),
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "probe-http", "version": "1.0.0"},
        }),
        "ping" => json!({}),
        "tools/list" => json!({"tools": [{
            "name": "probe_echo",
            "description": "Echoes its text.",
            "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}},
        }]}),
        "resources/list" => json!({"resources": []}),
        "resources/templates/list" => json!({"resourceTemplates": []}),
        "prompts/list" => json!({"prompts": []}),
        method => {
            let error = json!({"code": -32601, "message": format!("method not found: {method}")});
            return json!({"jsonrpc": "2.0", "id": id, "error": error});
        }
    };
    json!({"jsonrpc": "2.0", "id": id, "result": result})
}
