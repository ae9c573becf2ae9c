//! `kubectl label` and `kubectl annotate`: `TYPE NAME… KEY=VALUE… KEY-…` (or `TYPE/NAME`,
//! `-l SELECTOR`, `--all`), with `--overwrite`, in kubectl's words (`pod/x labeled`, `'version'
//! already has a value (v1), and --overwrite is false`). Keys are checked as the API server
//! checks them, values as kubectl does before sending. What selects by label follows at once
//! (`sim::relabel`).

use super::objects::{kind_name, metadata, not_found, set_metadata, targets};
use super::{type_and_names, Resource};
use crate::base::command::{Args, CommandError};
use crate::input::definitions::validate;
use crate::input::model::Labels;
use crate::lang::args::err;
use crate::world::World;

/// Most keys one command sets or removes.
const PAIRS_MAX: usize = 64;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Which {
    Labels,
    Annotations,
}

impl Which {
    fn noun(self) -> &'static str {
        match self {
            Which::Labels => "label",
            Which::Annotations => "annotation",
        }
    }
}

/// The words that are `KEY=VALUE` or `KEY-` pairs, and the rest (the objects), as kubectl's
/// `GetResourcesAndPairs` splits them: once a pair is seen, every later word must be one.
fn split_pairs(words: &[String], which: Which) -> Result<(Vec<String>, Vec<String>), CommandError> {
    let mut objects = Vec::new();
    let mut pairs = Vec::new();
    for w in words {
        let is_pair = w.contains('=') || (w.ends_with('-') && !w.contains('/'));
        if is_pair {
            pairs.push(w.clone());
        } else if pairs.is_empty() {
            objects.push(w.clone());
        } else {
            return err(format!(
                "error: all resources must be specified before {} changes: {w}",
                which.noun()
            ));
        }
    }
    if pairs.len() > PAIRS_MAX {
        return err(format!("error: at most {PAIRS_MAX} changes at once"));
    }
    Ok((objects, pairs))
}

/// (to set, to remove), checked as kubectl checks them.
fn parse_pairs(pairs: &[String], which: Which) -> Result<(Labels, Vec<String>), CommandError> {
    let mut set = Labels::new();
    let mut remove = Vec::new();
    for p in pairs {
        if let Some((k, v)) = p.split_once('=') {
            if v.contains('=') {
                return err(format!("error: invalid {} spec: {p}", which.noun()));
            }
            if which == Which::Labels {
                if let Some(e) = validate::label_value(v) {
                    return err(format!("error: invalid label value: {p:?}: {e}"));
                }
            }
            set.insert(k.to_string(), v.to_string());
        } else if let Some(k) = p.strip_suffix('-') {
            remove.push(k.to_string());
        } else {
            return err(format!("error: unknown {} spec: {p}", which.noun()));
        }
    }
    let both: Vec<&str> = remove
        .iter()
        .filter(|k| set.contains_key(*k))
        .map(String::as_str)
        .collect();
    if !both.is_empty() {
        return err(match which {
            Which::Labels => "error: can not both modify and remove a label in the same command".to_string(),
            Which::Annotations => format!("error: can not both modify and remove the following annotation(s) in the same command: {}", both.join(", ")),
        });
    }
    Ok((set, remove))
}

pub(super) fn kubectl_label(w: &mut World, a: &Args, which: Which) -> Result<String, CommandError> {
    if a.positional.is_empty() {
        return err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
    }
    let (objects, pairs) = split_pairs(&a.positional, which)?;
    let (set, remove) = parse_pairs(&pairs, which)?;
    if objects.is_empty() {
        return err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
    }
    if set.is_empty() && remove.is_empty() {
        return err(format!(
            "error: at least one {} update is required",
            which.noun()
        ));
    }
    let (res, names) = type_and_names(&objects)?;
    if res == Resource::Nodes && which == Which::Annotations {
        return err("error: Sunaba keeps no annotations on nodes");
    }
    let names = targets(w, a, res, names)?;
    let ns = a.namespace();
    let overwrite = a.has("overwrite");
    let mut out = String::new();
    let mut errors = Vec::new();
    for name in names {
        match label_one(w, res, &ns, &name, (&set, &remove), overwrite, which) {
            Ok(verb) => out.push_str(&format!("{}/{name} {verb}\n", res.singular())),
            Err(e) => errors.push(e.message),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        err(format!("{out}{}", errors.join("\n")))
    }
}

/// Changes one object; what kubectl prints after its name (`labeled`, `not labeled`, …).
fn label_one(
    w: &mut World,
    res: Resource,
    ns: &str,
    name: &str,
    (set, remove): (&Labels, &[String]),
    overwrite: bool,
    which: Which,
) -> Result<&'static str, CommandError> {
    let (labels, annotations) = metadata(w, res, ns, name).ok_or_else(|| not_found(res, name))?;
    let current = match which {
        Which::Labels => &labels,
        Which::Annotations => &annotations,
    };
    if !overwrite {
        let clashes: Vec<String> = set
            .iter()
            .filter_map(|(k, v)| {
                let now = current.get(k)?;
                let exempt = which == Which::Annotations && k == "kubernetes.io/change-cause";
                (now != v && !exempt).then(|| format!("'{k}' already has a value ({now})"))
            })
            .collect();
        if !clashes.is_empty() {
            return err(match which {
                Which::Labels => clashes
                    .iter()
                    .map(|c| format!("error: {c}, and --overwrite is false"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Which::Annotations => format!(
                    "error: --overwrite is false but found the following declared annotation(s): {}",
                    clashes.join("; ")
                ),
            });
        }
    }
    for k in set.keys() {
        if let Some(e) = validate::qualified_name(k) {
            return err(format!(
                "The {} \"{name}\" is invalid: metadata.{}s: Invalid value: {k:?}: {e}",
                kind_name(res),
                which.noun()
            ));
        }
    }
    let mut next = current.clone();
    let mut added = false;
    for (k, v) in set {
        if next.insert(k.clone(), v.clone()).as_ref() != Some(v) {
            added = true;
        }
    }
    let mut removed = false;
    for k in remove {
        removed |= next.remove(k).is_some();
    }
    let verb = match which {
        Which::Annotations => "annotated",
        Which::Labels if added && removed => "modified",
        Which::Labels if added => "labeled",
        Which::Labels if removed => "unlabeled",
        Which::Labels => "not labeled",
    };
    if added || removed {
        let (l, an) = match which {
            Which::Labels => (next, annotations),
            Which::Annotations => (labels, next),
        };
        set_metadata(w, res, ns, name, l, an);
    }
    Ok(verb)
}
