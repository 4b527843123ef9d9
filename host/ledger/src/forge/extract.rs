//! The extraction pass: events in, proposed learnings and cited ids out.
//!
//! One [`Extractor`] follows one transcript event by event and applies the
//! three rules: explicit lessons in user or assistant text ([`lessons`]),
//! failure → fix pairs over tool calls ([`failfix`]), and user corrections
//! ([`corrections`]); it also collects the ledger ids the assistant
//! mentions ([`cited`]). Its state is serializable so that a later run over
//! the grown transcript carries on where this one stopped.
//!
//! [`lessons`]: super::lessons
//! [`failfix`]: super::failfix
//! [`corrections`]: super::corrections
//! [`cited`]: super::cited

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::cited::cited_ids;
use super::corrections::correction;
use super::failfix::FailFix;
use super::lessons::lessons;
use super::tools::Target;
use super::transcript::{Event, EventKind};
use crate::capture::Draft;

/// Which rule proposed a learning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// "Root cause", "the fix was", "lesson", ... in user or assistant text.
    Lesson,
    /// A failed tool call, then the same command passing (or the same file
    /// edited) after a change.
    FailFix,
    /// The user rejecting what the agent did and saying what to do.
    Correction,
}

impl Rule {
    /// The rule's name, also the tag its learnings carry.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Lesson => "lesson",
            Rule::FailFix => "fail-fix",
            Rule::Correction => "correction",
        }
    }
}

/// A learning one rule proposes, before scoring.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub rule: Rule,
    /// The transcript line it was read from.
    pub line: usize,
    /// Title, body, tags and paths; provenance is added by the caller.
    pub draft: Draft,
}

/// A ledger id the assistant mentioned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    pub id: String,
    pub line: usize,
}

/// Where the session ran, to show file paths relative to the project.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place<'a> {
    /// The project root.
    pub root: &'a Path,
    /// The session's working folder, when the transcript says.
    pub cwd: Option<&'a str>,
}

impl Place<'_> {
    /// `file` relative to the project root, or else to the session's
    /// working folder (the project as the agent saw it, perhaps on another
    /// machine), when it lies inside; `/`-separated.
    fn project_path(&self, file: &str) -> Option<String> {
        let path = Path::new(file);
        let absolute = normalize(&match self.cwd {
            _ if path.is_absolute() => path.to_path_buf(),
            Some(cwd) => Path::new(cwd).join(path),
            None => self.root.join(path),
        });
        let bases = [Some(self.root), self.cwd.map(Path::new)];
        let rel = bases.into_iter().flatten().find_map(|base| absolute.strip_prefix(normalize(base)).ok())?;
        let parts: Vec<&str> = rel.components().map(|c| c.as_os_str().to_str()).collect::<Option<_>>()?;
        (!parts.is_empty()).then(|| parts.join("/"))
    }

    /// `file` as a learning shows it: project-relative when possible.
    fn show(&self, file: &str) -> String {
        self.project_path(file).unwrap_or_else(|| file.to_string())
    }

    /// `file` as a path glob of a learning: project-relative, and only when
    /// it has no glob characters of its own.
    fn glob(&self, file: &str) -> Option<String> {
        self.project_path(file).filter(|p| !p.contains(['*', '?', '[', ']', '{', '}']))
    }
}

/// `.` and `..` resolved lexically (the files need not exist any more).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Follows one transcript.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Extractor {
    failfix: FailFix,
    /// The agent's latest command or edit, which a correction answers.
    last_action: Option<Target>,
}

/// What the extraction found.
#[derive(Debug, Default)]
pub(crate) struct Extracted {
    pub found: Vec<Found>,
    pub mentions: Vec<Mention>,
}

impl Extractor {
    /// Applies every rule to one event.
    pub fn push(&mut self, event: &Event, place: &Place<'_>, out: &mut Extracted) {
        let line = event.line;
        match &event.kind {
            EventKind::UserText(text) => {
                self.lessons(text, line, out);
                if let Some(c) = correction(text) {
                    let after = self.last_action.as_ref().map(|a| match a {
                        Target::Command(_) => {
                            format!("\n\nThe user's correction after the agent ran {}.\n", a.describe())
                        }
                        Target::Edit(files) => {
                            let shown: Vec<String> = files.iter().map(|f| place.show(f)).collect();
                            format!(
                                "\n\nThe user's correction after the agent edited {}.\n",
                                Target::Edit(shown).describe()
                            )
                        }
                    });
                    let body = format!("{}{}", c.instruction, after.unwrap_or_default());
                    out.found.push(found(Rule::Correction, line, c.title, body, Vec::new()));
                }
            }
            EventKind::AssistantText(text) => {
                self.lessons(text, line, out);
                out.mentions.extend(cited_ids(text).into_iter().map(|id| Mention { id, line }));
            }
            EventKind::ToolCall(call) => {
                self.failfix.call(call);
                if let Some(target) = Target::of(&call.name, &call.input) {
                    self.last_action = Some(target);
                }
            }
            EventKind::ToolResult(result) => {
                if let Some(failure) = self.failfix.result(result, line) {
                    let show = |f: &str| place.show(f);
                    let mut paths: Vec<String> = failure.files().into_iter().filter_map(|f| place.glob(f)).collect();
                    paths.sort();
                    paths.dedup();
                    out.found.push(found(Rule::FailFix, line, failure.title(&show), failure.body(&show), paths));
                }
            }
        }
    }

    fn lessons(&self, text: &str, line: usize, out: &mut Extracted) {
        for lesson in lessons(text) {
            out.found.push(found(Rule::Lesson, line, lesson.title, lesson.body, Vec::new()));
        }
    }
}

fn found(rule: Rule, line: usize, title: String, body: String, paths: Vec<String>) -> Found {
    let draft = Draft { title, body, tags: vec![rule.name().to_string()], paths, ..Draft::default() };
    Found { rule, line, draft }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_to_the_project() {
        let place = Place { root: Path::new("/p"), cwd: Some("/p/sub") };
        assert_eq!(place.show("/p/src/a.rs"), "src/a.rs");
        assert_eq!(place.show("b.rs"), "sub/b.rs");
        assert_eq!(place.show("../c.rs"), "c.rs");
        assert_eq!(place.show("/home/dev/p/e.rs"), "/home/dev/p/e.rs");
        let moved = Place { root: Path::new("/p"), cwd: Some("/home/dev/p") };
        assert_eq!(moved.show("/home/dev/p/e.rs"), "e.rs");
        assert_eq!(moved.glob("src/f.rs").as_deref(), Some("src/f.rs"));
        assert_eq!(place.show("/elsewhere/d.rs"), "/elsewhere/d.rs");
        assert_eq!(place.glob("/elsewhere/d.rs"), None);
        assert_eq!(place.glob("/p/[id].ts"), None);
        assert_eq!(place.glob("/p"), None);
    }
}
