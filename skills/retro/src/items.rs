//! A retrospective's lessons: bullet items and paragraphs, each with the
//! heading it sits under, skipping sections of praise.

/// One candidate lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The nearest heading above, if any.
    pub section: Option<String>,
    pub text: String,
    /// 1-based line where it starts.
    pub line: usize,
}

/// The items of `text`, outside the sections whose heading starts with one of `skip`.
pub fn items(text: &str, skip: &[String]) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    let mut section: Option<String> = None;
    let mut open: Option<Item> = None;
    let skipped = |section: &Option<String>| {
        section.as_deref().is_some_and(|s| skip.iter().any(|k| s.to_lowercase().starts_with(&k.to_lowercase())))
    };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let heading = line.strip_prefix('#').map(|h| h.trim_start_matches('#').trim());
        let bullet = bullet(line);
        if heading.is_some() || bullet.is_some() || line.is_empty() {
            out.extend(open.take());
        }
        if let Some(h) = heading {
            section = Some(h.to_string()).filter(|h| !h.is_empty());
        } else if let Some(b) = bullet {
            open = Some(Item { section: section.clone(), text: b.to_string(), line: i + 1 });
        } else if !line.is_empty() {
            match &mut open {
                Some(item) => {
                    item.text.push(' ');
                    item.text.push_str(line);
                }
                None => open = Some(Item { section: section.clone(), text: line.to_string(), line: i + 1 }),
            }
        }
        if open.as_ref().is_some_and(|item| skipped(&item.section)) {
            open = None;
        }
    }
    out.extend(open);
    out.retain(|item| item.text.split_whitespace().count() >= 3);
    out
}

/// The text of a bullet or numbered item.
fn bullet(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")).or_else(|| line.strip_prefix("+ "))
    {
        return Some(rest.trim());
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0)
        .then(|| line[digits..].strip_prefix(". ").or_else(|| line[digits..].strip_prefix(") ")))
        .flatten()
        .map(str::trim)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_and_paragraphs_become_items_and_praise_is_skipped() {
        let text = "# Retro\n\n## What went well\n- The pairing on the cache was great fun\n\n\
                    ## What went wrong\n- The migration ran twice because deploy.sh\n  retried without a lock\n\
                    1. Staging had no copy of prod data\n\nWe learned to run `make check` before tagging a release.\n\n\
                    ## Next time\n* ok\n";
        let found = items(text, &crate::config::Config::default().skip_sections);
        let texts: Vec<&str> = found.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The migration ran twice because deploy.sh retried without a lock",
                "Staging had no copy of prod data",
                "We learned to run `make check` before tagging a release.",
            ]
        );
        assert_eq!(found[0].section.as_deref(), Some("What went wrong"));
        assert_eq!((found[0].line, found[2].line), (7, 11));
    }
}
