//! Definitions: Kubernetes manifests (YAML or JSON) → validated, defaulted [`Manifest`]s.
//!
//! STUB — being written. Contract:
//! - `load(file, text)` never panics, on any input; it is bounded in size, depth and alias
//!   expansion; every diagnostic carries file, line and column (1-based).

use crate::model::Manifest;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.column, sev, self.message
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedObject {
    pub manifest: Manifest,
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    pub objects: Vec<LoadedObject>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

pub fn load(file: &str, text: &str) -> Loaded {
    let _ = text;
    Loaded {
        objects: Vec::new(),
        diagnostics: vec![Diagnostic {
            file: file.to_string(),
            line: 1,
            column: 1,
            severity: Severity::Error,
            message: "definitions are not implemented yet".into(),
        }],
    }
}
