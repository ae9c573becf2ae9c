//! The learner's Docker engine's local store: images built by `sim build` live here
//! ([`LocalImages`]), not in a registry, until pushed — a pod naming a local-only image gets the
//! runtime's `not found`, which is the real workflow. The commands (`sim build|images|history|
//! tag|push`) are the command layer's (`lang::sim::images`); the builder itself is pure
//! ([`crate::sim::build`]). [`LocalImages::image_view`] is an image as the Dockerfile panel
//! shows it, layers by kind.

use crate::sim::build::{self, LayerKind};
use crate::sim::registry::{ImageInfo, ImageRef, Registry};

/// Most images in the local store (a build over it fails).
pub const MAX_LOCAL_IMAGES: usize = 200;

/// One image in the local store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalImage {
    pub info: ImageInfo,
    /// Virtual time it was built.
    pub created_ms: u64,
    pub kinds: Vec<LayerKind>,
}

/// The engine's images by canonical reference (`docker.io/library/shop:1.0`).
#[derive(Clone, Debug, Default)]
pub struct LocalImages {
    pub images: crate::base::object_map::ObjectMap<String, LocalImage>,
}

/// A layer as views show it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LayerView {
    pub created_by: String,
    pub size_bytes: u64,
    pub kind: LayerKind,
}

/// An image as views show it (the Dockerfile panel).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ImageView {
    pub reference: String,
    pub id: String,
    pub size_bytes: u64,
    pub user: String,
    pub env: Vec<(String, String)>,
    pub command: Vec<String>,
    pub layers: Vec<LayerView>,
    /// Bytes per kind: runtime, dependencies, code, other.
    pub runtime_bytes: u64,
    pub dependencies_bytes: u64,
    pub code_bytes: u64,
    pub other_bytes: u64,
}

impl LocalImages {
    /// The image a reference names, from the local store (else the registry), for the UI.
    pub fn image_view(&self, registry: &Registry, reference: &str) -> Option<ImageView> {
        let r = ImageRef::parse(reference);
        let (info, kinds) = match self.images.get(&r.canonical()) {
            Some(img) => (img.info.clone(), img.kinds.clone()),
            None => {
                let info = registry.lookup(&r)?.clone();
                let config = build::image_config(&info, &r);
                let kinds = build::classify_existing(&config);
                (info, kinds)
            }
        };
        let config = build::image_config(&info, &r);
        let layers: Vec<LayerView> = config
            .layers
            .iter()
            .zip(kinds.iter().chain(std::iter::repeat(&LayerKind::Other)))
            .map(|(l, k)| LayerView {
                created_by: l.created_by.trim_end_matches(" # upstream").to_string(),
                size_bytes: l.size_bytes,
                kind: *k,
            })
            .collect();
        let sum = |k: LayerKind| {
            layers
                .iter()
                .filter(|l| l.kind == k)
                .map(|l| l.size_bytes)
                .sum()
        };
        Some(ImageView {
            reference: r.canonical(),
            id: build::image_id(&config),
            size_bytes: info.size_bytes,
            user: info.user().to_string(),
            env: config.env.clone(),
            command: config
                .entrypoint
                .iter()
                .chain(config.cmd.iter())
                .cloned()
                .collect(),
            runtime_bytes: sum(LayerKind::Runtime),
            dependencies_bytes: sum(LayerKind::Dependencies),
            code_bytes: sum(LayerKind::Code),
            other_bytes: sum(LayerKind::Other),
            layers,
        })
    }

    /// The local store's references (`docker.io/library/shop:1.0`), sorted.
    pub fn names(&self) -> Vec<String> {
        self.images.keys().cloned().collect()
    }
}
