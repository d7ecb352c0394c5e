//! Build steps of the web app:
//! - the scoped component CSS (`style_sheet!` / `style!` in src/) into target/stylers.css, less
//!   the sheets only the areas use, which go with style/portal.css into the areas' stylesheet
//!   (`area_styles`);
//! - the texts: leptos_i18n's module (one namespace per area) and, per language and
//!   namespace, the JSON the app fetches, into target/i18n/<hash>/, where <hash> is a digest
//!   of the texts so that the files can be cached for good;
//! - the index of every plain text (no values to fill in) in those files, per language
//!   (`text_index.rs`): `ts!` reads a plain text from the fetched namespace with one call
//!   instead of an async accessor generated per text (see src/texts.rs);
//! - leptos_i18n's module with our loader in place of its own (`i18n.rs`, see `own_loader`).
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
const NAMESPACES: [&str; 10] = ["core", "personal", "invitation", "accounts", "software", "vendor", "security", "reports", "support", "home"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src");
    println!("cargo::rerun-if-changed=style/portal.css");
    // The site's files (the component styles, the texts, the link map under target/) come from the
    // wasm build alone. A native build (the web app's unit tests) writes nothing outside OUT_DIR,
    // so it can run while the release web build is under way (scripts/test.sh) without rewriting
    // the files that build is about to read.
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    if wasm {
        stylers::build(Some("./target/stylers.css".into()));
        area_styles()?;
        // The web app's link map (where each constant lies in memory), which scripts/site.py
        // reads to give each area the constants only it uses.
        let map = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("target/seatwise-wasm.map");
        println!("cargo::rustc-link-arg-cdylib=--Map={}", map.display());
    } else {
        // A native build serves no site, so it links no areas' stylesheet: the name is empty.
        println!("cargo::rustc-env=SEATWISE_AREA_STYLES=");
    }

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
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    infos.generate_i18n_module(out_dir.join("i18n"))?;
    let module = std::fs::read_to_string(out_dir.join("i18n").join("mod.rs"))?;
    std::fs::write(out_dir.join("text_index.rs"), text_index(&module)?)?;
    std::fs::write(out_dir.join("i18n.rs"), own_loader(&module)?)?;
    if wasm {
        let out = PathBuf::from("target").join(&dir);
        let _ = std::fs::remove_dir_all("target/i18n");
        infos.get_translations().write_to_dir(&out)?;
    }
    Ok(())
}

/// The component styles that only code fetched on demand uses: the areas' pages and the signed-in
/// parts of the shell (`components::signed_in`). Sheets the first download renders (shell,
/// language, toast, form, auth) stay in target/stylers.css.
const AREA_SHEETS: [&str; 16] = [
    "src/components/banner.css",
    "src/components/user_menu.css",
    "src/pages/home/home.css",
    "src/pages/mailbox/mailbox.css",
    "src/pages/mailbox/message.css",
    "src/pages/preferences/preferences.css",
    "src/pages/products/products.css",
    "src/pages/reports/reports.css",
    "src/pages/profile/profile.css",
    "src/pages/security/security.css",
    "src/pages/security/texts.css",
    "src/pages/support/support.css",
    "src/pages/vendor/catalogue.css",
    "src/pages/vendor/product.css",
    "src/pages/vendor/requests.css",
    "src/pages/vendor/tile.css",
];

/// The areas' stylesheet, out of the first download: style/portal.css (tabs, tables, switches,
/// dialogs: only areas use them), then each of `AREA_SHEETS` as stylers scoped it, cut out of
/// target/stylers.css. Written to target/stylers-areas.css under a name with a digest of its
/// content (`stylers.<digest>.css`, in target/stylers-areas.name for scripts/site.py), which
/// the app links before the first area it shows (`SEATWISE_AREA_STYLES`,
/// `components::lazy::area_styles`). Fails the build if a sheet's scoped text is not in
/// stylers' output (a new stylers that scopes differently).
fn area_styles() -> Result<(), Box<dyn Error>> {
    let mut eager = std::fs::read_to_string("target/stylers.css")?;
    let mut areas = std::fs::read_to_string("style/portal.css")?;
    for sheet in AREA_SHEETS {
        println!("cargo::rerun-if-changed={sheet}");
        let css = std::fs::read_to_string(sheet)?;
        let class = stylers_core::Class::rand_class_from_seed(css.clone());
        let scoped = stylers_core::from_str(&css, &class);
        if scoped.is_empty() || !eager.contains(&scoped) {
            return Err(format!("{sheet}: its scoped styles are not in target/stylers.css").into());
        }
        eager = eager.replace(&scoped, "");
        areas.push_str(&scoped);
    }
    let mut hasher = DefaultHasher::new();
    areas.hash(&mut hasher);
    let name = format!("stylers.{:016x}.css", hasher.finish());
    std::fs::write("target/stylers.css", eager)?;
    std::fs::write("target/stylers-areas.css", &areas)?;
    std::fs::write("target/stylers-areas.name", &name)?;
    println!("cargo::rustc-env=SEATWISE_AREA_STYLES=/{name}");
    Ok(())
}

/// leptos_i18n's module with the app's loader (src/texts.rs) in place of its own: its own is
/// a server-function client, tens of kilobytes of the first download, that fetched each file a
/// second time. The accessors of the texts with values await `texts::strings` instead, which
/// completes once `texts::load` has handed the file over, and the types it hands files to
/// (one per namespace and language) become visible to it. Fails the build if leptos_i18n's
/// module no longer reads as expected (a new version of it).
fn own_loader(module: &str) -> Result<String, Box<dyn Error>> {
    const LOADER: &str = "< Self as l_i18n_crate :: __private :: fetch_translations :: TranslationUnit > :: request_strings () . await";
    const OURS: &str = "crate :: texts :: strings (< Self as l_i18n_crate :: __private :: fetch_translations :: TranslationUnit > :: get_strings_lock ()) . await";
    const UNIT: &str = "# [allow (non_camel_case_types)] struct ";
    const PUB_UNIT: &str = "# [allow (non_camel_case_types)] pub struct ";
    let units = NAMESPACES.len() * (LOCALES.len() + 1);
    if module.matches(LOADER).count() != units || module.matches(UNIT).count() != units {
        return Err(format!("leptos_i18n's module has changed: expected {units} loaders and translation units").into());
    }
    Ok(module.replace(LOADER, OURS).replace(UNIT, PUB_UNIT))
}

/// The languages in the order of `Locale` (the default first) and of `texts::Key::index`.
const LOCALE_ORDER: [&str; 3] = ["en", "zh_TW", "sl"];

/// Reads leptos_i18n's generated module and writes, for every plain text, a `Key` constant
/// with its namespace and its position in each language's file:
/// `pub mod core { pub mod errors { pub const invalid_json: Key = ... } }`.
///
/// A plain text's accessor is `pub fn <key> (self) -> l_i18n_crate :: __private ::
/// LitWrapperFut`, inside the modules `ns_<namespace>` and `sk_<group>` of its path; each
/// language's branch indexes its file with `index_translations :: < <len>usize ,
/// <index>usize >`.
fn text_index(module: &str) -> Result<String, Box<dyn Error>> {
    use std::collections::BTreeMap;
    let bytes = module.as_bytes();
    // The module names of the open braces (None for other braces).
    let mut stack: Vec<Option<String>> = Vec::new();
    let mut keys: BTreeMap<Vec<String>, [Option<u16>; 3]> = BTreeMap::new();
    // The plain text whose accessor is being read, and the depth of the braces around it.
    let mut current: Option<(Vec<String>, usize)> = None;
    let mut locale: Option<usize> = None;
    let mut i = 0;
    let word_before = |end: usize| -> (&str, &str) {
        // The last two words before `end`.
        let text = module[..end].trim_end();
        let (rest, last) = text.rsplit_once(' ').unwrap_or(("", text));
        let prev = rest.trim_end().rsplit_once(' ').map_or(rest, |(_, p)| p);
        (prev, last)
    };
    while i < bytes.len() {
        let Some(rest) = module.get(i..) else {
            i += 1; // inside a character of several bytes
            continue;
        };
        if rest.starts_with("r#\"") {
            i += 3 + rest[3..].find("\"#").ok_or("unterminated raw string")? + 2;
            continue;
        }
        match bytes[i] {
            b'"' => {
                let mut j = i + 1;
                while bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                i = j + 1;
                continue;
            }
            b'{' => {
                let (prev, last) = word_before(i);
                stack.push((prev == "mod").then(|| last.to_owned()));
            }
            b'}' => {
                stack.pop();
                if current.as_ref().is_some_and(|(_, depth)| stack.len() <= *depth) {
                    current = None; // the end of the accessor
                }
            }
            _ => {}
        }
        if rest.starts_with("pub fn ") {
            let after = &rest[7..];
            let name = after.split(' ').next().unwrap_or_default();
            if after[name.len()..].starts_with(" (self) -> l_i18n_crate :: __private :: LitWrapperFut") {
                let mut path: Vec<String> = stack
                    .iter()
                    .flatten()
                    .filter_map(|m| m.strip_prefix("ns_").or_else(|| m.strip_prefix("sk_")))
                    .map(str::to_owned)
                    .collect();
                path.push(name.to_owned());
                current = Some((path, stack.len()));
            } else {
                current = None;
            }
        } else if let Some(after) = rest.strip_prefix("Locale :: ") {
            let name = after.split(' ').next().unwrap_or_default();
            if after[name.len()..].starts_with(" => {") {
                locale = LOCALE_ORDER.iter().position(|l| *l == name);
            }
        } else if let Some(after) = rest.strip_prefix("index_translations :: < ") {
            if let (Some((path, _)), Some(l)) = (&current, locale) {
                let index: u16 = after
                    .split(" , ")
                    .nth(1)
                    .and_then(|n| n.split("usize").next())
                    .ok_or("index_translations without an index")?
                    .parse()?;
                keys.entry(path.clone()).or_default()[l] = Some(index);
            }
        }
        i += 1;
    }
    if keys.is_empty() {
        return Err("no plain texts found in the generated i18n module".into());
    }
    // Nested modules from the sorted paths.
    let mut out = String::from("// Generated by build.rs from leptos_i18n's module: see `text_index` there.\n");
    let mut open: Vec<String> = Vec::new();
    for (path, index) in &keys {
        let (key, groups) = path.split_last().ok_or("empty text path")?;
        let common = open.iter().zip(groups).take_while(|(a, b)| a == b).count();
        while open.len() > common {
            open.pop();
            out.push_str("}\n");
        }
        for group in &groups[common..] {
            out.push_str(&format!("#[allow(non_snake_case)] pub mod {group} {{ #[allow(unused_imports)] use crate::texts::{{Key, Ns}};\n"));
            open.push(group.clone());
        }
        let ns = &path[0];
        let variant = ns[..1].to_uppercase() + &ns[1..];
        let mut at = [0u16; 3];
        for (l, slot) in index.iter().enumerate() {
            at[l] = slot.ok_or_else(|| format!("text {} has no index in {}", path.join("."), LOCALE_ORDER[l]))?;
        }
        out.push_str(&format!(
            "#[allow(non_upper_case_globals)] pub const {key}: Key = Key {{ ns: Ns::{variant}, index: [{}, {}, {}] }};\n",
            at[0], at[1], at[2]
        ));
    }
    for _ in open {
        out.push_str("}\n");
    }
    // Every text with its path, for the test that checks the positions against the files.
    out.push_str("#[cfg(test)] pub const ALL: &[(&str, crate::texts::Key)] = &[\n");
    for path in keys.keys() {
        out.push_str(&format!("(\"{}\", self::{}),\n", path.join("."), path.join("::")));
    }
    out.push_str("];\n");
    Ok(out)
}
