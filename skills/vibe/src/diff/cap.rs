//! Bounding the work on a huge diff: vibe reads at most a number of bytes and
//! lines, cut at a line boundary, and says how much it left out rather than
//! running past its deadline.

/// The part of a diff vibe examines.
#[derive(Debug, PartialEq)]
pub struct Capped<'a> {
    pub text: &'a str,
    /// Lines and bytes of the whole diff, when it was cut.
    pub cut_from: Option<(usize, usize)>,
}

impl Capped<'_> {
    /// Lines in the examined text.
    pub fn lines(&self) -> usize {
        count_lines(self.text)
    }
}

/// The longest prefix of `text` that ends at a line end and holds at most
/// `max_bytes` bytes and `max_lines` lines.
pub fn cap(text: &str, max_bytes: usize, max_lines: usize) -> Capped<'_> {
    let total_lines = count_lines(text);
    if text.len() <= max_bytes && total_lines <= max_lines {
        return Capped { text, cut_from: None };
    }
    let mut end = 0;
    for (lines, (i, _)) in text.match_indices('\n').enumerate() {
        if lines == max_lines || i + 1 > max_bytes {
            break;
        }
        end = i + 1;
    }
    Capped { text: &text[..end], cut_from: Some((total_lines, text.len())) }
}

/// Lines in `text`, counting a last line without a line end.
fn count_lines(text: &str) -> usize {
    let ends = text.bytes().filter(|&b| b == b'\n').count();
    ends + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_diffs_are_kept_whole() {
        let capped = cap("a\nb\nc", 100, 3);
        assert_eq!(capped, Capped { text: "a\nb\nc", cut_from: None });
        assert_eq!(capped.lines(), 3);
        assert_eq!(cap("", 0, 0).cut_from, None);
    }

    #[test]
    fn cuts_at_a_line_end_within_both_limits() {
        let text = "one\ntwo\nthree\nfour\n";
        assert_eq!(cap(text, 100, 2), Capped { text: "one\ntwo\n", cut_from: Some((4, 19)) });
        assert_eq!(cap(text, 10, 100), Capped { text: "one\ntwo\n", cut_from: Some((4, 19)) });
        assert_eq!(cap(text, 3, 100).text, "");
        assert_eq!(cap("a\nb", 100, 1), Capped { text: "a\n", cut_from: Some((2, 3)) });
    }
}
