//! The skills a command can see: the project's own under `skills/`, and the
//! built-in ones. A project skill with a built-in's name replaces it.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use agentops_manifest::{ManifestError, SkillDir, SkillMd, SkillToml, discover_skills};

use crate::builtin::{BUILTINS, INSTRUCTIONS};
use crate::error::{CliError, Result};

/// Where a skill comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Builtin,
    Project(PathBuf),
}

/// One skill as the CLI sees it.
#[derive(Debug)]
pub struct Entry {
    pub md: SkillMd,
    pub manifest: Option<SkillToml>,
    pub source: Source,
    component: Option<ComponentRef>,
    crate_dir: Option<PathBuf>,
}

#[derive(Debug)]
enum ComponentRef {
    Embedded(&'static [u8], [u8; 32]),
    File(PathBuf),
}

/// All skills, and the folders that failed to parse.
#[derive(Debug)]
pub struct Catalog {
    pub entries: Vec<Entry>,
    pub errors: Vec<ManifestError>,
    /// Project skills named like a built-in but not built yet: the built-in
    /// runs until `agentops build NAME`.
    pub unbuilt_overrides: Vec<Entry>,
}

impl Catalog {
    /// Loads the built-in skills and those under `root/skills/`.
    pub fn load(root: &Path) -> Result<Self> {
        let mut entries: Vec<Entry> = Vec::new();
        for b in BUILTINS {
            let path = PathBuf::from(format!("<built-in>/{}", b.name));
            entries.push(Entry {
                md: SkillMd::parse(&path.join("SKILL.md"), b.skill_md, b.name)?,
                manifest: Some(SkillToml::parse(&path.join("skill.toml"), b.skill_toml)?),
                source: Source::Builtin,
                component: Some(ComponentRef::Embedded(b.component, b.digest)),
                crate_dir: None,
            });
        }
        for (name, skill_md) in INSTRUCTIONS {
            let path = PathBuf::from(format!("<built-in>/{name}/SKILL.md"));
            entries.push(Entry {
                md: SkillMd::parse(&path, skill_md, name)?,
                manifest: None,
                source: Source::Builtin,
                component: None,
                crate_dir: None,
            });
        }
        let mut errors = Vec::new();
        let mut shadowed = Vec::new();
        for found in discover_skills(root) {
            match found {
                Ok(dir) => {
                    let entry = Entry::from_dir(dir);
                    // An unbuilt copy of a built-in does not hide the working built-in.
                    let unbuilt = entry.component_path().is_some_and(|p| !p.is_file());
                    match entries.iter().position(|e| e.md.name == entry.md.name) {
                        Some(_) if unbuilt => shadowed.push(entry),
                        Some(i) => entries[i] = entry,
                        None => entries.push(entry),
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        entries.sort_by(|a, b| a.md.name.cmp(&b.md.name));
        Ok(Catalog { entries, errors, unbuilt_overrides: shadowed })
    }

    /// The project's own skill called `name` when it has a crate to build,
    /// even while an unbuilt copy leaves a built-in in its place.
    pub fn buildable(&self, name: &str) -> Option<&Entry> {
        self.unbuilt_overrides.iter().chain(&self.entries).find(|e| e.md.name == name && e.crate_dir().is_some())
    }

    /// Whether `name` runs as a built-in although the project has an unbuilt copy.
    pub fn is_unbuilt_override(&self, name: &str) -> bool {
        self.unbuilt_overrides.iter().any(|e| e.md.name == name)
    }

    /// The skill called `name`, or an error listing the ones there are.
    pub fn get(&self, name: &str) -> Result<&Entry> {
        if let Some(entry) = self.entries.iter().find(|e| e.md.name == name) {
            return Ok(entry);
        }
        let mut err = CliError::usage(format!("there is no skill named `{name}`"));
        if let Some(broken) =
            self.errors.iter().find(|e| e.path.parent().and_then(Path::file_name).is_some_and(|f| f == name))
        {
            err = err.hint(format!("its folder does not parse: {broken}"));
        }
        let names: Vec<&str> = self.entries.iter().map(|e| e.md.name.as_str()).collect();
        Err(err.hint(format!("available: {}", names.join(", "))))
    }
}

impl Entry {
    fn from_dir(dir: SkillDir) -> Self {
        let component = dir.component_path().map(ComponentRef::File);
        let crate_dir = dir.crate_dir();
        Entry { md: dir.md, manifest: dir.manifest, source: Source::Project(dir.dir), component, crate_dir }
    }

    pub fn name(&self) -> &str {
        &self.md.name
    }

    /// Whether the skill has logic (a component) or only instructions.
    pub fn has_logic(&self) -> bool {
        self.component.is_some()
    }

    /// The crate that builds the component, for project skills with one.
    pub fn crate_dir(&self) -> Option<&Path> {
        self.crate_dir.as_deref()
    }

    /// Where the built component lives, for project skills.
    pub fn component_path(&self) -> Option<&Path> {
        match &self.component {
            Some(ComponentRef::File(path)) => Some(path),
            _ => None,
        }
    }

    /// The BLAKE3 hash of the component, when known without reading it.
    pub fn component_digest(&self) -> Option<[u8; 32]> {
        match &self.component {
            Some(ComponentRef::Embedded(_, digest)) => Some(*digest),
            _ => None,
        }
    }

    /// The component's bytes, or an error that says how to build it.
    pub fn component_bytes(&self) -> Result<Cow<'static, [u8]>> {
        match &self.component {
            Some(ComponentRef::Embedded(bytes, _)) => Ok(Cow::Borrowed(bytes)),
            Some(ComponentRef::File(path)) => std::fs::read(path).map(Cow::Owned).map_err(|e| {
                let err =
                    CliError::usage(format!("skill `{}` has no component at {}: {e}", self.name(), path.display()));
                if self.crate_dir.is_some() {
                    err.hint(format!("build it: agentops build {}", self.name()))
                } else {
                    err.hint("set `component` or `crate` in its skill.toml")
                }
            }),
            None => Err(CliError::usage(format!("skill `{}` has instructions only and nothing to run", self.name()))
                .hint("an agent reads its SKILL.md; to give it logic, add a crate (see `agentops skill new`)")),
        }
    }
}
