//! Finding code tokens and words in a line without a regex engine, which
//! would triple the component's size for a handful of fixed strings.

/// Where `token` first occurs in `line` as code: not glued to an identifier,
/// a member access (`.`, `->`, `::`) or a quote before it (a string that
/// merely names the token is data, e.g. a table of markers), and, when the
/// token ends in a letter, not running on into a longer word.
pub fn find_token(line: &str, token: &str) -> Option<usize> {
    let ends_in_word = token.bytes().last().is_some_and(is_ident);
    line.match_indices(token).map(|(i, _)| i).find(|&i| {
        let before = line[..i].bytes().last();
        let after = line[i + token.len()..].bytes().next();
        let glued_before = before.is_some_and(|b| is_ident(b) || b"$.>:\"'`".contains(&b));
        let runs_on = ends_in_word && after.is_some_and(is_ident);
        !glued_before && !runs_on
    })
}

/// Whether `word` occurs in `text` with no identifier character on either side.
pub fn has_word(text: &str, word: &str) -> bool {
    word_at(text, word).is_some()
}

/// Where `word` first occurs in `text` with no identifier character on either side.
pub fn word_at(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = text[..i].bytes().last();
        let after = text[i + word.len()..].bytes().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// Letters, digits and `_`: what identifiers are made of in the languages vibe reads.
pub fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_code_not_parts_of_names_or_strings() {
        assert_eq!(find_token("    console.log(x)", "console.log("), Some(4));
        assert_eq!(find_token("print(x)", "print("), Some(0));
        for line in ["pprint(x)", "self.print(x)", "\"print(\"", "obj->dump(1)", "Foo::print(x)"] {
            assert_eq!(find_token(line, "print(").or(find_token(line, "dump(")), None, "{line}");
        }
        assert_eq!(find_token("import pdb", "import pdb"), Some(0));
        assert_eq!(find_token("import pdbx", "import pdb"), None);
        assert_eq!(find_token("x; debugger;", "debugger"), Some(3));
    }

    #[test]
    fn words_stand_alone() {
        assert!(has_word("TODO: x", "TODO"));
        assert!(has_word("// (TODO)", "TODO"));
        assert!(!has_word("TODOS", "TODO") && !has_word("MYTODO", "TODO"));
        assert!(!has_word("where", "here"));
        assert_eq!(word_at("a here b here", "here"), Some(2));
    }
}
