//! Quality: the weighted mean of the five axes, which decides the tier.
//!
//! quality = Σ wᵢ · sᵢ / Σ wᵢ, with the weights of `[ledger.weights]`,
//! rounded to three decimals like the axes.

use super::round3;
use crate::config::Weights;
use crate::item::Scores;

/// The quality of `scores` under `weights` (whose sum the config guarantees
/// positive).
pub fn quality(scores: &Scores, weights: &Weights) -> f64 {
    let weights = weights.as_array();
    let total: f64 = weights.iter().sum();
    let sum: f64 = scores.axes().iter().zip(weights).map(|((_, s), w)| s * w).sum();
    round3(sum / total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_mean_of_the_axes() {
        let s = Scores { specificity: 1.0, actionability: 1.0, novelty: 0.0, context: 0.0, confidence: 0.0 };
        assert_eq!(quality(&s, &Weights::default()), 0.5);
        let only_novelty =
            Weights { specificity: 0.0, actionability: 0.0, novelty: 2.0, context: 0.0, confidence: 0.0 };
        let s = Scores { novelty: 0.3, ..s };
        assert_eq!(quality(&s, &only_novelty), 0.3);
        let thirds = Scores { specificity: 1.0 / 3.0, ..s };
        let only_specificity = Weights { specificity: 1.0, novelty: 0.0, ..only_novelty };
        assert_eq!(quality(&thirds, &only_specificity), 0.333);
    }
}
