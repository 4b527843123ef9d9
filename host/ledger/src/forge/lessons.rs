//! Explicit lessons: a message that says "root cause", "the fix was",
//! "lesson", "next time", "turns out", ... is stating what it learned.
//!
//! The lesson is the paragraph with the phrase, together with the
//! paragraphs right after it that carry a phrase too (a "Root cause" then a
//! "The fix was" paragraph are one lesson) or that a paragraph ending in a
//! colon introduces (a `**Root cause:**` line over its explanation). A
//! paragraph longer than [`LONG`] characters is cut to the sentence with the
//! phrase and the two after it. The title is what the sentence says after
//! the phrase ("the fix was to pin serde" → "Pin serde").

use super::text::{find_phrase, paragraphs, plain, title};
use crate::scoring::split_sentences;

/// The phrases, lowercase.
pub(crate) const MARKERS: [&str; 16] = [
    "root cause",
    "the fix was",
    "the fix is",
    "the fix:",
    "lessons learned",
    "lesson learned",
    "lesson",
    "next time",
    "turns out",
    "the problem was",
    "the issue was",
    "the culprit",
    "takeaway",
    "note to self",
    "gotcha",
    "in the future",
];

/// A paragraph longer than this is cut to the sentences around the phrase.
const LONG: usize = 800;
/// A lesson stops growing at this many characters.
const MAX_BODY: usize = 1600;

/// A lesson stated in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lesson {
    pub title: String,
    /// Markdown: the paragraphs it was taken from.
    pub body: String,
}

/// The lessons stated in `text`, in order.
pub(crate) fn lessons(text: &str) -> Vec<Lesson> {
    let paragraphs = paragraphs(text);
    let marked: Vec<bool> = paragraphs.iter().map(|p| find_phrase(p, &MARKERS).is_some()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < paragraphs.len() {
        if !marked[i] {
            i += 1;
            continue;
        }
        let mut group = vec![excerpt(&paragraphs[i])];
        let mut j = i + 1;
        while j < paragraphs.len()
            && (marked[j] || group.last().is_some_and(|p| plain(p).ends_with(':')))
            && group.iter().map(String::len).sum::<usize>() < MAX_BODY
        {
            group.push(excerpt(&paragraphs[j]));
            j += 1;
        }
        let body = group.join("\n\n");
        out.push(Lesson { title: lesson_title(&body), body });
        i = j;
    }
    out
}

/// The paragraph, or the sentence with the phrase and the two after it.
fn excerpt(paragraph: &str) -> String {
    if paragraph.chars().count() <= LONG {
        return paragraph.to_string();
    }
    let flat = plain(paragraph);
    let sentences = split_sentences(&flat);
    let at = sentences.iter().position(|s| find_phrase(s, &MARKERS).is_some()).unwrap_or(0);
    sentences[at..].iter().take(3).copied().collect::<Vec<_>>().join(" ")
}

/// What the first sentence with a phrase says after it; when that is too
/// short (a heading like `Root cause:`), the sentence after it.
fn lesson_title(body: &str) -> String {
    let flat = plain(body);
    let Some((start, end)) = find_phrase(&flat, &MARKERS) else {
        return title(&flat, "");
    };
    let sentence_start = flat[..start].rfind(['.', '!', '?']).map_or(0, |i| i + 1);
    let after = split_sentences(&flat[end..]);
    let first = after.first().copied().unwrap_or_default();
    let whole = format!("{}{first}", &flat[sentence_start..end]);
    match after.get(1) {
        Some(next) if first.split_whitespace().count() < 3 => title(&whole, next),
        _ => title(&whole, first),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marked_paragraph_is_a_lesson_titled_by_what_follows_the_phrase() {
        let text = "Tests pass now.\n\nThe root cause was that `cargo test` reused a stale `target/` after the \
                    toolchain bump. Run `cargo clean -p x` after bumping.\n\nAnything else?";
        let found = lessons(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].title, "`cargo test` reused a stale `target/` after the toolchain bump");
        assert!(found[0].body.starts_with("The root cause") && found[0].body.ends_with("after bumping."));
    }

    #[test]
    fn neighbouring_marked_or_short_paragraphs_join() {
        let text = "**Root cause:**\n\nThe lockfile pinned openssl-sys 0.9.60, which needs OpenSSL 1.1.\n\n\
                    The fix was to bump it to 0.9.103.\n\nUnrelated closing words here.";
        let found = lessons(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].title, "The lockfile pinned openssl-sys 0.9.60, which needs OpenSSL 1.1");
        assert!(found[0].body.contains("bump it") && !found[0].body.contains("Unrelated"));
    }

    #[test]
    fn phrases_in_code_or_inside_words_are_not_lessons() {
        assert!(lessons("```\n# next time\n```\n\nAll good, no turnstile outage.").is_empty());
        assert_eq!(lessons("Turns out the CI image lacks `libssl-dev`.\n\nNext time, check the image first.").len(), 1);
    }

    #[test]
    fn long_paragraphs_are_cut_around_the_phrase() {
        let filler = "This sentence is filler. ".repeat(40);
        let text =
            format!("{filler}Lesson: quote globs in `find` calls. Otherwise the shell expands them. Done. More.");
        let found = lessons(&text);
        assert_eq!(found[0].body, "Lesson: quote globs in `find` calls. Otherwise the shell expands them. Done.");
        assert_eq!(found[0].title, "Quote globs in `find` calls");
    }
}
