//! Resource quantities (`250m`, `0.5`, `128Mi`, `1e3`), parsed like the API server does.
//! STUB — being written.
