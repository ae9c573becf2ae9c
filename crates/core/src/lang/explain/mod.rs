//! `kubectl explain RESOURCE[.field.path] [--recursive]`: the fields of the kinds Sunaba
//! simulates, in kubectl explain's layout (`KIND`/`VERSION`, `FIELD: name <type>`,
//! `DESCRIPTION`, `FIELDS` with `-required-`), from the [`schema`] table, with a closing
//! `Sunaba:` paragraph saying which fields are simulated, which the simulation sets, and which
//! are accepted and ignored. Also the field paths Tab completes. Reads no world.

pub mod schema;
#[cfg(test)]
mod tests;

use crate::base::command::{Args, CommandError};
use crate::lang::help::wrap;
use schema::{By, Field, Kind, Made, Object, Type, KINDS};

/// Most dot-separated words `explain` reads: deeper than any path the schema has.
pub const PATH_WORDS_MAX: usize = 16;

const SET_BY_SIMULATION: &str = "Sunaba sets this itself, as the cluster would (kubectl get -o yaml shows it); a manifest's value is ignored.";

/// Lines of a description are wrapped to this many characters (kubectl's 80 columns, less
/// the indent).
const TEXT_WIDTH: usize = 76;

/// `kubectl explain …`, its flags parsed.
pub(crate) fn kubectl_explain(a: &Args) -> Result<String, CommandError> {
    match a.positional.as_slice() {
        [] => Err(CommandError::new("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.")),
        [target] => explain(target, a.has("recursive")),
        _ => Err(CommandError::new("error: We accept only this format: explain RESOURCE")),
    }
}

/// What a path leads to.
enum Found {
    /// The kind itself.
    Kind,
    /// A field; `by` is who writes it (the simulation for anything under `status`).
    Field { field: &'static Field, by: By },
    /// A field the reader accepts and ignores (`spec.affinity`), or something under one.
    Ignored { at: String, name: String },
}

fn kind_named(word: &str) -> Option<&'static Kind> {
    let lower = word.to_ascii_lowercase();
    KINDS.iter().find(|k| k.names.contains(&lower.as_str()))
}

fn no_field(name: &str) -> CommandError {
    CommandError::new(format!("error: field \"{name}\" does not exist"))
}

/// The kind a target names and what its field path leads to. One trailing `.` is allowed
/// (`pods.spec.`, as Tab leaves it).
fn resolve(target: &str) -> Result<(&'static Kind, Found), CommandError> {
    let target = target.strip_suffix('.').unwrap_or(target);
    let mut words = target.split('.');
    let resource = words.next().unwrap_or_default();
    let Some(kind) = kind_named(resource) else {
        return Err(CommandError::new(format!(
            "error: the server doesn't have a resource type \"{resource}\" (Sunaba explains {})",
            KINDS
                .iter()
                .map(|k| k.names[0])
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    let path: Vec<&str> = words.collect();
    if path.len() > PATH_WORDS_MAX {
        return Err(CommandError::new(format!(
            "error: a field path has at most {PATH_WORDS_MAX} parts"
        )));
    }
    let mut object: &'static Object = kind.root;
    let mut found = Found::Kind;
    let mut by = By::Learner;
    for (i, name) in path.iter().enumerate() {
        // Walking on from a field: it must hold an object.
        if let Found::Field { field, .. } = &found {
            match field.ty.object() {
                Some(o) => object = o,
                None => return Err(no_field(name)),
            }
        }
        if let Some(field) = object.fields.iter().find(|f| f.name == *name) {
            if field.by == By::Simulation {
                by = By::Simulation;
            }
            found = Found::Field { field, by };
        } else if object.ignored.iter().any(|list| list.contains(name)) {
            let at = path[..=i].join(".");
            let name = path.last().copied().unwrap_or(name).to_string();
            return Ok((kind, Found::Ignored { at, name }));
        } else {
            return Err(no_field(name));
        }
    }
    Ok((kind, found))
}

/// The text of `kubectl explain TARGET [--recursive]`.
pub fn explain(target: &str, recursive: bool) -> Result<String, CommandError> {
    let (kind, found) = resolve(target)?;
    let mut out = String::new();
    if !kind.group.is_empty() {
        out.push_str(&format!("GROUP:      {}\n", kind.group));
    }
    out.push_str(&format!(
        "KIND:       {}\nVERSION:    {}\n\n",
        kind.kind, kind.version
    ));
    match found {
        Found::Kind => {
            described(&mut out, &[kind.root.description]);
            fields(&mut out, kind.root, recursive);
            sunaba(&mut out, kind, kind.root, By::Learner);
        }
        Found::Field { field, by } => {
            out.push_str(&format!("FIELD: {} <{}>\n", field.name, field.ty.label()));
            if let Type::Enum(values) = field.ty {
                out.push_str("ENUM:\n");
                for v in values {
                    out.push_str(&format!("    {v}\n"));
                }
            }
            out.push('\n');
            match field.ty.object() {
                Some(object) => {
                    described(&mut out, &[field.description, object.description]);
                    fields(&mut out, object, recursive);
                    sunaba(&mut out, kind, object, by);
                }
                None => {
                    described(&mut out, &[field.description]);
                    let said = match (kind.made, by) {
                        (Made::Simulation(how), _) => how,
                        (Made::Manifest, By::Simulation) => SET_BY_SIMULATION,
                        (Made::Manifest, By::Learner) => "Sunaba simulates this field.",
                    };
                    paragraph(&mut out, said);
                }
            }
        }
        Found::Ignored { at, name } => {
            out.push_str(&format!("FIELD: {name}\n\n"));
            described(
                &mut out,
                &[&format!(
                    "Sunaba accepts {at} and ignores it: a manifest that sets it loads with the warning \"{at}: field is accepted but not simulated by Sunaba (ignored)\"."
                )],
            );
        }
    }
    Ok(out)
}

/// `DESCRIPTION:` and its paragraphs, indented by 4.
fn described(out: &mut String, texts: &[&str]) {
    out.push_str("DESCRIPTION:\n");
    for text in texts {
        for line in wrap(text, TEXT_WIDTH) {
            out.push_str(&format!("    {line}\n"));
        }
    }
    out.push('\n');
}

/// `FIELDS:`: each field with its type and description, or (`recursive`) every field below by
/// name and type, indented by depth.
fn fields(out: &mut String, object: &Object, recursive: bool) {
    if object.fields.is_empty() {
        return;
    }
    out.push_str("FIELDS:\n");
    if recursive {
        field_tree(out, object, 1);
        out.push('\n');
        return;
    }
    for field in object.fields {
        out.push_str(&format!("  {}\n", header(field)));
        if let Type::Enum(values) = field.ty {
            out.push_str(&format!("  enum: {}\n", values.join(", ")));
        }
        for line in wrap(field.description, TEXT_WIDTH) {
            out.push_str(&format!("    {line}\n"));
        }
        out.push('\n');
    }
}

/// `name\t<type>`, then ` -required-` when it is.
fn header(field: &Field) -> String {
    let required = if field.required { " -required-" } else { "" };
    format!("{}\t<{}>{required}", field.name, field.ty.label())
}

fn field_tree(out: &mut String, object: &Object, depth: usize) {
    // The schema is a fixed tree a few levels deep; the bound only guards a mistake in it.
    if depth > PATH_WORDS_MAX {
        return;
    }
    for field in object.fields {
        out.push_str(&format!("{}{}\n", "  ".repeat(depth), header(field)));
        if let Some(inner) = field.ty.object() {
            field_tree(out, inner, depth + 1);
        }
    }
}

fn paragraph(out: &mut String, text: &str) {
    for line in wrap(text, TEXT_WIDTH + 4) {
        out.push_str(&format!("{line}\n"));
    }
}

/// The closing `Sunaba:` paragraph of an object: which of its fields are simulated, which the
/// simulation sets, which are accepted and ignored.
fn sunaba(out: &mut String, kind: &Kind, object: &Object, by: By) {
    let mut text = match (kind.made, by) {
        (Made::Simulation(how), _) => how.to_string(),
        (Made::Manifest, By::Simulation) => SET_BY_SIMULATION.to_string(),
        (Made::Manifest, By::Learner) => {
            let set: Vec<&str> = object
                .fields
                .iter()
                .filter(|f| f.by == By::Simulation)
                .map(|f| f.name)
                .collect();
            let mut text = if object.fields.is_empty() {
                String::from("Sunaba simulates no field of this object.")
            } else if set.len() == object.fields.len() {
                String::from("Sunaba sets the fields above itself, as the cluster would.")
            } else if set.is_empty() {
                String::from("Sunaba simulates the fields above.")
            } else {
                format!(
                    "Sunaba simulates the fields above, except {}, which it sets itself as the cluster would.",
                    set.join(", ")
                )
            };
            let ignored: Vec<&str> = object
                .ignored
                .iter()
                .flat_map(|list| list.iter().copied())
                .filter(|name| !object.fields.iter().any(|f| f.name == *name))
                .collect();
            if !ignored.is_empty() {
                text.push_str(&format!(
                    " Accepted but not simulated (a warning when a manifest sets them): {}.",
                    ignored.join(", ")
                ));
            }
            text
        }
    };
    if !object.note.is_empty() {
        text.push(' ');
        text.push_str(object.note);
    }
    paragraph(out, &text);
}

/// What Tab offers for the word `explain` is completing: resources, then `resource.field`
/// paths one level at a time; what has fields below ends in `.`, so Tab goes on into it.
pub fn candidates(word: &str) -> Vec<String> {
    let Some((prefix, _)) = word.rsplit_once('.') else {
        return KINDS.iter().map(|k| format!("{}.", k.names[0])).collect();
    };
    let object = match resolve(prefix) {
        Ok((kind, Found::Kind)) => kind.root,
        Ok((_, Found::Field { field, .. })) => match field.ty.object() {
            Some(o) => o,
            None => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    object
        .fields
        .iter()
        .map(|f| {
            let more = match f.ty.object() {
                Some(o) if !o.fields.is_empty() => ".",
                _ => "",
            };
            format!("{prefix}.{}{more}", f.name)
        })
        .collect()
}
