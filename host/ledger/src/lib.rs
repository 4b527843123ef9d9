//! The `.agents/` ledger: learnings, patterns, rules, findings and handoffs as
//! plain files reviewed like code. Links no WebAssembly runtime.
//!
//! One item per file (YAML frontmatter + markdown), written atomically;
//! append-only JSONL logs written under an advisory lock; a scored capture
//! path with git provenance; a BM25F retrieval index persisted under
//! `.agents/cache/`, ranking, token-budgeted inject and citations. Every command is a library function that returns
//! data; the CLI prints it. The file format is documented in docs/ledger.md.
// Exceptions, each documented where it is: cache files are mapped
// (`mapped.rs`), and two kernels run a build for the CPU's own instructions
// (`semantic/quantized.rs`, `semantic/signs.rs`).
#![deny(unsafe_code)]

mod atomic;
mod capture;
mod citation_log;
mod citations;
mod config;
mod decay;
mod dedupe;
mod error;
mod filter;
mod finding;
mod flywheel;
mod forge;
mod frontmatter;
mod global;
/// `GOALS.md`, gates, fitness snapshots and the ratchet: a namespace of its
/// own, since its `Status`, `Check` and `Next` would clash with other names here.
pub mod goals;
mod handoff;
mod harvest;
mod history;
mod ids;
mod index;
mod init;
mod inject;
mod item;
mod jsonl;
mod lifecycle;
mod lineage;
mod lock;
mod mapped;
mod promote;
mod provenance;
mod rank;
mod retrieve;
mod scoped;
mod scoring;
/// Ranking by meaning: the encoder a ledger can be given.
pub mod semantic;
mod session;
mod store;
mod time;
/// The watcher that spares reads of a large ledger their per-file stats.
pub mod watch;

pub use atomic::{AtomicFile, write_atomic};
pub use capture::Draft;
pub use citation_log::{Citation, CitationLog};
pub use citations::{CITATIONS_LOG, How, UTILITY_ALPHA};
pub use config::{FlywheelConfig, LedgerConfig, Promotion, PromotionStep, TierThresholds, Watch, Weights};
pub use decay::decay;
pub use dedupe::NEAR_DUPLICATE;
pub use error::{FileError, LedgerError};
pub use filter::Filter;
pub use finding::FindingDraft;
pub use flywheel::{Flywheel, Metrics, Trend, Verdict, Window};
pub use forge::{
    Cited, Decision, DropReason, Event as TranscriptEvent, EventKind as TranscriptEventKind, ForgeReport, ForgeRequest,
    Format as TranscriptFormat, Meta as TranscriptMeta, Outcome as ToolOutcome, Proposal, Rule as ForgeRule, ToolCall,
    ToolResult, TranscriptRead, TranscriptReader, is_project_transcript, project_transcripts,
};
pub use frontmatter::{parse as parse_item, render as render_item};
pub use global::{GLOBAL_ENV, global_root};
pub use handoff::{CONSUMED, CONSUMED_BY, Consumed, Consumption, HandoffDraft, consumption, is_open};
pub use harvest::{HARVESTED_AT, HARVESTED_FROM, Harvest, Skip as HarvestSkip};
pub use history::Revision;
pub use ids::derive_id;
pub use index::{CACHE_FILE, DELTA_FILE, DocMeta, Index, Refreshed};
pub use init::{CONFIG_FILE, InitAction, InitReport, LEDGER_DIR};
pub use inject::{HEADER as INJECT_HEADER, InjectRequest, Injection, SESSION_TOKENS, estimate_tokens, render_markdown};
pub use item::{Citations, Item, Kind, Scores, Source, Status, Tier};
pub use jsonl::append_jsonl;
pub use lineage::{PROMOTED_FROM, promoted_from};
pub use promote::{Candidate, Evidence, Promoted, PromotionPlan, next_kind};
pub use provenance::{Provenance, provenance};
pub use rank::{Query, Ranked, SCOPE_BOOST, tier_factor};
pub use retrieve::{Both, Hit, Retrieval};
pub use scoring::{ScoreInput, Similar, quality, score};
pub use session::SessionState;
pub use store::{Ledger, Loaded};
pub use time::Timestamp;
