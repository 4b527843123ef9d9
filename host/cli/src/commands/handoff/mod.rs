//! `agentops handoff`: open work one session leaves for the next.

pub mod consume;
pub mod show;
pub mod write;

use std::process::ExitCode;

use agentops_ledger::{Item, consumption};
use serde_json::{Value, json};

use crate::cli::Global;
use crate::commands::learn::item_json;
use crate::error::Result;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record the open work for the next session, from a markdown file or standard input
    Write(write::Args),
    /// Show a handoff (default: the newest one no session has consumed)
    Show(show::Args),
    /// Mark a handoff consumed (default: the newest open one)
    Consume(consume::Args),
}

pub fn dispatch(g: &Global, command: &Command) -> Result<ExitCode> {
    match command {
        Command::Write(args) => write::cmd_write(g, args),
        Command::Show(args) => show::cmd_show(g, args),
        Command::Consume(args) => consume::cmd_consume(g, args),
    }
}

/// A handoff as JSON: the item, and when and by whom it was consumed.
fn handoff_json(item: &Item) -> Value {
    let mut value = item_json(item);
    let consumed = consumption(item);
    value["consumed"] = json!(consumed.as_ref().map(|c| c.at.map(|t| t.to_string())));
    value["consumed_by"] = json!(consumed.and_then(|c| c.session));
    value
}

/// "consumed by S at T", or "open".
fn state(item: &Item) -> String {
    match consumption(item) {
        None => "open".into(),
        Some(c) => {
            let by = c.session.map(|s| format!(" by {s}")).unwrap_or_default();
            let at = c.at.map(|t| format!(" at {t}")).unwrap_or_default();
            format!("consumed{by}{at}")
        }
    }
}
