//! The built-in skills every compiled project carries to its agents: the
//! instruction-only skills (research, plan, implement, handoff, flywheel)
//! as skills, and the flows (validation, rpi, dream, evolve) as commands
//! that run `agentops flow run NAME` and then follow the flow's
//! instructions. A project skill or command of the same name wins.

use agentops_converters::model::{Bundle, Command, Skill};
use agentops_manifest::{SkillKind, SkillMd, SkillToml};

use crate::builtin::{BUILTINS, INSTRUCTIONS};
use crate::error::Result;

/// Adds the built-ins the project does not define itself; `binary` is how
/// the project's hook configs call agentops.
pub fn add(bundle: &mut Bundle, binary: &str) -> Result<()> {
    for (name, text) in INSTRUCTIONS {
        if bundle.skills.iter().any(|s| s.name == *name) {
            continue;
        }
        let md = SkillMd::parse(format!("<built-in>/{name}/SKILL.md").as_ref(), text, name)?;
        bundle.skills.push(Skill {
            name: md.name,
            description: md.description,
            body: md.body,
            extra: Default::default(),
            files: Vec::new(),
            hooks: Vec::new(),
        });
    }
    for builtin in BUILTINS {
        let path = format!("<built-in>/{}", builtin.name);
        let manifest = SkillToml::parse(format!("{path}/skill.toml").as_ref(), builtin.skill_toml)?;
        if manifest.skill.kind != SkillKind::Flow || bundle.commands.iter().any(|c| c.name == builtin.name) {
            continue;
        }
        let md = SkillMd::parse(format!("{path}/SKILL.md").as_ref(), builtin.skill_md, builtin.name)?;
        bundle.commands.push(flow_command(&md, binary));
    }
    Ok(())
}

/// A flow as a command: run it, then the flow's own instructions.
fn flow_command(md: &SkillMd, binary: &str) -> Command {
    let body = format!(
        "Run the `{name}` flow in the project root and act on its verdict and findings:\n\n\
         ```sh\n{binary} flow run {name} $ARGUMENTS\n```\n\n{}",
        md.body.trim_start(),
        name = md.name,
    );
    Command {
        name: md.name.clone(),
        description: Some(md.description.clone()),
        body,
        argument_hint: Some("[--input FILE] [--arg K=V]".into()),
        model: None,
        agent: None,
        subtask: None,
        extra: Default::default(),
    }
}
