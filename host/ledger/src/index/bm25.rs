//! BM25F: Okapi BM25 over several weighted fields (title, tags, body).
//!
//! Per query term t and document d, the field frequencies are first combined
//! into one length-normalized, weighted frequency, then saturated once:
//!
//! ```text
//! tf~(t, d) = Σ_f w_f · tf_f(t, d) / (1 − b + b · len_f(d) / avglen_f)
//! score(q, d) = Σ_{t ∈ q} idf(t) · tf~ · (k1 + 1) / (tf~ + k1)
//! idf(t) = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))
//! ```
//!
//! with k1 = 1.2, b = 0.75, and weights title 3, tags 2, body 1 (a word in the
//! title says more about the item than the same word deep in the body).
//! Written here rather than taken from a crate: it is this one formula, and
//! the index around it (incremental, persisted) is ours anyway; see
//! docs/ledger.md for the measurements.

/// The fields an item is indexed by, in this order.
pub const FIELDS: usize = 3;
/// Weights of title, tags and body.
pub const WEIGHTS: [f64; FIELDS] = [3.0, 2.0, 1.0];
pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;

/// Collection statistics the formula needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    /// Number of documents.
    pub n: f64,
    /// Mean length (in terms) of each field.
    pub avg_len: [f64; FIELDS],
}

/// Inverse document frequency of a term found in `df` of `n` documents.
pub fn idf(n: f64, df: f64) -> f64 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// One term's contribution: its field frequencies `tf` in a document whose
/// field lengths are `len`.
pub fn term_score(idf: f64, tf: [u32; FIELDS], len: [u32; FIELDS], stats: &Stats) -> f64 {
    let mut weighted = 0.0;
    for f in 0..FIELDS {
        if tf[f] == 0 {
            continue;
        }
        let norm = if stats.avg_len[f] > 0.0 { 1.0 - B + B * f64::from(len[f]) / stats.avg_len[f] } else { 1.0 };
        weighted += WEIGHTS[f] * f64::from(tf[f]) / norm;
    }
    idf * weighted * (K1 + 1.0) / (weighted + K1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn idf_by_hand() {
        // N = 3, df = 1: ln(1 + 2.5 / 1.5) = ln(8/3).
        assert!(close(idf(3.0, 1.0), (8.0f64 / 3.0).ln()));
        // A term in every document still scores a little: ln(1 + 0.5/3.5).
        assert!(close(idf(3.0, 3.0), (8.0f64 / 7.0).ln()));
    }

    #[test]
    fn term_score_by_hand() {
        let stats = Stats { n: 3.0, avg_len: [4.0, 2.0, 10.0] };
        // Body only, average length: tf~ = 1 · 2 / 1 = 2; score = idf · 2 · 2.2 / 3.2.
        let s = term_score(1.0, [0, 0, 2], [4, 2, 10], &stats);
        assert!(close(s, 2.0 * 2.2 / 3.2));
        // Title once in a title twice the average: norm = 0.25 + 0.75 · 2 = 1.75;
        // tf~ = 3 / 1.75; score = tf~ · 2.2 / (tf~ + 1.2).
        let t = 3.0 / 1.75;
        assert!(close(term_score(1.0, [1, 0, 0], [8, 2, 10], &stats), t * 2.2 / (t + 1.2)));
        // Title and tags add before saturating: tf~ = 3 + 2 = 5.
        assert!(close(term_score(2.0, [1, 1, 0], [4, 2, 10], &stats), 2.0 * 5.0 * 2.2 / 6.2));
        // An empty collection field does not divide by zero.
        let empty = Stats { n: 1.0, avg_len: [0.0; FIELDS] };
        assert!(close(term_score(1.0, [0, 0, 1], [0, 0, 0], &empty), 2.2 / 2.2));
    }

    #[test]
    fn the_title_outweighs_the_body() {
        let stats = Stats { n: 10.0, avg_len: [5.0, 2.0, 50.0] };
        assert!(term_score(1.0, [1, 0, 0], [5, 2, 50], &stats) > term_score(1.0, [0, 0, 1], [5, 2, 50], &stats));
    }
}
