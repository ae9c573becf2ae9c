//! `localStorage`, the browser side: reads and writes that say why they failed. What is
//! stored and how it is read is [`crate::records`]'s.

use wasm_bindgen::JsValue;

use crate::records::sync::StorageFailure;

fn local_storage() -> Option<web_sys::Storage> {
    // Pages rendered at build time (natively) have no storage: their first view is a first visit's.
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Best effort, for values whose loss costs nothing (the language chosen, say).
pub fn save(key: &str, text: &str) {
    let _ = store(key, text);
}

/// Stores `value`, or says why the browser would not.
pub fn store(key: &str, value: &str) -> Result<(), StorageFailure> {
    let storage = local_storage().ok_or(StorageFailure::Unavailable)?;
    storage.set_item(key, value).map_err(|e| failure(&e))
}

/// A `QuotaExceededError` is a full storage; any other refusal, storage turned off.
fn failure(error: &JsValue) -> StorageFailure {
    let name = js_sys::Reflect::get(error, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string());
    match name.as_deref() {
        Some("QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED") => StorageFailure::Full,
        _ => StorageFailure::Unavailable,
    }
}

pub fn remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}
