//! Fills a ledger's vector store with pseudo-random unit vectors under a
//! model's fingerprint, so that the time of a lookup by meaning can be
//! measured on a large generated ledger without embedding every item (about
//! 30 minutes of two cores at 100k). The vectors are meaningless; the work a
//! lookup does with them (read, search, dot products) is the real one.
//!
//! `cargo run --release -p agentops-ledger --example fill_vectors -- PROJECT MODEL_DIR`

use std::sync::Arc;

use agentops_ledger::Ledger;
use agentops_ledger::semantic::Encoder;

/// The model's identity, with vectors drawn from the text's hash.
struct Random {
    fingerprint: [u8; 16],
    dims: usize,
}

impl Encoder for Random {
    fn fingerprint(&self) -> [u8; 16] {
        self.fingerprint
    }

    fn dims(&self) -> usize {
        self.dims
    }

    fn embed(&self, text: &str) -> Vec<f32> {
        let mut bytes = vec![0u8; self.dims];
        blake3::Hasher::new().update(text.as_bytes()).finalize_xof().fill(&mut bytes);
        let v: Vec<f32> = bytes.iter().map(|b| f32::from(*b) - 127.5).collect();
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / norm).collect()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [project, model] = args.as_slice() else {
        eprintln!("usage: fill_vectors PROJECT MODEL_DIR");
        std::process::exit(2);
    };
    let model = agentops_embed::Model::open(std::path::Path::new(model)).unwrap_or_else(|e| panic!("{e}"));
    let random = Random { fingerprint: model.fingerprint(), dims: model.dims() };
    let ledger = Ledger::open(std::path::Path::new(project)).expect("a ledger").with_encoder(Arc::new(random));
    let started = std::time::Instant::now();
    let (filled, left) = ledger.embed_items(std::time::Duration::MAX).expect("filled");
    println!("{filled} vectors in {:.1} s; {left} left", started.elapsed().as_secs_f64());
}
