//! The Downloads tab: installers and language packs of a version, platform and language, in
//! the three ways the vendor's guides list: "Install now" (the `seatwise download` command),
//! "Download now" (in the browser) and a signed link for curl.

use std::collections::BTreeSet;

use leptos::prelude::*;
use seatwise_api::{DownloadLink, FileKind, Platform, ProductDetail, Release, ReleaseFile};

use super::super::{
    area_class, browser_platform, file_kind_name, file_language_name, platform_name, size, CopyButton,
};
use super::install::InstallNow;
use super::{use_show_view, VersionSelect};
use crate::account::use_account;
use crate::api;
use crate::components::select::SelectField;
use crate::i18n::*;
use crate::intl;
use crate::routes::{ProductTab as Tab, ProductView};
use crate::text;

/// Installers and language packs of a version, platform and language (all three in the URL).
#[component]
pub(super) fn Downloads(
    detail: StoredValue<ProductDetail>,
    /// The view in the URL.
    view: Memo<ProductView>,
    /// The chosen version.
    version: Memo<String>,
    /// The chosen version's release.
    release: Memo<Option<Release>>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let show = use_show_view();
    // Changes one choice; the tab is named so the link says what it shows.
    let choose = move |change: &dyn Fn(&mut ProductView)| {
        let mut next = view.get_untracked();
        next.tab = Some(Tab::Downloads);
        change(&mut next);
        show(next);
    };
    let on_version = { let choose = choose.clone(); Callback::new(move |v: Option<String>| choose(&|x| x.version = v.clone())) };
    let on_platform = { let choose = choose.clone(); Callback::new(move |p: Option<Platform>| choose(&|x| x.platform = p)) };
    let on_language = { let choose = choose.clone(); Callback::new(move |l: Option<String>| choose(&|x| x.language = l.clone())) };
    // The platform in the URL, otherwise the one this browser runs on.
    let this_platform = browser_platform();
    let platform = Memo::new(move |_| {
        view.with(|v| v.platform).unwrap_or(this_platform)
    });
    let main_files = move |r: &Release| -> Vec<ReleaseFile> {
        r.files
            .iter()
            .filter(|f| matches!(f.kind, FileKind::Installer | FileKind::LanguagePack))
            .filter(|f| f.platform == platform.get())
            .cloned()
            .collect()
    };
    // The languages files exist in for this version and platform.
    let languages = Memo::new(move |_| {
        let mut set = BTreeSet::new();
        if let Some(r) = release.get() {
            for f in main_files(&r) {
                set.insert(f.language);
            }
        }
        set
    });
    // The language in the URL if files exist in it; otherwise the interface language when a
    // file exists in it, otherwise every language.
    let language = Signal::derive(move || {
        let available = languages.get();
        view.with(|v| v.language.clone())
            .filter(|l| l == "multi" || available.contains(l))
            .or_else(|| {
                let ui = text::tag(i18n).to_owned();
                available.contains(&ui).then_some(ui)
            })
            .unwrap_or_else(|| "multi".to_owned())
    });
    let files = move || {
        let lang = language.get();
        release
            .get()
            .map(|r| {
                main_files(&r)
                    .into_iter()
                    .filter(|f| f.language == lang || f.language == "multi")
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let code = detail.with_value(|d| d.code.clone());
    let list = move || {
        let files = files();
        if files.is_empty() {
            return view! { <p class="empty">{tv!(i18n, software.products.no_files)}</p> }.into_any();
        }
        view! { class=class,
            <ul class="file-list">
                {files.into_iter().map(|f| view! { <FileRow file=f /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! { class=class,
        <h2 class="card-title">{tv!(i18n, software.products.tab_downloads)}</h2>
        <div class="toolbar">
            <VersionSelect id="download-version" detail=detail version=version on_change=on_version />
            <SelectField
                id="download-platform"
                label=Signal::derive(move || ts!(i18n, software.products.choose_platform).to_string())
                options=Signal::derive(move || Platform::ALL.into_iter().map(|p| (p, platform_name(i18n, p))).collect())
                value=Signal::derive(move || Some(platform.get()))
                on_change=on_platform
            />
            <SelectField
                id="download-language"
                label=Signal::derive(move || ts!(i18n, software.products.choose_language).to_string())
                options=Signal::derive(move || {
                    let mut langs: Vec<String> = languages.get().into_iter().collect();
                    if !langs.iter().any(|l| l == "multi") {
                        langs.insert(0, "multi".to_owned());
                    }
                    langs.into_iter().map(|l| { let name = file_language_name(i18n, &l); (l, name) }).collect()
                })
                value=Signal::derive(move || Some(language.get()))
                on_change=on_language
            />
        </div>
        {move || (!files().is_empty()).then(|| view! {
            <InstallNow code=code.clone() version=version platform=platform language=language />
        })}
        <section class="method" aria-labelledby="download-now-title">
            <h3 id="download-now-title" class="small-title">{tv!(i18n, software.products.download_now)}</h3>
            <p class="muted">{tv!(i18n, software.products.download_now_intro)}</p>
            {list}
        </section>
        <section class="method" aria-labelledby="curl-method-title">
            <h3 id="curl-method-title" class="small-title">{tv!(i18n, software.products.curl_method)}</h3>
            <p class="muted">{tv!(i18n, software.products.curl_method_intro)}</p>
        </section>
    }
}

/// One file: what it is, size, SHA-256, a download link and a signed link for curl.
#[component]
fn FileRow(file: ReleaseFile) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let account = use_account();
    let href = api::file_download_href(&account.id.get_untracked(), &file.id);
    let make_link = Action::new_local(move |file_id: &String| {
        api::create_download_link(account.id.get_untracked(), file_id.clone())
    });
    let link = move || make_link.value().get();
    let file_id = file.id.clone();
    let sha = file.sha256.clone();
    let title = file.title.clone();
    let kind = file.kind;
    let lang = file.language.clone();
    let platform = file.platform;
    let bytes = file.size;
    let sha_label = {
        let name = file.file_name.clone();
        Signal::derive(move || ts!(i18n, software.products.copy_sha, file = name.clone()))
    };
    let test_id = format!("file-{}", file.file_name);
    view! { class=class,
        <li class="file" data-testid=test_id>
            <div class="file-head">
                <div>
                    <p class="file-title">{title}</p>
                    <p class="muted file-facts">
                        {move || format!(
                            "{} · {} · {} · {}",
                            file_kind_name(i18n, kind),
                            platform_name(i18n, platform),
                            file_language_name(i18n, &lang),
                            size(i18n, bytes)
                        )}
                    </p>
                </div>
                <div class="cell-actions">
                    <a class="btn btn-primary btn-sm" href=href download=file.file_name.clone()>
                        {tv!(i18n, software.products.download)}
                        <span class="visually-hidden">" " {file.file_name.clone()}</span>
                    </a>
                    <button
                        type="button"
                        class="btn btn-secondary btn-sm"
                        disabled=move || make_link.pending().get()
                        on:click=move |_| { make_link.dispatch(file_id.clone()); }
                    >
                        {tv!(i18n, software.products.copy_curl)}
                    </button>
                </div>
            </div>
            <p class="file-name">{file.file_name.clone()}</p>
            <div class="sha">
                <span class="sha-label">"SHA-256"</span>
                <code class="mono" data-testid="sha256">{sha.clone()}</code>
                <CopyButton text=Signal::derive(move || sha.clone()) label=sha_label />
            </div>
            {move || link().map(|result| match result {
                Ok(link) => view! { <SignedLink link=link /> }.into_any(),
                Err(error) => view! { class=class,
                    <p class="alert alert-error" role="alert">{text::error_message(i18n, &error)}</p>
                }.into_any(),
            })}
        </li>
    }
}

/// The curl command of a signed link, read-only, with a Copy button and the expiry.
#[component]
fn SignedLink(link: DownloadLink) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let id = format!("curl-{}", link.sha256.chars().take(12).collect::<String>());
    let curl = link.curl.clone();
    let expires = link.expires_at.clone();
    view! { class=class,
        <div class="field signed-link">
            <label class="field-label" for=id.clone()>{tv!(i18n, software.products.curl_label)}</label>
            <div class="search-row">
                <input id=id.clone() class="input mono" type="text" readonly prop:value=link.curl.clone() />
                <CopyButton
                    text=Signal::derive(move || curl.clone())
                    label=Signal::derive(move || ts!(i18n, software.products.copy_curl_command).to_string())
                />
            </div>
            <p class="field-hint">
                {move || ts!(i18n, software.products.link_expires, time = intl::format_date_time(text::tag(i18n), &expires))}
            </p>
        </div>
    }
}
