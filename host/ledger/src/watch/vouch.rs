//! The vouch: `.agents/cache/index.watch`, one line recording that the cache
//! whose identity it names matched every item file at a moment when the
//! watcher's token was the one it names.
//!
//! `<epoch> <seq> <base id> <delta sum>` in decimal and hex. The cache's
//! identity is its base's id and the checksum its delta ends with (zeros
//! without a delta): two caches with the same identity hold the same bytes.
//! Replaced by a rename, never fsynced: a vouch lost in a crash only costs
//! the next read its stats, and a torn one does not parse.

use std::path::Path;

use super::Token;
use crate::atomic::replace_unsynced;

/// The vouch file, relative to `.agents/`.
pub(crate) const VOUCH_FILE: &str = "cache/index.watch";

/// Which cache a read verified: its base's id and its delta's checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CacheState {
    pub base: [u8; 16],
    pub delta: [u8; 16],
}

/// The vouch recorded for the ledger at `dir`, if one parses.
pub(crate) fn read_vouch(dir: &Path) -> Option<(Token, CacheState)> {
    let text = std::fs::read_to_string(dir.join(VOUCH_FILE)).ok()?;
    let mut words = text.strip_suffix('\n')?.split(' ');
    let epoch = words.next()?.parse().ok()?;
    let seq = words.next()?.parse().ok()?;
    let base = hex16(words.next()?)?;
    let delta = hex16(words.next()?)?;
    words.next().is_none().then_some((Token { epoch, seq }, CacheState { base, delta }))
}

/// Records that `state` matched the files when the watcher's token was
/// `token`. Failing to write it only costs a later read its stats.
pub(crate) fn write_vouch(dir: &Path, token: Token, state: CacheState) {
    let line = format!("{} {} {} {}\n", token.epoch, token.seq, hex(&state.base), hex(&state.delta));
    let _ = replace_unsynced(&dir.join(VOUCH_FILE), line.as_bytes());
}

fn hex(bytes: &[u8; 16]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hex16(text: &str) -> Option<[u8; 16]> {
    if text.len() != 32 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vouch_round_trips_and_a_damaged_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("cache")).unwrap();
        assert_eq!(read_vouch(dir.path()), None);
        let token = Token { epoch: u64::MAX, seq: 3 };
        let state = CacheState { base: [0xab; 16], delta: [0; 16] };
        write_vouch(dir.path(), token, state);
        assert_eq!(read_vouch(dir.path()), Some((token, state)));
        let text = std::fs::read_to_string(dir.path().join(VOUCH_FILE)).unwrap();
        for damaged in [&text[..text.len() - 2], &text.replace("ab", "zz"), &format!("{} 1\n", text.trim_end())] {
            std::fs::write(dir.path().join(VOUCH_FILE), damaged).unwrap();
            assert_eq!(read_vouch(dir.path()), None, "{damaged}");
        }
    }
}
