//! Writes N synthetic learnings into a project's `.agents/` ledger, for the
//! retrieval benchmarks of docs/benchmarks.md ("Ledger").
//!
//! `cargo run --release -p agentops-ledger --example gen_ledger -- DIR N`
//!
//! Items are deterministic (a fixed linear congruential sequence picks words
//! from a small engineering vocabulary), about 60 words each, with tags,
//! paths, tiers and ages spread out, and written as plain files, as a hand
//! edit would; the index is built by the first read.

use std::path::Path;

use agentops_ledger::{Item, Kind, Ledger, Timestamp, parse_item, render_item, write_atomic};

const WORDS: &[&str] = &[
    "cargo",
    "build",
    "test",
    "lock",
    "wasmtime",
    "component",
    "cache",
    "hook",
    "session",
    "ledger",
    "index",
    "panic",
    "timeout",
    "retry",
    "deadlock",
    "mutex",
    "tokio",
    "serde",
    "json",
    "yaml",
    "toml",
    "glob",
    "path",
    "commit",
    "branch",
    "merge",
    "rebase",
    "clippy",
    "format",
    "release",
    "profile",
    "linker",
    "memory",
    "allocation",
    "thread",
    "channel",
    "socket",
    "http",
    "header",
    "token",
    "budget",
    "query",
    "ranking",
    "decay",
    "utility",
    "citation",
    "inject",
    "compile",
    "runtime",
    "sandbox",
    "policy",
    "capability",
    "manifest",
    "version",
    "pin",
    "upgrade",
    "regression",
    "benchmark",
    "flaky",
    "snapshot",
    "fixture",
    "database",
    "migration",
    "schema",
    "index_rebuild",
    "std::fs::rename",
    "fsync",
    "atomic",
    "rename",
    "append",
    "jsonl",
    "union",
    "gitattributes",
];
const FOLDERS: &[&str] = &["host/ledger/**", "host/cli/**", "host/runtime/**", "converters/**", "docs/*.md"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(n)) = (args.get(1), args.get(2).and_then(|n| n.parse::<u64>().ok())) else {
        eprintln!("usage: gen_ledger DIR N");
        std::process::exit(2);
    };
    let root = Path::new(dir);
    Ledger::init(root).expect("init");
    let ledger = Ledger::open(root).expect("open");
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |m: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % m
    };
    let now = Timestamp::now().unix();
    for i in 0..n {
        let mut words = |k: usize| (0..k).map(|_| WORDS[next(WORDS.len())]).collect::<Vec<_>>().join(" ");
        let title = format!("Item {i}: {}", words(5));
        let body = format!("\nUse `{}` because {}. Otherwise {}.\n", words(2), words(30), words(20));
        let tags = format!("[{}, {}]", WORDS[next(WORDS.len())], WORDS[next(WORDS.len())]);
        let tier = ["gold", "silver", "bronze"][next(3)];
        let updated = Timestamp::from_unix(now - (next(365) as i64) * 86_400);
        let id = format!("L-{}-{i:08x}", updated.compact_date());
        let text = format!(
            "---\nid: {id}\nkind: learning\ntitle: '{title}'\ntags: {tags}\npaths: ['{}']\ncreated: {updated}\n\
             tier: {tier}\n---\n{body}",
            FOLDERS[next(FOLDERS.len())]
        );
        let path = ledger.item_path(Kind::Learning, &id);
        let item: Item = parse_item(&path, text.as_bytes()).expect("generated items parse");
        let rendered = render_item(&path, &item).expect("render");
        write_atomic(&path, rendered.as_bytes()).expect("write");
    }
    println!("wrote {n} learnings under {}", root.join(".agents/learnings").display());
}
