//! What vibe knows of each language family, by file extension: how a
//! debugging leftover looks, how functions begin and how blocks nest, and how
//! comments and strings are written (so braces inside them are not counted).

/// How blocks are delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocks {
    /// `{ … }`
    Braces,
    /// Indentation (Python), or a header and a matching `end` (Ruby).
    Indentation,
}

#[derive(Debug)]
pub struct Language {
    extensions: &'static [&'static str],
    /// Calls and statements that are debugging leftovers wherever they appear.
    pub debug_markers: &'static [&'static str],
    /// Print calls that are leftovers when what they print looks like
    /// debugging (`{:?}`, "here", "debug", …); elsewhere they are output.
    pub debug_prints: &'static [&'static str],
    pub blocks: Blocks,
    /// Words (or tokens like `=>`) that start a function header.
    pub function_keywords: &'static [&'static str],
    /// Whether a line like `name(args) {` starts a function even without a
    /// keyword (C, Java and their kin; JavaScript methods).
    pub signature_functions: bool,
    pub line_comments: &'static [&'static str],
    /// Whether `'…'` is a string that may hold braces (else a character literal or lifetime).
    pub single_quote_strings: bool,
}

const LANGUAGES: &[Language] = &[
    Language {
        extensions: &["rs"],
        debug_markers: &["dbg!("],
        debug_prints: &["println!(", "eprintln!(", "print!(", "eprint!("],
        blocks: Blocks::Braces,
        function_keywords: &["fn"],
        signature_functions: false,
        line_comments: &["//"],
        single_quote_strings: false,
    },
    Language {
        extensions: &["js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "vue", "svelte"],
        debug_markers: &["console.log(", "console.debug(", "console.trace(", "console.dir(", "debugger;"],
        debug_prints: &["console.info(", "console.error(", "console.warn("],
        blocks: Blocks::Braces,
        function_keywords: &["function", "=>"],
        signature_functions: true,
        line_comments: &["//"],
        single_quote_strings: true,
    },
    Language {
        extensions: &["py", "pyw"],
        debug_markers: &["print(", "breakpoint()", "pdb.set_trace(", "ipdb.set_trace(", "import pdb", "import ipdb"],
        debug_prints: &[],
        blocks: Blocks::Indentation,
        function_keywords: &["def"],
        signature_functions: false,
        line_comments: &["#"],
        single_quote_strings: true,
    },
    Language {
        extensions: &["rb", "rake"],
        debug_markers: &["binding.pry", "binding.irb", "byebug", "debugger"],
        debug_prints: &["puts ", "p ", "pp "],
        blocks: Blocks::Indentation,
        function_keywords: &["def"],
        signature_functions: false,
        line_comments: &["#"],
        single_quote_strings: true,
    },
    Language {
        extensions: &["php"],
        debug_markers: &["var_dump(", "print_r(", "var_export(", "debug_zval_dump(", "dd(", "dump("],
        debug_prints: &["echo ", "error_log("],
        blocks: Blocks::Braces,
        function_keywords: &["function"],
        signature_functions: false,
        line_comments: &["//", "#"],
        single_quote_strings: true,
    },
    Language {
        extensions: &["go"],
        debug_markers: &["spew.Dump(", "spew.Printf(", "spew.Println("],
        debug_prints: &[
            "fmt.Println(",
            "fmt.Printf(",
            "fmt.Print(",
            "println(",
            "print(",
            "log.Println(",
            "log.Printf(",
        ],
        blocks: Blocks::Braces,
        function_keywords: &["func"],
        signature_functions: false,
        line_comments: &["//"],
        single_quote_strings: false,
    },
    Language {
        extensions: &["java", "kt", "kts", "scala"],
        debug_markers: &["printStackTrace()"],
        debug_prints: &["System.out.println(", "System.err.println(", "System.out.print(", "println("],
        blocks: Blocks::Braces,
        function_keywords: &["fun", "def"],
        signature_functions: true,
        line_comments: &["//"],
        single_quote_strings: false,
    },
    Language {
        extensions: &["c", "h", "cc", "cpp", "cxx", "hpp", "hh", "cs", "m", "mm"],
        debug_markers: &[],
        debug_prints: &[
            "printf(",
            "fprintf(",
            "std::cout",
            "std::cerr",
            "Console.WriteLine(",
            "Debug.WriteLine(",
            "NSLog(",
        ],
        blocks: Blocks::Braces,
        function_keywords: &[],
        signature_functions: true,
        line_comments: &["//"],
        single_quote_strings: false,
    },
    Language {
        extensions: &["swift"],
        debug_markers: &["debugPrint(", "dump("],
        debug_prints: &["print(", "NSLog("],
        blocks: Blocks::Braces,
        function_keywords: &["func"],
        signature_functions: false,
        line_comments: &["//"],
        single_quote_strings: false,
    },
    Language {
        extensions: &["sh", "bash", "zsh"],
        debug_markers: &["set -x"],
        debug_prints: &["echo "],
        blocks: Blocks::Braces,
        function_keywords: &["function"],
        signature_functions: true,
        line_comments: &["#"],
        single_quote_strings: true,
    },
];

/// The language of a project path, by its extension.
pub fn of_path(path: &str) -> Option<&'static Language> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let (_, extension) = name.rsplit_once('.')?;
    LANGUAGES.iter().find(|language| language.extensions.iter().any(|e| e.eq_ignore_ascii_case(extension)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_by_extension() {
        let first_extension = |path| of_path(path).map(|l| l.extensions[0]);
        assert_eq!(first_extension("src/lib.rs"), Some("rs"));
        assert_eq!(first_extension("web/App.TSX"), Some("js"));
        assert_eq!(first_extension("a.b/tool.py"), Some("py"));
        assert!(of_path("Makefile").is_none() && of_path("notes.md").is_none() && of_path("x.rs/README").is_none());
    }

    #[test]
    fn each_extension_belongs_to_one_language() {
        let mut seen: Vec<&str> = LANGUAGES.iter().flat_map(|l| l.extensions.iter().copied()).collect();
        let total = seen.len();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), total);
    }
}
