//! Prose helpers the extraction rules share: paragraphs outside code,
//! phrase search at word starts, and one-line titles.

/// The paragraphs of a message: runs of lines separated by blank lines,
/// leaving out fenced code blocks (a phrase inside code is not prose).
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    let (mut out, mut current, mut in_fence) = (Vec::new(), Vec::<&str>::new(), false);
    let mut flush = |current: &mut Vec<&str>| {
        if !current.is_empty() {
            out.push(current.join("\n"));
            current.clear();
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut current);
            in_fence = !in_fence;
        } else if trimmed.is_empty() {
            flush(&mut current);
        } else if !in_fence {
            current.push(line.trim_end());
        }
    }
    flush(&mut current);
    out
}

/// The byte range of the first of `phrases` in `text` that starts a word,
/// compared ASCII-case-insensitively; at one position the longest phrase
/// wins. Phrases are lowercase ASCII.
pub(crate) fn find_phrase(text: &str, phrases: &[&str]) -> Option<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    let mut best: Option<(usize, usize)> = None;
    for phrase in phrases {
        let found = lower.match_indices(phrase).map(|(i, _)| i).find(|&i| starts_word(&lower, i));
        if let Some(start) = found {
            let end = start + phrase.len();
            if best.is_none_or(|(s, e)| start < s || (start == s && end > e)) {
                best = Some((start, end));
            }
        }
    }
    best
}

/// Whether the text at byte `i` starts a word.
fn starts_word(text: &str, i: usize) -> bool {
    !text[..i].chars().next_back().is_some_and(char::is_alphanumeric)
}

/// Bold marks (`**`), list bullets and heading marks removed, whitespace
/// collapsed: a paragraph as one plain line. (`__` stays: it is more often
/// part of a name, `__init__.py`, than bold.)
pub(crate) fn plain(text: &str) -> String {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !matches!(*w, "-" | "*" | "+" | ">") && !w.chars().all(|c| c == '#'))
        .collect();
    words.join(" ").replace("**", "")
}

/// Words a title does not start with when it is the rest of a sentence
/// after a marker ("the fix was *to* pin ...", "turns out *that* ...").
const FILLER: [&str; 7] = ["that", "to", "is", "was", "were", "are", "be"];
/// The longest title, in characters.
const MAX_TITLE: usize = 100;
/// Where a long title is best cut: between clauses.
const CLAUSE_ENDS: [&str; 3] = [", ", "; ", " — "];

/// A one-line title from `rest` (a sentence after its marker), or from the
/// whole `sentence` when the rest has fewer than three words: leading
/// punctuation and filler words dropped, the first letter capitalized, no
/// trailing punctuation, and at most [`MAX_TITLE`] characters: cut at the
/// last clause end that keeps at least half, else at a word with `…`, never
/// inside a code span.
pub(crate) fn title(sentence: &str, rest: &str) -> String {
    let mut rest = plain(rest);
    loop {
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || ":,;.—–-)".contains(c));
        let first = trimmed.split_whitespace().next().unwrap_or_default();
        if FILLER.contains(&first.to_ascii_lowercase().as_str()) {
            rest = trimmed[first.len()..].to_string();
        } else {
            rest = trimmed.to_string();
            break;
        }
    }
    let text = if rest.split_whitespace().count() >= 3 { rest } else { plain(sentence) };
    let text = text.trim_end_matches(['.', ',', ';', ':', '!', '?', '—', '-', ' ']);
    capitalize(&cut(text))
}

/// `text` cut to [`MAX_TITLE`] characters as [`title`] says.
fn cut(text: &str) -> String {
    let Some((limit, _)) = text.char_indices().nth(MAX_TITLE) else {
        return text.to_string();
    };
    let head = &text[..limit];
    let balanced = |end: usize| text[..end].matches('`').count().is_multiple_of(2);
    let clause = CLAUSE_ENDS
        .iter()
        .filter_map(|c| head.rmatch_indices(c).map(|(i, _)| i).find(|&i| balanced(i)))
        .max()
        .filter(|&i| i >= limit / 2);
    if let Some(end) = clause {
        return text[..end].to_string();
    }
    let word = head.rmatch_indices(' ').map(|(i, _)| i).find(|&i| balanced(i)).unwrap_or(limit);
    format!("{}…", text[..word].trim_end_matches([',', ';', ':']))
}

/// `text` with its first letter uppercased.
pub(crate) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_leave_out_code() {
        let text = "One\ntwo\n\n```sh\nroot cause in code\n```\nthree\n\n\n";
        assert_eq!(paragraphs(text), ["One\ntwo", "three"]);
    }

    #[test]
    fn plain_drops_bold_bullets_and_heading_marks_only() {
        assert_eq!(plain("- **Fix:**  edit `__init__.py`\n## Then\n> a - b"), "Fix: edit `__init__.py` Then a b");
    }

    #[test]
    fn phrases_start_words_and_the_longest_wins() {
        assert_eq!(find_phrase("The ROOT CAUSE was", &["root cause"]), Some((4, 14)));
        assert_eq!(find_phrase("uproot causes", &["root cause"]), None);
        assert_eq!(find_phrase("Lessons learned: x", &["lesson", "lessons learned"]), Some((0, 15)));
        assert_eq!(find_phrase("é next time", &["next time"]), Some((3, 12)));
    }

    #[test]
    fn titles_come_from_the_rest_of_the_sentence() {
        let s = "The fix was to pin `serde` to 1.0.200 in Cargo.toml.";
        assert_eq!(title(s, " to pin `serde` to 1.0.200 in Cargo.toml."), "Pin `serde` to 1.0.200 in Cargo.toml");
        assert_eq!(
            title("**Root cause:** stale cache.", ":** stale cache."),
            "**Root cause:** stale cache".replace("**", "")
        );
        let long = "word ".repeat(40);
        let t = title(&long, &long);
        assert!(t.chars().count() <= MAX_TITLE + 1 && t.starts_with("Word word") && t.ends_with("word…"), "{t}");
        let clauses = format!("{}, because {}", "a ".repeat(30).trim(), "b ".repeat(40));
        assert_eq!(title(&clauses, &clauses), format!("A{}", " a".repeat(29)));
        let code = format!("{} `cargo test --workspace --all-features` more", "x".repeat(80));
        assert_eq!(title(&code, &code), format!("{}…", capitalize(&"x".repeat(80))));
        assert_eq!(capitalize("élan"), "Élan");
    }
}
