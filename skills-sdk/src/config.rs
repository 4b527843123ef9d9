//! What a skill reads from its `[config]` table, and what most such tables
//! share: a [`CheckLevel`] per check ([`severity_table!`](crate::severity_table)),
//! limits that must be positive ([`at_least_one`]), list defaults
//! ([`strings`]), and one test that the defaults in code and in skill.toml
//! agree ([`check_table`], run by [`config_table_test!`](crate::config_table_test)).
//!
//! Skills read the table with [`Request::config`](crate::Request::config).
//! Every key should be optional and none unknown: a missing key takes its
//! default, so `{}` configures the stock skill, and a misspelt key silently
//! ignored would change what the skill does without anyone seeing it.

use std::collections::BTreeSet;
use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::Severity;

/// How much a skill's check matters, as the skill's `[config]` sets it: a
/// [`Severity`], or `off` to turn the check off. Spelt in lowercase in
/// skill.toml, e.g. `secret = "critical"`, `todo = "off"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckLevel {
    Off,
    Info,
    Minor,
    Significant,
    Critical,
}

impl CheckLevel {
    /// The severity of the check's findings; `None` when it is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            CheckLevel::Off => None,
            CheckLevel::Info => Some(Severity::Info),
            CheckLevel::Minor => Some(Severity::Minor),
            CheckLevel::Significant => Some(Severity::Significant),
            CheckLevel::Critical => Some(Severity::Critical),
        }
    }
}

/// Declares a skill's `[config.severity]` table: one [`CheckLevel`] per check,
/// each key written once with the checks it covers and its default level.
///
/// ```
/// #[derive(Clone, Copy)]
/// enum Check {
///     Secret,
///     Todo,
/// }
///
/// agentops_skill_sdk::severity_table! {
///     /// One level per check, keyed by the check's name.
///     pub struct Severities for Check {
///         secret: Check::Secret => Critical,
///         todo: Check::Todo => Minor,
///     }
/// }
///
/// let table: Severities = serde_json::from_str(r#"{"todo": "off"}"#).unwrap();
/// assert_eq!(table.of(Check::Secret), agentops_skill_sdk::CheckLevel::Critical);
/// assert_eq!(table.of(Check::Todo).severity(), None);
/// ```
///
/// The struct gets a public [`CheckLevel`] field per key, spelt in kebab case
/// in skill.toml (`todo_without_reference` is `todo-without-reference`), a
/// `Default` with the given levels, and `of(check)`, whose `match` over the
/// patterns must cover every check, so a new check cannot go without a key.
/// Missing keys take their default; unknown keys are refused. The table
/// derives serde's traits, so the skill depends on `serde` (with `derive`).
#[macro_export]
macro_rules! severity_table {
    (
        $(#[$attr:meta])*
        $vis:vis struct $table:ident for $check:ty {
            $($key:ident: $pattern:pat => $level:ident),+ $(,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
        $vis struct $table {
            $(pub $key: $crate::CheckLevel,)+
        }

        impl $table {
            /// The level the table gives `check`.
            pub fn of(&self, check: $check) -> $crate::CheckLevel {
                match check {
                    $($pattern => self.$key,)+
                }
            }
        }

        impl ::core::default::Default for $table {
            fn default() -> Self {
                $table { $($key: $crate::CheckLevel::$level,)+ }
            }
        }
    };
}

/// A list default from literals: `strings(&["main", "master"])`.
pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

/// Refuses the first of `limits`, each a key and its value, that is zero: a
/// zero limit leaves nothing under it, which makes its check meaningless.
/// The message names the key, as skill.toml spells it.
pub fn at_least_one(limits: &[(&str, usize)]) -> Result<(), String> {
    match limits.iter().find(|(_, value)| *value == 0) {
        Some((key, _)) => Err(format!("{key} must be at least 1")),
        None => Ok(()),
    }
}

/// Checks, in a skill's unit tests, that its `[config]` type `C` and the
/// `[config]` table of its skill.toml agree, and that `C` reads tables the
/// way this module asks: `{}` reads as `C::default()`; `manifest_table` (the
/// table as parsed, e.g. a `toml::Value`) spells out exactly those defaults,
/// so the file documents what the skill does with no config; a table holding
/// any one key alone, at any depth, still reads as the defaults (keys may be
/// left out); and a misspelt key, at any depth, is refused.
///
/// Every nested table of `C` must be a struct that refuses unknown keys, not
/// a map: a map would take the misspelt key as a new entry.
///
/// [`config_table_test!`](crate::config_table_test) runs it on a skill's own
/// skill.toml.
pub fn check_table<C>(manifest_table: &impl Serialize) -> Result<(), String>
where
    C: Default + DeserializeOwned + Serialize + PartialEq + Debug,
{
    let defaults = serde_json::to_value(C::default()).map_err(|e| format!("the defaults do not serialize: {e}"))?;
    let written = serde_json::to_value(manifest_table).map_err(|e| format!("the table does not serialize: {e}"))?;
    if let Some((key, written, default)) = first_difference(&written, &defaults) {
        return Err(match (written, default) {
            (Value::Null, default) => format!("skill.toml leaves out `{key}`, whose default is {default}"),
            (written, Value::Null) => format!("skill.toml gives `{key}` {written}, a key the type does not have"),
            (written, default) => format!("skill.toml gives `{key}` {written}, but its default is {default}"),
        });
    }
    reads_as_default::<C>(Value::Object(Map::new()), "the empty table")?;
    for path in key_paths(&defaults) {
        let key = path.join(".");
        reads_as_default::<C>(only(&defaults, &path), &format!("a table holding only `{key}`"))?;
        let misspelt = misspell(&defaults, &path);
        if serde_json::from_value::<C>(misspelt).is_ok() {
            return Err(format!("the key `{key}` misspelt is accepted, not refused"));
        }
    }
    Ok(())
}

/// Defines the unit test `skill_toml_spells_out_the_defaults`, which runs
/// [`check_table`] on the skill's `[config]` type and the `[config]` table of
/// the skill.toml at the crate's root.
///
/// Write `agentops_skill_sdk::config_table_test!(Config);` in the module of
/// the skill's unit tests. The test parses skill.toml with the `toml` crate,
/// so the skill lists `toml` in its dev-dependencies.
#[macro_export]
macro_rules! config_table_test {
    ($config:ty) => {
        #[test]
        fn skill_toml_spells_out_the_defaults() {
            let manifest: toml::Table =
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/skill.toml")).parse().expect("skill.toml parses");
            $crate::config::check_table::<$config>(&manifest["config"]).unwrap();
        }
    };
}

/// Whether `table` reads as `C::default()`; `what` names the table in the error.
fn reads_as_default<C>(table: Value, what: &str) -> Result<(), String>
where
    C: Default + DeserializeOwned + PartialEq + Debug,
{
    let read: C = serde_json::from_value(table).map_err(|e| format!("{what} is refused: {e}"))?;
    if read != C::default() {
        return Err(format!("{what} reads as {read:?}, not as the defaults {:?}", C::default()));
    }
    Ok(())
}

/// The first key, as a dotted path from the top, whose value in `written`
/// differs from `defaults`, with both values (`null` where the key is missing).
fn first_difference(written: &Value, defaults: &Value) -> Option<(String, Value, Value)> {
    let (Value::Object(written_table), Value::Object(default_table)) = (written, defaults) else {
        return (written != defaults).then(|| ("[config]".to_string(), written.clone(), defaults.clone()));
    };
    let keys: BTreeSet<&String> = written_table.keys().chain(default_table.keys()).collect();
    keys.into_iter().find_map(|key| {
        let written = written_table.get(key).unwrap_or(&Value::Null);
        let default = default_table.get(key).unwrap_or(&Value::Null);
        if let (Value::Object(_), Value::Object(_)) = (written, default) {
            let (path, written, default) = first_difference(written, default)?;
            return Some((format!("{key}.{path}"), written, default));
        }
        (written != default).then(|| (key.clone(), written.clone(), default.clone()))
    })
}

/// The path of every key in `value`'s tables, nested ones included.
fn key_paths(value: &Value) -> Vec<Vec<String>> {
    let Value::Object(table) = value else { return Vec::new() };
    table
        .iter()
        .flat_map(|(key, inner)| {
            let nested = key_paths(inner).into_iter().map(|path| [vec![key.clone()], path].concat());
            std::iter::once(vec![key.clone()]).chain(nested)
        })
        .collect()
}

/// The tables on the way to the key at `path` in `value`, each holding only
/// the next key, and that key's value.
fn only(value: &Value, path: &[String]) -> Value {
    match path.split_first() {
        None => value.clone(),
        Some((key, rest)) => Value::Object(Map::from_iter([(key.clone(), only(&value[key], rest))])),
    }
}

/// `value` with the key at `path` spelt differently.
fn misspell(value: &Value, path: &[String]) -> Value {
    let (Some((key, rest)), Value::Object(table)) = (path.split_first(), value) else { return value.clone() };
    let table = table.iter().map(|(k, inner)| match (k == key, rest.is_empty()) {
        (false, _) => (k.clone(), inner.clone()),
        (true, true) => (format!("{k}x"), inner.clone()),
        (true, false) => (k.clone(), misspell(inner, rest)),
    });
    Value::Object(table.collect())
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Clone, Copy)]
    enum Check {
        Secret,
        Todo,
        Debug,
    }

    severity_table! {
        struct Severities for Check {
            secret: Check::Secret => Critical,
            todo_without_reference: Check::Todo | Check::Debug => Minor,
        }
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(default, deny_unknown_fields)]
    struct Strict {
        severity: Severities,
        max_lines: usize,
    }

    impl Default for Strict {
        fn default() -> Self {
            Strict { severity: Severities::default(), max_lines: 80 }
        }
    }

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    struct Lax {
        max_lines: usize,
    }

    #[test]
    fn check_levels_read_from_config_text() {
        let levels: Vec<CheckLevel> = serde_json::from_str(r#"["off", "minor", "critical"]"#).unwrap();
        let severities: Vec<Option<Severity>> = levels.into_iter().map(CheckLevel::severity).collect();
        assert_eq!(severities, [None, Some(Severity::Minor), Some(Severity::Critical)]);
        assert!(serde_json::from_str::<CheckLevel>(r#""major""#).is_err());
    }

    #[test]
    fn severity_tables_default_per_key_and_refuse_unknown_keys() {
        let table: Severities = serde_json::from_str(r#"{"todo-without-reference": "off"}"#).unwrap();
        let levels = [Check::Secret, Check::Todo, Check::Debug].map(|check| table.of(check));
        assert_eq!(levels, [CheckLevel::Critical, CheckLevel::Off, CheckLevel::Off]);
        assert!(serde_json::from_str::<Severities>(r#"{"todo_without_reference": "off"}"#).is_err());
        assert!(serde_json::from_str::<Severities>(r#"{"secret": "major"}"#).is_err());
    }

    #[test]
    fn zero_limits_are_named() {
        assert_eq!(at_least_one(&[("a", 1), ("b", 0), ("c", 0)]), Err("b must be at least 1".to_string()));
        assert_eq!(at_least_one(&[("a", 1)]), Ok(()));
        assert_eq!(strings(&["x", "y"]), ["x", "y"]);
    }

    #[test]
    fn the_written_table_must_spell_out_the_defaults() {
        let mut written = serde_json::json!({"max_lines": 80, "severity": {"secret": "critical"}});
        written["severity"]["todo-without-reference"] = "minor".into();
        assert_eq!(check_table::<Strict>(&written), Ok(()));
        written["severity"]["secret"] = "minor".into();
        let error = check_table::<Strict>(&written).unwrap_err();
        assert_eq!(error, r#"skill.toml gives `severity.secret` "minor", but its default is "critical""#);
        written.as_object_mut().unwrap().remove("max_lines");
        let error = check_table::<Strict>(&written).unwrap_err();
        assert_eq!(error, "skill.toml leaves out `max_lines`, whose default is 80");
    }

    #[test]
    fn a_type_that_takes_unknown_keys_fails() {
        let error = check_table::<Lax>(&serde_json::json!({"max_lines": 0})).unwrap_err();
        assert!(error.contains("`max_lines` misspelt is accepted"), "{error}");
    }

    #[test]
    fn paths_reach_nested_keys() {
        let value = serde_json::json!({"a": 1, "b": {"c": 2}});
        assert_eq!(key_paths(&value), [vec!["a"], vec!["b"], vec!["b", "c"]]);
        assert_eq!(only(&value, &["b".into(), "c".into()]), serde_json::json!({"b": {"c": 2}}));
        assert_eq!(misspell(&value, &["b".into(), "c".into()]), serde_json::json!({"a": 1, "b": {"cx": 2}}));
    }
}
