//! What a target could not say as the source said it. Each emitter records,
//! per item and field, whether it lowered (said it differently), emulated (built
//! it from other features) or dropped it, and why; `--strict` fails on drops.

use std::fmt;

use crate::emit::Runtime;

/// How a field survived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Treatment {
    /// Expressed in the target's own, weaker or different, terms.
    Lowered,
    /// Rebuilt from another feature (a command as a skill).
    Emulated,
    /// Not written at all.
    Dropped,
}

impl Treatment {
    pub fn as_str(self) -> &'static str {
        match self {
            Treatment::Lowered => "lowered",
            Treatment::Emulated => "emulated",
            Treatment::Dropped => "dropped",
        }
    }
}

/// One entry: `skill \`tdd\`` / `hooks.pre-compact` / dropped / why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    pub item: String,
    pub field: String,
    pub treatment: Treatment,
    pub why: String,
}

/// All notes for one target, sorted by item then field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FidelityReport {
    pub runtime: Runtime,
    pub notes: Vec<Note>,
}

impl FidelityReport {
    pub(crate) fn new(runtime: Runtime) -> Self {
        FidelityReport { runtime, notes: Vec::new() }
    }

    pub(crate) fn note(&mut self, item: impl Into<String>, field: &str, treatment: Treatment, why: impl Into<String>) {
        self.notes.push(Note { item: item.into(), field: field.to_string(), treatment, why: why.into() });
    }

    pub(crate) fn finish(mut self) -> Self {
        self.notes.sort();
        self.notes.dedup();
        self
    }

    /// True when anything was dropped: what `--strict` refuses.
    pub fn has_drops(&self) -> bool {
        self.notes.iter().any(|n| n.treatment == Treatment::Dropped)
    }
}

impl fmt::Display for FidelityReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.notes.is_empty() {
            return writeln!(f, "{}: everything expressed natively", self.runtime);
        }
        writeln!(f, "{}:", self.runtime)?;
        for n in &self.notes {
            writeln!(f, "  {} {}: {} ({})", n.item, n.field, n.treatment.as_str(), n.why)?;
        }
        Ok(())
    }
}
