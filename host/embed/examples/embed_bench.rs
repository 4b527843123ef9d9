//! The median time to open the model and to embed a short query and an
//! item-sized text, on one thread.
//!
//! `cargo run --release -p agentops-embed --example embed_bench [-- [--once] MODEL_DIR]`
//!
//! With `--once` it opens the model and embeds the query once, as one
//! `agentops lookup` does, and prints nothing: the process to run under
//! `perf stat` or `perf record`.
//!
//! MODEL_DIR defaults to `$AGENTOPS_MODEL`, else to
//! `target/models/all-minilm-l6-v2` (scripts/fetch-model.sh puts it there).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use agentops_embed::Model;

const QUERY: &str = "the release build runs out of disk space on the smallest CI machines";
const ITEM: &str = "When the release build fails with 'No space left on device' on the smallest CI \
                    machines, the cause is usually the target folder: incremental artifacts and old \
                    dependency builds pile up across runs. Run cargo clean before the build, or cache \
                    only the registry and not target/, and set CARGO_INCREMENTAL=0 in CI, which \
                    also makes builds reproducible.";

/// The median of `runs` timings of `f`, after one run to warm caches.
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    std::hint::black_box(f());
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let (once, dir): (Vec<_>, Vec<_>) = std::env::args_os().skip(1).partition(|arg| arg == "--once");
    let dir = dir.into_iter().next().or_else(|| std::env::var_os("AGENTOPS_MODEL")).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/models/all-minilm-l6-v2"),
        PathBuf::from,
    );
    let model = Model::open(&dir).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2);
    });
    if !once.is_empty() {
        std::hint::black_box(model.embed(QUERY));
        return;
    }
    let open = median(20, || Model::open(&dir).expect("the model opened once"));
    println!("open                         {:8.2} ms (median of 20)", ms(open));
    for (what, text, runs) in [("query", QUERY, 50), ("item", ITEM, 20)] {
        let tokens = model.token_ids(text).len();
        let time = median(runs, || model.embed(text));
        println!("embed {what:5} ({tokens:3} tokens)   {:8.2} ms (median of {runs})", ms(time));
    }
}
