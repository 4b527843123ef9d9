//! The scripted model server: a stand-in for the model's HTTP API on loopback.
//!
//! It speaks just enough of three APIs for a real client to hold a session:
//! the Anthropic Messages API (Claude Code; a JSON answer or server-sent
//! events, as the request asks), the OpenAI Responses API (Codex; always
//! streamed) and Chat Completions (OpenCode through `@ai-sdk/openai-compatible`;
//! streamed or not). A request that offers tools is a turn of the session and
//! gets the script's next step — a shell command to run, or a text answer
//! once the script is done; any other model request (a title, a quota check)
//! gets a short text. Every request is kept, so a test can read what the
//! client really sent.
//!
//! One thread per connection, keep-alive, `Content-Length` or chunked request
//! bodies; the server lives until the test process ends.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

/// The wire protocol the client speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// `POST /v1/messages` (Claude Code).
    AnthropicMessages,
    /// `POST /v1/responses` (Codex).
    OpenAiResponses,
    /// `POST /v1/chat/completions` (OpenCode).
    ChatCompletions,
}

/// One scripted turn of the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Call the client's shell tool with this command.
    Shell(String),
    /// Answer with this text and end the turn.
    Text(String),
}

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub body: String,
}

impl Request {
    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    /// Whether this request offers the model tools: a turn of the session.
    fn is_turn(&self) -> bool {
        self.json()["tools"].as_array().is_some_and(|tools| !tools.is_empty())
    }
}

#[derive(Debug)]
struct State {
    api: Api,
    script: Vec<Step>,
    requests: Mutex<Vec<Request>>,
    /// How many turns were answered.
    turns: Mutex<usize>,
}

/// A running server; dropping it leaves the listener to the process's end.
#[derive(Debug)]
pub struct ModelServer {
    pub port: u16,
    state: Arc<State>,
}

impl ModelServer {
    /// Listens on 127.0.0.1 (a free port) and answers turns from `script`.
    pub fn start(api: Api, script: Vec<Step>) -> ModelServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binding the model server to loopback");
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(State { api, script, requests: Mutex::default(), turns: Mutex::default() });
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                std::thread::spawn(move || serve(stream, &state));
            }
        });
        ModelServer { port, state }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every request so far, in the order received.
    pub fn requests(&self) -> Vec<Request> {
        self.state.requests.lock().unwrap().clone()
    }

    /// The bodies of the session's turns (the requests that offered tools), in order.
    pub fn turns(&self) -> Vec<Value> {
        self.requests().iter().filter(|r| r.is_turn()).map(Request::json).collect()
    }
}

/// Serves one connection until the client closes it.
fn serve(stream: TcpStream, state: &State) {
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader, &mut writer) {
        let (status, content_type, body) = answer(state, &request);
        let head = format!(
            "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\ncache-control: no-cache\r\n\r\n",
            body.len()
        );
        // A HEAD answer has the headers of a GET one and no body.
        let body = if request.method == "HEAD" { "" } else { body.as_str() };
        if writer.write_all(head.as_bytes()).and_then(|()| writer.write_all(body.as_bytes())).is_err() {
            return;
        }
    }
}

/// Reads one HTTP/1.1 request; `None` at the end of the connection or on a malformed request.
pub fn read_request(reader: &mut BufReader<TcpStream>, writer: &mut TcpStream) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut words = line.split_whitespace();
    let (method, path) = (words.next()?.to_string(), words.next()?.to_string());
    let (mut length, mut chunked) = (0usize, false);
    loop {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse().ok()?,
            "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
            "expect" if value.eq_ignore_ascii_case("100-continue") => {
                writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").ok()?;
            }
            _ => {}
        }
    }
    let body = if chunked { read_chunked(reader)? } else { read_exact(reader, length)? };
    Some(Request { method, path, body: String::from_utf8_lossy(&body).into_owned() })
}

fn read_exact(reader: &mut impl Read, length: usize) -> Option<Vec<u8>> {
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(body)
}

fn read_chunked(reader: &mut BufReader<TcpStream>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let size = usize::from_str_radix(line.trim().split(';').next()?, 16).ok()?;
        if size == 0 {
            // Trailers, up to the empty line.
            loop {
                line.clear();
                if reader.read_line(&mut line).ok()? == 0 || line.trim().is_empty() {
                    return Some(body);
                }
            }
        }
        body.extend(read_exact(reader, size)?);
        read_exact(reader, 2)?; // the chunk's CRLF
    }
}

/// Status, content type and body for `request`; the request is recorded.
fn answer(state: &State, request: &Request) -> (&'static str, &'static str, String) {
    state.requests.lock().unwrap().push(request.clone());
    let endpoint = request.path.split('?').next().unwrap_or_default();
    let expected = match state.api {
        Api::AnthropicMessages => "/v1/messages",
        Api::OpenAiResponses => "/v1/responses",
        Api::ChatCompletions => "/v1/chat/completions",
    };
    if request.method != "POST" {
        return ("200 OK", "application/json", "{}".into());
    }
    if endpoint.ends_with("/messages/count_tokens") {
        return ("200 OK", "application/json", json!({"input_tokens": 10}).to_string());
    }
    if endpoint != expected {
        return ("404 Not Found", "application/json", json!({"error": {"message": "no such endpoint"}}).to_string());
    }
    let body = request.json();
    let (step, n) = if request.is_turn() {
        let mut turns = state.turns.lock().unwrap();
        *turns += 1;
        let step = state.script.get(*turns - 1).or(state.script.last()).cloned();
        (step.unwrap_or_else(|| Step::Text("done".into())), *turns)
    } else {
        (Step::Text("ok".into()), 0)
    };
    let stream = body["stream"].as_bool().unwrap_or(false);
    let (content_type, text) = match state.api {
        Api::AnthropicMessages => anthropic(&step, n, &body, stream),
        Api::OpenAiResponses => responses(&step, n, &body),
        Api::ChatCompletions => chat(&step, n, &body, stream),
    };
    ("200 OK", content_type, text)
}

/// One server-sent event, named when `name` is given.
fn event(name: Option<&str>, data: &Value) -> String {
    match name {
        Some(name) => format!("event: {name}\ndata: {data}\n\n"),
        None => format!("data: {data}\n\n"),
    }
}

const SSE: &str = "text/event-stream";
const JSON: &str = "application/json";

/// Anthropic Messages: Claude Code's `Bash` tool takes `{command, description}`.
fn anthropic(step: &Step, n: usize, request: &Value, stream: bool) -> (&'static str, String) {
    let (id, model) = (format!("msg_scripted_{n}"), request["model"].clone());
    let (block, stop) = match step {
        Step::Shell(command) => (
            json!({"type": "tool_use", "id": format!("toolu_scripted_{n}"), "name": "Bash",
                   "input": {"command": command, "description": "scripted step"}}),
            "tool_use",
        ),
        Step::Text(text) => (json!({"type": "text", "text": text}), "end_turn"),
    };
    let usage = json!({"input_tokens": 10, "output_tokens": 5});
    if !stream {
        let message = json!({"id": id, "type": "message", "role": "assistant", "model": model, "content": [block],
                             "stop_reason": stop, "stop_sequence": null, "usage": usage});
        return (JSON, message.to_string());
    }
    let (start, delta) = match step {
        Step::Shell(_) => (
            json!({"type": "tool_use", "id": block["id"], "name": "Bash", "input": {}}),
            json!({"type": "input_json_delta", "partial_json": block["input"].to_string()}),
        ),
        Step::Text(text) => (json!({"type": "text", "text": ""}), json!({"type": "text_delta", "text": text})),
    };
    let events = [
        (
            "message_start",
            json!({"type": "message_start", "message": {"id": id, "type": "message", "role": "assistant",
            "model": model, "content": [], "stop_reason": null, "stop_sequence": null,
            "usage": {"input_tokens": 10, "output_tokens": 1}}}),
        ),
        ("content_block_start", json!({"type": "content_block_start", "index": 0, "content_block": start})),
        ("content_block_delta", json!({"type": "content_block_delta", "index": 0, "delta": delta})),
        ("content_block_stop", json!({"type": "content_block_stop", "index": 0})),
        (
            "message_delta",
            json!({"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": null},
            "usage": {"output_tokens": 5}}),
        ),
        ("message_stop", json!({"type": "message_stop"})),
    ];
    (SSE, events.iter().map(|(name, data)| event(Some(name), data)).collect())
}

/// OpenAI Responses, streamed: Codex offers `exec_command` (`{cmd}`); older
/// versions offered `shell` (`{command: [argv]}`).
fn responses(step: &Step, n: usize, request: &Value) -> (&'static str, String) {
    let offered = |name: &str| {
        request["tools"].as_array().is_some_and(|tools| tools.iter().any(|t| t["name"].as_str() == Some(name)))
    };
    let item = match step {
        Step::Shell(command) => {
            let (name, arguments) = if offered("exec_command") || !offered("shell") {
                ("exec_command", json!({"cmd": command}))
            } else {
                ("shell", json!({"command": ["bash", "-lc", command]}))
            };
            json!({"type": "function_call", "id": format!("fc_scripted_{n}"), "call_id": format!("call_scripted_{n}"),
                   "name": name, "arguments": arguments.to_string(), "status": "completed"})
        }
        Step::Text(text) => json!({"type": "message", "id": format!("msg_scripted_{n}"), "role": "assistant",
            "status": "completed", "content": [{"type": "output_text", "text": text, "annotations": []}]}),
    };
    let id = format!("resp_scripted_{n}");
    let usage = json!({"input_tokens": 10, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": 5,
                       "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 15});
    let events = [
        ("response.created", json!({"type": "response.created", "response": {"id": id}})),
        ("response.output_item.done", json!({"type": "response.output_item.done", "output_index": 0, "item": item})),
        ("response.completed", json!({"type": "response.completed", "response": {"id": id, "usage": usage}})),
    ];
    (SSE, events.iter().map(|(name, data)| event(Some(name), data)).collect())
}

/// Chat Completions: OpenCode's `bash` tool takes `{command, description}`.
fn chat(step: &Step, n: usize, request: &Value, stream: bool) -> (&'static str, String) {
    let (id, model) = (format!("chatcmpl_scripted_{n}"), request["model"].clone());
    let (content, calls, finish) = match step {
        Step::Shell(command) => {
            let arguments = json!({"command": command, "description": "scripted step"}).to_string();
            let call = json!({"id": format!("call_scripted_{n}"), "type": "function",
                              "function": {"name": "bash", "arguments": arguments}});
            (Value::Null, Some(call), "tool_calls")
        }
        Step::Text(text) => (json!(text), None, "stop"),
    };
    let usage = json!({"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15});
    if !stream {
        let mut message = json!({"role": "assistant", "content": content});
        if let Some(call) = &calls {
            message["tool_calls"] = json!([call]);
        }
        let completion = json!({"id": id, "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": finish}], "usage": usage});
        return (JSON, completion.to_string());
    }
    let chunk = |delta: Value, finish: Value| {
        json!({"id": id, "object": "chat.completion.chunk", "created": 0, "model": model,
               "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
    };
    let delta = match calls {
        Some(mut call) => {
            call["index"] = json!(0);
            json!({"role": "assistant", "tool_calls": [call]})
        }
        None => json!({"role": "assistant", "content": content}),
    };
    let last = json!({"id": id, "object": "chat.completion.chunk", "created": 0, "model": model, "choices": [],
                      "usage": usage});
    let mut text: String = [chunk(delta, Value::Null), chunk(json!({}), json!(finish)), last]
        .iter()
        .map(|data| event(None, data))
        .collect();
    text.push_str("data: [DONE]\n\n");
    (SSE, text)
}
