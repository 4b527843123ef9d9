//! The `ledger` import: a real component reads, writes and cites through the
//! host, only as far as skill.toml asks and the policy allows.

use serde_json::Value;

use crate::support::{Project, assert_skill_error, stderr, stdout};

/// A project with a ledger whose policy allows `allow`, one scoped rule, one
/// learning, and the ledger-client guest asking for `imports`.
fn ledger_project(allow: &str, imports: &str) -> Project {
    let p = Project::new();
    assert!(p.agentops(&["init"], "").status.success());
    let config = p.root().join(".agents/agentops.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[policy]\nallow = [{allow}]\n")).unwrap();
    p.write(
        ".agents/rules/R-migrations.md",
        "---\nid: R-migrations\nkind: rule\ntitle: Never edit an applied migration\npaths: [\"db/migrations/**\"]\n\
         created: 2026-11-01T00:00:00Z\n---\nAdd a new migration instead; applied ones are checksummed.\n",
    );
    p.write(
        ".agents/learnings/L-flaky.md",
        "---\nid: L-flaky\nkind: learning\ntitle: Retry the flaky payment webhook test\n\
         created: 2026-11-01T00:00:00Z\n---\nThe webhook test races the queue; await the job before asserting.\n",
    );
    p.install_guest("ledger-client", "ledger-client", &format!("[capabilities]\nimports = [{imports}]\n"));
    p
}

fn call(p: &Project, args: &[&str]) -> std::process::Output {
    let mut full = vec!["run", "ledger-client", "--json"];
    for arg in args {
        full.extend(["--arg", arg]);
    }
    p.agentops(&full, "")
}

fn data(out: &std::process::Output) -> Value {
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(out), stderr(out));
    let answer: Value = serde_json::from_str(&stdout(out)).unwrap();
    answer["data"].clone()
}

#[test]
fn reads_need_ledger_read_and_see_lookup_and_path_scope() {
    let p = ledger_project(r#""ledger.read""#, r#""ledger.read""#);
    let found = data(&call(&p, &["mode=lookup", "query=flaky webhook test"]));
    assert_eq!(found[0][0], "L-flaky", "{found}");
    assert_eq!(found[0][1], "learning");

    let scoped = data(&call(&p, &["mode=scoped", "paths=src/app.rs,db/migrations/0042_users.sql"]));
    assert_eq!(scoped.as_array().unwrap().len(), 1, "{scoped}");
    assert_eq!(
        (&scoped[0][0], &scoped[0][1], &scoped[0][3][0]),
        (&"R-migrations".into(), &"rule".into(), &"db/migrations/**".into())
    );
    let unscoped = data(&call(&p, &["mode=scoped", "paths=src/app.rs"]));
    assert_eq!(unscoped, Value::Array(vec![]), "the unscoped learning and the out-of-scope rule stay out");

    // Writing without `ledger.write` is refused by the host, and nothing is written.
    let out = call(&p, &["mode=propose", "title=t", "body=b"]);
    assert_skill_error(&out, &["needs the `ledger.write` capability"]);
    assert_eq!(std::fs::read_dir(p.root().join(".agents/learnings")).unwrap().count(), 1);
}

#[test]
fn writes_need_ledger_write_and_go_through_scoring_and_locks() {
    let p = ledger_project(r#""ledger.read", "ledger.write""#, r#""ledger.read", "ledger.write""#);
    let body = "Run `cargo test -p agentops-ledger --test ledger` after editing host/ledger/src/index/codec.rs: \
                the cache format has a version byte that must be bumped, because old caches would decode wrongly.";
    let id = data(&call(
        &p,
        &["mode=propose", "title=Bump the cache version byte when the codec changes", &format!("body={body}")],
    ));
    let id = id.as_str().unwrap().to_string();
    assert!(id.starts_with("L-"), "{id}");
    let item = std::fs::read_to_string(p.root().join(format!(".agents/learnings/{id}.md"))).unwrap();
    assert!(item.contains("quality:") && item.contains("ledger-client"), "scored and tagged: {item}");
    // Proposing the same lesson again the same day is the same learning.
    let again = data(&call(
        &p,
        &["mode=propose", "title=Bump the cache version byte when the codec changes", &format!("body={body}")],
    ));
    assert_eq!(again.as_str(), Some(id.as_str()));

    let finding = data(&call(&p, &["mode=finding", "message=Secret committed in config", "path=config/app.toml"]));
    let finding = finding.as_str().unwrap().to_string();
    let text = std::fs::read_to_string(p.root().join(format!(".agents/findings/{finding}.md"))).unwrap();
    for expected in [
        "kind: finding",
        "rule: ledger-client/demo",
        "severity: significant",
        "line: 7",
        "config/app.toml",
        "Fix: do the safe thing",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    // The finding is now scoped to its file.
    let scoped = data(&call(&p, &["mode=scoped", "paths=config/app.toml"]));
    assert_eq!(scoped[0][0].as_str(), Some(finding.as_str()), "{scoped}");

    assert_eq!(call(&p, &["mode=cite", "id=L-flaky", "how=applied"]).status.code(), Some(0));
    let log = std::fs::read_to_string(p.root().join(".agents/log/citations.jsonl")).unwrap();
    assert!(log.contains(r#""id":"L-flaky","how":"applied""#), "{log}");
    let out = call(&p, &["mode=cite", "id=L-flaky", "how=loved"]);
    assert_skill_error(&out, &["unknown citation `loved`"]);
    let out = call(&p, &["mode=cite", "id=L-nope", "how=applied"]);
    assert_skill_error(&out, &["no item with id `L-nope`"]);
}

#[test]
fn the_import_is_refused_at_load_without_a_grant() {
    // Asked by the skill but not allowed by the policy: refused before it runs.
    let p = ledger_project(r#""workspace.read""#, r#""ledger.read""#);
    let out = call(&p, &["mode=lookup", "query=x"]);
    assert_skill_error(&out, &["agentops:skill/ledger", "policy"]);
    // A project without a ledger has nothing to read.
    let bare = Project::new();
    bare.install_guest("ledger-client", "ledger-client", "[capabilities]\nimports = [\"ledger.read\"]\n");
    assert_eq!(data(&call(&bare, &["mode=lookup", "query=x"])), Value::Array(vec![]));
}

/// The model `scripts/fetch-model.sh` fetches; `None` (the test says it is
/// skipped) when it is missing, unless `CI=true`, where it must be there.
fn fetched_model() -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/models/all-minilm-l6-v2");
    match dir.join("model.safetensors").is_file() {
        true => Some(dir.canonicalize().unwrap()),
        false if std::env::var("CI").as_deref() == Ok("true") => panic!("no model at {}", dir.display()),
        false => {
            eprintln!("skipped: ranking by meaning needs the model (bash scripts/fetch-model.sh)");
            None
        }
    }
}

#[test]
fn a_skills_lookup_ranks_by_meaning_when_the_project_names_a_model() {
    let Some(model) = fetched_model() else { return };
    let p = ledger_project(r#""ledger.read""#, r#""ledger.read""#);
    let symptom = "query=red builds that go green when rerun";
    assert_eq!(data(&call(&p, &["mode=lookup", symptom])), Value::Array(vec![]), "no shared word");
    let config = p.root().join(".agents/agentops.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("[ledger]\n", &format!("[ledger]\nmodel = {:?}\n", model.display().to_string())),
    )
    .unwrap();
    let found = data(&call(&p, &["mode=lookup", symptom]));
    assert_eq!(found[0][0], "L-flaky", "closest in meaning: {found}");
}
