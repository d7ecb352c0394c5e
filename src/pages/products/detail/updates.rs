//! The Updates tab: updates and add-ons of a version, downloaded one by one or several at once.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use seatwise_api::{FileKind, ProductDetail, Release};

use super::super::{area_class, file_kind_name, platform_name, size};
use super::{use_show_view, VersionSelect};
use crate::account::use_account;
use crate::api;
use crate::i18n::*;
use crate::routes::{ProductTab as Tab, ProductView};
use crate::text;

/// Starts the download of each URL, one after the other, through a temporary link.
fn download_all(urls: Vec<(String, String)>) {
    let document = document();
    for (i, (href, name)) in urls.into_iter().enumerate() {
        let document = document.clone();
        set_timeout(
            move || {
                let Ok(element) = document.create_element("a") else { return };
                let Ok(anchor) = element.dyn_into::<web_sys::HtmlAnchorElement>() else { return };
                anchor.set_href(&href);
                anchor.set_download(&name);
                anchor.set_hidden(true);
                if let Some(body) = document.body() {
                    let _ = body.append_child(&anchor);
                    anchor.click();
                    anchor.remove();
                }
            },
            std::time::Duration::from_millis(400 * i as u64),
        );
    }
}

/// Updates and add-ons of the chosen version, each with its own link; several at once.
#[component]
pub(super) fn Updates(
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
    let account = use_account();
    let show = use_show_view();
    let pick_version = move |value: String| {
        show(ProductView {
            tab: Some(Tab::Updates),
            version: Some(value),
            ..view.get_untracked()
        })
    };
    let selected = RwSignal::new(BTreeSet::<String>::new());
    let files = Memo::new(move |_| {
        release
            .get()
            .map(|r| {
                r.files
                    .into_iter()
                    .filter(|f| matches!(f.kind, FileKind::Update | FileKind::AddOn))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let download_selected = move |_| {
        let account = account.id.get_untracked();
        let chosen = selected.get_untracked();
        let urls = files
            .get_untracked()
            .into_iter()
            .filter(|f| chosen.contains(&f.id))
            .map(|f| (api::file_download_href(&account, &f.id), f.file_name))
            .collect();
        download_all(urls);
    };
    let count = move || selected.with(BTreeSet::len);
    let rows = move || {
        let files = files.get();
        if files.is_empty() {
            return view! { <p class="empty">{tv!(i18n, software.products.no_updates)}</p> }.into_any();
        }
        let items = files
            .into_iter()
            .map(|f| {
                let id = f.id.clone();
                let input_id = format!("pick-{}", f.id);
                let href = api::file_download_href(&account.id.get_untracked(), &f.id);
                let kind = f.kind;
                let bytes = f.size;
                let checked = {
                    let id = id.clone();
                    move || selected.with(|s| s.contains(&id))
                };
                view! { class=class,
                    <li class="check-item update-item">
                        <input
                            type="checkbox"
                            class="checkbox"
                            id=input_id.clone()
                            prop:checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| { if on { s.insert(id.clone()); } else { s.remove(&id); } });
                            }
                        />
                        <label for=input_id>
                            <span class="file-title">{f.title.clone()}</span>
                            <span class="muted">
                                {move || format!(" · {} · {} · {}", file_kind_name(i18n, kind), platform_name(i18n, f.platform), size(i18n, bytes))}
                            </span>
                        </label>
                        <code class="mono sha-inline">{f.sha256.clone()}</code>
                        <a class="btn btn-secondary btn-sm" href=href download=f.file_name.clone()>
                            {tv!(i18n, software.products.download)}
                            <span class="visually-hidden">" " {f.file_name.clone()}</span>
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! { class=class,
            <ul class="check-list">{items}</ul>
            <div class="form-actions">
                <button type="button" class="btn btn-primary" disabled=move || count() == 0 on:click=download_selected>
                    {move || ts!(i18n, software.products.download_selected, count = text::number(i18n, count()))}
                </button>
            </div>
        }
        .into_any()
    };
    view! { class=class,
        <h2 class="card-title">{tv!(i18n, software.products.tab_updates)}</h2>
        <div class="toolbar">
            <VersionSelect
                id="updates-version"
                detail=detail
                version=version
                on_change=Callback::new(move |v: Option<String>| if let Some(v) = v { pick_version(v) })
            />
        </div>
        {rows}
    }
}
