//! One read of a ledger as `agentops lookup` / `agentops inject` does it,
//! without the CLI around it: for profiling the read path (perf, timings)
//! on ledgers written by `gen_ledger`. Ranks by meaning too when the
//! ledger's config names a model, as the CLI does.
//!
//! `cargo run --release -p agentops-ledger --example ledger_read -- DIR lookup WORDS...`
//! `cargo run --release -p agentops-ledger --example ledger_read -- DIR inject [QUERY]`

use std::path::Path;

use agentops_ledger::{InjectRequest, Ledger, Query, Timestamp, render_markdown};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(what)) = (args.first(), args.get(1)) else {
        eprintln!("usage: ledger_read DIR lookup WORDS... | inject [QUERY]");
        std::process::exit(2);
    };
    let ledger = Ledger::open(Path::new(dir)).expect("a ledger").with_configured_model();
    let text = args[2..].join(" ");
    match what.as_str() {
        "lookup" => {
            let (hits, _) = ledger.lookup(&Query { text: &text, paths: &[] }, 5, Timestamp::now()).expect("lookup");
            for hit in hits {
                println!("{:.3}  {}  {}", hit.rank.score, hit.item.id, hit.item.title);
            }
        }
        "inject" => {
            let request = InjectRequest { query: Query { text: &text, paths: &[] }, max_tokens: 1500, session: None };
            let injection = ledger.inject(&request, Timestamp::now()).expect("inject");
            print!("{}", render_markdown(&injection.hits));
        }
        other => panic!("unknown command {other}"),
    }
}
