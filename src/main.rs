//! cargo-leptos asks for a binary; the app itself is the library (src/lib.rs), started by its
//! `#[wasm_bindgen(start)]` function.

fn main() {}
