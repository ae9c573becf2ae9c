//! Yew components of the playground. STUB.
