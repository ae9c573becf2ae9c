//! Layer digests, image ids, manifest digests and cache references: SHA-256 over stable text,
//! so the same build gives the same ids.

use sha2::{Digest, Sha256};

use super::layers::is_empty_layer;
use crate::sim::registry::ImageConfig;

pub(super) fn cache_ref(src: &str) -> String {
    let h = Sha256::digest(format!("context:{src}").as_bytes());
    let hex = hex(&h);
    format!("{}::{}", &hex[..25], &hex[25..50])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// sha256 of one layer's content description, chained on its parent.
pub fn layer_digests(config: &ImageConfig) -> Vec<String> {
    let mut parent = String::new();
    config
        .layers
        .iter()
        .map(|l| {
            let mut h = Sha256::new();
            h.update(parent.as_bytes());
            h.update(l.created_by.as_bytes());
            h.update(l.size_bytes.to_le_bytes());
            parent = format!("sha256:{}", hex(&h.finalize()));
            parent.clone()
        })
        .collect()
}

/// The image ID (`docker images`' IMAGE ID is its first 12 hex digits): sha256 of the config.
pub fn image_id(config: &ImageConfig) -> String {
    let mut h = Sha256::new();
    h.update(config_text(config).as_bytes());
    for d in layer_digests(config) {
        h.update(d.as_bytes());
    }
    format!("sha256:{}", hex(&h.finalize()))
}

/// The manifest digest (`docker push`'s `digest: sha256:…`): sha256 over config digest and layers.
pub fn manifest_digest(config: &ImageConfig) -> String {
    let mut h = Sha256::new();
    h.update(b"application/vnd.oci.image.manifest.v1+json\n");
    h.update(image_id(config).as_bytes());
    for (d, l) in layer_digests(config).iter().zip(&config.layers) {
        if !is_empty_layer(&l.created_by) {
            h.update(d.as_bytes());
        }
    }
    format!("sha256:{}", hex(&h.finalize()))
}

fn config_text(c: &ImageConfig) -> String {
    let hc = c.healthcheck.as_ref().map(|h| {
        format!(
            "{:?} {} {} {} {}",
            h.test, h.interval_ms, h.timeout_ms, h.start_period_ms, h.retries
        )
    });
    format!(
        "env={:?}\nuser={}\nentrypoint={:?}\ncmd={:?}\nworkdir={}\nports={:?}\nhealthcheck={:?}\n",
        c.env, c.user, c.entrypoint, c.cmd, c.workdir, c.exposed_ports, hc
    )
}
