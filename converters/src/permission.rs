//! Permission rules in Claude Code's spelling (`Tool` / `Tool(pattern)`) and
//! OpenCode's `permission` map (`{tool: action}` or `{tool: {pattern:
//! action}}`, lowercase tool ids), both ways. Claude Code's prefix form
//! `Bash(git diff:*)` is the glob `git diff*` in OpenCode, and a bash pattern
//! ending in `*` reads back in the prefix form.

use serde_json::{Map, Value};

use crate::layout::opencode::{ANY, tool_id, tool_name};
use crate::model::Permissions;

/// The OpenCode map for `permissions`; later rules win, as in OpenCode.
pub(crate) fn to_opencode(permissions: &Permissions) -> Map<String, Value> {
    let mut map = Map::new();
    for (action, rule) in permissions.rules() {
        let (tool, pattern) = match rule.split_once('(') {
            Some((tool, rest)) => {
                let pattern = rest.strip_suffix(')').unwrap_or(rest);
                (tool, Some(pattern.strip_suffix(":*").map_or_else(|| pattern.to_string(), |p| format!("{p}*"))))
            }
            None => (rule, None),
        };
        let tool = tool_id(tool.trim());
        match (pattern, map.get_mut(&tool)) {
            // A plain rule after patterned ones is their fallback: `*` goes first,
            // since in OpenCode the last matching pattern wins.
            (None, Some(Value::Object(patterns))) => {
                let rest = std::mem::take(patterns);
                patterns.insert(ANY.into(), action.into());
                patterns.extend(rest.into_iter().filter(|(k, _)| k != ANY));
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
                    patterns.insert(ANY.into(), all.as_str().into());
                }
                patterns.insert(p, action.into());
                map.insert(tool, Value::Object(patterns));
            }
        }
    }
    map
}

/// Claude Code rules from an OpenCode map; `None` when it holds anything
/// other than `allow` / `ask` / `deny` per tool or per pattern.
pub(crate) fn from_opencode(map: &Map<String, Value>) -> Option<Permissions> {
    let mut permissions = Permissions::default();
    for (id, value) in map {
        let tool = tool_name(id);
        let rules: Vec<(&str, &Value)> = match value {
            Value::Object(patterns) => patterns.iter().map(|(p, a)| (p.as_str(), a)).collect(),
            action => vec![(ANY, action)],
        };
        for (pattern, action) in rules {
            let rule = match pattern {
                ANY => tool.clone(),
                p if id == "bash" && p.len() > 1 && p.ends_with('*') => format!("{tool}({}:*)", &p[..p.len() - 1]),
                p => format!("{tool}({p})"),
            };
            let list = match action.as_str()? {
                "allow" => &mut permissions.allow,
                "ask" => &mut permissions.ask,
                "deny" => &mut permissions.deny,
                _ => return None,
            };
            list.push(rule);
        }
    }
    Some(permissions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claude() -> Permissions {
        Permissions {
            allow: vec!["Bash(git diff:*)".into(), "Read".into()],
            ask: vec!["Bash".into()],
            deny: vec!["Edit(./secrets/**)".into(), "WebFetch".into(), "LS".into()],
        }
    }

    #[test]
    fn lowers_claude_rules() {
        assert_eq!(
            Value::Object(to_opencode(&claude())).to_string(),
            r#"{"bash":{"*":"ask","git diff*":"allow"},"read":"allow","edit":{"./secrets/**":"deny"},"webfetch":"deny","list":"deny"}"#
        );
    }

    #[test]
    fn reads_the_map_back_as_claude_rules() {
        let back = from_opencode(&to_opencode(&claude())).unwrap();
        assert_eq!(back.allow, ["Bash(git diff:*)", "Read"]);
        assert_eq!(back.ask, ["Bash"]);
        assert_eq!(back.deny, ["Edit(./secrets/**)", "WebFetch", "LS"]);
        let odd: Map<String, Value> = serde_json::from_str(r#"{"bash": {"*": "sometimes"}}"#).unwrap();
        assert_eq!(from_opencode(&odd), None);
    }
}
