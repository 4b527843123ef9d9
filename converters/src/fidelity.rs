//! What a target could not say as the source said it. Each emitter records,
//! per item and field, whether it lowered (said it differently), emulated (built
//! it from other features) or dropped it, and why; `--strict` fails on drops.

use std::cmp::Ordering;
use std::fmt;

use crate::model::HookEvent;
use crate::runtime::Runtime;

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

/// What a note is about: one item of the model, named as in its file. Kept
/// structured (not only as text) so a note can be traced back to the model,
/// e.g. to tell which fields a round trip through a runtime cannot keep.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    Skill(String),
    Command(String),
    Agent(String),
    Rule(String),
    /// Every binding of one event.
    Hook(HookEvent),
    McpServer(String),
    /// The project-wide allow / ask / deny lists.
    Permissions,
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Skill(n) => write!(f, "skill `{n}`"),
            Subject::Command(n) => write!(f, "command `{n}`"),
            Subject::Agent(n) => write!(f, "agent `{n}`"),
            Subject::Rule(n) => write!(f, "rule `{n}`"),
            Subject::Hook(e) => write!(f, "hook `{e}`"),
            Subject::McpServer(n) => write!(f, "MCP server `{n}`"),
            Subject::Permissions => f.write_str("permissions"),
        }
    }
}

/// Written as its text (`command \`review\``), as in the printed report.
impl serde::Serialize for Subject {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One entry: `skill \`tdd\`` / `hooks.pre-compact` / dropped / why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub item: Subject,
    pub field: String,
    pub treatment: Treatment,
    pub why: String,
}

/// Notes sort as they read: by the item's text, then field.
impl Ord for Note {
    fn cmp(&self, other: &Self) -> Ordering {
        let key = |n: &Note| (n.item.to_string(), n.field.clone(), n.treatment, n.why.clone());
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for Note {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
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

    pub(crate) fn note(&mut self, item: &Subject, field: &str, treatment: Treatment, why: impl Into<String>) {
        self.notes.push(Note { item: item.clone(), field: field.to_string(), treatment, why: why.into() });
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
