//! A client of `codex app-server` over stdio: JSON-RPC 2.0 without the
//! `"jsonrpc"` member, one message per line. Requests get their answer by id;
//! every notification the server sends is kept, for the test to read (the
//! `configWarning`s, the MCP servers' startup states).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[derive(Debug)]
pub struct AppServer {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    next_id: u64,
    deadline: Instant,
    /// Every notification so far, in order.
    pub notifications: Vec<Value>,
}

impl AppServer {
    /// Starts `command` (a `codex app-server`), its standard error in
    /// `stderr`, and says `initialize`; everything must be done by `timeout`.
    pub fn start(mut command: Command, stderr: &Path, timeout: Duration) -> AppServer {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(stderr).unwrap())
            .spawn()
            .expect("starting codex app-server");
        let stdout = child.stdout.take().unwrap();
        let (send, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut server = AppServer {
            child,
            stdin,
            lines,
            next_id: 1,
            deadline: Instant::now() + timeout,
            notifications: Vec::new(),
        };
        server.request("initialize", json!({"clientInfo": {"name": "agentops-conformance", "version": "1"}}));
        server.notify("initialized");
        server
    }

    /// Sends a request and returns its `result`; an `error` answer fails the test.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"id": id, "method": method, "params": params}));
        loop {
            let message = self.next(&format!("the answer to {method}"));
            if message.get("method").is_some() {
                self.notifications.push(message);
                continue;
            }
            if message["id"] == id {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
        }
    }

    /// Reads notifications until one named `method` satisfies `done`, and returns it.
    pub fn wait_for(&mut self, method: &str, done: impl Fn(&Value) -> bool) -> Value {
        if let Some(found) = self.notifications.iter().find(|n| n["method"] == method && done(&n["params"])) {
            return found.clone();
        }
        loop {
            let message = self.next(&format!("a {method} notification"));
            let found = message["method"] == method && done(&message["params"]);
            self.notifications.push(message.clone());
            if found {
                return message;
            }
        }
    }

    /// The notifications named `method`, their params.
    pub fn notified(&self, method: &str) -> Vec<Value> {
        self.notifications.iter().filter(|n| n["method"] == method).map(|n| n["params"].clone()).collect()
    }

    /// Closes the server's input, which ends it; killed if it lingers.
    pub fn close(mut self) {
        drop(self.stdin.take());
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if self.child.try_wait().unwrap().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn notify(&mut self, method: &str) {
        self.send(&json!({"method": method}));
    }

    fn send(&mut self, message: &Value) {
        let stdin = self.stdin.as_mut().expect("the server's input is open");
        writeln!(stdin, "{message}").and_then(|()| stdin.flush()).expect("writing to codex app-server");
    }

    fn next(&mut self, waiting_for: &str) -> Value {
        let left = self.deadline.saturating_duration_since(Instant::now());
        match self.lines.recv_timeout(left) {
            Ok(line) => serde_json::from_str(&line).unwrap_or_else(|e| panic!("codex app-server said {line:?}: {e}")),
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                panic!("codex app-server: no {waiting_for} in time; so far: {:#?}", self.notifications)
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("codex app-server ended before {waiting_for}; so far: {:#?}", self.notifications)
            }
        }
    }
}

impl Drop for AppServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
