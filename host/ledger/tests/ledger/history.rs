//! Constructed histories: item files and citation lines with fixed
//! timestamps, written as a person or an older agentops would, so the
//! metrics over them can be computed by hand.

use agentops_ledger::{CITATIONS_LOG, Kind, Ledger, Timestamp, append_jsonl};

pub fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("test timestamps are valid")
}

/// A temp project whose `agentops.toml` holds `config`.
pub fn project_with(config: &str) -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    Ledger::init(dir.path()).unwrap();
    std::fs::write(dir.path().join(".agents/agentops.toml"), config).unwrap();
    let ledger = Ledger::open(dir.path()).unwrap();
    (dir, ledger)
}

/// Writes item `id` of `kind`, titled after its id, with frontmatter lines
/// `fields` (which must include `created`).
pub fn put(ledger: &Ledger, kind: Kind, id: &str, fields: &str) {
    let text = format!("---\nid: {id}\nkind: {}\ntitle: Item {id}\n{fields}---\n\nBody of {id}.\n", kind.name());
    std::fs::write(ledger.item_path(kind, id), text).unwrap();
}

/// Appends one citation line, as `cite` and `inject` write them.
pub fn cite(ledger: &Ledger, ts: &str, id: &str, how: &str, session: Option<&str>) {
    let line = serde_json::json!({"ts": at(ts).to_string(), "id": id, "how": how, "session": session});
    append_jsonl(&ledger.dir().join(CITATIONS_LOG), &line).unwrap();
}
