//! A container's environment: `env` with literal values or `valueFrom` a ConfigMap or
//! Secret key, and `envFrom` whole ConfigMaps or Secrets.

use super::{invalid, required};
use crate::input::definitions::decode::NotSimulated;
use crate::input::definitions::decode::{join, seq, string, Ctx, Fields};
use crate::input::definitions::yaml::{Node, Scalar};
use crate::input::definitions::{schema, validate};
use crate::input::model::{EnvFromRef, EnvKeyRef, EnvSourceKind, EnvVar};

pub(super) fn env_vars(ctx: &mut Ctx, node: &Node, path: &str) -> (Vec<EnvVar>, Vec<EnvKeyRef>) {
    let mut out = Vec::new();
    let mut refs = Vec::new();
    for (i, item) in seq(ctx, node, path).iter().enumerate() {
        let ip = format!("{path}[{i}]");
        let Some(mut f) = Fields::open(ctx, item, &ip) else {
            continue;
        };
        let name = match f.get("name") {
            None => {
                required(ctx, item, &f.path_of("name"), "");
                None
            }
            Some(n) => {
                let p = f.path_of("name");
                let name = string(ctx, n, &p);
                if let Some(reason) = name.as_deref().and_then(validate::env_var_name) {
                    invalid(ctx, n, &p, &reason);
                }
                name
            }
        };
        let value_node = f.get("value");
        let value = value_node
            .and_then(|n| string(ctx, n, &format!("{ip}.value")))
            .unwrap_or_default();
        let key_ref = match f.get("valueFrom") {
            Some(n) => {
                let p = f.path_of("valueFrom");
                if !value.is_empty() {
                    ctx.error(
                        n,
                        format!(
                            "{p}: Invalid value: \"\": may not be specified when `value` is not empty"
                        ),
                    );
                }
                value_from(ctx, n, &p)
            }
            None => None,
        };
        f.finish(ctx, schema::ENV_VAR_IGNORED);
        if let Some(name) = name {
            if let Some((kind, obj, key, optional)) = key_ref {
                refs.push(EnvKeyRef {
                    index: out.len(),
                    kind,
                    name: obj,
                    key,
                    optional,
                });
            }
            out.push(EnvVar { name, value });
        }
    }
    (out, refs)
}

/// `valueFrom`: exactly one source. ConfigMap and Secret keys are simulated; `fieldRef` and
/// `resourceFieldRef` are accepted with a warning and leave the value empty.
fn value_from(
    ctx: &mut Ctx,
    node: &Node,
    path: &str,
) -> Option<(EnvSourceKind, String, String, bool)> {
    let mut f = Fields::open(ctx, node, path)?;
    let cm = f.get("configMapKeyRef");
    let sec = f.get("secretKeyRef");
    let mut ignored = 0;
    for key in schema::VALUE_FROM_IGNORED {
        if let Some(n) = f.get(key) {
            ignored += 1;
            ctx.not_simulated(n, NotSimulated::Field(&join(path, key)));
        }
    }
    f.finish(ctx, &[]);
    let given = usize::from(cm.is_some()) + usize::from(sec.is_some()) + ignored;
    if given == 0 {
        ctx.error(
            node,
            format!("{path}: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"),
        );
        return None;
    }
    if given > 1 {
        ctx.error(
            node,
            format!(
                "{path}: Invalid value: \"\": may not have more than one field specified at a time"
            ),
        );
        return None;
    }
    let (kind, n, field) = match (cm, sec) {
        (Some(n), _) => (EnvSourceKind::ConfigMap, n, "configMapKeyRef"),
        (_, Some(n)) => (EnvSourceKind::Secret, n, "secretKeyRef"),
        _ => return None,
    };
    let p = join(path, field);
    let mut r = Fields::open(ctx, n, &p)?;
    let name = object_ref_name(ctx, &mut r, n);
    let key = match r.get("key") {
        None => {
            required(ctx, n, &r.path_of("key"), "");
            None
        }
        Some(k) => {
            let kp = r.path_of("key");
            let key = string(ctx, k, &kp);
            if let Some(reason) = key.as_deref().and_then(validate::config_key) {
                invalid(ctx, k, &kp, &reason);
            }
            key
        }
    };
    let optional = optional_flag(ctx, &mut r);
    r.finish(ctx, &[]);
    Some((kind, name?, key?, optional))
}

fn object_ref_name(ctx: &mut Ctx, r: &mut Fields, at: &Node) -> Option<String> {
    match r.get("name") {
        None => {
            required(ctx, at, &r.path_of("name"), "");
            None
        }
        Some(k) => {
            let p = r.path_of("name");
            let name = string(ctx, k, &p)?;
            if let Some(reason) = validate::dns1123_subdomain(&name) {
                invalid(ctx, k, &p, &reason);
            }
            Some(name)
        }
    }
}

fn optional_flag(ctx: &mut Ctx, r: &mut Fields) -> bool {
    match r.get("optional") {
        None => false,
        Some(n) => match n.scalar() {
            Some(Scalar::Bool(b)) => b,
            _ => {
                ctx.type_error(n, &r.path_of("optional"), "boolean");
                false
            }
        },
    }
}

/// `envFrom`: each entry names one ConfigMap or Secret, with an optional prefix.
pub(super) fn env_from(ctx: &mut Ctx, node: &Node, path: &str) -> Vec<EnvFromRef> {
    let mut out = Vec::new();
    for (i, item) in seq(ctx, node, path).iter().enumerate() {
        let ip = format!("{path}[{i}]");
        let Some(mut f) = Fields::open(ctx, item, &ip) else {
            continue;
        };
        let prefix = match f.get("prefix") {
            Some(n) => {
                let p = f.path_of("prefix");
                let prefix = string(ctx, n, &p).unwrap_or_default();
                if !prefix.is_empty() {
                    if let Some(reason) = validate::env_var_name(&prefix) {
                        invalid(ctx, n, &p, &reason);
                    }
                }
                prefix
            }
            None => String::new(),
        };
        let cm = f.get("configMapRef");
        let sec = f.get("secretRef");
        f.finish(ctx, &[]);
        let (kind, n, field) = match (cm, sec) {
            (Some(_), Some(_)) => {
                ctx.error(
                    item,
                    format!("{ip}: Invalid value: \"\": may not have more than one field specified at a time"),
                );
                continue;
            }
            (Some(n), None) => (EnvSourceKind::ConfigMap, n, "configMapRef"),
            (None, Some(n)) => (EnvSourceKind::Secret, n, "secretRef"),
            (None, None) => {
                ctx.error(
                    item,
                    format!("{ip}: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`"),
                );
                continue;
            }
        };
        let Some(mut r) = Fields::open(ctx, n, &join(&ip, field)) else {
            continue;
        };
        let name = object_ref_name(ctx, &mut r, n);
        let optional = optional_flag(ctx, &mut r);
        r.finish(ctx, &[]);
        if let Some(name) = name {
            out.push(EnvFromRef {
                kind,
                name,
                prefix,
                optional,
            });
        }
    }
    out
}
