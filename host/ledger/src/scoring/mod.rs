//! Scoring a draft on the five axes of DESIGN.md §6, then its quality and tier.
//!
//! Each axis is a small pure function in its own module whose doc comment gives
//! the formula (also in docs/ledger.md); values are rounded to three decimals
//! so the files stay readable and the scores reproducible.

mod actionability;
mod confidence;
mod context;
mod novelty;
mod quality;
mod specificity;
mod text;

pub use novelty::Similar;
pub use quality::quality;
pub(crate) use text::{first_heading, split_sentences};

use crate::item::Scores;

/// What scoring looks at: the draft's text and its provenance.
#[derive(Debug, Clone, Copy)]
pub struct ScoreInput<'a> {
    pub title: &'a str,
    /// Markdown.
    pub body: &'a str,
    /// The path globs the item declares.
    pub paths: &'a [String],
    /// The author's own confidence, if stated.
    pub declared_confidence: Option<f64>,
    /// Whether a commit was recorded as provenance.
    pub has_commit: bool,
    /// Whether a session or transcript was recorded as provenance.
    pub has_session: bool,
}

/// Scores a draft; `similar` knows the ledger's active items (for novelty).
pub fn score(input: &ScoreInput<'_>, similar: &dyn Similar) -> Scores {
    // The title is prose too: "Use nextest" is an instruction.
    let full = format!("{}\n\n{}", input.title, input.body);
    let analysis = text::analyze(&full);
    let context = context::ContextSignals::of(&analysis);
    let evidence = confidence::Evidence {
        declared: input.declared_confidence,
        commit: input.has_commit,
        session: input.has_session,
        grounded: context.source || context.error,
    };
    Scores {
        specificity: round3(specificity::specificity(&analysis, input.paths.len())),
        actionability: round3(actionability::actionability(&analysis)),
        novelty: round3(novelty::novelty(similar, &full)),
        context: round3(context.score()),
        confidence: round3(confidence::confidence(evidence)),
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_a_concrete_learning_on_every_axis() {
        let paths = vec!["host/ledger/**".to_string()];
        let input = ScoreInput {
            title: "Run ledger tests with `cargo test -p agentops-ledger`",
            body: "Use `--test ledger` because the crate links one test binary; otherwise it takes 40 s.\n",
            paths: &paths,
            declared_confidence: None,
            has_commit: true,
            has_session: false,
        };
        let scores = score(&input, &|_: &str| 0.2);
        assert_eq!(
            scores,
            Scores { specificity: 0.5, actionability: 0.5, novelty: 0.8, context: 0.4, confidence: 0.6 }
        );
    }

    #[test]
    fn rounds_to_three_decimals() {
        assert_eq!(round3(1.0 / 3.0), 0.333);
        assert_eq!(round3(0.0), 0.0);
    }
}
