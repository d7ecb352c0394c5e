//! Collects the scoped component CSS (`style_sheet!` / `style!` in src/) into target/stylers.css,
//! which a Trunk post-build hook copies into dist/.

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=locales");
    stylers::build(Some("./target/stylers.css".into()));
}
