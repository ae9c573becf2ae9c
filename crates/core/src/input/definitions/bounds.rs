//! Limits on everything a definition file controls. Each is far above what a real manifest
//! needs and low enough that the worst input is refused in milliseconds, in Wasm too.

/// Largest file we parse: 1 MiB. kubectl's own request limit is 3 MiB per object; a learner's
/// playground file is a few KiB.
pub const INPUT_MAX_BYTES: usize = 1024 * 1024;

/// Deepest nesting of mappings and sequences. A Deployment is about 10 levels deep
/// (`spec.template.spec.containers[].resources.limits`); 64 leaves room for any real manifest.
pub const DEPTH_MAX: usize = 64;

/// Most YAML nodes in one file, counting every alias as the full size of what it refers to
/// (so a "billion laughs" bomb is refused, never expanded).
pub const NODES_MAX: usize = 100_000;

/// Most documents (`---`) in one file.
pub const DOCUMENTS_MAX: usize = 500;

/// Longest single scalar (a ConfigMap value may be large; names are checked far lower).
pub const SCALAR_LEN_MAX_BYTES: usize = 256 * 1024;

/// desiredCount at most (a playground bound).
pub const DESIRED_MAX: u32 = 1_000;
