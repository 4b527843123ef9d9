//! No command, however malformed, makes guard panic: a panic would abort the
//! gate and (with `fail = "open"`) let the call through unexamined.

use agentops_skill_sdk::ToolCall;
use guard::{Config, evaluate};
use proptest::prelude::*;

/// Commands built from the shell's sharp edges: quotes, substitutions,
/// operators, redirections, and the words the rules look for.
fn shellish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("rm".to_string()),
        Just("-rf".to_string()),
        Just("/".to_string()),
        Just("~".to_string()),
        Just("git push -f origin main".to_string()),
        Just("curl x".to_string()),
        Just("| sh".to_string()),
        Just(".env".to_string()),
        Just("> .git/config".to_string()),
        Just("$(".to_string()),
        Just(")".to_string()),
        Just("`".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("<(".to_string()),
        Just("<<EOF\n".to_string()),
        Just("&&".to_string()),
        Just(";".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("bash -c".to_string()),
        any::<String>(),
    ];
    prop::collection::vec(token, 0..24).prop_map(|t| t.join(" "))
}

proptest! {
    #[test]
    fn any_shell_command_is_evaluated_without_panic(command in shellish()) {
        let call = ToolCall { tool_name: "Bash".into(), tool_input: serde_json::json!({ "command": command }) };
        let _ = evaluate(&call, &Config::default(), Some("/repo"), &[]);
    }

    #[test]
    fn any_path_is_evaluated_without_panic(path in any::<String>(), tool in prop::sample::select(vec!["Read", "Write", "Edit", "apply_patch"])) {
        let call = ToolCall { tool_name: tool.into(), tool_input: serde_json::json!({ "file_path": path, "input": path }) };
        let _ = evaluate(&call, &Config::default(), None, &["secrets/**".to_string()]);
    }

    #[test]
    fn deep_nesting_is_bounded(depth in 0usize..200) {
        let command = format!("{}rm -rf /{}", "$(".repeat(depth), ")".repeat(depth));
        let call = ToolCall { tool_name: "Bash".into(), tool_input: serde_json::json!({ "command": command }) };
        let _ = evaluate(&call, &Config::default(), None, &[]);
    }
}
