//! The sentence-embedding model a ledger ranks queries by meaning with, when
//! `[ledger] model` names one (docs/ledger.md, "Ranking by meaning").

use std::sync::Arc;

use agentops_embed::Model;
use agentops_ledger::Ledger;

use crate::error::{CliError, Result};

/// `ledger`, ranking queries by meaning too when its config names a model
/// (a path relative to the project root, or absolute).
pub fn with_model(ledger: Ledger) -> Result<Ledger> {
    let Some(folder) = ledger.config().model.as_deref().filter(|m| !m.is_empty()) else { return Ok(ledger) };
    let dir = ledger.root().join(folder);
    let model = Model::open(&dir).map_err(|e| {
        CliError::usage(e.to_string()).hint(format!(
            "or remove `model = \"{folder}\"` from [ledger] in .agents/agentops.toml to rank by words alone"
        ))
    })?;
    Ok(ledger.with_encoder(Arc::new(model)))
}
