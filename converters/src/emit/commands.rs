//! Command files for the runtimes that have them (Claude Code, Cursor,
//! OpenCode), written over each one's [`CommandFormat`]: a field the runtime
//! has goes under its frontmatter key, one it lacks is noted as dropped.

use serde_norway::Value;

use crate::emit::Output;
use crate::emit::frontmatter::Frontmatter;
use crate::error::ModelError;
use crate::fidelity::{Subject, Treatment};
use crate::layout::CommandFormat;
use crate::model::Command;

/// Writes `<dir>/<name>.md`.
pub(crate) fn write_command(out: &mut Output, format: &CommandFormat, c: &Command) -> Result<(), ModelError> {
    let item = Subject::Command(c.name.clone());
    let text = |s: &Option<String>| s.clone().map(Value::from);
    let mut model = c.model.clone();
    if let (Ok(_), Some(why)) = (format.model, model.as_deref().and_then(|m| format.model_problem(m))) {
        out.report.note(&item, "model", Treatment::Dropped, why);
        model = None;
    }
    let mut fm = Frontmatter::default();
    for (field, key, value) in [
        ("description", format.description, text(&c.description)),
        ("argument_hint", format.argument_hint, text(&c.argument_hint)),
        ("agent", format.agent, text(&c.agent)),
        ("model", format.model, text(&model)),
        ("subtask", format.subtask, c.subtask.map(Value::from)),
    ] {
        match (key, value) {
            (_, None) => {}
            (Ok(key), Some(value)) => fm = fm.value(key, value),
            (Err(why), Some(_)) => out.report.note(&item, field, Treatment::Dropped, why),
        }
    }
    let text = match format.description {
        Err(why) if format.plain() => {
            out.drop_extras(&item, &c.extra, why);
            c.body.clone()
        }
        _ => {
            let extra = out.own_extra(&item, &c.extra);
            fm.extra(extra).document(&c.body)
        }
    };
    out.owned(format!("{}/{}.md", format.dir, c.name), text)
}
