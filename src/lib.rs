//! The Sunaba playground as a WebAssembly library. STUB.
