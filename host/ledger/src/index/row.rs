//! A document's fixed-size row: everything ranking needs except its words,
//! in [`ROW_BYTES`] little-endian bytes.
//!
//! Fixed size so that the persisted index stores all rows as one table that
//! a read copies in one `pread` and decodes field by field on access, with
//! no per-document allocation (a 100k-item ledger ranks 100k rows per
//! inject).

use super::bm25::FIELDS;
use crate::item::{Item, Kind, Status, Tier};
use crate::time::Timestamp;

/// Bytes per row.
pub(crate) const ROW_BYTES: usize = 56;

pub(crate) const STATUSES: [Status; 3] = [Status::Active, Status::Superseded, Status::Retired];
pub(crate) const TIERS: [Tier; 4] = [Tier::Discard, Tier::Bronze, Tier::Silver, Tier::Gold];

/// The decoded row of one document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Row {
    pub kind: Kind,
    pub status: Status,
    pub tier: Option<Tier>,
    /// False for a persisted document that a newer version (or a removal)
    /// replaces; such rows are skipped everywhere.
    pub live: bool,
    /// Length in terms of title, tags, body.
    pub len: [u32; FIELDS],
    /// Estimated tokens of the item's inject block (see `inject::block`),
    /// so inject can fit its budget before reading any item file.
    pub tokens: u32,
    /// Where the item's path globs are, in its paths blob.
    pub paths_at: u32,
    pub paths_len: u32,
    pub utility: f64,
    pub updated: i64,
    pub last_applied: Option<i64>,
}

impl Row {
    /// The row of `item` (paths not placed yet).
    pub fn of(item: &Item, len: [u32; FIELDS]) -> Row {
        let block = crate::inject::block(item);
        Row {
            kind: item.kind,
            status: item.status,
            tier: item.tier,
            live: true,
            len,
            tokens: u32::try_from(crate::inject::estimate_tokens(&block)).unwrap_or(u32::MAX),
            paths_at: 0,
            paths_len: 0,
            utility: item.utility,
            updated: item.updated.unix(),
            last_applied: item.last_applied.map(Timestamp::unix),
        }
    }

    /// What decay counts from: last applied, else updated.
    pub fn since(&self) -> Timestamp {
        Timestamp::from_unix(self.last_applied.unwrap_or(self.updated))
    }

    pub fn encode(&self, out: &mut Vec<u8>) {
        out.push(kind_code(self.kind));
        out.push(STATUSES.iter().position(|s| *s == self.status).unwrap_or_default() as u8);
        out.push(self.tier.and_then(|t| TIERS.iter().position(|x| *x == t)).map_or(0, |p| p as u8 + 1));
        out.push(u8::from(self.live));
        for v in self.len.into_iter().chain([self.tokens, self.paths_at, self.paths_len]) {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.utility.to_le_bytes());
        out.extend_from_slice(&self.updated.to_le_bytes());
        out.extend_from_slice(&self.last_applied.unwrap_or(i64::MIN).to_le_bytes());
        out.extend_from_slice(&[0; 4]);
    }

    /// Decodes a row; `None` when a code is out of range (a damaged cache).
    pub fn decode(b: &[u8]) -> Option<Row> {
        let b: &[u8; ROW_BYTES] = b.get(..ROW_BYTES)?.try_into().ok()?;
        let u32_at = |i: usize| u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes"));
        let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
        let last = u64_at(44) as i64;
        Some(Row {
            kind: *Kind::ALL.get(usize::from(b[0]))?,
            status: *STATUSES.get(usize::from(b[1]))?,
            tier: match b[2] {
                0 => None,
                t => Some(*TIERS.get(usize::from(t) - 1)?),
            },
            live: b[3] != 0,
            len: [u32_at(4), u32_at(8), u32_at(12)],
            tokens: u32_at(16),
            paths_at: u32_at(20),
            paths_len: u32_at(24),
            utility: f64::from_bits(u64_at(28)),
            updated: u64_at(36) as i64,
            last_applied: (last != i64::MIN).then_some(last),
        })
    }
}

/// The index of `kind` in [`Kind::ALL`], which is also its folder's place in
/// the listing order.
pub(crate) fn kind_code(kind: Kind) -> u8 {
    Kind::ALL.iter().position(|k| *k == kind).unwrap_or_default() as u8
}

/// Offset of the `live` byte in a row, to mask a row in place.
pub(crate) const LIVE_BYTE: usize = 3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_round_trip() {
        let row = Row {
            kind: Kind::Rule,
            status: Status::Retired,
            tier: Some(Tier::Gold),
            live: true,
            len: [1, 2, 3],
            tokens: 40,
            paths_at: 7,
            paths_len: 9,
            utility: 0.615,
            updated: -5,
            last_applied: Some(1_700_000_000),
        };
        let mut b = Vec::new();
        row.encode(&mut b);
        assert_eq!(b.len(), ROW_BYTES);
        assert_eq!(Row::decode(&b), Some(row));
        let none = Row { tier: None, last_applied: None, live: false, ..row };
        b.clear();
        none.encode(&mut b);
        assert_eq!(Row::decode(&b), Some(none));
        b[0] = 9;
        assert_eq!(Row::decode(&b), None);
    }
}
