//! How judgments become one verdict (the rules are in SKILL.md).

use agentops_skill_sdk::Verdict;
use agentops_skill_sdk::judge::Judgment;

use crate::config::Config;

/// The council's conclusion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consensus {
    Pass,
    Warn,
    Fail,
    /// Judges of different vendors split between pass and fail.
    Disagree,
    /// Fewer judges answered than the quorum asks.
    NoQuorum,
}

impl Consensus {
    pub fn label(self) -> &'static str {
        match self {
            Consensus::Pass => "PASS",
            Consensus::Warn => "WARN",
            Consensus::Fail => "FAIL",
            Consensus::Disagree => "DISAGREE",
            Consensus::NoQuorum => "NO QUORUM",
        }
    }

    /// The verdict the skill returns for this conclusion.
    pub fn verdict(self, config: &Config) -> Verdict {
        match self {
            Consensus::Pass => Verdict::Pass,
            Consensus::Warn => Verdict::Warn,
            Consensus::Fail => Verdict::Fail,
            Consensus::Disagree => config.on_disagree.verdict(),
            Consensus::NoQuorum => config.on_no_quorum.verdict(),
        }
    }
}

/// The conclusion of `judgments` given a quorum.
pub fn decide(judgments: &[Judgment], quorum: u32) -> Consensus {
    let voted: Vec<(&str, Verdict)> =
        judgments.iter().filter_map(|j| j.verdict.map(|v| (j.vendor.as_str(), v))).collect();
    if voted.is_empty() || voted.len() < quorum as usize {
        return Consensus::NoQuorum;
    }
    let split = voted.iter().any(|(vendor, v)| {
        *v == Verdict::Pass && voted.iter().any(|(other, w)| other != vendor && *w == Verdict::Fail)
    });
    if split {
        Consensus::Disagree
    } else if voted.iter().any(|(_, v)| *v == Verdict::Fail) {
        Consensus::Fail
    } else if voted.iter().any(|(_, v)| *v == Verdict::Warn) {
        Consensus::Warn
    } else {
        Consensus::Pass
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(vendor: &str, verdict: Option<Verdict>) -> Judgment {
        Judgment {
            judge: format!("{vendor}-judge"),
            vendor: vendor.into(),
            verdict,
            confidence: 0.8,
            findings: Vec::new(),
            note: String::new(),
        }
    }

    use Verdict::{Fail, Pass, Warn};

    /// Votes as (vendor, verdict or abstention), a quorum, and the expected conclusion.
    type Case = (&'static [(&'static str, Option<Verdict>)], u32, Consensus);

    #[test]
    fn the_rules_in_order() {
        let cases: &[Case] = &[
            (&[("a", Some(Pass)), ("b", Some(Pass))], 1, Consensus::Pass),
            (&[("a", Some(Pass)), ("a", Some(Fail))], 1, Consensus::Fail),
            (&[("a", Some(Pass)), ("b", Some(Fail))], 1, Consensus::Disagree),
            (&[("a", Some(Warn)), ("b", Some(Fail))], 1, Consensus::Fail),
            (&[("a", Some(Pass)), ("b", Some(Warn))], 1, Consensus::Warn),
            (&[("a", Some(Warn)), ("a", Some(Warn))], 1, Consensus::Warn),
            (&[("a", Some(Pass)), ("b", None)], 1, Consensus::Pass),
            (&[("a", Some(Pass)), ("b", None)], 2, Consensus::NoQuorum),
            (&[("a", None), ("b", None)], 0, Consensus::NoQuorum),
            (&[], 1, Consensus::NoQuorum),
            // An abstaining vendor is not a split.
            (&[("a", Some(Pass)), ("b", None), ("a", Some(Pass))], 2, Consensus::Pass),
        ];
        for (votes, quorum, expected) in cases {
            let judgments: Vec<Judgment> = votes.iter().map(|(v, verdict)| j(v, *verdict)).collect();
            assert_eq!(decide(&judgments, *quorum), *expected, "{votes:?} quorum {quorum}");
        }
    }

    #[test]
    fn disagreement_and_no_quorum_follow_the_config() {
        let mut config = Config::default();
        assert_eq!(Consensus::Disagree.verdict(&config), Fail);
        assert_eq!(Consensus::NoQuorum.verdict(&config), Warn);
        config.on_disagree = crate::config::Level::Warn;
        assert_eq!(Consensus::Disagree.verdict(&config), Warn);
    }
}
