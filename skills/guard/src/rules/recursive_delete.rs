//! `guard/recursive-delete`: a recursive delete of the filesystem root, a home
//! folder, or the repository (or a folder containing it). Deleting a subfolder is fine.

use super::{Hit, Rule};
use crate::shell::Command;

/// What a recursive delete takes with it, when it is too much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Root,
    Home,
    Repository,
    RepositoryParent,
}

impl Scope {
    fn describe(self) -> &'static str {
        match self {
            Scope::Root => "the filesystem root",
            Scope::Home => "a home folder",
            Scope::Repository => "the repository",
            Scope::RepositoryParent => "a folder containing the repository",
        }
    }
}

/// Words that stand for the working directory.
const WORKING_DIR_WORDS: &[&str] = &["$PWD", "${PWD}", "$(pwd)", "`pwd`"];

/// Tests that narrow what `find` matches, making its deletion targeted
/// (`find . -name '*.pyc' -delete` is routine).
const FIND_FILTERS: &[&str] =
    &["-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex", "-empty"];

pub fn check(command: &Command, repo_roots: &[&str], hits: &mut Vec<Hit>) {
    match command.name.as_str() {
        "rm" => check_rm(command, repo_roots, hits),
        "find" => check_find(command, repo_roots, hits),
        _ => {}
    }
}

fn check_rm(command: &Command, repo_roots: &[&str], hits: &mut Vec<Hit>) {
    if command.options().any(|option| option == "--no-preserve-root") {
        let message = "`rm --no-preserve-root` lifts the protection of the filesystem root";
        hits.push(Hit::new(Rule::RecursiveDelete, message));
        return;
    }
    let recursive = command.has_short_option('r')
        || command.has_short_option('R')
        || command.options().any(|option| option == "--recursive");
    if !recursive {
        return;
    }
    for target in command.operands() {
        if let Some(scope) = scope(target, repo_roots) {
            let message = format!("`rm` recursively deletes `{target}`, {}", scope.describe());
            hits.push(Hit::new(Rule::RecursiveDelete, message));
        }
    }
}

/// `find START … -delete` (or `-exec rm`) with no filter on names deletes all under START.
fn check_find(command: &Command, repo_roots: &[&str], hits: &mut Vec<Hit>) {
    let args: Vec<&str> = command.args().iter().map(|w| w.text.as_str()).collect();
    let runs_rm = |next: Option<&&str>| next.is_some_and(|word| word.rsplit('/').next() == Some("rm"));
    let deletes = args.iter().enumerate().any(|(index, arg)| {
        *arg == "-delete" || (matches!(*arg, "-exec" | "-execdir" | "-ok" | "-okdir") && runs_rm(args.get(index + 1)))
    });
    if !deletes || args.iter().any(|arg| FIND_FILTERS.contains(arg)) {
        return;
    }
    // The start points come first, after the symlink options; none means `.`.
    let mut starts: Vec<&str> = args
        .iter()
        .copied()
        .skip_while(|arg| matches!(*arg, "-H" | "-L" | "-P"))
        .take_while(|arg| !arg.starts_with('-') && !matches!(*arg, "(" | "!"))
        .collect();
    if starts.is_empty() {
        starts.push(".");
    }
    for start in starts {
        if let Some(scope) = scope(start, repo_roots) {
            let message = format!("`find {start}` deletes everything it finds under `{start}`, {}", scope.describe());
            hits.push(Hit::new(Rule::RecursiveDelete, message));
        }
    }
}

/// What deleting `target` recursively takes with it, if that is too much.
fn scope(target: &str, repo_roots: &[&str]) -> Option<Scope> {
    let cleaned = clean(target);
    let path = whole_folder(&cleaned);
    if path == "/" {
        return Some(Scope::Root);
    }
    if is_home(path) {
        return Some(Scope::Home);
    }
    if path.is_empty() || WORKING_DIR_WORDS.contains(&path) {
        return Some(Scope::Repository);
    }
    if path.split('/').all(|component| component == "..") {
        return Some(Scope::RepositoryParent);
    }
    repo_roots.iter().find_map(|root| {
        let root = clean(root);
        if root == path {
            Some(Scope::Repository)
        } else if path.starts_with('/') && root.starts_with(&format!("{path}/")) {
            Some(Scope::RepositoryParent)
        } else {
            None
        }
    })
}

/// Normalizes a path: a home folder spelled `~`, `$HOME` or `${HOME}` becomes
/// `/home/~` (`~user` becomes `/home/user`), repeated slashes, `.` components
/// and a trailing slash go. `.` itself becomes the empty path.
fn clean(path: &str) -> String {
    let home = ["~", "$HOME", "${HOME}"]
        .iter()
        .find_map(|home| path.strip_prefix(home).filter(|rest| rest.is_empty() || rest.starts_with('/')));
    let expanded = match (home, path.strip_prefix('~')) {
        (Some(rest), _) => format!("/home/~{rest}"),
        (None, Some(user)) => format!("/home/{user}"),
        (None, None) => path.to_string(),
    };
    let components: Vec<&str> =
        expanded.split('/').filter(|component| !component.is_empty() && *component != ".").collect();
    let relative = components.join("/");
    if expanded.starts_with('/') { format!("/{relative}") } else { relative }
}

/// The folder whose whole contents a cleaned path names: `dir/*` and `dir/.*` stand for `dir`.
fn whole_folder(path: &str) -> &str {
    match path.rsplit_once('/') {
        Some(("", "*" | ".*")) => "/",
        Some((folder, "*" | ".*")) => folder,
        None if matches!(path, "*" | ".*") => "",
        _ => path,
    }
}

/// `/root`, `/home`, `/Users`, or a folder right inside the last two.
fn is_home(path: &str) -> bool {
    let components: Vec<&str> = path.split('/').collect();
    matches!(components.as_slice(), ["", "root"] | ["", "home" | "Users"] | ["", "home" | "Users", _])
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_rule, hits};
    use super::*;

    #[test]
    fn blocks_deleting_root_home_and_repository() {
        let blocked = [
            "rm -rf /",
            "rm -r -f \"/\"",
            "rm -rf -- /",
            "rm -fr //",
            "sudo rm -rf /*",
            "/bin/rm -Rf ~",
            "rm -rf ~/",
            "rm -rf ~/*",
            "rm -rf $HOME",
            "rm -rf \"${HOME}\"/*",
            "rm -rf ~alice",
            "rm -fr /home/alice/",
            "rm --recursive --force /root",
            "rm -rf /Users/bob",
            "rm -rf .",
            "rm -rf ./",
            "rm -rf *",
            "rm -rf ./*",
            "rm -rf .*",
            "rm -rf ..",
            "rm -rf ../..",
            "rm -rf /work/repo",
            "rm -rf /work/repo/",
            "rm -rf /work",
            "rm -rf \"$(pwd)\"",
            "rm -rf $PWD/*",
            "rm -v -r build / -f",
            "rm --no-preserve-root -rf /",
            "cd /tmp && rm -rf ~",
            "bash -c 'rm -rf /'",
            "echo $(rm -rf ~)",
            "find / -delete",
            "find ~ -type f -delete",
            "find . -delete",
            "find -delete",
            "find -L /work/repo -exec /bin/rm -rf {} +",
        ];
        let allowed = [
            "rm -rf target/",
            "rm -rf ./build",
            "rm -rf node_modules dist",
            "rm -rf src/*",
            "rm -rf ~/.cache/pip",
            "rm -rf /work/repo/target",
            "rm -rf /tmp/x",
            "rm -f *",
            "rm /",
            "echo 'rm -rf /'",
            "git rm -r --cached .",
            "find . -name '*.pyc' -delete",
            "find . -type d -empty -delete",
            "find / -name core -print",
            "find . -exec ls {} +",
        ];
        assert_rule(Rule::RecursiveDelete, &blocked, &allowed);
    }

    #[test]
    fn messages_name_the_target_and_what_it_is() {
        assert_eq!(
            hits(Rule::RecursiveDelete, "sudo rm -rf /*"),
            ["`rm` recursively deletes `/*`, the filesystem root"]
        );
        assert_eq!(
            hits(Rule::RecursiveDelete, "rm -rf /work"),
            ["`rm` recursively deletes `/work`, a folder containing the repository"]
        );
    }

    #[test]
    fn cleaning_paths() {
        let cases = [
            ("~", "/home/~"),
            ("~/x/", "/home/~/x"),
            ("${HOME}//a/./b", "/home/~/a/b"),
            ("~bob/x", "/home/bob/x"),
            ("./", ""),
            ("./a", "a"),
            ("//", "/"),
            ("$HOMEDIR", "$HOMEDIR"),
        ];
        for (path, cleaned) in cases {
            assert_eq!(clean(path), cleaned, "{path}");
        }
    }
}
