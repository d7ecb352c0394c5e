//! Build steps of the web app:
//! - the scoped component CSS (`style_sheet!` / `style!` in src/) into target/stylers.css;
//! - the texts: leptos_i18n's module (one namespace per area) and, per language and
//!   namespace, the JSON the app fetches, into target/i18n/<hash>/, where <hash> is a digest
//!   of the texts so that the files can be cached for good.
//! scripts/build-web.sh copies both into the site after cargo-leptos has built it.

use std::{
    collections::hash_map::DefaultHasher,
    error::Error,
    hash::{Hash, Hasher},
    path::PathBuf,
};

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

const LOCALES: [&str; 2] = ["zh-TW", "sl"];
/// One per portal area; `core` holds the shell's, sign-in's and the shared texts.
const NAMESPACES: [&str; 6] = ["core", "privacy", "invitation", "accounts", "software", "vendor"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src");
    stylers::build(Some("./target/stylers.css".into()));

    // A digest of every text file: a new text is a new address, never a stale cached copy.
    let mut hasher = DefaultHasher::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir("locales")?
        .flat_map(|lang| std::fs::read_dir(lang.expect("locale dir").path()).expect("locale files"))
        .map(|f| f.expect("locale file").path())
        .collect();
    files.sort();
    for f in &files {
        f.hash(&mut hasher);
        std::fs::read(f)?.hash(&mut hasher);
    }
    let dir = format!("i18n/{:016x}", hasher.finish());
    println!("cargo::rustc-env=SEATWISE_TEXTS_DIR=/{dir}");

    let cfg = Config::new("en")?
        .add_locales(LOCALES)?
        .add_namespaces(NAMESPACES)?
        .parse_options(ParseOptions::new().interpolate_display(true))
        .translations_uri(format!("{dir}/{{namespace}}/{{locale}}.json"));
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("i18n"))?;
    let out = PathBuf::from("target").join(&dir);
    let _ = std::fs::remove_dir_all("target/i18n");
    infos.get_translations().write_to_dir(&out)?;
    Ok(())
}
