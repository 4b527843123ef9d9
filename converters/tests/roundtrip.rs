//! import(emit(x)) == x for every runtime, for every field it can express.
//! What a runtime cannot express is not listed here but read from its
//! fidelity report: a dropped field must come back empty, a lowered or
//! emulated one is left out of the comparison.
//!
//! The models are those an importer can produce: no skill-level hooks (every
//! runtime binds hooks project-wide), items sorted by name. The Claude Code
//! plugin form round-trips too, through the same importer.

use agentops_converters::import::import;
use agentops_converters::model::{
    Agent, AgentMode, Bundle, Command, CompanionFile, Extra, Extras, HookBinding, HookCommand, HookEvent, McpServer,
    McpTransport, Permissions, Rule, Skill,
};
use agentops_converters::{EmitOptions, FidelityReport, RelativePath, Runtime, Subject, Treatment, emit, emit_plugin};
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

/// A model name: a bare one (`opus`, Claude Code's spelling) or
/// `provider/model` (OpenCode's).
fn model() -> impl Strategy<Value = String> {
    prop_oneof![line(), "[a-z]{1,8}/[a-z][a-z0-9.-]{0,12}"]
}

fn extra() -> impl Strategy<Value = Extra> {
    prop::collection::btree_map(
        "x-[a-z]{1,6}",
        prop_oneof![line().prop_map(Into::into), any::<bool>().prop_map(Into::into), (0i64..1000).prop_map(Into::into)],
        1..3,
    )
    .prop_map(|m| m.into_iter().collect())
}

/// Unknown keys as found by importers: each runtime's own, never empty.
fn extras() -> impl Strategy<Value = Extras> {
    prop::collection::btree_map(select(Runtime::ALL.to_vec()), extra(), 0..3)
}

fn skill() -> impl Strategy<Value = Skill> {
    let file = ("(references|scripts)/[a-z]{1,6}\\.(md|sh)", prop::collection::vec(any::<u8>(), 0..40), any::<bool>())
        .prop_map(|(p, bytes, executable)| CompanionFile { path: RelativePath::new(p).unwrap(), bytes, executable });
    let standard = prop::collection::btree_map("x-[a-z]{1,6}", line(), 0..2)
        .prop_map(|m| m.into_iter().map(|(k, v)| (k, v.into())).collect::<Extra>());
    (name(), line(), body(), standard, prop::collection::vec(file, 0..3)).prop_map(
        |(name, description, body, extra, mut files)| {
            files.sort_by(|a, b| a.path.cmp(&b.path));
            files.dedup_by(|a, b| a.path == b.path);
            Skill { name, description, body, extra, files, hooks: Vec::new() }
        },
    )
}

fn command() -> impl Strategy<Value = Command> {
    let opt_line = || prop::option::of(line());
    (
        name(),
        opt_line(),
        body(),
        opt_line(),
        prop::option::of(model()),
        prop::option::of(name()),
        prop::option::of(any::<bool>()),
        extras(),
    )
        .prop_map(|(name, description, body, argument_hint, model, agent, subtask, extra)| Command {
            name,
            description,
            body,
            argument_hint,
            model,
            agent,
            subtask,
            extra,
        })
}

fn permissions() -> impl Strategy<Value = Permissions> {
    let rules = || {
        prop::collection::vec(select(vec!["Read", "Bash(git diff:*)", "WebFetch", "Edit(./secrets/**)"]), 0..3)
            .prop_map(|r| unique(r.into_iter().map(String::from).collect(), Clone::clone))
    };
    (rules(), rules(), rules()).prop_map(|(allow, ask, deny)| Permissions { allow, ask, deny })
}

fn agent() -> impl Strategy<Value = Agent> {
    let tools = prop::option::of(
        prop::collection::vec(select(vec!["Read", "Grep", "Bash", "Edit"]), 1..3)
            .prop_map(|t| unique(t.into_iter().map(String::from).collect(), Clone::clone)),
    );
    let mode = prop::option::of(select(vec![AgentMode::Primary, AgentMode::Subagent, AgentMode::All]));
    (name(), line(), body(), tools, prop::option::of(model()), mode, prop::option::of(permissions()), extras())
        .prop_map(|(name, description, instructions, tools, model, mode, permission, extra)| Agent {
            name,
            description,
            instructions,
            tools,
            model,
            mode,
            permission,
            extra,
        })
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
    ("[a-z][a-z0-9_]{0,8}", transport, extras()).prop_map(|(name, transport, extra)| McpServer {
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
        permissions(),
    )
        .prop_map(|(skills, commands, agents, rules, hooks, servers, permissions)| {
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
                permissions,
            }
        })
}

/// What a model is emitted as: a runtime's project files, or a Claude Code plugin.
#[derive(Debug, Clone, Copy)]
enum Target {
    Project(Runtime),
    Plugin,
}

const TARGETS: [Target; 5] = [
    Target::Project(Runtime::ClaudeCode),
    Target::Project(Runtime::Codex),
    Target::Project(Runtime::Cursor),
    Target::Project(Runtime::OpenCode),
    Target::Plugin,
];

/// Emits `bundle` as `target`, writes it to a scratch folder and imports it.
/// The importer skips nothing but, for a plugin, its metadata.
fn round_trip(bundle: &Bundle, target: Target) -> (Bundle, FidelityReport) {
    let (emitted, runtime) = match target {
        Target::Project(rt) => (emit(bundle, rt, &EmitOptions::default()), rt),
        Target::Plugin => (emit_plugin(bundle, &crate::plugin::plugin(), &EmitOptions::default()), Runtime::ClaudeCode),
    };
    let emitted = emitted.unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &emitted.tree);
    let imported = import(dir.path(), runtime).unwrap();
    let metadata = |s: &&agentops_converters::import::Skipped| {
        matches!(target, Target::Plugin) && s.what.starts_with("plugin metadata")
    };
    let skipped: Vec<_> = imported.skipped.iter().filter(|s| !metadata(s)).collect();
    assert!(skipped.is_empty(), "{target:?}: {skipped:?}");
    (imported.bundle, emitted.fidelity)
}

/// `expected` and `actual` with the report applied: each dropped field
/// cleared in `expected` (the import must give nothing back), each lowered or
/// emulated field taken from `actual` (not compared).
fn apply_report(report: &FidelityReport, expected: &mut Bundle, actual: &mut Bundle) {
    for note in &report.notes {
        let dropped = note.treatment == Treatment::Dropped;
        let field = note.field.as_str();
        match &note.item {
            Subject::Command(name) if field == "command" => {
                expected.commands.retain(|c| &c.name != name);
                actual.commands.retain(|c| &c.name != name);
                actual.skills.retain(|s| &s.name != name);
            }
            Subject::Command(name) => {
                // A command written as something else was taken out whole.
                let Some(dst) = expected.commands.iter_mut().find(|c| &c.name == name) else { continue };
                let src = match dropped {
                    true => Command::default(),
                    false => actual.commands.iter().find(|c| &c.name == name).unwrap().clone(),
                };
                match field.strip_prefix("extra.") {
                    Some(rt) => take_extra(&mut dst.extra, &src.extra, rt),
                    None => match field {
                        "description" => dst.description = src.description,
                        "argument_hint" => dst.argument_hint = src.argument_hint,
                        "model" => dst.model = src.model,
                        "agent" => dst.agent = src.agent,
                        "subtask" => dst.subtask = src.subtask,
                        other => panic!("{}: no mask for command field `{other}`", report.runtime),
                    },
                }
            }
            Subject::Agent(name) => {
                let dst = expected.agents.iter_mut().find(|a| &a.name == name).unwrap();
                let src = match dropped {
                    true => Agent::default(),
                    false => actual.agents.iter().find(|a| &a.name == name).unwrap().clone(),
                };
                match field.strip_prefix("extra.") {
                    Some(rt) => take_extra(&mut dst.extra, &src.extra, rt),
                    None => match field {
                        "tools" => dst.tools = src.tools,
                        "model" => dst.model = src.model,
                        "mode" => dst.mode = src.mode,
                        "permission" => dst.permission = src.permission,
                        other => panic!("{}: no mask for agent field `{other}`", report.runtime),
                    },
                }
            }
            Subject::McpServer(name) => {
                let dst = expected.mcp_servers.iter_mut().find(|s| &s.name == name).unwrap();
                let rt = field.strip_prefix("extra.").expect("only extras of servers are noted");
                assert!(dropped, "{note:?}");
                take_extra(&mut dst.extra, &Extras::new(), rt);
            }
            Subject::Rule(id) if field == "rule" => {
                assert!(dropped, "{note:?}");
                expected.rules.retain(|r| &r.id != id);
            }
            Subject::Rule(id) => {
                assert_eq!(field, "always_apply", "{note:?}");
                let src = actual.rules.iter().find(|r| &r.id == id).unwrap().always_apply;
                expected.rules.iter_mut().find(|r| &r.id == id).unwrap().always_apply = src;
            }
            Subject::Hook(event) => {
                let on_event = |h: &HookBinding| h.event == *event;
                let shell = |h: &HookBinding| on_event(h) && matches!(h.command, HookCommand::Shell(_));
                match (field, dropped) {
                    ("event", true) => expected.hooks.retain(|h| !on_event(h)),
                    ("command", true) => expected.hooks.retain(|h| !shell(h)),
                    ("event" | "matcher", false) => {
                        expected.hooks.retain(|h| !on_event(h));
                        actual.hooks.retain(|h| !on_event(h));
                    }
                    _ => panic!("{}: no mask for hook field `{field}`", report.runtime),
                }
            }
            Subject::Permissions => {
                expected.permissions = if dropped { Permissions::default() } else { actual.permissions.clone() }
            }
            Subject::Skill(_) => panic!("{}: no mask for {note:?}", report.runtime),
        }
    }
}

/// Sets `dst`'s keys for runtime `rt` to those of `src`.
fn take_extra(dst: &mut Extras, src: &Extras, rt: &str) {
    let rt = Runtime::parse(rt).unwrap();
    match src.get(&rt) {
        Some(keys) => drop(dst.insert(rt, keys.clone())),
        None => drop(dst.remove(&rt)),
    }
}

fn assert_round_trips(x: &Bundle, target: Target) {
    let (mut actual, report) = round_trip(x, target);
    let mut expected = x.clone();
    apply_report(&report, &mut expected, &mut actual);
    assert_eq!(actual, expected, "{target:?}\n{report}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn every_runtime_round_trips_what_it_expresses(bundle in bundle()) {
        for target in TARGETS {
            assert_round_trips(&bundle, target);
        }
    }
}

#[test]
fn the_demo_round_trips_on_every_runtime() {
    let mut demo = crate::common::demo();
    // Every runtime binds a skill's hooks project-wide.
    demo.hooks = demo.all_hooks();
    demo.skills[0].hooks.clear();
    demo.mcp_servers.sort_by(|a, b| a.name.cmp(&b.name));
    demo.skills[0].files.sort_by(|a, b| a.path.cmp(&b.path));
    for target in TARGETS {
        assert_round_trips(&demo, target);
    }
}

/// The mask is not what makes the round trip pass: with the report
/// ignored, a runtime that drops something fails it.
#[test]
fn without_the_report_a_lossy_runtime_fails_the_comparison() {
    let demo = crate::common::demo();
    let (actual, _) = round_trip(&demo, Target::Project(Runtime::Cursor));
    assert_ne!(actual.commands, demo.commands, "Cursor commands lose their description");
}
