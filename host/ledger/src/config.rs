//! The `[ledger]` table of `.agents/agentops.toml`: scoring weights, tier
//! thresholds, decay half-life, the live threshold, promotion thresholds and
//! the flywheel's minimum of events.
//!
//! Other tables of the file (`[policy]`, runtimes, judges, ...) belong to other
//! crates and are ignored here; unknown keys inside `[ledger]` are errors, so a
//! typo in a weight does not silently fall back to the default. The defaults
//! below are also what `init` writes, and a test keeps the two equal.

use std::path::Path;

use serde::Deserialize;

use crate::error::FileError;
use crate::item::Tier;
use agentops_manifest::lines::{line_of_offset, line_starting_with};

/// Everything the ledger reads from `agentops.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LedgerConfig {
    pub weights: Weights,
    pub tiers: TierThresholds,
    /// Days after which an item's decayed weight halves, counted from its last
    /// application or update.
    pub half_life_days: f64,
    /// Decayed weight below which an item counts as no longer live.
    pub live_threshold: f64,
    /// How much the user-global ledger's items weigh against the project's
    /// in lookup and inject (their scores are multiplied by it).
    pub global_weight: f64,
    /// Whether reads start a watcher (`agentops ledger watch`) in the
    /// background when none runs, so that later reads of a large ledger need
    /// not check every item file (Linux; see [`crate::watch`]).
    pub watch: Watch,
    /// A sentence-embedding model folder (all-MiniLM-L6-v2: model.safetensors
    /// and vocab.txt), relative to the project root or absolute; when set,
    /// queries rank by meaning as well as by words ([`crate::semantic`]).
    pub model: Option<String>,
    /// The weight of meaning against words in a query's relevance.
    pub semantic_weight: f64,
    /// The cosine similarity below which meaning adds nothing.
    pub semantic_floor: f64,
    /// Up to this many entries in the vector file a query compares with
    /// every item; beyond, only with a shortlist ([`crate::semantic`]).
    pub semantic_exact_up_to: usize,
    /// The shortlist's share of the vector file's entries, in (0, 1]: the
    /// items nearest by sign code, and as many of the best by words.
    pub semantic_shortlist: f64,
    pub promotion: Promotion,
    pub flywheel: FlywheelConfig,
}

impl Default for LedgerConfig {
    fn default() -> Self {
        LedgerConfig {
            weights: Weights::default(),
            tiers: TierThresholds::default(),
            half_life_days: 90.0,
            live_threshold: 0.25,
            global_weight: 0.5,
            watch: Watch::Auto,
            model: None,
            semantic_weight: 0.6,
            semantic_floor: 0.0,
            semantic_exact_up_to: 16_384,
            semantic_shortlist: 1.0 / 32.0,
            promotion: Promotion::default(),
            flywheel: FlywheelConfig::default(),
        }
    }
}

/// `watch` under `[ledger]`: `true`, `false`, or `"auto"` (the default):
/// a watcher for ledgers of at least [`Watch::AUTO_FROM`] items, where
/// checking every item file costs a read more than its budget (about 80 ms
/// at 100k items against 10 ms with a watcher), and none for smaller ones,
/// where the checks cost a few milliseconds and a background process
/// would buy nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Watch {
    Off,
    On,
    #[default]
    Auto,
}

impl Watch {
    /// The size from which `"auto"` starts a watcher.
    pub const AUTO_FROM: usize = 20_000;

    /// Whether a read of a ledger of `items()` items should start a
    /// watcher (`items` is asked only for `"auto"`).
    pub fn wanted(self, items: impl FnOnce() -> usize) -> bool {
        match self {
            Watch::Off => false,
            Watch::On => true,
            Watch::Auto => items() >= Watch::AUTO_FROM,
        }
    }
}

impl<'de> Deserialize<'de> for Watch {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Setting;
        impl serde::de::Visitor<'_> for Setting {
            type Value = Watch;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false or \"auto\"")
            }
            fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<Watch, E> {
                Ok(if on { Watch::On } else { Watch::Off })
            }
            fn visit_str<E: serde::de::Error>(self, word: &str) -> Result<Watch, E> {
                match word {
                    "auto" => Ok(Watch::Auto),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Str(word), &self)),
                }
            }
        }
        deserializer.deserialize_any(Setting)
    }
}

/// The weight of each scoring axis in the quality score; they need not sum to
/// one (quality divides by their sum).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    pub specificity: f64,
    pub actionability: f64,
    pub novelty: f64,
    pub context: f64,
    pub confidence: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { specificity: 0.25, actionability: 0.25, novelty: 0.2, context: 0.15, confidence: 0.15 }
    }
}

impl Weights {
    /// The weights in the order of [`Scores::axes`](crate::Scores::axes).
    pub fn as_array(&self) -> [f64; 5] {
        [self.specificity, self.actionability, self.novelty, self.context, self.confidence]
    }
}

/// The lowest quality of each tier; anything below `bronze` is discarded.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TierThresholds {
    pub gold: f64,
    pub silver: f64,
    pub bronze: f64,
}

impl Default for TierThresholds {
    fn default() -> Self {
        TierThresholds { gold: 0.75, silver: 0.55, bronze: 0.35 }
    }
}

impl TierThresholds {
    /// The tier of a quality score.
    pub fn tier(&self, quality: f64) -> Tier {
        if quality >= self.gold {
            Tier::Gold
        } else if quality >= self.silver {
            Tier::Silver
        } else if quality >= self.bronze {
            Tier::Bronze
        } else {
            Tier::Discard
        }
    }
}

/// The evidence each promotion step needs (`[ledger.promotion.pattern]`:
/// learning → pattern, `[ledger.promotion.rule]`: pattern → rule). Each key
/// is optional; a missing one takes its step's default.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(from = "PromotionFile")]
pub struct Promotion {
    pub pattern: PromotionStep,
    pub rule: PromotionStep,
}

impl Default for Promotion {
    fn default() -> Self {
        Promotion {
            pattern: PromotionStep { min_sessions: 3, min_utility: 0.6, min_age_days: 7.0 },
            rule: PromotionStep { min_sessions: 5, min_utility: 0.75, min_age_days: 30.0 },
        }
    }
}

/// The thresholds of one promotion step; an item must meet all of them (and
/// have no harmful verdict).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PromotionStep {
    /// Distinct sessions that cited the item (or what it was promoted from)
    /// as `applied`. Counting sessions, not citations, keeps one chatty
    /// session from promoting anything.
    pub min_sessions: u32,
    /// Lowest `utility` (moving average of citation outcomes).
    pub min_utility: f64,
    /// Days since the first capture of the item's lineage.
    pub min_age_days: f64,
}

/// `[ledger.promotion]` as written: the steps' defaults differ, so a
/// partial step is completed from its own step's default.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct PromotionFile {
    pattern: StepFile,
    rule: StepFile,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct StepFile {
    min_sessions: Option<u32>,
    min_utility: Option<f64>,
    min_age_days: Option<f64>,
}

impl StepFile {
    fn or(self, default: PromotionStep) -> PromotionStep {
        PromotionStep {
            min_sessions: self.min_sessions.unwrap_or(default.min_sessions),
            min_utility: self.min_utility.unwrap_or(default.min_utility),
            min_age_days: self.min_age_days.unwrap_or(default.min_age_days),
        }
    }
}

impl From<PromotionFile> for Promotion {
    fn from(file: PromotionFile) -> Self {
        let default = Promotion::default();
        Promotion { pattern: file.pattern.or(default.pattern), rule: file.rule.or(default.rule) }
    }
}

/// `[ledger.flywheel]`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FlywheelConfig {
    /// Citations a window needs before its metrics are judged; below, the
    /// flywheel is dormant rather than failing on noise.
    pub min_events: u32,
}

impl Default for FlywheelConfig {
    fn default() -> Self {
        FlywheelConfig { min_events: 10 }
    }
}

/// The config file as far as this crate reads it.
#[derive(Deserialize)]
struct ConfigFile {
    #[serde(default)]
    ledger: LedgerConfig,
}

impl LedgerConfig {
    /// Reads `[ledger]` from the file at `path`; a missing file gives the defaults.
    pub fn load(path: &Path) -> Result<Self, FileError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(LedgerConfig::default()),
            Err(e) => Err(FileError::new(path, None, format!("cannot read: {e}"), "check the file's permissions")),
        }
    }

    /// Parses and validates `[ledger]` from TOML text.
    pub fn parse(path: &Path, text: &str) -> Result<Self, FileError> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of_offset(text.as_bytes(), s.start));
            FileError::new(path, line, e.message().trim(), "see the `[ledger]` table in docs/ledger.md")
        })?;
        let config = file.ledger;
        let invalid = |anchor: &str, message: String, hint: &str| {
            Err(FileError::new(path, line_starting_with(text, anchor), message, hint))
        };
        let weights = config.weights.as_array();
        if weights.iter().any(|w| !w.is_finite() || *w < 0.0) || weights.iter().sum::<f64>() <= 0.0 {
            return invalid(
                "[ledger.weights]",
                format!("[ledger.weights] must be non-negative with a positive sum, got {weights:?}"),
                "give each of the five axes a weight >= 0, at least one above 0",
            );
        }
        let t = config.tiers;
        if !(0.0 <= t.bronze && t.bronze <= t.silver && t.silver <= t.gold && t.gold <= 1.0) {
            return invalid(
                "[ledger.tiers]",
                format!("[ledger.tiers] must satisfy 0 <= bronze <= silver <= gold <= 1, got {t:?}"),
                "order the thresholds bronze <= silver <= gold",
            );
        }
        if !(config.half_life_days > 0.0 && config.half_life_days.is_finite()) {
            return invalid(
                "half_life_days",
                format!("half_life_days must be positive, got {}", config.half_life_days),
                "use a number of days > 0",
            );
        }
        if !(0.0..=1.0).contains(&config.live_threshold) {
            return invalid(
                "live_threshold",
                format!("live_threshold must be between 0 and 1, got {}", config.live_threshold),
                "use a number between 0 and 1",
            );
        }
        if !(0.0..=1.0).contains(&config.global_weight) {
            return invalid(
                "global_weight",
                format!("global_weight must be between 0 and 1, got {}", config.global_weight),
                "use 0 to ignore the user-global ledger, 1 to weigh it like the project's",
            );
        }
        for (key, value) in [("semantic_weight", config.semantic_weight), ("semantic_floor", config.semantic_floor)] {
            if !(0.0..1.0).contains(&value) {
                return invalid(
                    key,
                    format!("{key} must be at least 0 and below 1, got {value}"),
                    "use a number in [0, 1)",
                );
            }
        }
        if !(config.semantic_shortlist > 0.0 && config.semantic_shortlist <= 1.0) {
            return invalid(
                "semantic_shortlist",
                format!("semantic_shortlist must be above 0 and at most 1, got {}", config.semantic_shortlist),
                "use the share of items a query compares by meaning in a large ledger, e.g. 0.03125",
            );
        }
        let p = config.promotion;
        for (name, step) in [("pattern", p.pattern), ("rule", p.rule)] {
            if step.min_sessions == 0
                || !(0.0..=1.0).contains(&step.min_utility)
                || !(step.min_age_days >= 0.0 && step.min_age_days.is_finite())
            {
                return invalid(
                    &format!("[ledger.promotion.{name}]"),
                    format!("[ledger.promotion.{name}] is out of range, got {step:?}"),
                    "use min_sessions >= 1, min_utility between 0 and 1, min_age_days >= 0",
                );
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<LedgerConfig, FileError> {
        LedgerConfig::parse(Path::new(".agents/agentops.toml"), text)
    }

    #[test]
    fn missing_table_gives_defaults_and_other_tables_are_ignored() {
        assert_eq!(parse("").unwrap(), LedgerConfig::default());
        assert_eq!(parse("[policy]\nallow = []\n").unwrap(), LedgerConfig::default());
    }

    #[test]
    fn reads_partial_tables() {
        let c = parse("[ledger]\nhalf_life_days = 30\n[ledger.weights]\nnovelty = 1.0\n").unwrap();
        assert_eq!(c.half_life_days, 30.0);
        assert_eq!(c.weights.novelty, 1.0);
        assert_eq!(c.weights.specificity, Weights::default().specificity);
    }

    #[test]
    fn rejects_typos_and_bad_values_with_location() {
        let err = parse("[ledger]\n\n[ledger.weights]\nnovelt = 1\n").unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
        assert!(err.message.contains("novelt"), "{err}");
        let err = parse("[ledger]\n[ledger.tiers]\ngold = 0.2\n").unwrap_err();
        assert!(err.message.contains("bronze <= silver") && err.line == Some(2), "{err}");
        assert!(parse("[ledger.weights]\nnovelty = -1\n").unwrap_err().message.contains("non-negative"));
        assert!(parse("[ledger]\nhalf_life_days = 0\n").is_err());
        assert!(parse("[ledger]\nlive_threshold = 2\n").is_err());
        let err =
            parse("[ledger.promotion.rule]\nmin_sessions = 0\nmin_utility = 0.5\nmin_age_days = 1\n").unwrap_err();
        assert!(err.message.contains("[ledger.promotion.rule]") && err.line == Some(1), "{err}");
        let err = parse("[ledger.promotion.pattern]\nmin_session = 2\n").unwrap_err();
        assert!(err.message.contains("min_session") && err.line == Some(2), "{err}");
        assert!(parse("[ledger.flywheel]\nmin_event = 3\n").is_err());
    }

    #[test]
    fn watch_is_true_false_or_auto_by_size() {
        for (text, setting) in [("true", Watch::On), ("false", Watch::Off), ("\"auto\"", Watch::Auto)] {
            assert_eq!(parse(&format!("[ledger]\nwatch = {text}\n")).unwrap().watch, setting, "{text}");
        }
        let err = parse("[ledger]\nwatch = \"sometimes\"\n").unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        assert!(err.to_string().contains("true, false or \"auto\""), "{err}");
        assert!(!Watch::Auto.wanted(|| Watch::AUTO_FROM - 1) && Watch::Auto.wanted(|| Watch::AUTO_FROM));
        assert!(Watch::On.wanted(|| 0) && !Watch::Off.wanted(|| usize::MAX));
    }

    #[test]
    fn reads_promotion_and_flywheel_tables() {
        let c =
            parse("[ledger.promotion.rule]\nmin_sessions = 9\nmin_age_days = 60\n[ledger.flywheel]\nmin_events = 4\n")
                .unwrap();
        // A partial step keeps its own step's defaults for the other keys.
        assert_eq!(c.promotion.rule, PromotionStep { min_sessions: 9, min_utility: 0.75, min_age_days: 60.0 });
        assert_eq!(c.promotion.pattern, Promotion::default().pattern);
        assert_eq!(c.flywheel.min_events, 4);
    }

    #[test]
    fn tiers_follow_thresholds() {
        let t = TierThresholds::default();
        assert_eq!(t.tier(0.75), Tier::Gold);
        assert_eq!(t.tier(0.74), Tier::Silver);
        assert_eq!(t.tier(0.35), Tier::Bronze);
        assert_eq!(t.tier(0.34), Tier::Discard);
    }
}
