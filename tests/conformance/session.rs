//! What every runtime's session shares: finding the client, the empty network
//! namespace, the scratch project and home, running the client under a
//! deadline, and the assertions on what came of it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::server::{ModelServer, Step};

/// How long one client session may take before it is killed.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(120);
/// How long a whole test inside its namespace may take (setup, session, checks).
const NAMESPACE_TIMEOUT: Duration = Duration::from_secs(240);
/// Set in the test process re-run inside the namespace.
const INSIDE: &str = "AGENTOPS_CONFORMANCE_NETNS";

/// What the user asks in every session.
pub const PROMPT: &str = "Clean the project up, then write hi to out.txt.";
/// The learning added to the ledger before the session, which session start must inject.
const LEARNING_TITLE: &str = "Greetings go to out.txt";
const LEARNING_BODY: &str = "The smoke test reads out.txt: write hi to it with echo, never with printf.";
/// The lesson the model states at the end, for forge to capture.
const LESSON: &str = "Lesson learned: guard blocks `rm -rf` on the project root, so clean up with `git clean -n` \
                      first and delete only the build folder you mean, such as `rm -rf ./target`.";
/// What guard's denial of `rm -rf PROJECT` says.
const GUARD_RULE: &str = "guard/recursive-delete";

/// The client binary named by the environment variable `var`, or `None` once
/// the test has said why it is skipped. With `AGENTOPS_CONFORMANCE=required`
/// a missing prerequisite fails the test instead.
pub fn client(var: &str, name: &str) -> Option<PathBuf> {
    let reason = match std::env::var_os(var).map(PathBuf::from) {
        None => format!("{var} is not set (scripts/conformance.sh installs {name} and sets it)"),
        Some(path) if !path.is_file() => format!("{var}={} is not a file", path.display()),
        // Inside the namespace the checks were made already.
        Some(path) if std::env::var_os(INSIDE).is_some() => return Some(path),
        Some(path) => match namespaces() {
            Ok(()) => return Some(path),
            Err(why) => why.clone(),
        },
    };
    let test = test_name();
    assert!(
        std::env::var("AGENTOPS_CONFORMANCE").as_deref() != Ok("required"),
        "{test}: {reason} (AGENTOPS_CONFORMANCE=required)"
    );
    // Straight to standard error, past the test harness's capture: a skip is never silent.
    let _ = writeln!(std::io::stderr(), "SKIP {test}: {reason}; AGENTOPS_CONFORMANCE=required makes this a failure");
    None
}

/// Whether this machine lets us make an empty network namespace with loopback up.
fn namespaces() -> &'static Result<(), String> {
    static CHECKED: OnceLock<Result<(), String>> = OnceLock::new();
    CHECKED.get_or_init(|| {
        let out = Command::new("unshare")
            .args(["--net", "--pid", "--fork", "--kill-child", "sh", "-c", "ip link set lo up"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("`unshare` cannot be run: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "`unshare --net --pid` with `ip link set lo up` failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    })
}

/// The running test's name, as the harness named its thread.
fn test_name() -> String {
    std::thread::current().name().expect("the test harness names each test's thread").to_string()
}

/// Runs `body` inside an empty network namespace (loopback up) that is also a
/// PID namespace: the test re-runs itself there, and when it ends every
/// process left in the namespace (a client's children, a stray hook) is
/// killed with it.
pub fn offline(body: impl FnOnce()) {
    if std::env::var_os(INSIDE).is_some() {
        return body();
    }
    let test = test_name();
    let logs = tempfile::tempdir().unwrap();
    let mut namespace = Command::new("unshare");
    namespace
        .args(["--net", "--pid", "--fork", "--kill-child", "sh", "-c", r#"ip link set lo up && exec "$@""#, "sh"])
        .arg(std::env::current_exe().unwrap())
        .args([test.as_str(), "--exact", "--nocapture", "--test-threads=1"])
        .env(INSIDE, "1");
    let run = run_with_deadline(namespace, logs.path(), "namespace", NAMESPACE_TIMEOUT);
    print!("{}", run.stdout);
    eprint!("{}", run.stderr);
    let said = format!("\n--- stdout\n{}\n--- stderr\n{}", run.stdout, run.stderr);
    assert!(run.status.is_some(), "{test} did not finish within {NAMESPACE_TIMEOUT:?}{said}");
    assert!(run.status.is_some_and(|s| s.success()), "{test} failed in its namespace{said}");
    assert!(run.stdout.contains("1 passed"), "{test} ran no test in its namespace{said}");
}

/// What a process under a deadline came to.
#[derive(Debug)]
pub struct Run {
    /// `None` when it was killed at the deadline.
    pub status: Option<ExitStatus>,
    pub stdout: String,
    pub stderr: String,
    pub took: Duration,
}

/// Runs `command` with no input, its output in `dir/LABEL.stdout` and
/// `.stderr`, killing it at `deadline`.
fn run_with_deadline(mut command: Command, dir: &Path, label: &str, deadline: Duration) -> Run {
    let (out, err) = (dir.join(format!("{label}.stdout")), dir.join(format!("{label}.stderr")));
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out).unwrap())
        .stderr(fs::File::create(&err).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {label}: {e}"));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let read = |path: &Path| String::from_utf8_lossy(&fs::read(path).unwrap_or_default()).into_owned();
    Run { status, stdout: read(&out), stderr: read(&err), took: started.elapsed() }
}

/// The demo project copied into a scratch folder with a ledger holding one
/// learning, a scratch home, and a `bin` folder put first on the client's PATH.
/// Removed afterwards unless `AGENTOPS_CONFORMANCE_KEEP` is set.
#[derive(Debug)]
pub struct Scratch {
    /// Owns the scratch folder `root` while it is to be removed.
    _dir: Option<tempfile::TempDir>,
    root: PathBuf,
    pub project: PathBuf,
    pub home: PathBuf,
    bin: PathBuf,
    /// The id of the learning session start must inject.
    learning: String,
}

impl Scratch {
    /// A fresh copy of `examples/demo` (a git repository of its own, so no
    /// hook climbs to the workspace's) with `agentops init` and one learning.
    pub fn new(runtime: &str) -> Scratch {
        let dir =
            tempfile::Builder::new().prefix(&format!("{runtime}-")).tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let root = dir.path().canonicalize().unwrap();
        let (project, home, bin) = (root.join("project"), root.join("home"), root.join("bin"));
        for folder in [&project, &home, &bin] {
            fs::create_dir_all(folder).unwrap();
        }
        git2::Repository::init(&project).unwrap();
        copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo"), &project);
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_agentops"), bin.join("agentops")).unwrap();
        // The demo's MCP server starts through npx, which cannot fetch it offline and would
        // retry for half a minute; this npx fails at once, as it would for a missing package.
        write_executable(&bin.join("npx"), "#!/bin/sh\necho \"npx: offline ($*)\" >&2\nexit 1\n");
        let dir = if std::env::var_os("AGENTOPS_CONFORMANCE_KEEP").is_some() {
            println!("{runtime}: keeping {}", dir.keep().display());
            None
        } else {
            Some(dir)
        };
        let mut scratch = Scratch { _dir: dir, root, project, home, bin, learning: String::new() };
        scratch.agentops(&["init", "-q"]);
        let added = scratch.agentops(&[
            "learn",
            "add",
            "--title",
            LEARNING_TITLE,
            "--body",
            LEARNING_BODY,
            "--force",
            "--json",
        ]);
        let added: Value = serde_json::from_str(&added).unwrap();
        scratch.learning = added["id"].as_str().unwrap().to_string();
        scratch
    }

    /// Runs `agentops --project PROJECT ARGS...` and returns its standard output.
    pub fn agentops(&self, args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_agentops"))
            .arg("--project")
            .arg(&self.project)
            .args(args)
            .env("HOME", &self.home)
            .env("AGENTOPS_CACHE_DIR", component_cache())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "agentops {args:?}: {said}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// The model's script: `rm -rf` on the project, then a harmless command,
    /// then an answer that quotes the injected learning and states a lesson
    /// (what forge reads from the transcript).
    pub fn script(&self) -> Vec<Step> {
        vec![
            Step::Shell(format!("rm -rf {}", self.project.display())),
            Step::Shell("echo hi > out.txt".into()),
            Step::Text(format!(
                "Done: out.txt says hi, written with echo as {} asks, and the project is still there.\n\n{LESSON}",
                self.learning
            )),
        ]
    }

    /// A command running `program` in the project with nothing of our
    /// environment but PATH (our `bin` first): the scratch home, no terminal.
    pub fn client(&self, program: &Path) -> Command {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![self.bin.clone()];
        paths.extend(std::env::split_paths(&path));
        let mut command = Command::new(program);
        command
            .current_dir(&self.project)
            .env_clear()
            .env("HOME", &self.home)
            .env("PATH", std::env::join_paths(paths).unwrap())
            .env("TERM", "dumb")
            .env("LANG", "C.UTF-8")
            .env("AGENTOPS_CACHE_DIR", component_cache());
        command
    }

    /// Runs the client session, which must end on its own and succeed.
    pub fn run(&self, runtime: &str, command: Command) {
        let run = run_with_deadline(command, &self.root, runtime, CLIENT_TIMEOUT);
        println!("{runtime}: the session took {:.1} s", run.took.as_secs_f64());
        let said = format!("\n--- stdout\n{}\n--- stderr\n{}", tail(&run.stdout), tail(&run.stderr));
        assert!(run.status.is_some(), "{runtime} did not finish within {CLIENT_TIMEOUT:?}{said}");
        assert!(run.status.is_some_and(|s| s.success()), "{runtime} failed: {:?}{said}", run.status);
    }

    /// Runs a client command that must end on its own within `deadline`
    /// (its exit status is the caller's to judge), its output kept in the
    /// scratch folder as `LABEL.stdout` and `.stderr`.
    pub fn output(&self, label: &str, command: Command, deadline: Duration) -> Run {
        let run = run_with_deadline(command, &self.root, label, deadline);
        println!("{label}: took {:.1} s", run.took.as_secs_f64());
        let said = format!("\n--- stdout\n{}\n--- stderr\n{}", tail(&run.stdout), tail(&run.stderr));
        assert!(run.status.is_some(), "{label} did not finish within {deadline:?}{said}");
        run
    }

    /// Writes an executable `name` into the `bin` folder first on the
    /// client's PATH and returns its path.
    pub fn install(&self, name: &str, text: &str) -> PathBuf {
        let path = self.bin.join(name);
        write_executable(&path, text);
        path
    }

    /// The lines of `.agents/log/runs.jsonl`.
    pub fn runs(&self) -> Vec<Value> {
        let text = fs::read_to_string(self.project.join(".agents/log/runs.jsonl")).unwrap_or_default();
        text.lines().map(|line| serde_json::from_str(line).unwrap()).collect()
    }

    /// The run log's line for the session's stop.
    pub fn stop_line(&self) -> Value {
        let runs = self.runs();
        runs.iter().rev().find(|r| r["event"] == "stop").cloned().unwrap_or_else(|| panic!("no stop line: {runs:#?}"))
    }

    /// What every runtime must show after its session: session start injected
    /// the ledger, guard blocked `rm -rf` and its reason reached the model,
    /// the harmless command ran, and stop fired for the same session.
    pub fn assert_session(&self, server: &ModelServer) {
        let turns: Vec<String> = server.turns().iter().map(Value::to_string).collect();
        let paths: Vec<String> = server.requests().iter().map(|r| format!("{} {}", r.method, r.path)).collect();
        assert_eq!(turns.len(), 3, "the model's three scripted turns, one request each; requests: {paths:?}");

        // Session start: the ledger block is in the model's first request.
        assert!(turns[0].contains(&self.learning), "the learning {} is not in the first request", self.learning);
        assert!(turns[0].contains(LEARNING_TITLE), "the learning's title is not in the first request");

        // Before the tool: the files are there, and the model read why.
        for kept in ["GOALS.md", "src/app.rs", ".agents/agentops.toml", "skills/todo-check/skill.toml"] {
            assert!(self.project.join(kept).is_file(), "{kept} was deleted: `rm -rf` ran");
        }
        assert!(!turns[0].contains(GUARD_RULE), "the denial cannot precede the call");
        assert!(turns[1].contains(GUARD_RULE), "the denial's reason did not reach the model's next request");

        // The harmless command ran.
        let out = fs::read_to_string(self.project.join("out.txt")).unwrap_or_else(|e| panic!("out.txt: {e}"));
        assert_eq!(out, "hi\n");

        // The run log: the bridge did each of these, for one session.
        let runs = self.runs();
        let line = |event: &str, decision: &str| {
            let found = runs.iter().filter(|r| r["event"] == event && r["decision"] == decision);
            found.cloned().collect::<Vec<Value>>()
        };
        let starts = line("session-start", "context");
        assert_eq!(starts.len(), 1, "one session start that injected: {runs:#?}");
        let denied = line("pre-tool-use", "deny");
        assert_eq!(denied.len(), 1, "one denied tool call: {runs:#?}");
        assert_eq!(denied[0]["verdicts"][0], serde_json::json!({"skill": "guard", "mode": "gate", "verdict": "fail"}));
        assert_eq!(line("pre-tool-use", "allow").len(), 1, "one allowed tool call: {runs:#?}");
        let session = &starts[0]["session"];
        assert!(session.is_string() && runs.iter().all(|r| &r["session"] == session), "one session: {runs:#?}");
        assert_eq!(self.stop_line()["session"], *session);
        assert!(runs.iter().all(|r| r.get("error").is_none()), "{runs:#?}");
    }

    /// Stop forged the client's real transcript, a file under `folder` (the
    /// scratch home, where the client keeps it): the answer's lesson became
    /// a learning, and its quote of the injected learning a citation.
    pub fn assert_forged(&self, folder: &Path) {
        let stop = self.stop_line();
        let transcript = PathBuf::from(stop["transcript_path"].as_str().unwrap_or_else(|| panic!("{stop}")));
        assert!(transcript.starts_with(folder), "{} is not under {}", transcript.display(), folder.display());
        let text = fs::read_to_string(&transcript).unwrap_or_else(|e| panic!("{}: {e}", transcript.display()));
        assert!(text.contains("Lesson learned: guard blocks"), "the transcript does not hold the session");
        assert_eq!(stop["forged"]["cited"], serde_json::json!([self.learning]), "{stop}");
        let captured = stop["forged"]["captured"].as_array().unwrap_or_else(|| panic!("{stop}"));
        assert_eq!(captured.len(), 1, "{stop}");
        let lesson = self.project.join(format!(".agents/learnings/{}.md", captured[0].as_str().unwrap()));
        let lesson = fs::read_to_string(&lesson).unwrap_or_else(|e| panic!("{}: {e}", lesson.display()));
        assert!(lesson.contains("git clean -n"), "{lesson}");
    }

    /// Writes `text` to `rel` under the scratch home.
    pub fn write_home(&self, rel: &str, text: &str) {
        let path = self.home.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// One component cache for every session, shared with the end-to-end tests.
fn component_cache() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("component-cache")
}

/// Copies `from` into `to`, leaving out build output (`target/`).
fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                fs::create_dir_all(&target).unwrap();
                copy_tree(&source, &target);
            }
        } else {
            fs::copy(&source, &target).unwrap();
        }
    }
}

fn write_executable(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    fs::write(path, text).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

/// The last 4000 characters of `text`.
fn tail(text: &str) -> &str {
    let cut = text.char_indices().rev().nth(4000).map_or(0, |(i, _)| i);
    &text[cut..]
}
