//! The model `[ledger] model` names, opened on its first use.
//!
//! Opening all-MiniLM-L6-v2 (mapping 90 MB of weights, building the
//! vocabulary) takes about 2 ms. Deferred, it happens on the thread that
//! embeds a query while the index is checked, off a lookup's critical path,
//! and reads that rank by words alone never pay it. Both the CLI and the
//! skills' `ledger` import rank with it.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use super::Encoder;
use crate::store::Ledger;

impl Ledger {
    /// This ledger, ranking queries by meaning too when its config names a
    /// model (a folder relative to the project root, or absolute). A model
    /// that cannot be opened fails the first read that ranks by meaning,
    /// naming the file.
    pub fn with_configured_model(self) -> Ledger {
        let Some(folder) = self.config().model.clone().filter(|m| !m.is_empty()) else { return self };
        let dir = self.root().join(&folder);
        self.with_encoder(Arc::new(Deferred { dir, folder, model: OnceLock::new() }))
    }
}

/// all-MiniLM-L6-v2 from `dir`, opened once, on first use.
struct Deferred {
    dir: PathBuf,
    /// As written in agentops.toml, for the hint.
    folder: String,
    model: OnceLock<Result<agentops_embed::Model, String>>,
}

impl Deferred {
    fn opened(&self) -> &Result<agentops_embed::Model, String> {
        self.model.get_or_init(|| {
            agentops_embed::Model::open(&self.dir).map_err(|e| {
                format!(
                    "{e}\n  hint: or remove `model = \"{}\"` from [ledger] in .agents/agentops.toml to rank by words alone",
                    self.folder
                )
            })
        })
    }

    fn model(&self) -> &agentops_embed::Model {
        self.opened().as_ref().expect("the ledger opens an encoder before using it")
    }
}

impl Encoder for Deferred {
    fn open(&self) -> Result<(), String> {
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
