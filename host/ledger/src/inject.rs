//! `inject`: the best items that fit a token budget, in a stable markdown
//! block an agent reads at session start and cites by id.
//!
//! The format (documented in docs/ledger.md) is one header line, then per
//! item a blank line, `### <title> (<id>)`, a blank line and the trimmed body.
//! Tokens are estimated as ceil(chars / 4) of each rendered part; the header
//! and the chosen blocks together never exceed the budget. Items are taken in
//! rank order; one that does not fit is skipped and smaller ones after it may
//! still fit, up to an optional number of items. With a session id, items
//! already injected into that session are left out and the new ones (with
//! their path scopes) are added to its state under the session's lock. Every
//! injected item is logged as a `retrieved` citation.

use crate::citations::How;
use crate::error::{FileError, LedgerError};
use crate::index::DocMeta;
use crate::item::Item;
use crate::rank::{Query, Ranked};
use crate::retrieve::{Both, Hit};
use crate::store::Ledger;
use crate::time::Timestamp;

/// The first line of every markdown injection.
pub const HEADER: &str = "## From the project ledger (cite ids: `agentops cite ID --how applied|helpful|harmful`)\n";
/// The token budget of a session's starting context: what the session-start
/// hook injects within, `agentops inject`'s default, and what the compiler's
/// token report counts for it.
pub const SESSION_TOKENS: usize = 1500;
/// Candidates examined past the last one that fit, before giving up.
const MAX_MISFITS: usize = 64;

/// What to inject.
#[derive(Debug, Clone, Copy)]
pub struct InjectRequest<'a> {
    pub query: Query<'a>,
    pub max_tokens: usize,
    /// The agent session; items injected into it before are left out.
    pub session: Option<&'a str>,
}

/// What was injected.
#[derive(Debug)]
pub struct Injection {
    pub hits: Vec<Hit>,
    /// Estimated tokens of the markdown rendering, header included (0 when empty).
    pub tokens: usize,
    /// Items the session had already received before this call.
    pub already_injected: usize,
    pub errors: Vec<FileError>,
}

/// The token estimate of `text`: ceil(chars / 4).
pub fn estimate_tokens(text: &str) -> usize {
    text.chars().count().div_ceil(4)
}

/// One item's block: `\n### <title> (<id>)\n\n<body>\n`.
pub fn block(item: &Item) -> String {
    let body = item.body.trim();
    if body.is_empty() {
        format!("\n### {} ({})\n", item.title, item.id)
    } else {
        format!("\n### {} ({})\n\n{body}\n", item.title, item.id)
    }
}

/// The markdown injection of `hits`; empty when there are none.
pub fn render_markdown(hits: &[Hit]) -> String {
    if hits.is_empty() {
        return String::new();
    }
    let mut out = HEADER.to_string();
    for hit in hits {
        out.push_str(&block(&hit.item));
    }
    out
}

impl Ledger {
    /// Selects, records and returns the items to inject.
    pub fn inject(&self, request: &InjectRequest<'_>, now: Timestamp) -> Result<Injection, LedgerError> {
        self.inject_at_most(request, usize::MAX, now)
    }

    /// [`inject`](Self::inject), taking at most `max_items` items: a small
    /// lookup for one prompt rather than a session's starting context.
    pub fn inject_at_most(
        &self,
        request: &InjectRequest<'_>,
        max_items: usize,
        now: Timestamp,
    ) -> Result<Injection, LedgerError> {
        let _lock = request.session.map(|s| self.lock(&format!("session-{s}"))).transpose()?;
        let mut state = match request.session {
            Some(s) => self.read_session(s)?,
            None => Default::default(),
        };
        let both = self.retrieve_both(&request.query, now)?;
        let keep = |meta: &DocMeta, _: &Ranked| !state.injected.contains(&meta.id);
        let (hits, tokens) = match fit_indexed(&both, keep, request.max_tokens, max_items) {
            Some(fitted) => fitted,
            None => fit(both.hits(keep), request.max_tokens, max_items),
        };
        let already_injected = state.injected.len();
        if let Some(session) = request.session.filter(|_| !hits.is_empty()) {
            for hit in &hits {
                state.injected.insert(hit.item.id.clone());
                if !hit.item.paths.is_empty() {
                    state.scopes.insert(hit.item.id.clone(), hit.item.paths.clone());
                }
            }
            self.write_session(session, &state)?;
        }
        let ids =
            |global: bool| hits.iter().filter(|h| h.global == global).map(|h| h.item.id.as_str()).collect::<Vec<_>>();
        self.log_citations(&ids(false), How::Retrieved, request.session, now)?;
        if let Some(global) = both.global_ledger() {
            global.log_citations(&ids(true), How::Retrieved, request.session, now)?;
        }
        Ok(Injection { hits, tokens, already_injected, errors: both.into_errors() })
    }
}

/// [`fit`] decided on the token estimates the index holds, so that only
/// the chosen items are read (the misfit search may walk 64 more); `None`
/// when a chosen file cannot be read or no longer matches its estimate
/// (edited since the index was checked), and the caller falls back to
/// [`fit`] over the files themselves.
fn fit_indexed(
    both: &Both,
    keep: impl Fn(&DocMeta, &Ranked) -> bool,
    max_tokens: usize,
    max_items: usize,
) -> Option<(Vec<Hit>, usize)> {
    let (chosen, tokens) = select(both.candidates(keep), |c| c.tokens, max_tokens, max_items);
    let mut hits = Vec::with_capacity(chosen.len());
    for c in chosen {
        let tokens = c.tokens;
        let hit = both.read(c)?;
        if estimate_tokens(&block(&hit.item)) != tokens {
            return None;
        }
        hits.push(hit);
    }
    Some((hits, tokens))
}

/// The hits, in order, whose blocks fit `max_tokens` with the header (at
/// most `max_items` of them), and the tokens they use.
fn fit(candidates: impl Iterator<Item = Hit>, max_tokens: usize, max_items: usize) -> (Vec<Hit>, usize) {
    select(candidates, |hit| estimate_tokens(&block(&hit.item)), max_tokens, max_items)
}

/// The candidates, in order, whose `cost` fits `max_tokens` with the
/// header (at most `max_items`), and the tokens they use.
fn select<T>(
    candidates: impl Iterator<Item = T>,
    cost: impl Fn(&T) -> usize,
    max_tokens: usize,
    max_items: usize,
) -> (Vec<T>, usize) {
    let header = estimate_tokens(HEADER);
    let (mut chosen, mut used, mut misfits) = (Vec::new(), header, 0);
    for candidate in candidates {
        if chosen.len() >= max_items {
            break;
        }
        let cost = cost(&candidate);
        if used + cost <= max_tokens {
            used += cost;
            chosen.push(candidate);
            misfits = 0;
        } else {
            misfits += 1;
            if misfits > MAX_MISFITS {
                break;
            }
        }
    }
    let tokens = if chosen.is_empty() { 0 } else { used };
    (chosen, tokens)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::parse;
    use crate::rank::Ranked;

    fn hit(id: &str, body: &str) -> Hit {
        let text = format!("---\nid: {id}\nkind: learning\ntitle: T {id}\ncreated: 2026-01-01T00:00:00Z\n---\n{body}");
        let item = parse(std::path::Path::new(&format!("{id}.md")), text.as_bytes()).unwrap();
        Hit { item, rank: Ranked { pos: 0, score: 1.0, relevance: 1.0, decay: 1.0, in_scope: false }, global: false }
    }

    #[test]
    fn estimates_a_quarter_token_per_char_rounded_up() {
        assert_eq!(estimate_tokens(""), 0);
        assert_eq!(estimate_tokens("abcd"), 1);
        assert_eq!(estimate_tokens("abcde"), 2);
        assert_eq!(estimate_tokens("éééé"), 1, "characters, not bytes");
    }

    #[test]
    fn renders_the_documented_format() {
        let hits = [hit("L-1", "\nBody one.\n"), hit("L-2", "")];
        assert_eq!(render_markdown(&hits), format!("{HEADER}\n### T L-1 (L-1)\n\nBody one.\n\n### T L-2 (L-2)\n"));
        assert_eq!(render_markdown(&[]), "");
    }

    #[test]
    fn fits_the_budget_skipping_what_is_too_big() {
        let header = estimate_tokens(HEADER);
        // Blocks: "\n### T L-a (L-a)\n\n" is 18 chars + body + "\n".
        let small = hit("L-a", "x"); // 20 chars: 5 tokens
        let big = hit("L-b", &"y".repeat(81)); // 100 chars: 25 tokens
        let tiny = hit("L-c", "z"); // 5 tokens
        assert_eq!(estimate_tokens(&block(&small.item)), 5);
        assert_eq!(estimate_tokens(&block(&big.item)), 25);
        let (chosen, tokens) = fit([small.clone(), big.clone(), tiny.clone()].into_iter(), header + 12, usize::MAX);
        assert_eq!(chosen.iter().map(|h| h.item.id.as_str()).collect::<Vec<_>>(), ["L-a", "L-c"]);
        assert_eq!(tokens, header + 10);
        assert!(estimate_tokens(&render_markdown(&chosen)) <= header + 12);
        let (none, tokens) = fit([big].into_iter(), header + 5, usize::MAX);
        assert!(none.is_empty());
        assert_eq!(tokens, 0);
        let (one, tokens) = fit([small, tiny].into_iter(), header + 12, 1);
        assert_eq!((one.len(), tokens), (1, header + 5), "the item cap stops before the budget");
    }
}
