//! The `.agents/` ledger: learnings, patterns, rules, findings and handoffs as
//! plain files reviewed like code. Links no WebAssembly runtime.
//!
//! One item per file (YAML frontmatter + markdown), written atomically;
//! append-only JSONL logs written under an advisory lock; a scored capture
//! path with git provenance. Every command is a library function that returns
//! data; the CLI prints it. The file format is documented in docs/ledger.md.
#![forbid(unsafe_code)]

mod atomic;
mod capture;
mod config;
mod error;
mod filter;
mod frontmatter;
mod ids;
mod init;
mod item;
mod jsonl;
mod lifecycle;
mod provenance;
mod scoring;
mod store;
mod time;

pub use atomic::{AtomicFile, write_atomic};
pub use capture::Draft;
pub use config::{LedgerConfig, TierThresholds, Weights};
pub use error::{FileError, LedgerError};
pub use filter::Filter;
pub use frontmatter::{parse as parse_item, render as render_item};
pub use ids::derive_id;
pub use init::{CONFIG_FILE, InitAction, InitReport, LEDGER_DIR};
pub use item::{Citations, Item, Kind, Scores, Source, Status, Tier};
pub use jsonl::append_jsonl;
pub use provenance::{Provenance, provenance};
pub use scoring::{JaccardIndex, ScoreInput, Similar, quality, score};
pub use store::{Ledger, Loaded};
pub use time::Timestamp;
