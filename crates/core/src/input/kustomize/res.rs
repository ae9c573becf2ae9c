//! One object in a build ([`Res`]): its JSON, whether a content hash is still to be added, and
//! its id (group, kind, namespace, name), which must be unique in a build.

use serde_json::{Map, Value};

use super::builder::Kfile;
use super::{Result, RESOURCES_MAX};

/// One object on its way through the build.
#[derive(Clone, Debug)]
pub(super) struct Res {
    pub(super) obj: Map<String, Value>,
    /// The name it had when it entered the build (references use it).
    pub(super) orig_name: String,
    /// Made by a generator without `disableNameSuffixHash`: gets the content hash at the end.
    pub(super) needs_hash: bool,
}

impl Res {
    pub(super) fn kind(&self) -> &str {
        self.obj.get("kind").and_then(Value::as_str).unwrap_or("")
    }
    pub(super) fn api_version(&self) -> &str {
        self.obj
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    fn meta(&self) -> Option<&Map<String, Value>> {
        self.obj.get("metadata").and_then(Value::as_object)
    }
    pub(super) fn name(&self) -> &str {
        self.meta()
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    pub(super) fn namespace(&self) -> &str {
        self.meta()
            .and_then(|m| m.get("namespace"))
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    pub(super) fn meta_mut(&mut self) -> &mut Map<String, Value> {
        let m = self
            .obj
            .entry("metadata")
            .or_insert_with(|| Value::Object(Map::new()));
        if !m.is_object() {
            *m = Value::Object(Map::new());
        }
        m.as_object_mut().expect("made an object above")
    }
    pub(super) fn set_name(&mut self, name: String) {
        self.meta_mut().insert("name".into(), Value::String(name));
    }
    /// Selected by a name: the current one or the one it entered with.
    pub(super) fn named(&self, name: &str) -> bool {
        self.name() == name || self.orig_name == name
    }
    /// kustomize's ResId as printed in its messages: `Kind.version.group/name.namespace`.
    pub(super) fn id(&self) -> String {
        let (group, version) = match self.api_version().split_once('/') {
            Some((g, v)) => (g, v),
            None => ("", self.api_version()),
        };
        let or = |s: &str, d: &str| {
            if s.is_empty() {
                d.to_string()
            } else {
                s.to_string()
            }
        };
        format!(
            "{}.{}.{}/{}.{}",
            or(self.kind(), "[noKind]"),
            or(version, "[noVer]"),
            or(group, "[noGrp]"),
            or(self.name(), "[noName]"),
            or(self.namespace(), "[noNs]")
        )
    }
}

pub(super) fn new_res(obj: Map<String, Value>) -> Res {
    let mut r = Res {
        obj,
        orig_name: String::new(),
        needs_hash: false,
    };
    r.orig_name = r.name().to_string();
    r
}

/// kustomize refuses two objects with the same id in one build.
pub(super) fn add_unique(k: &Kfile, p: &str, res: &mut Vec<Res>, r: Res) -> Result<()> {
    if res.len() >= RESOURCES_MAX {
        return k.err(
            p,
            format!("the build has more than {RESOURCES_MAX} objects"),
        );
    }
    if res
        .iter()
        .any(|o| o.kind() == r.kind() && o.name() == r.name() && o.namespace() == r.namespace())
    {
        return k.err(
            p,
            format!(
                "may not add resource with an already registered id: {}",
                r.id()
            ),
        );
    }
    res.push(r);
    Ok(())
}
