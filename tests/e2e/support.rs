//! Helpers shared by the end-to-end tests: a scratch project, a private cache,
//! and running the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A scratch project (a git repository) with its own component cache and
/// its own (empty) user-global ledger home, so no test reads the real home's.
pub struct Project {
    /// Owns the scratch folder holding `root`.
    _dir: tempfile::TempDir,
    root: PathBuf,
    cache: PathBuf,
    pub global: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        Project::init(dir, root)
    }

    /// A scratch project in a folder named `name`, for outputs that name
    /// themselves after the project's folder (the Claude Code plugin).
    pub fn named(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(name);
        Project::init(dir, root)
    }

    fn init(dir: tempfile::TempDir, root: PathBuf) -> Self {
        git2::Repository::init(&root).unwrap();
        Project { _dir: dir, root, cache: shared_cache(), global: tempfile::tempdir().unwrap() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Stages `paths` (project-relative) as they are on disk.
    pub fn stage(&self, paths: &[&str]) {
        let repo = git2::Repository::open(self.root()).unwrap();
        let mut index = repo.index().unwrap();
        for path in paths {
            index.add_path(Path::new(path)).unwrap();
        }
        index.write().unwrap();
    }

    /// Commits what is staged, as Ada.
    pub fn commit(&self, message: &str) {
        let repo = git2::Repository::open(self.root()).unwrap();
        let tree = repo.find_tree(repo.index().unwrap().write_tree().unwrap()).unwrap();
        let who = git2::Signature::now("Ada", "ada@example.com").unwrap();
        let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        repo.commit(Some("HEAD"), &who, &who, message, &tree, &parent.iter().collect::<Vec<_>>()).unwrap();
    }

    /// Runs `agentops --project ROOT ARGS... --json`; the exit code and the answer.
    pub fn agentops_json(&self, args: &[&str]) -> (Option<i32>, serde_json::Value) {
        let mut full = args.to_vec();
        full.push("--json");
        let out = self.agentops(&full, "");
        let answer =
            serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
        (out.status.code(), answer)
    }

    /// Runs `agentops --project ROOT ARGS...` with `stdin`.
    pub fn agentops(&self, args: &[&str], stdin: &str) -> Output {
        self.run(args, stdin, &[])
    }

    /// Runs `agentops --project ROOT ARGS...` with extra environment variables.
    pub fn agentops_env(&self, args: &[&str], env: &[(&str, PathBuf)]) -> Output {
        self.run(args, "", env)
    }

    /// Runs `agentops --project ROOT ARGS...` with `stdin` and extra environment variables.
    pub fn agentops_stdin_env(&self, args: &[&str], stdin: &str, env: &[(&str, PathBuf)]) -> Output {
        self.run(args, stdin, env)
    }

    fn run(&self, args: &[&str], stdin: &str, env: &[(&str, PathBuf)]) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_agentops"))
            .arg("--project")
            .arg(self.root())
            .args(args)
            .env("AGENTOPS_CACHE_DIR", &self.cache)
            .env("AGENTOPS_GLOBAL", self.global.path())
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    }
}

/// One cache for the whole test run, so each component compiles once.
fn shared_cache() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("component-cache")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The component of a test guest under `tests/guests/`, built once per test
/// run for wasm32-wasip2 in its own target folder.
pub fn guest(name: &str) -> Vec<u8> {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let dir = BUILT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("test-guests");
        let status = Command::new(env!("CARGO"))
            .args(["build", "--release", "--quiet", "--target", "wasm32-wasip2", "--manifest-path"])
            .arg(root.join("tests/guests/Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .status()
            .expect("running cargo to build the test guests");
        assert!(status.success(), "building tests/guests failed (is wasm32-wasip2 installed?)");
        target.join("wasm32-wasip2/release")
    });
    std::fs::read(dir.join(format!("{}.wasm", name.replace('-', "_")))).unwrap()
}

impl Project {
    /// Installs a test guest as the project skill `name` with this skill.toml.
    pub fn install_guest(&self, guest_name: &str, name: &str, skill_toml: &str) {
        self.write(
            &format!("skills/{name}/SKILL.md"),
            &format!("---\nname: {name}\ndescription: A test guest.\n---\nTest only.\n"),
        );
        let toml = format!("[skill]\ncomponent = \"{name}.wasm\"\n{skill_toml}");
        self.write(&format!("skills/{name}/skill.toml"), &toml);
        std::fs::write(self.root().join(format!("skills/{name}/{name}.wasm")), guest(guest_name)).unwrap();
    }
}

/// Asserts a skill error (exit 3) whose message holds every one of `needles`.
pub fn assert_skill_error(out: &Output, needles: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    for needle in needles {
        assert!(err.contains(needle), "expected `{needle}` in: {err}");
    }
}

/// A transcript of the ledger's forge fixtures
/// (`host/ledger/tests/fixtures/transcripts/`), e.g. `claude-code/session-lessons.jsonl`.
pub fn transcript_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../host/ledger/tests/fixtures/transcripts").join(name)
}

/// `[judges.NAME]` tables running the scripts of tests/fixtures/judges, one
/// per `(name, vendor, [script, args...])`, each with a 700 ms timeout.
pub fn judges_config(judges: &[(&str, &str, &[&str])]) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/judges");
    let mut config = String::new();
    for (name, vendor, args) in judges {
        let script = dir.join(args[0]).canonicalize().unwrap().display().to_string();
        let mut command = vec!["\"sh\"".to_string(), format!("\"{script}\"")];
        command.extend(args[1..].iter().map(|a| format!("\"{a}\"")));
        config.push_str(&format!(
            "\n[judges.{name}]\ncommand = [{}]\nvendor = \"{vendor}\"\ntimeout_ms = 700\n",
            command.join(", ")
        ));
    }
    config
}
