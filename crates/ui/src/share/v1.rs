//! Version 1 links (`#share=1.<base64url(JSON)>`), read so that links already shared keep
//! opening; nothing writes them any more. The editor's text is inline, and applied texts are
//! listed once in `texts`.

use serde::{Deserialize, Serialize};

use super::{EditorText, ShareError, Unchecked};

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Wire {
    pub seed: u64,
    #[serde(default)]
    pub setup: Vec<String>,
    pub editor: String,
    pub at: u64,
    #[serde(default)]
    pub texts: Vec<String>,
    /// `[time_ms, command, text index or null]`
    #[serde(default)]
    pub log: Vec<(u64, String, Option<usize>)>,
}

/// The JSON of a version 1 link (already base64-decoded: at most 3/4 of the link's length).
pub(super) fn read(json: &[u8]) -> Result<Unchecked, ShareError> {
    let wire: Wire =
        serde_json::from_slice(json).map_err(|e| ShareError::Format(super::detail(e)))?;
    Ok(Unchecked {
        seed: wire.seed,
        setup: wire.setup,
        lang: None,
        editor: EditorText::Inline(wire.editor),
        at: wire.at,
        texts: wire.texts,
        log: wire.log,
    })
}

/// A version 1 link as the playground used to write it (for the tests that open old links).
#[cfg(test)]
pub(super) fn encode(shared: &super::Shared) -> String {
    let mut table = super::TextTable { texts: Vec::new() };
    let log = shared
        .journal
        .iter()
        .map(|e| {
            let index = e.editor.as_ref().map(|t| table.index_of(t));
            (e.at_ms, e.command.clone(), index)
        })
        .collect();
    let wire = Wire {
        seed: shared.origin.seed,
        setup: shared.origin.setup.clone(),
        editor: shared.editor.clone(),
        at: shared.at_ms,
        texts: table.texts.iter().map(|t| t.to_string()).collect(),
        log,
    };
    let json = serde_json::to_vec(&wire).unwrap_or_default();
    format!("share=1.{}", super::base64url::encode(&json))
}
