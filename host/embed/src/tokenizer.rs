//! BERT's uncased WordPiece tokenizer, as the Hugging Face `tokenizers`
//! package runs it for this model (`BertNormalizer`, `BertPreTokenizer`,
//! `WordPiece` in its tokenizer.json), built from vocab.txt alone.
//!
//! 1. Clean: drop NUL, U+FFFD and control characters (general categories Cc,
//!    Cf and Co, except tab, newline and carriage return); every whitespace
//!    character becomes a space.
//! 2. Put spaces around CJK ideographs, so each is a word of its own.
//! 3. Strip accents: canonical decomposition (NFD), nonspacing marks (Mn) dropped.
//! 4. Lowercase, character by character (so no final sigma).
//! 5. Split on whitespace; each punctuation character (ASCII punctuation, or
//!    a Unicode P* category) is a word of its own.
//! 6. WordPiece: each word becomes the longest vocabulary entry that starts
//!    it, then the longest `##` entry that continues it, and so on; a word
//!    that cannot be covered this way, or is longer than 100 characters, is
//!    `[UNK]`.
//!
//! The ids are framed by `[CLS]` and `[SEP]` and cut to a maximum length, as
//! the model was trained. The Unicode tables are those of
//! `unicode-general-category` and `unicode-normalization`, which may be newer
//! than those `tokenizers` was built with: characters assigned in recent
//! Unicode versions may tokenize differently, which only rare text notices.

use std::path::Path;

use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization;

use crate::EmbedError;

/// Longer words are `[UNK]` without trying to split them.
const MAX_WORD_CHARS: usize = 100;
const CONTINUATION: &str = "##";

/// Word-piece ids from text, for one vocabulary.
#[derive(Debug)]
pub(crate) struct Tokenizer {
    vocab: Vocab,
    cls: u32,
    sep: u32,
    unk: u32,
}

impl Tokenizer {
    /// Parses vocab.txt, read from `path`: one token a line, the line number
    /// (from 0) is its id.
    pub fn from_vocab(path: &Path, bytes: &[u8]) -> Result<Tokenizer, EmbedError> {
        let text = std::str::from_utf8(bytes)
            .map_err(|e| EmbedError::malformed(path, format!("not UTF-8 text (byte {})", e.valid_up_to())))?;
        Tokenizer::from_lines(text.lines()).map_err(|message| EmbedError::malformed(path, message))
    }

    /// A tokenizer whose token `i` is the `i`-th item.
    pub fn from_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> Result<Tokenizer, String> {
        let vocab = Vocab::new(lines)?;
        let special = |token: &str| vocab.get(token).ok_or_else(|| format!("no `{token}` token in the vocabulary"));
        let (cls, sep, unk) = (special("[CLS]")?, special("[SEP]")?, special("[UNK]")?);
        Ok(Tokenizer { vocab, cls, sep, unk })
    }

    /// How many tokens the vocabulary has (the highest id plus one).
    pub fn len(&self) -> usize {
        self.vocab.len()
    }

    /// The ids of `text`, `[CLS]` first and `[SEP]` last, at most `max` in all
    /// (at least 2): word pieces past `max - 2` are dropped.
    pub fn encode(&self, text: &str, max: usize) -> Vec<u32> {
        let room = max.saturating_sub(2);
        let mut out = Vec::with_capacity(room.min(text.len()) + 2);
        out.push(self.cls);
        let mut piece = String::new();
        for word in pre_tokenize(&normalize(text)) {
            if out.len() > room {
                break;
            }
            self.word_pieces(word, &mut piece, &mut out);
        }
        out.truncate(room + 1);
        out.push(self.sep);
        out
    }

    /// Appends the word pieces of one word; `piece` is scratch space.
    fn word_pieces(&self, word: &str, piece: &mut String, out: &mut Vec<u32>) {
        if word.chars().count() > MAX_WORD_CHARS {
            out.push(self.unk);
            return;
        }
        let before = out.len();
        let mut start = 0;
        while start < word.len() {
            // The longest vocabulary entry at `start`: try every end, longest first.
            let found = word[start..].char_indices().map(|(i, c)| start + i + c.len_utf8()).rev().find_map(|end| {
                piece.clear();
                if start > 0 {
                    piece.push_str(CONTINUATION);
                }
                piece.push_str(&word[start..end]);
                self.vocab.get(piece).map(|id| (id, end))
            });
            let Some((id, end)) = found else {
                out.truncate(before);
                out.push(self.unk);
                return;
            };
            out.push(id);
            start = end;
        }
    }
}

/// The vocabulary: each token's id by its text, in an open-addressing hash
/// table over one buffer of all the texts. Opening a model builds it for
/// 30,522 tokens, which a `HashMap<String, u32>` (an allocation and a
/// SipHash per token, and as many frees on drop) made a fifth of a one-query
/// process's time.
#[derive(Debug)]
struct Vocab {
    /// The tokens' texts, one after the other.
    text: String,
    /// Where each token's text starts in `text`, and where the last ends.
    starts: Vec<u32>,
    /// Per hash, an id plus one, or 0 for none; a power of two in length, at
    /// least twice the number of tokens, so that a search ends soon.
    slots: Vec<u32>,
}

impl Vocab {
    /// A vocabulary whose token `i` is the `i`-th item; a later duplicate
    /// wins, as in `tokenizers`.
    fn new<'a>(tokens: impl IntoIterator<Item = &'a str>) -> Result<Vocab, String> {
        let too_large = || "more tokens or text than fit in a u32".to_string();
        let (mut text, mut starts) = (String::new(), vec![0]);
        for token in tokens {
            text.push_str(token);
            starts.push(u32::try_from(text.len()).map_err(|_| too_large())?);
        }
        let len = u32::try_from(starts.len() - 1).ok().filter(|&len| len < u32::MAX).ok_or_else(too_large)?;
        let mut vocab = Vocab { text, starts, slots: vec![0; (2 * len as usize).next_power_of_two()] };
        for id in 0..len {
            let slot = vocab.slot(vocab.token(id));
            vocab.slots[slot] = id + 1;
        }
        Ok(vocab)
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    fn token(&self, id: u32) -> &str {
        let id = id as usize;
        &self.text[self.starts[id] as usize..self.starts[id + 1] as usize]
    }

    /// The id of `token`, if it is in the vocabulary.
    fn get(&self, token: &str) -> Option<u32> {
        self.slots[self.slot(token)].checked_sub(1)
    }

    /// The slot that holds `token`, or the empty one where it would go:
    /// from its hash on, the first that is empty or holds it.
    fn slot(&self, token: &str) -> usize {
        // FNV-1a: the keys are a fixed vocabulary, not chosen by an adversary.
        let hash =
            token.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        let mask = self.slots.len() - 1;
        let mut slot = (hash ^ (hash >> 32)) as usize & mask;
        while let Some(id) = self.slots[slot].checked_sub(1)
            && self.token(id) != token
        {
            slot = (slot + 1) & mask;
        }
        slot
    }
}

/// Steps 1 to 4: clean, space out CJK ideographs, strip accents, lowercase.
pub(crate) fn normalize(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || is_control(c) {
            continue;
        }
        if c.is_whitespace() {
            cleaned.push(' ');
        } else if is_cjk_ideograph(c) {
            cleaned.push(' ');
            cleaned.push(c);
            cleaned.push(' ');
        } else {
            cleaned.push(c);
        }
    }
    let mut out = String::with_capacity(cleaned.len());
    for c in cleaned.nfd().filter(|&c| get_general_category(c) != GeneralCategory::NonspacingMark) {
        out.extend(c.to_lowercase());
    }
    out
}

/// Step 5: the words and punctuation marks of normalized text.
pub(crate) fn pre_tokenize(text: &str) -> impl Iterator<Item = &str> {
    text.split(char::is_whitespace).flat_map(split_punctuation).filter(|word| !word.is_empty())
}

/// Splits a word before and after each punctuation character.
fn split_punctuation(word: &str) -> impl Iterator<Item = &str> {
    let mut rest = word;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (i, c) = rest.char_indices().find(|&(_, c)| is_punctuation(c)).unwrap_or((rest.len(), ' '));
        // Up to the next punctuation character, or that character alone.
        let end = if i == 0 { c.len_utf8() } else { i };
        let (head, tail) = rest.split_at(end);
        rest = tail;
        Some(head)
    })
}

/// Control and format characters, dropped; tab, newline and carriage return
/// are whitespace instead. Unassigned code points are kept, as `tokenizers`
/// keeps them.
fn is_control(c: char) -> bool {
    if matches!(c, '\t' | '\n' | '\r') {
        return false;
    }
    matches!(get_general_category(c), GeneralCategory::Control | GeneralCategory::Format | GeneralCategory::PrivateUse)
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            get_general_category(c),
            GeneralCategory::ConnectorPunctuation
                | GeneralCategory::DashPunctuation
                | GeneralCategory::OpenPunctuation
                | GeneralCategory::ClosePunctuation
                | GeneralCategory::InitialPunctuation
                | GeneralCategory::FinalPunctuation
                | GeneralCategory::OtherPunctuation
        )
}

/// The CJK Unified Ideographs blocks and their extensions and compatibility
/// blocks that BERT treats as words of their own (not kana, not hangul).
fn is_cjk_ideograph(c: char) -> bool {
    matches!(
        u32::from(c),
        0x4E00..=0x9FFF
            | 0x3400..=0x4DBF
            | 0x2_0000..=0x2_A6DF
            | 0x2_A700..=0x2_B73F
            | 0x2_B740..=0x2_B81F
            | 0x2_B920..=0x2_CEAF
            | 0xF900..=0xFAFF
            | 0x2_F800..=0x2_FA1F
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        pre_tokenize(&normalize(text)).map(str::to_string).collect()
    }

    fn tokenizer(vocab: &[&str]) -> Tokenizer {
        let lines = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"].iter().chain(vocab).copied();
        Tokenizer::from_lines(lines).unwrap()
    }

    #[test]
    fn splits_on_whitespace_and_isolates_punctuation() {
        assert_eq!(words("Hey friend!     How are you?!?"), ["hey", "friend", "!", "how", "are", "you", "?", "!", "?"]);
        assert_eq!(words("cargo test --workspace"), ["cargo", "test", "-", "-", "workspace"]);
        assert_eq!(words("a/b.rs:42"), ["a", "/", "b", ".", "rs", ":", "42"]);
        // ASCII symbols count as punctuation; other symbols do not.
        assert_eq!(words("$5+x→y"), ["$", "5", "+", "x→y"]);
        // Unicode punctuation: dashes, quotes, inverted marks.
        assert_eq!(words("«a»—“b”¿c?"), ["«", "a", "»", "—", "“", "b", "”", "¿", "c", "?"]);
    }

    #[test]
    fn lowercases_and_strips_accents() {
        assert_eq!(words("Crème BRÛLÉE naïve Ångström"), ["creme", "brulee", "naive", "angstrom"]);
        // Character by character: no final sigma, as `tokenizers` does it.
        assert_eq!(words("ΣΑΣ"), ["σασ"]);
        // Only canonical decomposition: ligatures and full-width letters stay.
        assert_eq!(words("ﬁ ｆｕｌｌ"), ["ﬁ", "ｆｕｌｌ"]);
    }

    #[test]
    fn cleans_control_characters_and_whitespace() {
        assert_eq!(words("a\tb\nc\r\nd\u{a0}e\u{3000}f"), ["a", "b", "c", "d", "e", "f"]);
        // Dropped, not replaced by a space: NUL, U+FFFD, Cc, Cf, Co.
        assert_eq!(words("x\0y\u{fffd}z\u{7}w\u{200b}v\u{e000}u\u{85}t"), ["xyzwvut"]);
        // Unassigned code points stay.
        assert_eq!(words("a\u{378}b"), ["a\u{378}b"]);
    }

    #[test]
    fn cjk_ideographs_are_words_of_their_own() {
        assert_eq!(words("東京タワーと北京"), ["東", "京", "タワーと", "北", "京"]);
        assert_eq!(words("ab中cd"), ["ab", "中", "cd"]);
    }

    #[test]
    fn word_pieces_longest_match_first() {
        let t = tokenizer(&["un", "##aff", "##able", "##a", "aff", "runn", "##ing", ",", "!"]);
        assert_eq!(t.encode("unaffable", 64), [2, 4, 5, 6, 3]);
        assert_eq!(t.encode("Running, aff!", 64), [2, 9, 10, 11, 8, 12, 3]);
        // A word that cannot be covered is one [UNK], whatever matched before.
        assert_eq!(t.encode("unx aff", 64), [2, 1, 8, 3]);
        assert_eq!(t.encode("", 64), [2, 3]);
    }

    #[test]
    fn overlong_words_are_unknown() {
        let t = tokenizer(&["a", "##a"]);
        assert_eq!(t.encode(&"a".repeat(100), 512).len(), 102);
        assert_eq!(t.encode(&"a".repeat(101), 512), [2, 1, 3]);
    }

    #[test]
    fn truncates_to_the_maximum_keeping_the_frame() {
        let t = tokenizer(&["a", "##a", "b"]);
        let ids = t.encode("a b a b a b aaaa", 5);
        assert_eq!(ids, [2, 4, 6, 4, 3]);
        // A word whose pieces straddle the cut is cut too.
        assert_eq!(t.encode("aaaa", 4), [2, 4, 5, 3]);
        assert_eq!(t.encode("a b", 0), [2, 3]);
    }

    #[test]
    fn the_vocabulary_finds_each_token_and_only_those() {
        let tokens: Vec<String> = (0..1000).map(|i| format!("t{i}")).collect();
        let vocab = Vocab::new(tokens.iter().map(String::as_str).chain(["", "t7"])).unwrap();
        assert_eq!(vocab.len(), 1002);
        for (id, token) in tokens.iter().enumerate().filter(|&(id, _)| id != 7) {
            assert_eq!(vocab.get(token), Some(id as u32), "{token}");
        }
        // A later duplicate wins; the empty line is a token too.
        assert_eq!(vocab.get("t7"), Some(1001));
        assert_eq!(vocab.get(""), Some(1000));
        for absent in ["t", "t1000", "t01", "T1", "t1 "] {
            assert_eq!(vocab.get(absent), None, "{absent}");
        }
        assert_eq!(Vocab::new([]).unwrap().get("a"), None);
    }

    #[test]
    fn the_vocabulary_needs_its_special_tokens() {
        let err = Tokenizer::from_lines(["[PAD]", "[UNK]", "[CLS]"]).unwrap_err();
        assert!(err.contains("[SEP]"), "{err}");
    }
}
