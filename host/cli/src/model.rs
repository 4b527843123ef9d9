//! The sentence-embedding model a ledger ranks queries by meaning with, when
//! `[ledger] model` names one (docs/ledger.md, "Ranking by meaning").

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use agentops_embed::Model;
use agentops_ledger::Ledger;
use agentops_ledger::semantic::Encoder;

use crate::error::Result;

/// `ledger`, ranking queries by meaning too when its config names a model
/// (a path relative to the project root, or absolute). The model is opened
/// on its first use, by the read that needs it, on the thread that embeds
/// the query while the index is checked: opening it (2 ms: mapping the
/// weights, building the vocabulary) is then off a lookup's critical path,
/// and reads that rank by words alone never open it.
pub fn with_model(ledger: Ledger) -> Result<Ledger> {
    let Some(folder) = ledger.config().model.clone().filter(|m| !m.is_empty()) else { return Ok(ledger) };
    let dir = ledger.root().join(&folder);
    Ok(ledger.with_encoder(Arc::new(Deferred { dir, folder, model: OnceLock::new() })))
}

/// all-MiniLM-L6-v2 from `dir`, opened once, on first use.
struct Deferred {
    dir: PathBuf,
    /// As written in agentops.toml, for the hint.
    folder: String,
    model: OnceLock<std::result::Result<Model, String>>,
}

impl Deferred {
    fn opened(&self) -> &std::result::Result<Model, String> {
        self.model.get_or_init(|| {
            Model::open(&self.dir).map_err(|e| {
                format!(
                    "{e}\n  hint: or remove `model = \"{}\"` from [ledger] in .agents/agentops.toml to rank by words alone",
                    self.folder
                )
            })
        })
    }

    fn model(&self) -> &Model {
        self.opened().as_ref().expect("the ledger opens an encoder before using it")
    }
}

impl Encoder for Deferred {
    fn open(&self) -> std::result::Result<(), String> {
        self.opened().as_ref().map(|_| ()).map_err(Clone::clone)
    }

    fn fingerprint(&self) -> [u8; 16] {
        self.model().fingerprint()
    }

    fn dims(&self) -> usize {
        self.model().dims()
    }

    fn embed(&self, text: &str) -> Vec<f32> {
        self.model().embed(text)
    }
}
