//! The BERT encoder of all-MiniLM-L6-v2: its forward pass on one sequence,
//! without padding, in fp32.
//!
//! Embeddings (word + position + token type 0) and LayerNorm, then six
//! layers, each: self-attention (12 heads of 32), its output projection, the
//! residual and a LayerNorm; a 1536-wide intermediate projection with GELU
//! (the exact, erf form), its output projection, the residual and a
//! LayerNorm. The result is the last hidden state, one row per token.
//! Linear weights stay as torch stores them (`out × in`); the products read
//! them transposed in place.

use crate::EmbedError;
use crate::gemm::{Mat, MatMut, gemm};
use crate::weights::{Tensor, Weights};

pub(crate) const HIDDEN: usize = 384;
pub(crate) const LAYERS: usize = 6;
pub(crate) const HEADS: usize = 12;
pub(crate) const INTERMEDIATE: usize = 1536;
pub(crate) const MAX_POSITIONS: usize = 512;
pub(crate) const LAYER_NORM_EPS: f32 = 1e-12;
const HEAD_DIM: usize = HIDDEN / HEADS;

/// The encoder: the mapped weights and where each tensor is.
#[derive(Debug)]
pub(crate) struct Bert {
    weights: Weights,
    vocab: usize,
    word: Tensor,
    position: Tensor,
    token_type: Tensor,
    norm: Norm,
    layers: Vec<Layer>,
}

#[derive(Debug)]
struct Linear {
    weight: Tensor,
    bias: Tensor,
    inputs: usize,
    outputs: usize,
}

#[derive(Debug)]
struct Norm {
    weight: Tensor,
    bias: Tensor,
}

#[derive(Debug)]
struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: Norm,
    intermediate: Linear,
    output: Linear,
    output_norm: Norm,
}

impl Bert {
    /// Finds and checks every tensor of a `vocab`-token model.
    pub fn load(weights: Weights, vocab: usize) -> Result<Bert, EmbedError> {
        let linear = |name: &str, inputs: usize, outputs: usize| -> Result<Linear, EmbedError> {
            Ok(Linear {
                weight: weights.tensor(&format!("{name}.weight"), &[outputs, inputs])?,
                bias: weights.tensor(&format!("{name}.bias"), &[outputs])?,
                inputs,
                outputs,
            })
        };
        let norm = |name: &str| -> Result<Norm, EmbedError> {
            Ok(Norm {
                weight: weights.tensor(&format!("{name}.weight"), &[HIDDEN])?,
                bias: weights.tensor(&format!("{name}.bias"), &[HIDDEN])?,
            })
        };
        let layers = (0..LAYERS)
            .map(|i| {
                let p = format!("encoder.layer.{i}");
                Ok(Layer {
                    query: linear(&format!("{p}.attention.self.query"), HIDDEN, HIDDEN)?,
                    key: linear(&format!("{p}.attention.self.key"), HIDDEN, HIDDEN)?,
                    value: linear(&format!("{p}.attention.self.value"), HIDDEN, HIDDEN)?,
                    attention_out: linear(&format!("{p}.attention.output.dense"), HIDDEN, HIDDEN)?,
                    attention_norm: norm(&format!("{p}.attention.output.LayerNorm"))?,
                    intermediate: linear(&format!("{p}.intermediate.dense"), HIDDEN, INTERMEDIATE)?,
                    output: linear(&format!("{p}.output.dense"), INTERMEDIATE, HIDDEN)?,
                    output_norm: norm(&format!("{p}.output.LayerNorm"))?,
                })
            })
            .collect::<Result<_, EmbedError>>()?;
        Ok(Bert {
            word: weights.tensor("embeddings.word_embeddings.weight", &[vocab, HIDDEN])?,
            position: weights.tensor("embeddings.position_embeddings.weight", &[MAX_POSITIONS, HIDDEN])?,
            token_type: weights.tensor("embeddings.token_type_embeddings.weight", &[2, HIDDEN])?,
            norm: norm("embeddings.LayerNorm")?,
            layers,
            vocab,
            weights,
        })
    }

    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The last hidden state of token ids `ids` (at most [`MAX_POSITIONS`],
    /// each below the vocabulary size): `ids.len()` rows of [`HIDDEN`].
    pub fn forward(&self, ids: &[u32]) -> Vec<f32> {
        let t = ids.len();
        assert!(t > 0 && t <= MAX_POSITIONS, "{t} tokens: the model takes 1 to {MAX_POSITIONS}");
        let w = |tensor: &Tensor| self.weights.get(tensor);

        let mut hidden = vec![0.0; t * HIDDEN];
        let (word, position, token_type) = (w(&self.word), w(&self.position), &w(&self.token_type)[..HIDDEN]);
        for (i, (row, &id)) in hidden.chunks_exact_mut(HIDDEN).zip(ids).enumerate() {
            let id = id as usize;
            assert!(id < self.vocab, "token id {id} is outside the vocabulary of {}", self.vocab);
            let word = &word[id * HIDDEN..][..HIDDEN];
            let position = &position[i * HIDDEN..][..HIDDEN];
            for (((h, a), b), c) in row.iter_mut().zip(word).zip(position).zip(token_type) {
                *h = a + b + c;
            }
        }
        self.norm.apply(&self.weights, &mut hidden);

        // Scratch space for every layer; `query` also receives the attention's
        // output, head by head, once that head's queries are used.
        let mut query = vec![0.0; t * HIDDEN];
        let mut key = vec![0.0; t * HIDDEN];
        let mut value = vec![0.0; t * HIDDEN];
        let mut scores = vec![0.0; t * t];
        let mut attended = vec![0.0; t * HIDDEN];
        let mut intermediate = vec![0.0; t * INTERMEDIATE];
        for layer in &self.layers {
            layer.query.apply(&self.weights, &hidden, &mut query);
            layer.key.apply(&self.weights, &hidden, &mut key);
            layer.value.apply(&self.weights, &hidden, &mut value);
            attend(&mut query, &key, &value, &mut scores, t);
            let context = &query;

            layer.attention_out.apply(&self.weights, context, &mut attended);
            add(&mut attended, &hidden);
            layer.attention_norm.apply(&self.weights, &mut attended);

            layer.intermediate.apply(&self.weights, &attended, &mut intermediate);
            intermediate.iter_mut().for_each(|x| *x = gelu(*x));
            layer.output.apply(&self.weights, &intermediate, &mut hidden);
            add(&mut hidden, &attended);
            layer.output_norm.apply(&self.weights, &mut hidden);
        }
        hidden
    }
}

impl Linear {
    /// `out = x · weightᵀ + bias`, for `x` of rows of `inputs`.
    fn apply(&self, weights: &Weights, x: &[f32], out: &mut [f32]) {
        let rows = x.len() / self.inputs;
        let bias = weights.get(&self.bias);
        for row in out.chunks_exact_mut(self.outputs) {
            row.copy_from_slice(bias);
        }
        let weight = Mat::new(weights.get(&self.weight), self.outputs, self.inputs, self.inputs).t();
        let x = Mat::new(x, rows, self.inputs, self.inputs);
        gemm(1.0, x, weight, 1.0, MatMut::new(out, rows, self.outputs, self.outputs));
    }
}

impl Norm {
    /// LayerNorm of each row of [`HIDDEN`], in place.
    fn apply(&self, weights: &Weights, x: &mut [f32]) {
        let (weight, bias) = (weights.get(&self.weight), weights.get(&self.bias));
        for row in x.chunks_exact_mut(HIDDEN) {
            let mean = row.iter().sum::<f32>() / HIDDEN as f32;
            let variance = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / HIDDEN as f32;
            let scale = 1.0 / (variance + LAYER_NORM_EPS).sqrt();
            for ((v, w), b) in row.iter_mut().zip(weight).zip(bias) {
                *v = (*v - mean) * scale * w + b;
            }
        }
    }
}

/// Scaled dot-product attention of every head over all `t` tokens; each
/// head's output replaces its queries in `query`.
fn attend(query: &mut [f32], key: &[f32], value: &[f32], scores: &mut [f32], t: usize) {
    let scale = 1.0 / (HEAD_DIM as f32).sqrt();
    for head in 0..HEADS {
        let columns = head * HEAD_DIM..;
        // scores = scale · Q · Kᵀ for this head's 32 columns.
        let q = Mat::new(&query[columns.clone()], t, HEAD_DIM, HIDDEN);
        let k = Mat::new(&key[columns.clone()], t, HEAD_DIM, HIDDEN).t();
        gemm(scale, q, k, 0.0, MatMut::new(scores, t, t, t));
        for row in scores.chunks_exact_mut(t) {
            softmax(row);
        }
        let v = Mat::new(&value[columns.clone()], t, HEAD_DIM, HIDDEN);
        gemm(1.0, Mat::new(scores, t, t, t), v, 0.0, MatMut::new(&mut query[columns], t, HEAD_DIM, HIDDEN));
    }
}

fn softmax(row: &mut [f32]) {
    let max = row.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    let mut sum = 0.0;
    for v in row.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    row.iter_mut().for_each(|v| *v /= sum);
}

fn add(x: &mut [f32], y: &[f32]) {
    x.iter_mut().zip(y).for_each(|(a, b)| *a += b);
}

/// GELU, `x · Φ(x)`, with erf as BERT's "gelu" has it (not the tanh form).
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x / std::f32::consts::SQRT_2))
}

/// erf through the complementary error function of Numerical Recipes
/// (`erfcc`, a Chebyshev fit, relative error below 1.2e-7 everywhere):
/// `erfc(z) = t · exp(-z² + P(t))` with `t = 1 / (1 + z/2)`.
fn erf(x: f32) -> f32 {
    /// The coefficients of P, constant term first.
    const P: [f32; 10] = [
        -1.265_512_2,
        1.000_023_7,
        0.374_091_96,
        0.096_784_18,
        -0.186_288_06,
        0.278_868_07,
        -1.135_204,
        1.488_515_9,
        -0.822_152_2,
        0.170_872_77,
    ];
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let p = P.iter().rev().fold(0.0, |acc, c| acc * t + c);
    let erfc = t * (-z * z + p).exp();
    if x >= 0.0 { 1.0 - erfc } else { erfc - 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_matches_known_values() {
        // erf(x) from tables, to 7 digits.
        for (x, want) in [(0.0, 0.0), (0.1, 0.112_462_9), (0.5, 0.520_499_9), (1.0, 0.842_700_8), (2.0, 0.995_322_3)] {
            assert!((erf(x) - want).abs() < 2e-7, "erf({x}) = {}, want {want}", erf(x));
            assert!((erf(-x) + want).abs() < 2e-7);
        }
        assert!((gelu(1.0) - 0.841_344_7).abs() < 1e-6);
        assert_eq!(gelu(-20.0), 0.0);
    }

    #[test]
    fn softmax_sums_to_one_and_survives_large_scores() {
        let mut row = [1000.0, 1000.0, -1000.0];
        softmax(&mut row);
        assert_eq!(row, [0.5, 0.5, 0.0]);
    }
}
