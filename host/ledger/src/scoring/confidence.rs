//! Confidence: how sure can the next agent be that the item is true?
//!
//! The author's declared confidence, clamped to [0, 1], when there is one;
//! otherwise from evidence:
//!
//! confidence = 0.4 + 0.2 · [commit recorded] + 0.2 · [session or transcript recorded]
//!            + 0.2 · [cites a source or quotes an error]

/// What the item's provenance and text show.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    pub declared: Option<f64>,
    pub commit: bool,
    pub session: bool,
    /// A source or an error message in the text.
    pub grounded: bool,
}

/// The confidence of an item with this evidence.
pub fn confidence(evidence: Evidence) -> f64 {
    if let Some(declared) = evidence.declared.filter(|d| d.is_finite()) {
        return declared.clamp(0.0, 1.0);
    }
    let flag = |b: bool| if b { 0.2 } else { 0.0 };
    0.4 + flag(evidence.commit) + flag(evidence.session) + flag(evidence.grounded)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: Evidence = Evidence { declared: None, commit: false, session: false, grounded: false };

    #[test]
    fn declared_confidence_wins_and_is_clamped() {
        assert_eq!(confidence(Evidence { declared: Some(0.9), commit: true, ..NONE }), 0.9);
        assert_eq!(confidence(Evidence { declared: Some(7.0), ..NONE }), 1.0);
        assert_eq!(confidence(Evidence { declared: Some(-1.0), ..NONE }), 0.0);
        assert_eq!(confidence(Evidence { declared: Some(f64::NAN), ..NONE }), 0.4);
    }

    #[test]
    fn evidence_adds_up() {
        assert_eq!(confidence(NONE), 0.4);
        assert!((confidence(Evidence { commit: true, ..NONE }) - 0.6).abs() < 1e-9);
        assert!(
            (confidence(Evidence { commit: true, session: true, grounded: true, declared: None }) - 1.0).abs() < 1e-9
        );
    }
}
