//! `/accounts/:account/packages`: custom install packages (admins): shared ones and the person's
//! own, each with its files and total size, a manifest download, edit and delete;
//! `/accounts/:account/packages/:package` (or `/new`): the package form.

use std::collections::{BTreeMap, BTreeSet};

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use seatwise_api::{Package, PackageItem, PackageOptions, PackageRequest, Platform, FILE_LANGUAGES};

use super::{
    area_class, browser_platform, file_kind_name, file_language_name, platform_name, size,
    OtherFieldErrors,
};
use crate::components::table::{Column, DataTable};
use crate::api::{self, ApiError, ApiResult};
use crate::components::confirm::ConfirmPanel;
use crate::components::form::{action_error, field_error, CheckboxField, FormAlert, SubmitButton, TextField};
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::account::{use_account, AdminOnly};
use crate::routes::{paths, AccountTab, AppRoute, SoftwareFilters};
use crate::text::{self, use_page_title, I18n};

#[component]
pub fn PackagesPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, software.packages.title).to_string());
    view! {
        <AdminOnly>
            <Packages />
        </AdminOnly>
    }
}

#[component]
fn Packages() -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    // The package whose deletion is being confirmed.
    let confirming = RwSignal::new(None::<String>);
    let delete = Action::new_local(move |id: &String| {
        let request = api::delete_package(account.id.get_untracked(), id.clone());
        async move {
            let result = request.await;
            match &result {
                Ok(()) => {
                    confirming.set(None);
                    toasts.success(move || ts!(i18n, software.packages.deleted).to_string());
                }
                Err(error) => toasts.error(error.clone()),
            }
            result
        }
    });
    let packages = LocalResource::new(move || {
        delete.version().track();
        api::list_packages(account.id.get())
    });
    let retry = Callback::new(move |_| packages.refetch());
    let new_href = move || AppRoute::AccountPackage { account: account.id.get(), package: None }.href();
    let list = move || {
        packages.get().map(|result| {
            result.map(|list| {
                if list.packages.is_empty() {
                    return view! { <p class="empty">{tv!(i18n, software.packages.empty)}</p> }.into_any();
                }
                let items = list
                    .packages
                    .into_iter()
                    .map(|p| view! { <PackageCard package=p confirming=confirming delete=delete /> })
                    .collect_view();
                view! { class=class, <ul class="package-list">{items}</ul> }.into_any()
            })
        })
    };
    view! { class=class,
        <section class="card">
            <div class="section-head">
                <h2>{tv!(i18n, software.packages.title)}</h2>
                <A href=new_href attr:class="btn btn-primary btn-sm">{tv!(i18n, software.packages.new)}</A>
            </div>
            <p class="muted">{tv!(i18n, software.packages.intro)}</p>
            <Loaded on_retry=retry>
                    {list}
                </Loaded>
        </section>
    }
}

#[component]
fn PackageCard(
    package: Package,
    /// The package whose deletion is being confirmed.
    confirming: RwSignal<Option<String>>,
    /// Deletes a package (by id).
    delete: Action<String, ApiResult<()>>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let account = use_account();
    let id = package.id.clone();
    let edit = AppRoute::AccountPackage { account: account.id.get_untracked(), package: Some(id.clone()) }.href();
    let manifest = api::package_manifest_href(&account.id.get_untracked(), &id);
    let platform = package.platform;
    let language = package.language.clone();
    let total = package.total_size;
    let count = package.files.len();
    let items = package
        .items
        .iter()
        .map(|i| format!("{} {}", i.product_code, i.version))
        .collect::<Vec<_>>()
        .join(", ");
    let name = package.name.clone();
    let is_confirming = {
        let id = id.clone();
        move || confirming.with(|c| c.as_deref() == Some(id.as_str()))
    };
    let ask = {
        let id = id.clone();
        move |_| confirming.set(Some(id.clone()))
    };
    let files = package.files.clone();
    let confirm_name = name.clone();
    let edit_name = name.clone();
    view! { class=class,
        <li class="package">
            <div class="file-head">
                <div>
                    <h3 class="product-card-title">{package.name.clone()}</h3>
                    <p class="muted">
                        {move || format!("{} · {} · {}", platform_name(i18n, platform), file_language_name(i18n, &language), items)}
                    </p>
                    <p class="muted">
                        {move || ts!(i18n, software.packages.files_total, count = text::number(i18n, count), size = size(i18n, total))}
                        " · "
                        {if package.shared { view! { <span class="badge badge-success">{tv!(i18n, software.packages.shared)}</span> }.into_any() } else { view! { <span class="badge badge-muted">{tv!(i18n, software.packages.private)}</span> }.into_any() }}
                        " · "
                        {move || ts!(i18n, software.packages.by, name = package.created_by_name.clone())}
                    </p>
                </div>
                <div class="cell-actions">
                    <a href=manifest download class="btn btn-secondary btn-sm">
                        {tv!(i18n, software.packages.manifest)}<span class="visually-hidden">" · " {name.clone()}</span>
                    </a>
                    <A href=edit attr:class="btn btn-secondary btn-sm">
                        {tv!(i18n, software.packages.edit)}<span class="visually-hidden">" · " {edit_name.clone()}</span>
                    </A>
                    <button type="button" class="btn btn-danger btn-sm" on:click=ask>
                        {tv!(i18n, software.packages.delete)}<span class="visually-hidden">" · " {name.clone()}</span>
                    </button>
                </div>
            </div>
            <details class="package-files">
                <summary>{tv!(i18n, software.packages.show_files)}</summary>
                <FileTable files=files />
            </details>
            {move || is_confirming().then(|| {
                let id = id.clone();
                let name = confirm_name.clone();
                view! {
                    <ConfirmPanel
                        id="delete-package"
                        title=Signal::derive(move || ts!(i18n, software.packages.delete_title, name = name.clone()))
                        text=Signal::derive(move || ts!(i18n, software.packages.delete_text).to_string())
                        confirm_label=Signal::derive(move || ts!(i18n, software.packages.delete).to_string())
                        busy=delete.pending()
                        on_confirm=Callback::new(move |_| { delete.dispatch(id.clone()); })
                        on_cancel=Callback::new(move |_| confirming.set(None))
                    />
                }
            })}
        </li>
    }
}

/// The files of a package: name, kind, size, SHA-256.
#[component]
fn FileTable(files: Vec<seatwise_api::PackageFile>) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let rows = files
        .into_iter()
        .map(|f| {
            let kind = f.kind;
            let bytes = f.size;
            view! { class=class,
                <tr>
                    <td class="break">{f.file_name.clone()}</td>
                    <td>{f.product_code.clone()} " " {f.version.clone()}</td>
                    <td>{move || file_kind_name(i18n, kind)}</td>
                    <td class="num">{move || size(i18n, bytes)}</td>
                    <td><code class="mono sha-inline">{f.sha256.clone()}</code></td>
                </tr>
            }
        })
        .collect_view();
    view! { class=class,
        <DataTable columns=vec![
            Column::new(tv!(i18n, software.packages.file)),
            Column::new(tv!(i18n, software.packages.product)),
            Column::new(tv!(i18n, software.packages.kind)),
            Column::new(tv!(i18n, software.packages.size)),
            Column::fixed("SHA-256"),
        ]>
            {rows}
        </DataTable>
    }
}

/// A product the account may package: code, name and its versions (newest first).
#[derive(Debug, Clone, PartialEq)]
struct Packable {
    code: String,
    name: String,
    versions: Vec<String>,
}

#[component]
pub fn PackagePage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, software.packages.form_title).to_string());
    view! {
        <AdminOnly>
            <PackageEditor />
        </AdminOnly>
    }
}

#[component]
fn PackageEditor() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get(paths::PACKAGE_ID).filter(|id| id != paths::NEW))
    });
    let package = LocalResource::new(move || {
        let account = account.id.get();
        let id = id.get();
        async move {
            match id {
                Some(id) => api::get_package(account, id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    // What may go into a package: the products the account can download, with their versions.
    let packable = LocalResource::new(move || {
        let account = account.id.get();
        async move {
            let list = api::list_account_products(account.clone(), SoftwareFilters::default()).await?;
            let mut out = Vec::new();
            for p in list.products.into_iter().filter(|p| p.entitled) {
                let detail = api::get_account_product(account.clone(), p.code.clone()).await?;
                let versions: Vec<String> = detail.releases.iter().map(|r| r.version.clone()).collect();
                if !versions.is_empty() {
                    out.push(Packable { code: p.code, name: p.name, versions });
                }
            }
            Ok::<_, ApiError>(out)
        }
    });
    let retry = Callback::new(move |_| {
        package.refetch();
        packable.refetch();
    });
    let back = move || AppRoute::Account { account: account.id.get(), tab: AccountTab::Packages }.href();
    let content = move || {
        let package = package.get()?;
        let packable = packable.get()?;
        Some(package.and_then(|p| packable.map(|list| view! { <PackageForm package=p packable=list /> })))
    };
    view! {
        <A href=back attr:class="back-link">{tv!(i18n, software.packages.back)}</A>
        <Loaded on_retry=retry>
                {content}
            </Loaded>
    }
}

/// The fields the package form shows next to an input.
const INLINE_FIELDS: [&str; 3] = ["name", "items", "options.install_path"];

/// The visible label of a package field, for errors the form cannot show next to an input.
fn field_label(i18n: I18n, field: &str) -> Option<String> {
    let label = match field {
        "name" => ts!(i18n, software.packages.name),
        "platform" => ts!(i18n, software.packages.platform),
        "language" => ts!(i18n, software.packages.language),
        "items" => ts!(i18n, software.packages.products),
        "options" => ts!(i18n, software.packages.options),
        "options.include_updates" => ts!(i18n, software.packages.include_updates),
        "options.include_add_ons" => ts!(i18n, software.packages.include_add_ons),
        "options.include_language_packs" => ts!(i18n, software.packages.include_language_packs),
        "options.desktop_shortcuts" => ts!(i18n, software.packages.desktop_shortcuts),
        "options.install_path" => ts!(i18n, software.packages.install_path),
        "shared" => ts!(i18n, software.packages.share),
        _ => return None,
    };
    Some(label.to_string())
}

/// The package options as edited, one signal per option.
#[derive(Clone, Copy)]
struct OptionFields {
    include_updates: RwSignal<bool>,
    include_add_ons: RwSignal<bool>,
    include_language_packs: RwSignal<bool>,
    install_path: RwSignal<String>,
    desktop_shortcuts: RwSignal<bool>,
}

impl OptionFields {
    fn new(options: &PackageOptions) -> Self {
        OptionFields {
            include_updates: RwSignal::new(options.include_updates),
            include_add_ons: RwSignal::new(options.include_add_ons),
            include_language_packs: RwSignal::new(options.include_language_packs),
            install_path: RwSignal::new(options.install_path.clone()),
            desktop_shortcuts: RwSignal::new(options.desktop_shortcuts),
        }
    }

    /// The options as they will be saved.
    fn options(self) -> PackageOptions {
        PackageOptions {
            include_updates: self.include_updates.get_untracked(),
            include_add_ons: self.include_add_ons.get_untracked(),
            include_language_packs: self.include_language_packs.get_untracked(),
            install_path: self.install_path.get_untracked().trim().to_owned(),
            desktop_shortcuts: self.desktop_shortcuts.get_untracked(),
        }
    }
}

/// The form of a new or saved package (name, platform, language, products, options), its files below.
#[component]
fn PackageForm(package: Option<Package>, packable: Vec<Packable>) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let existing = package.as_ref().map(|p| p.id.clone());
    let name = RwSignal::new(package.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let platform = RwSignal::new(package.as_ref().map(|p| p.platform).unwrap_or_else(browser_platform).as_str().to_owned());
    let language = RwSignal::new(package.as_ref().map(|p| p.language.clone()).unwrap_or_else(|| "multi".to_owned()));
    let options = OptionFields::new(&package.as_ref().map(|p| p.options.clone()).unwrap_or(PackageOptions {
        include_updates: true,
        include_add_ons: false,
        include_language_packs: false,
        install_path: String::new(),
        desktop_shortcuts: true,
    }));
    let shared = RwSignal::new(package.as_ref().is_some_and(|p| p.shared));
    let picked = RwSignal::new(
        package.as_ref().map(|p| p.items.iter().map(|i| i.product_code.clone()).collect::<BTreeSet<_>>()).unwrap_or_default(),
    );
    let versions = RwSignal::new(
        packable
            .iter()
            .map(|p| {
                let saved = package
                    .as_ref()
                    .and_then(|pk| pk.items.iter().find(|i| i.product_code == p.code).map(|i| i.version.clone()));
                (p.code.clone(), saved.unwrap_or_else(|| p.versions[0].clone()))
            })
            .collect::<BTreeMap<_, _>>(),
    );
    let save = Action::new_local(move |body: &PackageRequest| {
        let body = body.clone();
        let account_id = account.id.get_untracked();
        let existing = existing.clone();
        let navigate = navigate.clone();
        async move {
            let result = match existing {
                Some(id) => api::update_package(account_id.clone(), id, body).await,
                None => api::create_package(account_id.clone(), body).await,
            };
            if let Ok(package) = &result {
                let name = package.name.clone();
                toasts.success(move || ts!(i18n, software.packages.saved, name = name.clone()));
                navigate(
                    &AppRoute::AccountPackage { account: account_id, package: Some(package.id.clone()) }.href(),
                    Default::default(),
                );
            }
            result
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let chosen = versions.get_untracked();
        let items = picked
            .get_untracked()
            .into_iter()
            .map(|code| PackageItem { version: chosen.get(&code).cloned().unwrap_or_default(), product_code: code })
            .collect();
        save.dispatch(PackageRequest {
            name: name.get_untracked().trim().to_owned(),
            platform: Platform::parse(&platform.get_untracked()).unwrap_or(Platform::Windows),
            language: language.get_untracked(),
            items,
            options: options.options(),
            shared: shared.get_untracked(),
        });
    };
    let items_error = field_error(save, "items");
    let products = packable
        .into_iter()
        .map(|p| view! { <PackableChoice product=p picked=picked versions=versions /> })
        .collect_view();
    let files = package.as_ref().map(|p| view! { <PackageFiles files=p.files.clone() total=p.total_size /> });
    let updated = package.as_ref().map(|p| p.updated_at.clone());
    view! { class=class,
        <section class="card" aria-labelledby="package-form">
            <h2 id="package-form" class="card-title">
                {if package.is_some() { tv!(i18n, software.packages.edit_title).into_any() } else { tv!(i18n, software.packages.new_title).into_any() }}
            </h2>
            {updated.map(|u| view! { <p class="muted">{move || ts!(i18n, software.packages.updated, time = intl::format_date_time(text::tag(i18n), &u))}</p> })}
            <form class="form" on:submit=on_submit>
                <FormAlert error=Signal::derive(move || action_error(save).get().filter(|e| !e.has_fields())) />
                <OtherFieldErrors error=action_error(save) shown=Signal::stored(INLINE_FIELDS.to_vec()) label=field_label />
                <TextField name="name" label=Signal::derive(move || ts!(i18n, software.packages.name).to_string()) value=name error=field_error(save, "name") required=true maxlength=120 />
                <PlatformLanguageFields platform=platform language=language />
                <fieldset class="fieldset" aria-describedby="package-items-error">
                    <legend>{tv!(i18n, software.packages.products)}</legend>
                    <ul class="check-list">{products}</ul>
                    <p class="field-error" id="package-items-error">{move || items_error.get()}</p>
                </fieldset>
                <OptionsFieldset options=options shared=shared install_path_error=field_error(save, "options.install_path") />
                <div class="form-actions">
                    <SubmitButton
                        busy=save.pending()
                        label=Signal::derive(move || ts!(i18n, software.packages.save).to_string())
                        busy_label=Signal::derive(move || ts!(i18n, software.packages.saving).to_string())
                    />
                </div>
            </form>
        </section>
        {files}
    }
}

/// The package's platform and the language of its files, side by side.
#[component]
fn PlatformLanguageFields(
    /// The platform (`Platform::as_str`).
    platform: RwSignal<String>,
    /// The language code, or `multi`.
    language: RwSignal<String>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    view! { class=class,
        <div class="form-row">
            <div class="field">
                <label class="field-label" for="package-platform">{tv!(i18n, software.packages.platform)}</label>
                <select id="package-platform" class="input select" on:change=move |ev| platform.set(event_target_value(&ev)) prop:value=move || platform.get()>
                    {move || Platform::ALL.into_iter().map(|p| {
                        let selected = platform.get_untracked() == p.as_str();
                        view! { <option value=p.as_str() selected=selected>{platform_name(i18n, p)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field-label" for="package-language">{tv!(i18n, software.packages.language)}</label>
                <select id="package-language" class="input select" on:change=move |ev| language.set(event_target_value(&ev)) prop:value=move || language.get()>
                    {move || FILE_LANGUAGES.iter().map(|l| {
                        let selected = language.get_untracked() == *l;
                        view! { <option value=*l selected=selected>{file_language_name(i18n, l)}</option> }
                    }).collect_view()}
                </select>
            </div>
        </div>
    }
}

/// One product that may go into the package: a checkbox and the version to include.
#[component]
fn PackableChoice(
    /// The product and its versions.
    product: Packable,
    /// The codes of the products in the package.
    picked: RwSignal<BTreeSet<String>>,
    /// The version chosen for each product, by code.
    versions: RwSignal<BTreeMap<String, String>>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let code = product.code.clone();
    let check_id = format!("pkg-product-{}", product.code);
    let select_id = format!("pkg-version-{}", product.code);
    let checked = {
        let code = code.clone();
        move || picked.with(|s| s.contains(&code))
    };
    let on_check = {
        let code = code.clone();
        move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            picked.update(|s| { if on { s.insert(code.clone()); } else { s.remove(&code); } });
        }
    };
    let on_version = {
        let code = code.clone();
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            versions.update(|m| { m.insert(code.clone(), v); });
        }
    };
    let current = {
        let code = code.clone();
        move || versions.with(|m| m.get(&code).cloned().unwrap_or_default())
    };
    let name = product.name.clone();
    let version_label = move || ts!(i18n, software.packages.version_of, product = name.clone());
    let options = product.versions.clone();
    let current_untracked = versions.with_untracked(|m| m.get(&code).cloned().unwrap_or_default());
    view! { class=class,
        <li class="check-item package-item">
            <input type="checkbox" class="checkbox" id=check_id.clone() prop:checked=checked on:change=on_check />
            <label for=check_id>{product.name.clone()}</label>
            <label class="visually-hidden" for=select_id.clone()>{version_label}</label>
            <select id=select_id class="input select select-sm" on:change=on_version prop:value=current>
                {options.into_iter().map(|v| {
                    let selected = v == current_untracked;
                    view! { <option value=v.clone() selected=selected>{v.clone()}</option> }
                }).collect_view()}
            </select>
        </li>
    }
}

/// The package's options: what to include, desktop shortcuts, the install path, and sharing.
#[component]
fn OptionsFieldset(
    /// The options as edited.
    options: OptionFields,
    /// Whether the package is shared with the account's other admins.
    shared: RwSignal<bool>,
    /// The translated error of the install path, if the last save refused it.
    install_path_error: Signal<Option<String>>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let OptionFields { include_updates, include_add_ons, include_language_packs, install_path, desktop_shortcuts } = options;
    view! { class=class,
        <fieldset class="fieldset">
            <legend>{tv!(i18n, software.packages.options)}</legend>
            <CheckboxField name="include_updates" label=Signal::derive(move || ts!(i18n, software.packages.include_updates).to_string()) checked=include_updates />
            <CheckboxField name="include_add_ons" label=Signal::derive(move || ts!(i18n, software.packages.include_add_ons).to_string()) checked=include_add_ons />
            <CheckboxField name="include_language_packs" label=Signal::derive(move || ts!(i18n, software.packages.include_language_packs).to_string()) checked=include_language_packs />
            <CheckboxField name="desktop_shortcuts" label=Signal::derive(move || ts!(i18n, software.packages.desktop_shortcuts).to_string()) checked=desktop_shortcuts />
            <TextField name="install_path" label=Signal::derive(move || ts!(i18n, software.packages.install_path).to_string()) value=install_path error=install_path_error hint=Signal::derive(move || Some(ts!(i18n, software.packages.install_path_hint).to_string())) />
            <CheckboxField name="shared" label=Signal::derive(move || ts!(i18n, software.packages.share).to_string()) checked=shared hint=Signal::derive(move || Some(ts!(i18n, software.packages.share_hint).to_string())) />
        </fieldset>
    }
}

/// The files of a saved package, with their count and total size.
#[component]
fn PackageFiles(
    /// The package's files.
    files: Vec<seatwise_api::PackageFile>,
    /// Their total size in bytes.
    total: u64,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let count = files.len();
    view! { class=class,
        <section class="card" aria-labelledby="package-files">
            <h2 id="package-files" class="card-title">{tv!(i18n, software.packages.files)}</h2>
            <p class="muted" data-testid="package-total">
                {move || ts!(i18n, software.packages.files_total, count = text::number(i18n, count), size = size(i18n, total))}
            </p>
            <FileTable files=files />
        </section>
    }
}
