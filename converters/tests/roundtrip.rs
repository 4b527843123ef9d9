//! import(emit(x)) == x for models restricted to what Claude Code expresses,
//! and the demo imported back from disk.

use agentops_converters::import::import_claude;
use agentops_converters::model::{
    Agent, Bundle, Command, CompanionFile, Extra, HookBinding, HookCommand, HookEvent, McpServer, McpTransport,
    Permissions, Rule, Skill,
};
use agentops_converters::{EmitOptions, RelativePath, Runtime, emit};
use proptest::prelude::*;
use proptest::sample::select;

use crate::common::write_tree;

fn name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,2}"
}

/// One line with YAML specials (`: `, `#`, quotes, `---`), no outer blanks.
fn line() -> impl Strategy<Value = String> {
    "[A-Za-z]([A-Za-z0-9 ,.:#'\"!?-]{0,30}[A-Za-z0-9.!?])?"
}

fn body() -> impl Strategy<Value = String> {
    "([A-Za-z0-9 #*`-]{0,20}\n){0,4}"
}

fn extra() -> impl Strategy<Value = Extra> {
    prop::collection::btree_map(
        "x-[a-z]{1,6}",
        prop_oneof![line().prop_map(Into::into), any::<bool>().prop_map(Into::into), (0i64..1000).prop_map(Into::into)],
        0..3,
    )
    .prop_map(|m| m.into_iter().collect())
}

fn skill() -> impl Strategy<Value = Skill> {
    let file = ("(references|scripts)/[a-z]{1,6}\\.(md|sh)", prop::collection::vec(any::<u8>(), 0..40), any::<bool>())
        .prop_map(|(p, bytes, executable)| CompanionFile { path: RelativePath::new(p).unwrap(), bytes, executable });
    (name(), line(), body(), extra(), prop::collection::btree_map(Just(()).prop_flat_map(|_| "[a-z]"), file, 0..3))
        .prop_map(|(name, description, body, extra, files)| {
            let mut files: Vec<CompanionFile> = files.into_values().collect();
            files.sort_by(|a, b| a.path.cmp(&b.path));
            files.dedup_by(|a, b| a.path == b.path);
            Skill { name, description, body, extra, files, hooks: Vec::new() }
        })
}

fn command() -> impl Strategy<Value = Command> {
    (name(), prop::option::of(line()), body(), prop::option::of(line()), prop::option::of(line()), extra()).prop_map(
        |(name, description, body, argument_hint, model, extra)| Command {
            name,
            description,
            body,
            argument_hint,
            model,
            extra,
            ..Default::default()
        },
    )
}

fn agent() -> impl Strategy<Value = Agent> {
    let tools = prop::option::of(prop::collection::vec(
        select(vec!["Read", "Grep", "Bash", "Edit"]).prop_map(String::from),
        1..3,
    ));
    (name(), line(), body(), tools, prop::option::of(line()), extra()).prop_map(
        |(name, description, instructions, tools, model, extra)| Agent {
            name,
            description,
            instructions,
            tools,
            model,
            extra,
            ..Default::default()
        },
    )
}

fn rule() -> impl Strategy<Value = Rule> {
    (name(), line(), prop::option::of(line()), body(), prop::collection::vec("[a-z*]{1,5}/\\*\\*", 0..2), any::<bool>())
        .prop_map(|(id, title, description, body, globs, always_apply)| Rule {
            id,
            title,
            description,
            body,
            globs,
            always_apply,
        })
}

fn hook() -> impl Strategy<Value = HookBinding> {
    let command = prop_oneof![Just(HookCommand::Bridge), "[a-z]{1,6} --[a-z]{1,4}".prop_map(HookCommand::Shell)];
    (
        select(HookEvent::ALL.to_vec()),
        prop::option::of(select(vec!["Bash", "Edit|Write"]).prop_map(String::from)),
        command,
    )
        .prop_map(|(event, matcher, command)| HookBinding { event, matcher, command })
}

fn server() -> impl Strategy<Value = McpServer> {
    let map = || prop::collection::btree_map("[A-Z]{1,4}", line(), 0..2);
    let transport = prop_oneof![
        ("[a-z]{1,6}", prop::collection::vec(line(), 0..3), map())
            .prop_map(|(command, args, env)| McpTransport::Stdio { command, args, env }),
        ("https://[a-z]{1,6}\\.test/mcp", map()).prop_map(|(url, headers)| McpTransport::Http { url, headers }),
    ];
    ("[a-z][a-z0-9_]{0,8}", transport, extra()).prop_map(|(name, transport, extra)| McpServer {
        name,
        transport,
        extra,
    })
}

/// Sorted by name and without duplicates, as an importer returns them.
fn unique<T>(mut items: Vec<T>, key: impl Fn(&T) -> String) -> Vec<T> {
    items.sort_by_key(&key);
    items.dedup_by_key(|i| key(i));
    items
}

fn bundle() -> impl Strategy<Value = Bundle> {
    (
        prop::collection::vec(skill(), 0..3),
        prop::collection::vec(command(), 0..3),
        prop::collection::vec(agent(), 0..3),
        prop::collection::vec(rule(), 0..3),
        prop::collection::btree_set(hook(), 0..4),
        prop::collection::vec(server(), 0..3),
        prop::collection::vec(select(vec!["Read", "Bash(git diff:*)", "WebFetch"]).prop_map(String::from), 0..3),
    )
        .prop_map(|(skills, commands, agents, rules, hooks, servers, allow)| {
            let skills = unique(skills, |s| s.name.clone());
            let names: Vec<String> = skills.iter().map(|s| s.name.clone()).collect();
            let commands =
                unique(commands, |c| c.name.clone()).into_iter().filter(|c| !names.contains(&c.name)).collect();
            Bundle {
                skills,
                commands,
                agents: unique(agents, |a| a.name.clone()),
                rules: unique(rules, |r| r.id.clone()),
                hooks: hooks.into_iter().collect(),
                mcp_servers: unique(servers, |s| s.name.clone()),
                permissions: Permissions { allow: unique(allow, Clone::clone), ..Default::default() },
            }
        })
}

fn round_trip(bundle: &Bundle) -> Bundle {
    let emitted = emit(bundle, Runtime::ClaudeCode, &EmitOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &emitted.tree);
    import_claude(dir.path()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn claude_code_round_trips(bundle in bundle()) {
        prop_assert_eq!(round_trip(&bundle), bundle);
    }
}

#[test]
fn the_demo_round_trips_what_claude_code_expresses() {
    let mut demo = crate::common::demo();
    let back = round_trip(&demo);
    // Skill bindings come back as project hooks; agent/subtask, agent mode and
    // permission are not expressible in Claude Code.
    demo.hooks.append(&mut demo.skills[0].hooks);
    demo.hooks.sort();
    demo.commands[0].agent = None;
    demo.commands[0].subtask = None;
    demo.agents[0].mode = None;
    demo.agents[0].permission = None;
    demo.mcp_servers.sort_by(|a, b| a.name.cmp(&b.name));
    demo.skills[0].files.sort_by(|a, b| a.path.cmp(&b.path));
    assert_eq!(back, demo);
}
