//! Printing what a conversion could not carry, shared by `import` and
//! `convert`: the importer's skips (left in the runtime's files) and notes
//! (dropped, lowered or emulated on the way out), as text or JSON.

use agentops_converters::Note;
use agentops_converters::import::Skipped;
use serde_json::{Value, json};

pub fn skipped_json(skipped: &[Skipped]) -> Value {
    let one = |s: &Skipped| json!({"path": s.path, "line": s.line, "what": s.what, "why": s.why});
    Value::Array(skipped.iter().map(one).collect())
}

pub fn notes_json(notes: &[Note]) -> Value {
    let one = |n: &Note| json!({"item": n.item, "field": n.field, "treatment": n.treatment.as_str(), "why": n.why});
    Value::Array(notes.iter().map(one).collect())
}

/// `heading:` then one indented line per skip; nothing when there are none.
pub fn print_skipped(heading: &str, skipped: &[Skipped]) {
    if skipped.is_empty() {
        return;
    }
    println!("{heading}:");
    for s in skipped {
        println!("  {s}");
    }
}

/// `heading:` then one indented line per note; nothing when there are none.
pub fn print_notes(heading: &str, notes: &[Note]) {
    if notes.is_empty() {
        return;
    }
    println!("{heading}:");
    for n in notes {
        println!("  {} {}: {} ({})", n.item, n.field, n.treatment.as_str(), n.why);
    }
}
