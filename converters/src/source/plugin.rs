//! `[compile.plugin]`: the metadata of the Claude Code plugin that
//! `agentops compile --plugin` writes, and where it goes. Every key is
//! optional, so `--plugin` works on a project that never mentions it:
//!
//! ```toml
//! [compile.plugin]
//! name = "our-tools"              # default: the project folder's name, in kebab-case
//! version = "1.2.0"               # default: 0.1.0; bump it to publish an update
//! description = "Our review and release workflows"   # default: names the plugin
//! author = { name = "Platform team", email = "platform@example.test" }   # default: the name; url too
//! homepage = "https://example.test/our-tools"   # optional, as are repository, license, keywords
//! out = "dist/claude-plugin"      # default: plugin (relative to the project root)
//! ```

use std::path::Path;

use serde::Deserialize;

use crate::emit::{Author, Plugin};
use crate::model::names::kebab;

/// The plugin folder when neither `--out` nor `out` says otherwise.
pub const DEFAULT_OUT: &str = "plugin";
/// Claude Code offers an update when the version changes: a fixed default
/// keeps compiling deterministic, and the user bumps it to release.
const DEFAULT_VERSION: &str = "0.1.0";

/// The `[compile.plugin]` table as written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluginTable {
    pub name: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    pub author: Option<Author>,
    pub homepage: Option<String>,
    pub repository: Option<String>,
    pub license: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The plugin folder, relative to the project root.
    pub out: Option<String>,
}

impl PluginTable {
    /// The plugin of the project at `root`, defaults filled in.
    pub fn plugin(&self, root: &Path) -> Plugin {
        let name = self.name.clone().unwrap_or_else(|| folder_name(root));
        let description = self
            .description
            .clone()
            .unwrap_or_else(|| format!("The skills, commands, agents and hooks of {name}, for Claude Code"));
        Plugin {
            version: self.version.clone().unwrap_or_else(|| DEFAULT_VERSION.into()),
            description,
            author: self.author.clone().unwrap_or_else(|| Author { name: name.clone(), email: None, url: None }),
            homepage: self.homepage.clone(),
            repository: self.repository.clone(),
            license: self.license.clone(),
            keywords: self.keywords.clone(),
            name,
        }
    }
}

/// `My Project_2` → `my-project-2`: the folder's name in kebab-case, without
/// leading, trailing or doubled dashes.
fn folder_name(root: &Path) -> String {
    let raw = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let kebab = kebab(&raw);
    kebab.split('-').filter(|part| !part.is_empty()).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_come_from_the_folder() {
        let plugin = PluginTable::default().plugin(Path::new("/work/.My Project_2"));
        assert_eq!(plugin.name, "my-project-2");
        assert_eq!(plugin.version, DEFAULT_VERSION);
        assert!(plugin.description.contains("my-project-2"), "{}", plugin.description);
        plugin.validate().unwrap();
    }
}
