//! Claude Code permission rules (`Tool` / `Tool(pattern)`) lowered to
//! OpenCode's `permission` map: `{tool: action}` or `{tool: {pattern: action}}`
//! with lowercase tool ids.

use serde_json::{Map, Value};

use crate::model::Permissions;

/// The OpenCode map for `permissions`; later rules win, as in OpenCode.
pub(crate) fn opencode_permission(permissions: &Permissions) -> Map<String, Value> {
    let mut map = Map::new();
    for (action, rule) in permissions.rules() {
        let (tool, pattern) = match rule.split_once('(') {
            Some((tool, rest)) => {
                let pattern = rest.strip_suffix(')').unwrap_or(rest);
                // Claude Code's prefix form `git diff:*` is the glob `git diff*` in OpenCode.
                (tool, Some(pattern.strip_suffix(":*").map_or_else(|| pattern.to_string(), |p| format!("{p}*"))))
            }
            None => (rule, None),
        };
        let tool = tool.trim().to_lowercase();
        match (pattern, map.get_mut(&tool)) {
            // A plain rule after patterned ones is their fallback: `*` goes first,
            // since in OpenCode the last matching pattern wins.
            (None, Some(Value::Object(patterns))) => {
                let rest = std::mem::take(patterns);
                patterns.insert("*".into(), action.into());
                patterns.extend(rest.into_iter().filter(|(k, _)| k != "*"));
            }
            (None, _) => {
                map.insert(tool, action.into());
            }
            (Some(p), Some(Value::Object(patterns))) => {
                patterns.insert(p, action.into());
            }
            (Some(p), existing) => {
                let mut patterns = Map::new();
                if let Some(Value::String(all)) = existing {
                    patterns.insert("*".into(), all.as_str().into());
                }
                patterns.insert(p, action.into());
                map.insert(tool, Value::Object(patterns));
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowers_claude_rules() {
        let p = Permissions {
            allow: vec!["Bash(git diff:*)".into(), "Read".into()],
            ask: vec!["Bash".into()],
            deny: vec!["Edit(./secrets/**)".into(), "WebFetch".into()],
        };
        let map = opencode_permission(&p);
        assert_eq!(
            Value::Object(map).to_string(),
            r#"{"bash":{"*":"ask","git diff*":"allow"},"read":"allow","edit":{"./secrets/**":"deny"},"webfetch":"deny"}"#
        );
    }
}
